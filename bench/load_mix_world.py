"""The synthetic world the mixed-load run works on: cases that cycle through da_case, nominations that screen clear.

Each case has a consenting victim, a low DASH (5 yes answers) and a referral from the housing options service,
so its da_case status can go round open -> assess (routed automatically to outreach) -> close -> reopen -> assess
... for as long as the run lasts. Each nomination's applicant is no one's perpetrator, so every screening comes
out clear and the nomination can be screened again (clear -> screened -> clear). Ids start with `LM`.
"""

from __future__ import annotations

from typing import Any

AREA = "Loadshire"
OPTIONS, LEAD, LETTINGS = "lm.options", "lm.lead", "lm.lettings"
DAY = "2026-10-01"
# The da_case transition to fire from each state of the cycle, who fires it, and its comment.
NEXT: dict[str, tuple[str, str, str]] = {
    "disclosure": ("open", OPTIONS, ""),
    "open": ("assess", OPTIONS, ""),
    "outreach": ("close", OPTIONS, "load test: planned exit"),
    "closed": ("reopen", LEAD, "load test: circumstances changed"),
}
DEST = {"open": "open", "assess": "outreach", "close": "closed", "reopen": "open"}  # after automatic routing


def case_id(n: int) -> str:
    """Return the id of case n."""
    return f"LMC{n:05d}"


def nomination_id(n: int) -> str:
    """Return the id of nomination n."""
    return f"LMN{n:05d}"


def _person(pid: str, given: str) -> dict[str, Any]:
    return {"id": pid, "given_name": given, "family_name": "Loadtest", "date_of_birth": "1985-01-01",
            "synthetic": True}


def _case(n: int) -> dict[str, list[dict[str, Any]]]:
    cid, victim, perpetrator = case_id(n), f"LMV{n:05d}", f"LMP{n:05d}"
    return {
        "people": [_person(victim, "Vic"), _person(perpetrator, "Per")],
        "links": [{"type": "MARRIED", "a": victim, "b": perpetrator, "start": "2015-01-01"}],
        "cases": [{"id": cid, "area": AREA, "opened": DAY, "victims": [victim], "perpetrators": [perpetrator]}],
        "consents": [{"id": f"LMK{n:05d}", "person": victim, "scope": "share_with_idva", "status": "given",
                      "date": DAY}],
        "risk_assessments": [{"id": f"LMR{n:05d}", "case": cid, "date": DAY, "tool": "DASH",
                              "answers": {str(q): q <= 5 for q in range(1, 25)}}],
        "referrals": [{"id": f"LMF{n:05d}", "case": cid, "kind": "other", "from_agency": "LMA3", "to_agency": "LMA3",
                       "date": DAY, "basis": "consent"}],
    }


def _nomination(n: int) -> dict[str, list[dict[str, Any]]]:
    applicant, home = f"LMA{n:05d}", f"LMH{n:05d}"
    return {
        "people": [_person(applicant, "App")],
        "properties": [{"id": home, "latitude": 52.0 + n * 0.01, "longitude": 0.1, "area": AREA, "landlord": "LMA2"}],
        "nominations": [{"id": nomination_id(n), "applicant": applicant, "property": home, "nominated_by": "LMA3",
                         "date": "2026-11-01"}],
    }


def world(cases: int, nominations: int) -> dict[str, Any]:
    """Return the hearth/1 document: two agencies, three users, `cases` cases and `nominations` nominations."""
    doc: dict[str, Any] = {
        "format": "hearth/1",
        "agencies": [{"id": "LMA2", "name": "Load Homes", "kind": "housing_provider", "area": AREA},
                     {"id": "LMA3", "name": "Load Housing Options", "kind": "local_authority_housing", "area": AREA}],
        "users": [{"id": "LMU1", "username": OPTIONS, "agency": "LMA3", "roles": ["housing_options_officer"]},
                  {"id": "LMU2", "username": LEAD, "agency": "LMA3", "roles": ["da_lead"]},
                  {"id": "LMU3", "username": LETTINGS, "agency": "LMA2", "roles": ["lettings_officer"]}],
    }
    parts = [_case(n) for n in range(cases)] + [_nomination(n) for n in range(nominations)]
    for part in parts:
        for section, records in part.items():
            doc.setdefault(section, []).extend(records)
    return doc


def small_load(tag: str, valid: bool = True) -> dict[str, Any]:
    """Return a small document (two people, their marriage, a case); an invalid one names a person not in it."""
    a, b, cid = f"LML{tag}-A", f"LML{tag}-B", f"LML{tag}-C"
    other = b if valid else f"LML{tag}-MISSING"
    return {"format": "hearth/1", "people": [_person(a, "Lou"), _person(b, "Lee")],
            "links": [{"type": "MARRIED", "a": a, "b": other, "start": "2019-05-01"}],
            "cases": [{"id": cid, "area": AREA, "opened": DAY, "victims": [a], "perpetrators": [b]}]}
