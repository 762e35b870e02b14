"""A hand-built hearth/1 world for the housing options: the support world (case C1: victim Ava, perpetrator Ben,
child Cal), plus a family home H10 let by Test Homes (A3) where Ava and Ben are joint tenants, vacant homes at
set distances from it, a receiving landlord (Other Homes, A6) with a lettings officer, and court orders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.conftest import support_world
from tests.workflows.world import AREA

HOME_ADDRESS, HOME_POSTCODE = "10 Hidden Road", "HH1 1HH"
HOME_LAT, HOME_LON = 52.0123, 0.1234


def options_world(orders: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Return the sections of the housing options world; with orders, against Ben CO1 (occupation) and CO2
    (non-molestation), and CO3 (occupation) against someone else."""
    sections = support_world()

    def home(pid: str, lat: float, lon: float, landlord: str, area: str = AREA, **more: Any) -> dict[str, Any]:
        return {"id": pid, "latitude": lat, "longitude": lon, "area": area, "landlord": landlord, **more}
    sections["agencies"] = [{"id": "A6", "name": "Other Homes", "kind": "housing_provider", "area": "Otherton"},
                            {"id": "A7", "name": "Private Lets", "kind": "other", "area": AREA}]
    sections["users"] = [{"id": "U20", "username": "lettings6", "agency": "A6", "roles": ["lettings_officer"]}]
    sections["properties"] += [
        home("H10", HOME_LAT, HOME_LON, "A3", address=HOME_ADDRESS, postcode=HOME_POSTCODE),
        home("H11", 52.5, 0.5, "A3"),           # far from everyone: screens clear
        home("H12", 52.0133, 0.1234, "A3"),     # ~110 m from the family home: refuse / refer
        home("H13", 52.0303, 0.1234, "A3"),     # ~2 km: within the outer radius only (refer)
        home("H14", 52.6, 0.6, "A3"),           # let to someone else
        home("H15", 52.7, 0.7, "A7"),           # a private landlord's
        home("H6", 53.0, 1.0, "A6", "Otherton"),
        home("H7", 53.1, 1.1, "A6", "Badtown"),
    ]
    sections["tenancies"] += [
        {"id": "T10", "person": "P1", "property": "H10", "start": "2015-01-01"},
        {"id": "T11", "person": "P2", "property": "H10", "start": "2015-01-01"},
        {"id": "T14", "person": "P9", "property": "H14", "start": "2019-01-01"},
    ]
    if orders:
        sections["court_orders"] = [
            {"id": "CO1", "kind": "occupation", "respondent": "P2", "protected": ["P1"], "start": "2026-10-15"},
            {"id": "CO2", "kind": "non_molestation", "respondent": "P2", "protected": ["P1"], "start": "2026-10-15"},
            {"id": "CO3", "kind": "occupation", "respondent": "P9", "protected": ["P1"], "start": "2026-10-15"},
        ]
    return sections


def load_options(load: Callable[..., None], orders: bool = False, **extra: list[dict[str, Any]]) -> None:
    """Load the housing options world, with extra records appended."""
    sections = options_world(orders)
    for name, records in extra.items():
        sections[name] = sections.get(name, []) + records
    load(**sections)
