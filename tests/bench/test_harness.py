"""The harness against the real Neo4j: it loads, measures, reuses, and refuses to wipe what is not its own."""

from __future__ import annotations

from typing import Any

import pytest

from bench import harness
from graph_model import probe
from graph_model.interchange import load
from graph_model.users import Actor
from tests.conftest import graph_size

SMALL = {"format": "hearth/1", "people": [{"id": f"P{i}"} for i in range(50)]}


def _small(scale: str, seed: int) -> dict[str, Any]:
    return SMALL


def test_refuses_to_wipe_a_database_it_did_not_load(admin: Actor) -> None:
    """Data no benchmark loaded stops the harness, and none of it is deleted."""
    load.load(admin, {"format": "hearth/1", "people": [{"id": "MINE"}]})
    before = graph_size()
    with pytest.raises(harness.BenchmarkDatabaseNotOurs, match="--allow-wipe"):
        harness.prepare_data("demo", 1, reuse=False, allow_wipe=False, generate=_small)
    assert graph_size() == before


def test_loads_measures_and_reuses(admin: Actor) -> None:
    """A run loads the data set, reports its rate, times the baseline and every benchmark, then reuses it."""
    document, figures = harness.prepare_data("demo", 7, reuse=False, allow_wipe=True, generate=_small)
    assert document is SMALL
    assert figures["records"] == 50 and figures["nodes"] >= 50 and figures["records_per_second"] > 0
    assert probe.bench_marker() == {"id": "bench", "scale": "demo", "seed": 7}
    report = harness.run("demo", 7, document, figures, iterations=5)
    assert report.baseline.samples == 5 and report.baseline.p50_ms > 0
    assert [r.name for r in report.results] == [b.name for b in harness.REGISTRY]
    again, reused = harness.prepare_data("demo", 7, reuse=True, allow_wipe=False, generate=_small)
    assert again == SMALL and reused == {"reused": True}
    _, other_seed = harness.prepare_data("demo", 8, reuse=True, allow_wipe=False, generate=_small)
    assert other_seed["reused"] is False


def test_a_failing_benchmark_is_reported_and_the_rest_still_run(admin: Actor) -> None:
    """A benchmark that raises a HearthError (e.g. a missing key) is reported as not run; the others run."""
    from bench.report import to_markdown
    from graph_model.errors import ConfigurationError

    def broken(context: harness.Context) -> Any:
        def run() -> None:
            raise ConfigurationError("HEARTH_PSEUDONYM_KEY must be set")
        return run

    def fine(context: harness.Context) -> Any:
        return lambda: None

    added = [harness.Benchmark("broken", "always fails", broken, iterations=2, warmup=0),
             harness.Benchmark("fine", "always works", fine, iterations=2, warmup=0)]
    harness.REGISTRY.extend(added)
    try:
        document, figures = harness.prepare_data("demo", 9, reuse=False, allow_wipe=True, generate=_small)
        report = harness.run("demo", 9, document, figures, iterations=2)
    finally:
        del harness.REGISTRY[-2:]
    by_name = {r.name: r for r in report.results}
    assert by_name["broken"].stats is None and "HEARTH_PSEUDONYM_KEY" in (by_name["broken"].error or "")
    assert by_name["fine"].stats is not None and by_name["fine"].error is None
    assert "| broken | - | - | - | - | - | - | not run: HEARTH_PSEUDONYM_KEY must be set |" in to_markdown(report)
