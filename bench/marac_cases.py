"""The MARAC benchmark: a chair's agenda plus the agency map of a ~16-case meeting (target p95 under 200 ms)."""

from __future__ import annotations

from collections.abc import Callable

from bench.harness import Benchmark, CannotRun, Context, register
from graph_model import users
from graph_model.marac import bench_queries
from workflows import marac

AGENDA_MAP = "MARAC agenda + agency map (16-case meeting)"


def _agenda_map(context: Context) -> Callable[[], object]:
    found = bench_queries.meeting_near_16()
    if found is None:
        raise CannotRun("no MARAC meeting with a chair and listed cases")
    meeting, chair, n = found
    actor = users.actor(chair)
    context.notes[AGENDA_MAP] = f"meeting {meeting} ({n} cases listed) as its chair {chair}"

    def one() -> object:
        return marac.agenda(meeting, actor), marac.agency_map(actor, meeting=meeting)
    return one


register(Benchmark(AGENDA_MAP, "`marac.agenda` + `marac.agency_map` for one meeting as its chair: access check, "
                               "listings (children, repeat, DASH), involvement edges", _agenda_map, iterations=50,
                   warmup=5))
