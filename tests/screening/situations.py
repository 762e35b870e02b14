"""Hand-built hearth/1 worlds for screening: a nominated property and people placed at chosen distances."""

from __future__ import annotations

from typing import Any

LAT, LON = 52.0, 0.1  # the nominated property H0
M_PER_DEG = 111_319.49  # metres per degree of latitude on the sphere Neo4j measures WGS-84 distances on
ON = "2026-11-01"
AREA = "Testshire"


def north(metres: float) -> float:
    """Return the latitude `metres` north of the nominated property."""
    return LAT + metres / M_PER_DEG


def person(pid: str, given: str, family: str = "Screen") -> dict[str, Any]:
    """Return a synthetic adult."""
    return {"id": pid, "given_name": given, "family_name": family, "date_of_birth": "1985-01-01", "synthetic": True}


def home(hid: str, metres: float, building: str | None = None, area: str = AREA) -> dict[str, Any]:
    """Return a property `metres` north of the nominated one."""
    record = {"id": hid, "address": f"{hid} Secret Street", "postcode": "ZZ9 9ZZ", "latitude": north(metres),
              "longitude": LON, "area": area, "landlord": "A3"}
    if building:
        record["building"] = building
    return record


def lives(tid: str, pid: str, hid: str, end: str | None = None) -> dict[str, Any]:
    """Return a tenancy from 2020 (ended on `end`, if given)."""
    return {"id": tid, "person": pid, "property": hid, "start": "2020-01-01", "end": end}


def world(victim_at: float = 5000, building: str | None = None, area: str = AREA, **extra: Any) -> dict[str, Any]:
    """Return a world: P2 abused P1 (case C1, child P3); P1 lives `victim_at` metres from H0; P2 applies for H0."""
    doc: dict[str, Any] = {
        "format": "hearth/1",
        "agencies": [{"id": "A3", "name": "Test Homes", "kind": "housing_provider", "area": AREA},
                     {"id": "A4", "name": "Test Options", "kind": "local_authority_housing", "area": AREA}],
        "users": [{"id": "U1", "username": "lettings1", "agency": "A3", "roles": ["lettings_officer"]},
                  {"id": "U2", "username": "lead1", "agency": "A3", "roles": ["da_lead"]},
                  {"id": "U3", "username": "idva1", "roles": ["idva"]}],
        "people": [person("P1", "Vera", "Hidden"), person("P2", "Perry"), person("P3", "Chloe", "Hidden"),
                   person("P5", "Prudence", "Hidden"), person("P6", "Violet", "Hidden"), person("P7", "Pat"),
                   person("P8", "Parent")],
        "properties": [{"id": "H0", "address": "1 Nominated Road", "postcode": "AA1 1AA", "latitude": LAT,
                        "longitude": LON, "area": area, "landlord": "A3",
                        **({"building": building} if building else {})},
                       home("HV", victim_at, building, area), home("HFAR", 20000)],
        "tenancies": [lives("T1", "P1", "HV")],
        "cases": [{"id": "C1", "area": AREA, "opened": "2025-01-01", "victims": ["P1"], "perpetrators": ["P2"],
                   "children": ["P3"]}],
        "nominations": [{"id": "N1", "applicant": "P2", "property": "H0", "nominated_by": "A4", "date": ON}],
    }
    for section, records in extra.items():
        if section == "replace":
            doc.update(records)
        else:
            doc.setdefault(section, []).extend(records)
    return doc
