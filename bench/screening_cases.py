"""The screening's benchmarks: one ad hoc screening, the naive method beside it, and the pending queue.

Inputs come from the data set's own nominations: every nomination the generator built to conflict
(`seed.generator.conflict_plan`) and clear ones, so the timings cover both, and the outcomes are checked
against the plan (reported under "Set-up measured by the benchmarks"). Screening writes (a stored result and an
audit entry each time), so the benchmark database grows a little with every run.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bench.harness import Benchmark, CannotRun, Context, register
from bench.stats import Stats
from graph_model import db, users
from graph_model.interchange import load
from graph_model.screening import bench_queries
from graph_model.screening import screen as core
from graph_model.screening.policy import current
from workflows import screening

SINGLE = "screening (single)"
NAIVE = "screening, naive method"
WORKERS = (1, 2, 4)
QUEUE = "screening queue ({workers} workers)"
QUEUES = tuple(QUEUE.format(workers=n) for n in WORKERS)
CHECK = "screening vs the seed's conflict plan"
SAMPLE = 100  # nominations screened in turn by the single benchmark (at most 40% of them planned conflicts)
# Nominations added (copies of the data set's, ids BN0000001...) for each queue run: the 10,000 (set
# HEARTH_BENCH_QUEUE_SIZE for fewer). The queue screens them in batches of `screening.BATCH` per transaction.
QUEUE_SIZE = int(os.environ.get("HEARTH_BENCH_QUEUE_SIZE", "10000"))
TARGET_QUEUE, TARGET_SECONDS = 10_000, 30.0
EARTH_RADIUS_M = 6378140.0  # the radius Neo4j's point.distance uses for WGS-84 points
ROLE = "lettings_officer"  # the common case; a DA lead's screening also audits the view of its detail
# What each planned conflict kind must come out as (and the reason it must carry, when one is required).
EXPECTED: dict[str, tuple[str, str | None]] = {
    "refuse_victim_within_1km": ("refuse", None), "refuse_same_building": ("refuse", None),
    "refuse_exclusion_zone": ("refuse", None), "refuse_child_within_1km": ("refuse", None),
    "refuse_protected_within_1km": ("refuse", None), "refer_victim_1_to_3km": ("refer", None),
    "victim_near_perpetrator": ("refer", "VICTIM_NEAR_PERPETRATOR"), "clear": ("clear", None),
}


@dataclass(frozen=True)
class Nomination:
    """One nomination of the data set: who, where, when, and what the generator built it as."""

    id: str
    applicant: str
    property: str
    on: date
    kind: str  # a conflict kind of the plan, or "clear"


@dataclass
class Run:
    """What the screening benchmarks share within one harness run."""

    plan: dict[str, str]
    nominations: list[Nomination]
    sample: list[Nomination]
    officer: users.Actor
    agency: str
    outcomes: dict[str, core.ScreeningResult] = field(default_factory=dict)
    single: Stats | None = None


_RUNS: dict[int, Run] = {}  # by id(context)


def plan_of(context: Context) -> dict[str, str]:
    """Return the seed's conflict plan of the loaded data set ({nomination id: conflict kind})."""
    from seed import generator

    return generator.conflict_plan(context.scale, context.seed)


