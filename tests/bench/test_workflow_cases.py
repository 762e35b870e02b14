"""The workflow benchmarks are registered, enrol the data set once, and run on a tiny world."""

from __future__ import annotations

from typing import Any

import pytest

from bench import harness
from bench.report import to_markdown
from graph_model.interchange import load
from graph_model.users import Actor

CASES = 30  # the fire benchmark needs a fresh case for each of its warm-up calls and samples


def _world() -> dict[str, Any]:
    people, cases, consents = [], [], []
    for n in range(1, CASES + 1):
        people += [{"id": f"V{n}", "given_name": "Vic", "family_name": f"Test{n}", "synthetic": True},
                   {"id": f"X{n}", "given_name": "Per", "family_name": f"Test{n}", "synthetic": True}]
        cases.append({"id": f"C{n}", "area": "Testshire", "opened": "2026-10-01", "victims": [f"V{n}"],
                      "perpetrators": [f"X{n}"]})
        consents.append({"id": f"K{n}", "person": f"V{n}", "scope": "share_with_outreach", "status": "given",
                         "date": "2026-10-01", "recorded_by": "U1"})
    return {"format": "hearth/1",
            "agencies": [{"id": "A1", "name": "Test Homes", "kind": "housing_provider", "area": "Testshire"}],
            "users": [{"id": "U1", "username": "lead1", "agency": "A1", "roles": ["da_lead"]}],
            "people": people, "cases": cases, "consents": consents}


def test_workflow_benchmarks_are_registered() -> None:
    """Importing the cases registers the fire, available-transitions and worklist benchmarks."""
    from bench import cases, workflow_cases  # noqa: F401

    names = [b.name for b in harness.REGISTRY]
    assert {workflow_cases.FIRE, workflow_cases.AVAILABLE, workflow_cases.WORKLIST} <= set(names)


def test_workflow_benchmarks_run_and_report_enrolment(admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a tiny world each workflow benchmark is timed; enrolment and the worklist's size are reported."""
    from bench import workflow_cases

    mine = [b for b in harness.REGISTRY if b.name in (workflow_cases.FIRE, workflow_cases.AVAILABLE,
                                                      workflow_cases.WORKLIST)]
    monkeypatch.setattr(harness, "REGISTRY", mine)
    document = _world()
    load.load(admin, document)
    report = harness.run("demo", 1, document, {"reused": True}, iterations=3)
    by_name = {r.name: r for r in report.results}
    assert all(r.stats is not None and r.stats.samples == 3 for r in report.results), report.results
    assert by_name[workflow_cases.FIRE].ratio_p50 > 0
    assert "lead1" in (by_name[workflow_cases.FIRE].note or "")
    # 20 warm-up calls and 3 samples opened 23 cases: the 30 cases still all lack a basis to share.
    assert "`information_sharing.no_basis`" in (by_name[workflow_cases.WORKLIST].note or "")
    assert f"{CASES} items" in (by_name[workflow_cases.WORKLIST].note or "")
    enrolment = report.setup[workflow_cases.ENROLMENT]
    assert enrolment["objects"] == 2 * CASES and enrolment["counts"]["da_case"] == CASES
    assert "Set-up measured by the benchmarks" in to_markdown(report)


def test_a_world_without_a_da_lead_is_reported_not_run(admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no user to act as, the workflow benchmarks are reported as not run, with the reason."""
    from bench import workflow_cases

    mine = [b for b in harness.REGISTRY if b.name == workflow_cases.FIRE]
    monkeypatch.setattr(harness, "REGISTRY", mine)
    report = harness.run("demo", 1, None, {"reused": True}, iterations=2)
    assert report.results[0].stats is None and "no da_lead user" in (report.results[0].error or "")
