"""MARAC workflows: cases listed and heard when the meeting closes (atomically), repeats, actions overdue."""

from __future__ import annotations

from typing import Any

import pytest

from graph_model import db
from graph_model.errors import PermissionDenied
from workflows import operations, service, worklists
from workflows.errors import GuardFailed
from workflows.refs import ObjectRef

M1, MC1, MC2 = ObjectRef("marac_meeting", "M1"), ObjectRef("marac_case", "MC1"), ObjectRef("marac_case", "MC2")
X1 = ObjectRef("marac_action", "X1")
CASE2 = {"id": "C2", "area": "Testshire", "opened": "2026-10-01", "victims": ["P9"], "perpetrators": ["P2"]}


def _marac(attending: list[str] | None = None, year: int = 2026,
           **extra: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    meeting = {"id": "M1", "area": "Testshire", "date": f"{year}-11-05", "chair": "U5",
               "agencies_attending": ["A1", "A2", "A4"] if attending is None else attending}
    return {"marac_meetings": [meeting],
            "marac_cases": [{"id": "MC1", "case": "C1", "meeting": "M1", "criterion": "visible_high_risk",
                             "referred": f"{year}-10-20", "referring_agency": "A4"},
                            {"id": "MC2", "case": "C2", "meeting": "M1", "criterion": "professional_judgement",
                             "referred": f"{year}-10-21", "referring_agency": "A1"}], **extra}


def _to_listed(who: Any, clock: Any) -> None:
    for ref in (MC1, MC2):
        service.fire(ref, "accept", who("coord1"), clock=clock)
        service.fire(ref, "list", who("coord1"), clock=clock)


def test_closing_the_meeting_hears_every_listed_case_at_once(load: Any, who: Any, clock: Any) -> None:
    load(**_marac(), cases=[{"id": "C1", "area": "Testshire", "victims": ["P1"], "perpetrators": ["P2"]}, CASE2])
    _to_listed(who, clock)
    fired = service.fire(M1, "close_meeting", who("chair1"), clock=clock)
    assert [(e["object_id"], e["transition"]) for e in fired.entries] == [
        ("M1", "enrol"), ("M1", "close_meeting"), ("MC1", "hear"), ("MC2", "hear")]
    for ref in (MC1, MC2):
        assert service.state(ref, who("chair1"))[0].state == "heard"


def test_a_meeting_without_attendance_cannot_close_and_nothing_moves(load: Any, who: Any, clock: Any) -> None:
    load(**_marac(attending=[]), cases=[{"id": "C1", "area": "Testshire", "victims": ["P1"], "perpetrators": ["P2"]},
                                       CASE2])
    _to_listed(who, clock)
    with pytest.raises(GuardFailed, match="no agency attendance is recorded"):
        service.fire(M1, "close_meeting", who("chair1"), clock=clock)
    assert service.state(MC1, who("coord1"))[0].state == "listed"
    with pytest.raises(PermissionDenied):
        service.fire(M1, "close_meeting", who("lettings1"), clock=clock)


def test_an_unlisted_case_cannot_be_listed(load: Any, who: Any, clock: Any) -> None:
    doc = _marac()
    doc["marac_cases"][0].pop("meeting")
    load(**doc, cases=[{"id": "C1", "area": "Testshire", "victims": ["P1"], "perpetrators": ["P2"]}, CASE2])
    service.fire(MC1, "accept", who("coord1"), clock=clock)
    with pytest.raises(GuardFailed, match="not listed at any meeting"):
        service.fire(MC1, "list", who("coord1"), clock=clock)


# Referred 2025-10-20: an incident on 2026-10-20 is within 12 months (the boundary), 2026-10-21 is not.
@pytest.mark.parametrize(("day", "repeat"), [("2026-10-20", True), ("2026-10-21", False), ("2025-10-19", False)])
def test_further_abuse_within_12_months_of_the_referral_makes_a_repeat(load: Any, who: Any, clock: Any, admin: Any,
                                                                       day: str, repeat: bool) -> None:
    incident = {"id": "I9", "case": "C1", "date": day, "by": "P2", "towards": "P1"}
    cases = [{"id": "C1", "area": "Testshire", "victims": ["P1"], "perpetrators": ["P2"]}, CASE2]
    load(**_marac(year=2025), cases=cases)
    _to_listed(who, clock)
    service.fire(M1, "close_meeting", who("chair1"), clock=clock)
    # The incident comes in a later load: the tick sweeps automatic transitions that read such data.
    load(**_marac(year=2025), cases=cases, incidents=[incident])
    report = operations.tick(admin, clock=clock)
    assert (str(MC1) in report.swept) is repeat
    state = service.state(MC1, who("coord1"))[0].state
    assert state == ("referred" if repeat else "heard")
    if repeat:
        row = db.read(lambda tx: tx.run("MATCH (m:MaracCase {id: 'MC1'}) RETURN m.criterion AS c, m.repeat AS r, "
                                        "m.previous_referral AS p").single().data())
        assert (row["c"], row["r"], str(row["p"])) == ("repeat", True, "2025-10-20")


def _action(status: str = "open", due: str = "2026-11-10") -> dict[str, Any]:
    return {"id": "X1", "marac_case": "MC1", "owner_agency": "A3", "description": "Fit door locks", "due": due,
            "status": status}


def test_actions_enrol_from_their_status_and_fall_overdue_for_the_owner(load: Any, who: Any, clock: Any,
                                                                        admin: Any) -> None:
    load(**_marac(), cases=[{"id": "C1", "area": "Testshire", "victims": ["P1"], "perpetrators": ["P2"]}, CASE2],
         marac_actions=[_action(), {**_action("done"), "id": "X2"}])
    operations.enrol(admin, clock=clock)
    assert service.state(ObjectRef("marac_action", "X2"), who("lead1"))[0].state == "done"
    assert worklists.worklist("marac_action.overdue_for_my_agency", who("lead1"), clock=clock) == []
    clock.advance(days=8)  # 2026-11-10 09:00: due today, not yet overdue
    assert worklists.worklist("marac_action.overdue_for_my_agency", who("lead1"), clock=clock) == []
    clock.advance(days=1)
    [item] = worklists.worklist("marac_action.overdue_for_my_agency", who("lead1"), clock=clock)
    assert item.ref == X1 and item.overdue
    assert worklists.worklist("marac_action.overdue_for_my_agency", who("police1"), clock=clock) == []
    assert "marac_action:X1 due" in operations.tick(admin, clock=clock).flagged
    service.fire(X1, "complete", who("lead1"), clock=clock)
    assert worklists.worklist("marac_action.overdue_for_my_agency", who("lead1"), clock=clock) == []
    status = db.read(lambda tx: tx.run("MATCH (x:MaracAction {id: 'X1'}) RETURN x.status AS s").single()["s"])
    assert status == "done"
    with pytest.raises(GuardFailed, match="needs one of chair, marac_coordinator"):
        service.fire(X1, "reopen", who("lead1"), comment="not fitted after all", clock=clock)
    service.fire(X1, "reopen", who("chair1"), comment="not fitted after all", clock=clock)
