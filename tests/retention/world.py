"""A hand-built world for retention: records just inside and just outside each default period on ON.

ON is 2026-06-01. Six years before is 2020-06-01, two years 2024-06-01, three months 2026-03-01.
- C1 (victim P1 "Ava Retain", perpetrator P2, child P3): closed 2020-06-01: due (case.closed). Its referral F1,
  MARAC listing MC1 (action X1) at meeting M1 (2019-02-01) go with it; M1 heard only C1: due.
- C2 (victim P4, perpetrator P5): closed 2020-06-02: one day short. M2 (2019-03-01) heard C2: kept.
- C3 (victim P6, perpetrator P2): open. P2 (also in C1) and P6 are kept.
- C4 (victim P8, perpetrator P16): recorded without consent 2020-05-01: due (case.recorded_only), and P16 with
  it; P8 has a live tenancy: kept.
- P13: tenancy ended 2020-05-31: due. P14: tenancy ended 2020-06-02: kept. P15: a court order still running.
- N1 (2024-06-01): due; N2 (2024-06-02): kept. M3 (2020-06-02, no cases): kept.
- Safe contacts: P4 (updated 2020-01-01; C2 closed 2020-06-02: + 3 months): due; P10 (no case, 2026-03-01):
  due; P11 (2026-03-02): kept; P6 (open case): kept.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

from graph_model import db, users
from graph_model.interchange import load as loader
from graph_model.support import records
from graph_model.users import Actor
from tests.workflows.world import AREA, BASE, dash
from workflows import service
from workflows.clock import FixedClock
from workflows.refs import ObjectRef

ON = date(2026, 6, 1)
SECRET_NAME = "Retainova"  # P1's family name: must survive nowhere once C1 and P1 are erased


def _person(pid: str, given: str, family: str = "Test", born: str = "1985-01-01") -> dict[str, Any]:
    return {"id": pid, "given_name": given, "family_name": family, "date_of_birth": born, "synthetic": True}


def _referral(rid: str, case: str, day: str) -> dict[str, Any]:
    return {"id": rid, "case": case, "kind": "other", "from_agency": "A4", "to_agency": "A4", "date": day,
            "basis": "consent"}


def _tenancy(tid: str, person: str, end: str | None) -> dict[str, Any]:
    return {"id": tid, "person": person, "property": "H1", "start": "2015-01-01", **({"end": end} if end else {})}


def document() -> dict[str, Any]:
    """Return the hearth/1 document of the retention world."""
    doc = copy.deepcopy({k: BASE[k] for k in ("format", "agencies", "users", "properties")})
    doc["people"] = [_person("P1", "Ava", SECRET_NAME), _person("P2", "Ben"), _person("P3", "Cal", born="2015-01-01"),
                     *(_person(f"P{n}", f"Person{n}") for n in (4, 5, 6, 8, 9, 10, 11, 13, 14, 15, 16))]
    doc["links"] = [{"type": "MARRIED", "a": "P1", "b": "P2", "start": "2012-01-01", "end": "2019-01-01"}]
    doc["cases"] = [
        {"id": "C1", "area": AREA, "opened": "2019-01-05", "victims": ["P1"], "perpetrators": ["P2"],
         "children": ["P3"]},
        {"id": "C2", "area": AREA, "opened": "2019-01-05", "victims": ["P4"], "perpetrators": ["P5"]},
        {"id": "C3", "area": AREA, "opened": "2019-01-05", "victims": ["P6"], "perpetrators": ["P2"]},
        {"id": "C4", "area": AREA, "opened": "2019-01-05", "victims": ["P8"], "perpetrators": ["P16"]}]
    doc["referrals"] = [_referral(f"F{n}", f"C{n}", "2019-01-10") for n in (1, 2, 3, 4)]
    doc["consents"] = [{"id": f"K{n}", "person": p, "scope": "share_with_idva", "status": s, "date": "2019-01-06"}
                       for n, p, s in ((1, "P1", "given"), (2, "P4", "given"), (3, "P6", "given"),
                                       (4, "P8", "refused"))]
    doc["risk_assessments"] = [dash(f"R{n}", f"C{n}", "2019-01-20", 4) for n in (1, 2)]
    doc["incidents"] = [{"id": "I1", "case": "C1", "date": "2019-01-01", "by": "P2", "towards": "P1"}]
    doc["marac_meetings"] = [
        {"id": "M1", "area": AREA, "date": "2019-02-01", "chair": "U5", "agencies_attending": ["A1", "A2"]},
        {"id": "M2", "area": AREA, "date": "2019-03-01", "chair": "U5", "agencies_attending": ["A1"]},
        {"id": "M3", "area": AREA, "date": "2020-06-02", "chair": "U5", "agencies_attending": ["A1"]}]
    doc["marac_cases"] = [
        {"id": "MC1", "case": "C1", "meeting": "M1", "criterion": "professional_judgement", "referred": "2019-01-15"},
        {"id": "MC2", "case": "C2", "meeting": "M2", "criterion": "professional_judgement", "referred": "2019-02-15"}]
    doc["marac_actions"] = [{"id": "X1", "marac_case": "MC1", "owner_agency": "A1", "due": "2019-03-01",
                             "status": "done", "description": f"check on Ava {SECRET_NAME}"}]
    doc["tenancies"] = [_tenancy("T1", "P1", "2019-12-31"), _tenancy("T8", "P8", None),
                        _tenancy("T13", "P13", "2020-05-31"), _tenancy("T14", "P14", "2020-06-02")]
    doc["court_orders"] = [{"id": "O15", "kind": "non_molestation", "respondent": "P15", "protected": ["P9"],
                            "start": "2019-01-01"}]
    doc["nominations"] = [{"id": f"N{n}", "applicant": "P9", "property": "H1", "nominated_by": "A4", "date": d}
                          for n, d in ((1, "2024-06-01"), (2, "2024-06-02"))]
    return doc


def _at(day: str) -> FixedClock:
    return FixedClock(datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC))


def build(admin: Actor) -> None:
    """Load the world, walk its cases through da_case at past dates, and record the safe contacts."""
    loader.load(admin, document())
    options = users.actor("options1")
    for case in ("C1", "C2", "C3"):
        service.fire(ObjectRef("case", case), "open", options, clock=_at("2019-01-06"))
    for case, closed in (("C1", "2020-06-01"), ("C2", "2020-06-02")):
        ref = ObjectRef("case", case)
        service.fire(ref, "assess", options, clock=_at("2019-01-21"))
        note = f"planned exit: Ava {SECRET_NAME} moved away" if case == "C1" else "planned exit"
        service.fire(ref, "close", options, comment=note, clock=_at(closed))
    service.fire(ObjectRef("case", "C4"), "record_only", options, comment=f"victim declined; {SECRET_NAME}",
                 clock=_at("2020-05-01"))
    for person, day in (("P4", "2020-01-01"), ("P10", "2026-03-01"), ("P11", "2026-03-02"), ("P6", "2019-01-06")):
        at = datetime.fromisoformat(day).replace(tzinfo=UTC)
        db.write(lambda tx, p=person, when=at: records.set_contact(tx, p, {"phone": "07700 900000"}, "idva1", when))
