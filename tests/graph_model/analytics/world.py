"""A small hand-built world for the analysts' tests: two families, a serial perpetrator, MARAC history."""

from __future__ import annotations

from typing import Any


def person(pid: str, given: str, born: str, sex: str = "female") -> dict[str, Any]:
    """One synthetic person."""
    return {"id": pid, "given_name": given, "family_name": "Test", "date_of_birth": born, "sex": sex,
            "synthetic": True}


def dash(rid: str, case: str, day: str, yes: int) -> dict[str, Any]:
    """A DASH assessment with `yes` questions answered yes."""
    return {"id": rid, "case": case, "date": day, "tool": "DASH",
            "answers": {str(q): q <= yes for q in range(1, 25)}}


WORLD: dict[str, Any] = {
    "format": "hearth/1",
    "people": [person("S", "Sid", "1980-01-01", "male"), person("V1", "Val", "1982-01-01"),
               person("V2", "Wendy", "1990-01-01"), person("K", "Kit", "2012-01-01"),
               person("M", "Moe", "1950-01-01"), person("X", "Xena", "1985-01-01"),
               person("Y", "Yuri", "1984-01-01", "male"), person("Z", "Zed", "2000-01-01", "male")],
    "links": [{"type": "MARRIED", "a": "S", "b": "V1", "start": "2005-01-01", "end": "2015-01-01"},
              {"type": "PARENT_OF", "a": "S", "b": "K"}, {"type": "PARENT_OF", "a": "V1", "b": "K"},
              {"type": "INTIMATE_RELATIONSHIP", "a": "S", "b": "V2", "start": "2020-01-01"},
              {"type": "PARENT_OF", "a": "M", "b": "S"},
              {"type": "COHABITING", "a": "X", "b": "Y", "start": "2010-01-01"}],
    "agencies": [{"id": "POL", "name": "Police", "kind": "police"},
                 {"id": "IDVA", "name": "IDVA Service", "kind": "idva_service"}],
    "users": [{"id": "U1", "username": "analyst1", "roles": ["analyst"]},
              {"id": "U2", "username": "lettings1", "roles": ["lettings_officer"]},
              {"id": "U3", "username": "idva1", "roles": ["idva"], "agency": "IDVA"}],
    "cases": [{"id": "C1", "area": "Cambridge", "opened": "2014-01-01", "victims": ["V1"], "perpetrators": ["S"],
               "children": ["K"]},
              {"id": "C2", "area": "Peterborough", "opened": "2026-05-01", "victims": ["V2"], "perpetrators": ["S"]},
              {"id": "C3", "area": "Cambridge", "opened": "2026-03-01", "victims": ["X"], "perpetrators": ["Y"]},
              {"id": "C4", "area": "Cambridge", "opened": "2026-06-01", "victims": ["X"], "perpetrators": ["Z"]}],
    "incidents": [{"id": "I1", "case": "C1", "date": "2014-01-01", "by": "S", "towards": "V1",
                   "behaviours": ["economic"]},
                  {"id": "I2", "case": "C2", "date": "2026-09-01", "by": "S", "towards": "V2",
                   "behaviours": ["physical_or_sexual", "controlling_or_coercive"]},
                  {"id": "I3", "case": "C2", "date": "2026-10-01", "by": "S", "towards": "V2",
                   "behaviours": ["psychological_or_emotional"]},
                  {"id": "I4", "case": "C3", "date": "2026-03-01", "by": "Y", "towards": "X"},
                  {"id": "I5", "case": "C4", "date": "2026-06-01", "by": "Z", "towards": "X"}],
    "risk_assessments": [dash("R1", "C1", "2014-01-02", 8), dash("R2", "C2", "2026-09-02", 15)],
    "marac_meetings": [{"id": "M1", "area": "Cambridge", "date": "2026-03-20"},
                       {"id": "M2", "area": "Cambridge", "date": "2026-06-20"}],
    "marac_cases": [{"id": "MC1", "case": "C3", "meeting": "M1", "criterion": "visible_high_risk",
                     "referred": "2026-03-05", "referring_agency": "POL"},
                    {"id": "MC2", "case": "C4", "meeting": "M2", "criterion": "professional_judgement",
                     "referred": "2026-06-05", "referring_agency": "IDVA"}],
}
