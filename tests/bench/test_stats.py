"""Percentiles and the report's arithmetic (no database)."""

from __future__ import annotations

import pytest

from bench.harness import Report, Result
from bench.report import to_markdown
from bench.stats import Stats, percentile, summarise


def test_percentile_interpolates() -> None:
    """p50 of 1..5 is 3, p95 interpolates between the top two, p0 and p100 are the ends."""
    values = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert percentile(values, 0.5) == 3.0
    assert percentile(values, 0.95) == pytest.approx(4.8)
    assert percentile(values, 0.0) == 1.0 and percentile(values, 1.0) == 5.0


def test_percentile_of_nothing_is_an_error() -> None:
    """No samples, no percentile."""
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_summarise_converts_to_milliseconds() -> None:
    """Samples in seconds are reported in milliseconds."""
    stats = summarise([0.001, 0.002, 0.003])
    assert stats.samples == 3 and stats.p50_ms == pytest.approx(2.0) and stats.mean_ms == pytest.approx(2.0)


def test_markdown_shows_ratios_to_the_baseline() -> None:
    """Each row carries its ratio to the same run's round-trip."""
    base = Stats(10, 0.5, 1.0, 1.2, 0.6)
    result = Result("screen one", "a nomination", Stats(10, 2.0, 5.0, 6.0, 2.5), 4.0, 5.0)
    report = Report("demo", 1, "2026-11-25T00:00:00+00:00", {"cpu": "x, 2 cores", "python": "3.11", "neo4j": "n",
                    "commit": "c"}, {"reused": True}, base, base, [result])
    text = to_markdown(report)
    assert "| screen one | 10 | 2.00 | 5.00 | 6.00 | 4.0x | 5.0x | a nomination |" in text
    assert "reused" in text