def _run(context: Context) -> Run:
    found = _RUNS.get(id(context))
    if found is not None:
        return found
    records = (context.document or {}).get("nominations", [])
    if not records:
        raise CannotRun("the data set holds no nominations")
    officer = bench_queries.user_with_role(ROLE)
    if officer is None:
        raise CannotRun(f"no {ROLE} user with an agency in the data set")
    plan = plan_of(context)
    nominations = [Nomination(r["id"], r["applicant"], r["property"], date.fromisoformat(r["date"]),
                              plan.get(r["id"], "clear")) for r in records]
    conflicts = [n for n in nominations if n.kind != "clear"][:SAMPLE * 2 // 5]
    clear = [n for n in nominations if n.kind == "clear"][:SAMPLE - len(conflicts)]
    chosen = {n.id for n in conflicts + clear}
    run = Run(plan, nominations, [n for n in nominations if n.id in chosen], users.actor(officer[0]), officer[1])
    _RUNS[id(context)] = run
    return run


def _cycle(items: list[Nomination]) -> Iterator[Nomination]:
    while True:
        yield from items


def _single(context: Context) -> Callable[[], object]:
    run = _run(context)
    turn = _cycle(run.sample)

    def one() -> object:
        n = next(turn)
        result = screening.screen_adhoc(n.applicant, n.property, run.officer, n.on)
        run.outcomes[n.id] = result
        return result

    def finish(stats: Stats) -> None:
        run.single = stats
        kinds = Counter(n.kind for n in run.sample)
        context.notes[SINGLE] = (f"as {run.officer.username} ({ROLE}: no detail); {len(run.sample)} nominations in "
                                 f"turn, {sum(v for k, v in kinds.items() if k != 'clear')} of them planned "
                                 f"conflicts ({len(kinds) - 1} kinds)")
        context.setup[CHECK] = _check(run)
    context.finish[SINGLE] = finish
    return one


def _check(run: Run) -> dict[str, Any]:
    """Return the outcomes of the screened sample against the plan: counts per kind and every mismatch."""
    table: dict[str, Counter[str]] = {}
    wrong: list[str] = []
    for n in run.sample:
        result = run.outcomes.get(n.id)
        if result is None:
            continue
        table.setdefault(n.kind, Counter())[result.outcome] += 1
        want, reason = EXPECTED[n.kind]
        if result.outcome != want or (reason is not None and reason not in result.reasons):
            wrong.append(f"{n.id} ({n.kind}): {result.outcome} {'/'.join(result.reasons) or '-'}")
    counts = {kind: dict(found) for kind, found in sorted(table.items())}
    parts = [f"{kind} " + ", ".join(f"{o} {c}" for o, c in sorted(found.items())) for kind, found in counts.items()]
    checked = sum(sum(found.values()) for found in counts.values())
    summary = (f"`screen_adhoc` outcomes of the {checked} sampled nominations by the kind the generator built them "
               f"as: {'; '.join(parts)}. " + (f"{len(wrong)} not as planned: {'; '.join(wrong)}." if wrong
                                              else "All as planned."))
    return {"summary": summary, "counts": counts, "mismatches": wrong, "checked": checked}


def _distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))


def nearest(protected: set[str], tenancies: list[dict[str, Any]], target: dict[str, Any]) -> tuple[float, bool]:
    """Return the distance from the property to the nearest protected person's home, and whether one shares
    its building (the naive method: every tenancy is looked at, in Python)."""
    best, same = math.inf, False
    for t in tenancies:
        if t["person"] in protected:
            best = min(best, _distance(target["lat"], target["lon"], t["lat"], t["lon"]))
            same = same or (target["building"] is not None and t["building"] == target["building"])
    return best, same


def naive(n: Nomination) -> tuple[float, bool]:
    """Answer one nomination naively: fetch every open tenancy and compute the distances in Python."""
    def work(tx: Any) -> tuple[float, bool]:
        target = bench_queries.property_at(tx, n.property)
        if target is None:
            raise CannotRun(f"no property {n.property}")
        protected = bench_queries.protected_people(tx, n.applicant, n.on)
        return nearest(protected, bench_queries.open_tenancies(tx, n.on), target)
    return db.read(work)


def _naive(context: Context) -> Callable[[], object]:
    run = _run(context)
    turn = _cycle(run.sample)
    disagree, compared = _compare(run)

    def finish(stats: Stats) -> None:
        note = [f"the same {len(run.sample)} nominations; fetches every open tenancy (`ALL_OPEN_TENANCIES`)"]
        if run.single is not None:
            note.append(f"**the real method takes {run.single.p50_ms / stats.p50_ms:.3f}x the naive one's time "
                        f"at p50, {run.single.p95_ms / stats.p95_ms:.3f}x at p95** "
                        f"(naive {stats.p50_ms / run.single.p50_ms:.1f}x slower at p50)")
        note.append(f"refuse-or-not under the plain inner-radius rule agrees with the real outcome on "
                    f"{compared - len(disagree)} of {compared}" +
                    (f"; disagreements: {'; '.join(disagree)}" if disagree else ""))
        context.notes[NAIVE] = "; ".join(note)
    context.finish[NAIVE] = finish
    return lambda: naive(next(turn))


