"""The screening benchmarks are registered and run on a tiny world: outcomes checked against a plan."""

from __future__ import annotations

from typing import Any

import pytest

from bench import harness, screening_cases
from bench.report import to_markdown
from graph_model.interchange import load
from graph_model.users import Actor

LAT, LON, M_PER_DEG = 52.0, 0.1, 111_319.49
ON = "2026-11-01"


def _property(hid: str, metres: float) -> dict[str, Any]:
    return {"id": hid, "latitude": LAT + metres / M_PER_DEG, "longitude": LON, "area": "Testshire",
            "landlord": "A1"}


def _world() -> dict[str, Any]:
    """X1 abused V1 (C1), who lives at H1; X1 is nominated to H2 (500 m away: refuse) and H3 (10 km: clear)."""
    people = [{"id": p, "given_name": p, "family_name": "Bench", "date_of_birth": "1985-01-01", "synthetic": True}
              for p in ("V1", "X1", "Y1")]
    return {"format": "hearth/1",
            "agencies": [{"id": "A1", "name": "Test Homes", "kind": "housing_provider", "area": "Testshire"}],
            "users": [{"id": "U1", "username": "lettings1", "agency": "A1", "roles": ["lettings_officer"]}],
            "people": people,
            "properties": [_property("H1", 0), _property("H2", 500), _property("H3", 10_000)],
            "tenancies": [{"id": "T1", "person": "V1", "property": "H1", "start": "2020-01-01"}],
            "cases": [{"id": "C1", "area": "Testshire", "opened": "2026-01-01", "victims": ["V1"],
                       "perpetrators": ["X1"]}],
            "nominations": [{"id": "N1", "applicant": "X1", "property": "H2", "date": ON},
                            {"id": "N2", "applicant": "X1", "property": "H3", "date": ON},
                            {"id": "N3", "applicant": "Y1", "property": "H2", "date": ON}]}


def test_screening_benchmarks_are_registered() -> None:
    """Importing the cases registers the single, naive and queue benchmarks."""
    from bench import cases  # noqa: F401

    names = {b.name for b in harness.REGISTRY}
    assert {screening_cases.SINGLE, screening_cases.NAIVE, *screening_cases.QUEUES} <= names


def test_screening_benchmarks_run_and_check_the_plan(admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each benchmark is timed; the outcomes are checked against the plan, the naive method agrees."""
    wanted = {screening_cases.SINGLE, screening_cases.NAIVE, *screening_cases.QUEUES}
    monkeypatch.setattr(harness, "REGISTRY", [b for b in harness.REGISTRY if b.name in wanted])
    monkeypatch.setattr(screening_cases, "plan_of", lambda context: {"N1": "refuse_victim_within_1km"})
    monkeypatch.setattr(screening_cases, "QUEUE_SIZE", 3)
    document = _world()
    load.load(admin, document)
    report = harness.run("demo", 1, document, {"reused": True}, iterations=3)
    by_name = {r.name: r for r in report.results}
    assert all(r.stats is not None for r in report.results), [(r.name, r.error) for r in report.results]
    samples = {name: r.stats.samples for name, r in by_name.items() if r.stats is not None}
    assert samples[screening_cases.SINGLE] == 3 and samples[screening_cases.NAIVE] == 5  # the naive: fixed
    check = report.setup[screening_cases.CHECK]
    assert check["counts"] == {"clear": {"clear": 2}, "refuse_victim_within_1km": {"refuse": 1}}
    assert check["mismatches"] == []
    assert "agrees with the real outcome on 3 of 3" in (by_name[screening_cases.NAIVE].note or "")
    first = by_name[screening_cases.QUEUES[0]]
    assert first.stats is not None and first.stats.samples == 1
    # The 3 nominations of the world and the 3 copies added: all visible to the landlord's lettings officer.
    assert "6 screened" in (first.note or "") and "as planned: 3 of 3" in (first.note or "")
    assert "3 screened" in (by_name[screening_cases.QUEUES[1]].note or "")
    assert screening_cases.CHECK in to_markdown(report)
