"""Fixtures for the support tests: the workflow tests' world, clock and actors, and a support world."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.workflows.conftest import clock, load, registry, who  # noqa: F401  (shared fixtures)
from tests.workflows.world import dash

ADDRESS = "7 Secret Lane"
CODE_WORD = "bluebell"


def support_world() -> dict[str, list[dict[str, Any]]]:
    """Return the sections added to the base world: consent, a recent incident, a rising DASH, the victim's home."""
    return {
        "consents": [{"id": "K1", "person": "P1", "scope": "share_with_idva", "status": "given",
                      "date": "2026-10-01", "recorded_by": "U3"}],
        "incidents": [{"id": "I1", "case": "C1", "date": "2026-10-20", "by": "P2", "towards": "P1",
                       "behaviours": ["physical_or_sexual"]}],
        "risk_assessments": [dash("R1", "C1", "2026-10-02", 8), dash("R2", "C1", "2026-10-25", 15)],
        "properties": [{"id": "H2", "address": ADDRESS, "postcode": "ZZ9 9ZZ", "latitude": 52.1, "longitude": 0.2,
                        "area": "Testshire"}],
        "tenancies": [{"id": "T1", "person": "P1", "property": "H2", "start": "2020-01-01"}],
    }


@pytest.fixture()
def world(load: Callable[..., None]) -> Callable[..., None]:  # noqa: F811
    """Return a function loading the support world, with extra records."""
    def run(**extra: list[dict[str, Any]]) -> None:
        sections = support_world()
        for name, records in extra.items():
            sections[name] = sections.get(name, []) + records if name != "incidents" else records
        load(**sections)
    return run