def _compare(run: Run) -> tuple[list[str], int]:
    """Compare the naive refuse-or-not (inner radius or same building) with the real outcome, per nomination."""
    if not run.outcomes:  # the single benchmark did not run: screen the sample now
        for n in run.sample:
            run.outcomes[n.id] = screening.screen_adhoc(n.applicant, n.property, run.officer, n.on)
    tenancies = bench_queries.all_tenancies()
    policy, disagree, compared = current(), [], 0

    def work(tx: Any) -> list[tuple[Nomination, dict[str, Any] | None, set[str]]]:
        return [(n, bench_queries.property_at(tx, n.property), bench_queries.protected_people(tx, n.applicant, n.on))
                for n in run.sample]
    for n, target, protected in db.read(work):
        result = run.outcomes.get(n.id)
        if target is None or result is None:
            continue
        open_then = [t for t in tenancies if t["start"] <= n.on and (t["end"] is None or t["end"] > n.on)]
        distance, same = nearest(protected, open_then, target)
        naive_refuse = same or distance <= policy.for_area(target["area"]).inner_radius_m
        compared += 1
        if naive_refuse != (result.outcome == "refuse"):
            shown = "none" if math.isinf(distance) else f"{distance:.0f} m"
            disagree.append(f"{n.id} ({n.kind}): naive {'refuse' if naive_refuse else 'not'} (nearest {shown}), "
                            f"real {result.outcome} {'/'.join(result.reasons) or '-'}")
    return disagree, compared


def _queue(workers: int) -> Callable[[Context], Callable[[], object]]:
    name = QUEUE.format(workers=workers)

    def prepare(context: Context) -> Callable[[], object]:
        run = _run(context)
        landlord = bench_queries.landlord_officer()
        if landlord is None:
            raise CannotRun(f"no {ROLE} of an agency letting a nominated property")
        officer, agency, own = users.actor(landlord[0]), landlord[1], set(landlord[2])
        source = [n for n in run.nominations if n.id in own]
        first = bench_queries.bench_nominations() + 1
        copies = {f"{bench_queries.BENCH_PREFIX}{first + k:07d}": source[k % len(source)] for k in range(QUEUE_SIZE)}
        load.load(context.actor, {"format": "hearth/1", "nominations": [
            {"id": nid, "applicant": n.applicant, "property": n.property, "nominated_by": agency,
             "date": n.on.isoformat()} for nid, n in copies.items()]})
        pending = len(core.pending(officer))
        done: list[screening.QueueReport] = []

        def one() -> object:
            done.append(screening.screen_pending(officer, workers=workers))
            return done[-1]

        def finish(stats: Stats) -> None:
            context.notes[name] = _queue_note(officer, copies, pending, done[-1], stats.p50_ms / 1000, workers)
        context.finish[name] = finish
        return one
    return prepare


def _queue_note(officer: users.Actor, copies: dict[str, Nomination], pending: int, report: screening.QueueReport,
                seconds: float, workers: int) -> str:
    screened = len(report.results)
    mine = [nid for nid in copies if nid in report.results]
    wrong = [nid for nid in mine if not _as_planned(copies[nid].kind, report.results[nid])]
    rate = screened / seconds if seconds else 0.0
    failed = Counter(reason.split(":")[0][:60] for reason in report.failed.values())
    note = (f"`screen_pending(user, workers={workers})` as {officer.username} ({ROLE}): {pending:,} pending in "
            f"the data set "
            f"({len(copies):,} added for the benchmark: copies of the {len(set(copies.values()))} nominations of "
            f"homes the user's agency lets, which a landlord may screen); **{screened:,} screened in "
            f"{seconds:.1f} s: {1000 * seconds / max(screened, 1):.0f} ms a nomination, "
            f"{rate:.1f}/s; 10,000 would take ~{TARGET_QUEUE / rate:,.0f} s** "
            f"(target {TARGET_SECONDS:.0f} s)" if rate else "nothing screened")
    counts = report.counts()
    note += f"; outcomes clear {counts['clear']}, refer {counts['refer']}, refuse {counts['refuse']}"
    note += f"; the added ones as planned: {len(mine) - len(wrong)} of {len(mine)}"
    if report.failed:
        note += (f"; {len(report.failed):,} could not be screened by this user (time included): "
                 + ", ".join(f"{reason} ({count})" for reason, count in failed.most_common(3)))
    return note


def _as_planned(kind: str, result: core.ScreeningResult) -> bool:
    want, reason = EXPECTED[kind]
    return result.outcome == want and (reason is None or reason in result.reasons)


register(Benchmark(SINGLE, "`workflows.screening.screen_adhoc(applicant, property, user, on)`: the rules, the stored "
                           "result and its audit, one write transaction", _single, iterations=100, warmup=5))
register(Benchmark(NAIVE, "fetch every open tenancy and the applicant's protected people, nearest distance in "
                          "Python", _naive, iterations=5, warmup=1, fixed=True))
for _workers in WORKERS:
    register(Benchmark(QUEUE.format(workers=_workers), "the pending queue screened: stored results, each "
                       "nomination's workflow fired; one sample is the whole queue", _queue(_workers), iterations=1,
                       warmup=0, fixed=True))
