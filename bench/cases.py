"""The benchmarks of each capability, registered with the harness. Each issue adds its own here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from bench.harness import Benchmark, Context, register
from graph_model import read_model


def _summary(context: Context) -> Callable[[], object]:
    return lambda: read_model.loaded_summary(context.actor)


register(Benchmark("loaded summary", "records per section, 16 counts (the dashboard's first page)", _summary))


def _pairs(context: Context) -> list[tuple[str, str]]:
    cases = (context.document or {}).get("cases", [])
    return [(c["victims"][0], c["perpetrators"][0]) for c in cases][:500] or [("none", "none")]


def _check(context: Context) -> Callable[[], object]:
    from graph_model import connections

    pairs = iter(_cycle(_pairs(context)))
    return lambda: connections.check(context.actor, *next(pairs))


def _connected(context: Context) -> Callable[[], object]:
    from graph_model import connections

    people = iter(_cycle([victim for victim, _ in _pairs(context)]))
    return lambda: connections.connected_people(context.actor, next(people))


def _cycle(items: list[Any]) -> Iterator[Any]:
    while True:
        yield from items


register(Benchmark("connection check", "`check(victim, perpetrator)` of a case: every s.2 ground with paths",
                   _check, iterations=500))
register(Benchmark("connected people", "`connected_people(victim)`: everyone connected, with grounds",
                   _connected, iterations=300))


def _path(context: Context) -> Callable[[], object]:
    from graph_model.analytics import paths

    pairs = iter(_cycle(_pairs(context)))

    def one() -> object:
        a, b = next(pairs)
        return paths.how_connected(context.actor, a, b, max_hops=4)
    return one


def _ego(context: Context) -> Callable[[], object]:
    from graph_model.analytics import ego

    people = iter(_cycle([perpetrator for _, perpetrator in _pairs(context)]))
    return lambda: ego.ego_network(context.actor, next(people), hops=2)


def _serial(context: Context) -> Callable[[], object]:
    from graph_model.analytics import offending

    return lambda: offending.serial_perpetrators(context.actor, limit=50)


register(Benchmark("analyse path", "shortest typed paths (4 hops) + s.2 verdict, victim to perpetrator", _path,
                   iterations=300))
register(Benchmark("analyse ego (2 hops)", "a perpetrator's people and cases within two links", _ego, iterations=300))
register(Benchmark("serial perpetrators", "rank everyone with 2+ victims by recency, frequency, gravity", _serial,
                   iterations=10, warmup=2))


def _network(context: Context) -> Callable[[], object]:
    from datetime import date

    from graph_model.analytics import network

    # Cases opened in the data set's last ten months: about 20,000 people at county scale.
    return lambda: network.analyse(context.actor, start=date(2026, 1, 1), end=date(2026, 11, 1),
                                   betweenness_samples=500)


register(Benchmark("network (components, betweenness k=500, Louvain)",
                   "cases opened 2026-01-01 to 2026-11-01 (~20,000 people at county scale)", _network, iterations=3,
                   warmup=0))


def _figures(context: Context) -> Callable[[], object]:
    from datetime import date

    from graph_model.analytics import figures

    return lambda: figures.figures(context.actor, None, date(2025, 11, 1), date(2026, 11, 1))


register(Benchmark("figures (all areas, one year)", "aggregates per area beside national benchmarks", _figures,
                   iterations=20, warmup=2))


# The workflow engine's, the MARAC and the screening's benchmarks register themselves.
from bench import marac_cases, screening_cases, workflow_cases  # noqa: E402,F401
