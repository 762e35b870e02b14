"""A hand-built MARAC world on top of the workflow tests' base: a meeting of three cases and its predecessor.

M1 (2026-11-05, Testshire, chair U5, attended by police, IDVA and housing options) lists MC1 (case C1, child P3),
MC2 (case C2, adults only) and MC3 (case C3, a repeat: MC0 referred 2025-10-20, incident I3 on 2026-10-20).
M0 (2026-10-01) heard MC1 first; its actions are the "previous meeting" ones.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.workflows.world import AREA, world

EXTRA: dict[str, list[dict[str, Any]]] = {
    "agencies": [{"id": "A6", "name": "Test Probation", "kind": "probation", "area": AREA},
                 {"id": "A7", "name": "Test Recovery <Service>", "kind": "substance_misuse", "area": AREA}],
    "users": [{"id": "U12", "username": "probation1", "agency": "A6", "roles": ["police_officer"]}],
    "people": [{"id": "P4", "given_name": "Dee", "family_name": "Other", "date_of_birth": "1985-01-01",
                "sex": "female", "synthetic": True},
               {"id": "P5", "given_name": "Eli", "family_name": "Other", "date_of_birth": "1984-01-01",
                "sex": "male", "synthetic": True}],
    "incidents": [{"id": "I3", "case": "C3", "date": "2026-10-20", "by": "P5", "towards": "P4"}],
    "marac_meetings": [
        {"id": "M0", "area": AREA, "date": "2026-10-01", "chair": "U5", "agencies_attending": ["A1", "A2"]},
        {"id": "M1", "area": AREA, "date": "2026-11-05", "chair": "U5", "agencies_attending": ["A1", "A2", "A4"]}],
    "marac_cases": [
        {"id": "MC0", "case": "C3", "criterion": "visible_high_risk", "referred": "2025-10-20"},
        {"id": "MCP", "case": "C1", "meeting": "M0", "criterion": "visible_high_risk", "referred": "2026-09-20",
         "referring_agency": "A4"},
        {"id": "MC1", "case": "C1", "meeting": "M1", "criterion": "visible_high_risk", "referred": "2026-10-20",
         "referring_agency": "A4"},
        {"id": "MC2", "case": "C2", "meeting": "M1", "criterion": "professional_judgement", "referred": "2026-10-10",
         "referring_agency": "A1"},
        {"id": "MC3", "case": "C3", "meeting": "M1", "criterion": "repeat", "referred": "2026-10-25",
         "referring_agency": "A1"}],
}
CASES = [
    {"id": "C1", "area": AREA, "opened": "2026-09-01", "victims": ["P1"], "perpetrators": ["P2"], "children": ["P3"]},
    {"id": "C2", "area": AREA, "opened": "2026-09-01", "victims": ["P9"], "perpetrators": ["P2"]},
    {"id": "C3", "area": AREA, "opened": "2025-10-01", "victims": ["P4"], "perpetrators": ["P5"]},
]


def marac_world(**sections: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the MARAC world with records added to sections (`cases` replaces them)."""
    extra = copy.deepcopy(EXTRA)
    for name, records in sections.items():
        if name != "cases":
            extra.setdefault(name, []).extend(records)
    return world(cases=sections.get("cases", CASES), **extra)


def action(aid: str, mc: str, owner: str, due: str, status: str = "open",
           text: str = "Fit door locks") -> dict[str, Any]:
    """Return a marac_actions record."""
    return {"id": aid, "marac_case": mc, "owner_agency": owner, "description": text, "due": due, "status": status}
