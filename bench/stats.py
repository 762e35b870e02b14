"""Timing samples and their percentiles."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Stats:
    """Latency percentiles of one benchmark, in milliseconds, and the number of samples."""

    samples: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float


def percentile(sorted_values: list[float], share: float) -> float:
    """Return the value at `share` (0-1) of sorted values, interpolating linearly."""
    if not sorted_values:
        raise ValueError("no samples")
    position = share * (len(sorted_values) - 1)
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def summarise(seconds: list[float]) -> Stats:
    """Return the percentiles of samples given in seconds."""
    ms = sorted(s * 1000 for s in seconds)
    return Stats(len(ms), percentile(ms, 0.50), percentile(ms, 0.95), percentile(ms, 0.99), statistics.fmean(ms))


def measure(work: Callable[[], object], iterations: int, warmup: int = 5) -> Stats:
    """Time `work` `iterations` times after `warmup` untimed calls (plans compiled, caches warm)."""
    for _ in range(warmup):
        work()
    samples = []
    for _ in range(iterations):
        began = time.perf_counter()
        work()
        samples.append(time.perf_counter() - began)
    return summarise(samples)
