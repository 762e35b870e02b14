"""A small hand-built hearth/1 world for the workflow tests: agencies, staff of each role, one family."""

from __future__ import annotations

import copy
from typing import Any

AREA = "Testshire"  # no area override: the SafeLives MARAC threshold of 14 applies
CAMBS = "Cambridge"  # Cambridgeshire: MARAC at 17 (workflows/areas.yaml)

BASE: dict[str, Any] = {
    "format": "hearth/1",
    "agencies": [
        {"id": "A1", "name": "Test Police", "kind": "police", "area": AREA},
        {"id": "A2", "name": "Test IDVA Service", "kind": "idva_service", "area": AREA},
        {"id": "A3", "name": "Test Homes", "kind": "housing_provider", "area": AREA},
        {"id": "A4", "name": "Test Housing Options", "kind": "local_authority_housing", "area": AREA},
        {"id": "A5", "name": "Test Children's Services", "kind": "childrens_social_care", "area": AREA},
        {"id": "A9", "name": "Elsewhere IDVA Service", "kind": "idva_service", "area": "Elsewhere"},
    ],
    "users": [
        {"id": "U1", "username": "idva1", "agency": "A2", "roles": ["idva"]},
        {"id": "U2", "username": "idva2", "agency": "A2", "roles": ["idva"]},
        {"id": "U3", "username": "options1", "agency": "A4", "roles": ["housing_options_officer"]},
        {"id": "U4", "username": "lead1", "agency": "A3", "roles": ["da_lead"]},
        {"id": "U5", "username": "chair1", "agency": "A1", "roles": ["marac_chair"]},
        {"id": "U6", "username": "coord1", "agency": "A1", "roles": ["marac_coordinator"]},
        {"id": "U7", "username": "police1", "agency": "A1", "roles": ["police_officer"]},
        {"id": "U8", "username": "lettings1", "agency": "A3", "roles": ["lettings_officer"]},
        {"id": "U9", "username": "outsider", "agency": "A9", "roles": ["idva"]},
        {"id": "U10", "username": "analyst1", "roles": ["analyst"]},
        {"id": "U11", "username": "csc1", "agency": "A5", "roles": ["police_officer"]},
    ],
    "people": [
        {"id": "P1", "given_name": "Ava", "family_name": "Test", "date_of_birth": "1990-01-01", "sex": "female",
         "synthetic": True},
        {"id": "P2", "given_name": "Ben", "family_name": "Test", "date_of_birth": "1988-01-01", "sex": "male",
         "synthetic": True},
        {"id": "P3", "given_name": "Cal", "family_name": "Test", "date_of_birth": "2018-01-01", "synthetic": True},
        {"id": "P9", "given_name": "Applicant", "family_name": "Test", "date_of_birth": "1980-01-01",
         "synthetic": True},
    ],
    "links": [{"type": "MARRIED", "a": "P1", "b": "P2", "start": "2012-01-01"}],
    "properties": [{"id": "H1", "latitude": 52.0, "longitude": 0.1, "area": AREA, "landlord": "A3"}],
    "cases": [{"id": "C1", "area": AREA, "opened": "2026-10-01", "victims": ["P1"], "perpetrators": ["P2"],
               "children": ["P3"]}],
    # The housing options service received the disclosure: its referral makes it party to the case.
    "referrals": [{"id": "F0", "case": "C1", "kind": "other", "from_agency": "A4", "to_agency": "A4",
                   "date": "2026-10-01", "basis": "consent"}],
}


def world(**sections: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the base world with records added to (or, for `cases`, replacing) sections."""
    doc = copy.deepcopy(BASE)
    for name, records in sections.items():
        if name == "cases":
            doc["cases"] = records
        else:
            doc.setdefault(name, []).extend(records)
    return doc


def dash(rid: str, case: str, day: str, yes: int, judgement: bool = False) -> dict[str, Any]:
    """Return a DASH record with `yes` yes answers."""
    answers = {str(q): q <= yes for q in range(1, 25)}
    return {"id": rid, "case": case, "date": day, "tool": "DASH", "answers": answers,
            "professional_judgement_high": judgement}
