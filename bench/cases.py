"""The benchmarks of each capability, registered with the harness. Each issue adds its own here."""

from __future__ import annotations

from collections.abc import Callable

from bench.harness import Benchmark, Context, register
from graph_model import read_model


def _summary(context: Context) -> Callable[[], object]:
    return lambda: read_model.loaded_summary(context.actor)


register(Benchmark("loaded summary", "records per section, 16 counts (the dashboard's first page)", _summary))
