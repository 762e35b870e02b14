"""Load (or reuse) a data set, time every registered capability, and compare each with a bare round-trip."""

from __future__ import annotations

import gc
import os
import platform
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bench.stats import Stats, measure
from graph_model import probe, schema, users
from graph_model.config import PROJECT_ROOT
from graph_model.errors import HearthError
from graph_model.interchange import load
from graph_model.users import Actor


class BenchmarkDatabaseNotOurs(HearthError):
    """The database holds data a benchmark did not load; the harness will not wipe it."""


class CannotRun(HearthError):
    """A benchmark found nothing to measure in the data set (reported as not run, with this reason)."""


@dataclass
class Context:
    """What a benchmark may use: the data set's scale and seed, the document loaded, and an acting user.

    A benchmark's prepare may add a note on its inputs (`notes[name]`, shown beside its figures) and figures of
    one-off set-up work shared by several benchmarks (`setup[title]`, with a `summary` sentence; reported in
    their own section), e.g. enrolling the data set in the workflows.
    """

    scale: str
    seed: int
    actor: Actor
    document: dict[str, Any] | None
    notes: dict[str, str] = field(default_factory=dict)
    setup: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Called with a benchmark's figures after its timed calls, by name: lets prepare report on what those calls
    # returned (e.g. outcomes checked against a plan) without timing the reporting.
    finish: dict[str, Callable[[Stats], None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Benchmark:
    """A capability to time: prepare() returns the call to time (so set-up is not timed)."""

    name: str
    description: str
    prepare: Callable[[Context], Callable[[], object]]
    iterations: int = 200
    warmup: int = 20
    fixed: bool = False  # its own iterations always (a one-shot benchmark that uses up its inputs): --iterations
    # does not apply


@dataclass
class Result:
    """One benchmark's figures, with its ratios to the bare round-trip of the same run."""

    name: str
    description: str
    stats: Stats | None
    ratio_p50: float
    ratio_p95: float
    error: str | None = None  # why the benchmark could not run (the run goes on without it)
    note: str | None = None  # what its prepare said of its inputs (e.g. how many items a worklist held)


@dataclass
class Report:
    """Everything one run measured."""

    scale: str
    seed: int
    when: str
    machine: dict[str, str]
    load: dict[str, Any]
    baseline: Stats
    baseline_autocommit: Stats
    results: list[Result] = field(default_factory=list)
    setup: dict[str, dict[str, Any]] = field(default_factory=dict)  # one-off set-up the benchmarks measured


REGISTRY: list[Benchmark] = []


def register(benchmark: Benchmark) -> Benchmark:
    """Add a capability's benchmark to every run (later issues call this from bench/cases.py)."""
    REGISTRY.append(benchmark)
    return benchmark


def prepare_data(scale: str, seed: int, reuse: bool, allow_wipe: bool,
                 generate: Callable[[str, int], dict[str, Any]],
                 progress: load.Progress | None = None) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """Load the scale's data set into an empty database (or reuse one loaded before); return it and load figures."""
    schema.install()
    users.ensure_builtin_admin()
    marker = probe.bench_marker()
    if reuse and marker == {"id": "bench", "scale": scale, "seed": seed}:
        return generate(scale, seed), {"reused": True}  # deterministic: the same document as was loaded
    nodes, _ = probe.graph_size()
    if marker is None and nodes > 1 and not allow_wipe:
        raise BenchmarkDatabaseNotOurs(f"the database holds {nodes} nodes no benchmark loaded; "
                                       "use an empty database or pass --allow-wipe")
    # Warm-up: load and wipe the small demo set first, so the JVM is warm and Neo4j has planned every loader
    # query; the measured load is then the steady-state rate. The warm-up's own (cold) time is reported too.
    probe.wipe()
    users.ensure_builtin_admin()
    began = time.perf_counter()
    load.load(users.actor(users.BUILTIN_ADMIN), generate("demo", seed))
    cold = time.perf_counter() - began
    probe.wipe()
    schema.install()
    users.ensure_builtin_admin()
    began = time.perf_counter()
    document = generate(scale, seed)
    generated = time.perf_counter() - began
    before = probe.graph_size()
    began = time.perf_counter()
    # The national sample is too large for one transaction's memory on a machine like this one: its batches
    # commit one by one (load figures then include those commits; the database is the benchmark's own).
    result = load.load(users.actor(users.BUILTIN_ADMIN), document, progress=progress, bulk=scale == "national-sample")
    took = time.perf_counter() - began
    after = probe.graph_size()
    probe.set_bench_marker(scale, seed)
    entities = (after[0] - before[0]) + (after[1] - before[1])
    return document, {
        "reused": False, "warmup_demo_load_seconds": round(cold, 2), "generate_seconds": round(generated, 2),
        "load_seconds": round(took, 2),
        "records": result.total, "nodes": after[0] - before[0], "relationships": after[1] - before[1],
        "transactions": "a transaction per batch (bulk)" if scale == "national-sample" else "one transaction",
        "records_per_second": round(result.total / took), "entities_per_second": round(entities / took),
        "counts": result.counts,
    }


def run(scale: str, seed: int, document: dict[str, Any] | None, load_figures: dict[str, Any],
        iterations: int | None = None) -> Report:
    """Time the bare round-trips and every registered benchmark against the loaded data."""
    # The data set's document (millions of small objects) stays alive for the benchmarks that pick inputs from
    # it; freezing it keeps the garbage collector from rescanning it, which tripled pure-Python timings.
    gc.collect()
    gc.freeze()
    # Generous warm-up: a JVM just started runs the first few hundred queries slower (JIT).
    baseline = measure(probe.round_trip, iterations or 1000, warmup=300)
    autocommit = measure(probe.round_trip_autocommit, iterations or 1000, warmup=300)
    context = Context(scale, seed, users.actor(users.BUILTIN_ADMIN), document)
    report = Report(scale, seed, datetime.now(UTC).isoformat(timespec="seconds"), machine_facts(),
                    load_figures, baseline, autocommit)
    report.setup = context.setup
    for benchmark in REGISTRY:
        count = benchmark.iterations if benchmark.fixed else iterations or benchmark.iterations
        try:
            stats = measure(benchmark.prepare(context), count, warmup=benchmark.warmup)
            if benchmark.name in context.finish:
                context.finish.pop(benchmark.name)(stats)
        except HearthError as exc:  # e.g. no pseudonym key: report it and measure the rest
            report.results.append(Result(benchmark.name, benchmark.description, None, 0.0, 0.0, str(exc),
                                         context.notes.get(benchmark.name)))
            continue
        report.results.append(Result(benchmark.name, benchmark.description, stats,
                                     stats.p50_ms / baseline.p50_ms, stats.p95_ms / baseline.p95_ms,
                                     note=context.notes.get(benchmark.name)))
    return report


def machine_facts() -> dict[str, str]:
    """Return what the figures depend on: CPU, Python, Neo4j, the commit."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                                text=True, check=False).stdout.strip()
    except OSError:
        commit = "unknown"
    cpus = _cpu_count()
    return {"cpu": f"{platform.processor() or platform.machine()}, {cpus} cores", "python": platform.python_version(),
            "neo4j": probe.server_version(), "commit": commit or "unknown"}


def _cpu_count() -> str:
    return str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())
