"""The workflow engine's benchmarks: firing a transition, the "what can I do" read, and a 1,000-item worklist.

The first of them enrols the data set in the workflows (`workflows.operations.enrol`, once per run; a reused
database that is already enrolled enrols nothing) and reports how long that took for how many objects.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from bench.harness import Benchmark, CannotRun, Context, register
from graph_model import users
from graph_model.workflow import bench_queries
from workflows import operations, service, worklists
from workflows.refs import ObjectRef

ENROLMENT = "workflow enrolment"
FIRE = "workflow fire"
AVAILABLE = "workflow available transitions"
WORKLIST = "worklist 1,000 items"
FIRE_SUPPLY = 1000  # distinct cases `open` is fired on, at most (the default run uses 20 + 200)
WORKLIST_SIZE = 1000
# Worklists tried in turn, each as the holder of a role in the area with the most cases; the first holding
# 1,000 items for that user is timed (else the fullest, with its count said).
WORKLIST_CANDIDATES = (("da_case.to_open", "da_lead"), ("information_sharing.no_basis", "da_lead"),
                       ("marac_action.open", "da_lead"), ("marac_action.open", "marac_coordinator"))


def enrolled(context: Context) -> dict[str, object]:
    """Enrol every object not yet in its workflows (once per run) and return the figures, also kept in setup."""
    if ENROLMENT in context.setup:
        return context.setup[ENROLMENT]
    before = bench_queries.statuses()
    began = time.perf_counter()
    counts = operations.enrol(context.actor)
    took = time.perf_counter() - began
    objects = sum(counts.values())
    per = ", ".join(f"{workflow} {n:,}" for workflow, n in counts.items() if n)
    if objects:
        summary = (f"`workflows.operations.enrol` put {objects:,} object-workflow statuses ({per}) at their starting "
                   f"states in {took:.1f} s ({objects / took:,.0f}/s; batches of {operations.BATCH}, one write "
                   "transaction each)")
    else:
        summary = f"already enrolled ({before:,} statuses; a reused database); the check took {took:.1f} s"
    context.setup[ENROLMENT] = {"summary": summary, "seconds": round(took, 2), "objects": objects,
                                "statuses_before": before, "counts": counts}
    return context.setup[ENROLMENT]


def _lead(role: str) -> tuple[users.Actor, str | None]:
    found = bench_queries.user_with_most_cases(role)
    if found is None:
        raise CannotRun(f"no {role} user with an agency in the data set")
    return users.actor(found[0]), found[1]


def _fire(context: Context) -> Callable[[], object]:
    enrolled(context)
    lead, area = _lead("da_lead")
    ids = bench_queries.cases_with_consent_in_state("da_case", "disclosure", area, FIRE_SUPPLY)
    if not ids:
        raise CannotRun(f"no case in {area or 'the county'} awaits opening with its victims' consent")
    context.notes[FIRE] = f"as {lead.username} (da_lead, {area or 'county-wide'}), {len(ids):,} cases to open"
    queue = iter(ids)

    def one() -> object:
        case = next(queue, None)
        if case is None:
            raise CannotRun(f"ran out of cases to open ({len(ids)}): use fewer iterations")
        return service.fire(ObjectRef("case", case), "open", lead, comment="benchmark")
    return one


def _available(context: Context) -> Callable[[], object]:
    enrolled(context)
    lead, area = _lead("da_lead")
    ids = bench_queries.cases_in_area(area, 500)
    if not ids:
        raise CannotRun(f"no case in {area or 'the county'}")
    context.notes[AVAILABLE] = f"as {lead.username} (da_lead, {area or 'county-wide'}), {len(ids)} cases in turn"
    refs = _cycle([ObjectRef("case", i) for i in ids])
    return lambda: service.available_transitions(next(refs), lead)


def _worklist(context: Context) -> Callable[[], object]:
    enrolled(context)
    tried: list[tuple[int, str, users.Actor, str | None]] = []
    for name, role in WORKLIST_CANDIDATES:
        try:
            user, area = _lead(role)
        except CannotRun:
            continue
        items = len(worklists.worklist(name, user, limit=WORKLIST_SIZE))
        tried.append((items, name, user, area))
        if items >= WORKLIST_SIZE:
            break
    if not tried or max(tried, key=lambda t: t[0])[0] == 0:
        raise CannotRun("no worklist holds an item for a da_lead or marac_coordinator")
    items, name, user, area = max(tried, key=lambda t: t[0])
    role = "da_lead" if "da_lead" in user.roles else "marac_coordinator"
    context.notes[WORKLIST] = (f"`{name}` as {user.username} ({role}, {area or 'county-wide'}): "
                               f"**{items:,} items**")
    return lambda: worklists.worklist(name, user, limit=WORKLIST_SIZE)


def _cycle(items: list[ObjectRef]) -> Iterator[ObjectRef]:
    while True:
        yield from items


register(Benchmark(FIRE, "`service.fire(case, 'open')` on a distinct case each time: guard (consent), history "
                         "entry, deadline closed, one write transaction", _fire, iterations=200, warmup=20))
register(Benchmark(AVAILABLE, "`service.available_transitions(case)`: the \"what can I do\" read, every guard "
                              "of both workflows of the case", _available, iterations=300))
register(Benchmark(WORKLIST, "`worklists.worklist(name, user, limit=1000)`: candidates, then the permission "
                             "rule on each", _worklist, iterations=20, warmup=3))
