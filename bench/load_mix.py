"""Many threads at once against the real Neo4j: transitions, screenings, small loads and reads, then the checks.

`python -m bench.load_mix` runs it on the configured server (HEARTH_DATA_DIR / HEARTH_NEO4J_PORT, or NEO4J_URI)
and prints throughput and latency per operation; tests/reliability/test_concurrency.py runs a smaller mix and
asserts the checks (bench/load_mix_check.py). Some objects are shared by every thread (conflicts expected: one
winner, the others get WorkflowConflict); the rest each belong to one thread.
"""

from __future__ import annotations

import argparse
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.load_mix_world import LEAD, LETTINGS, NEXT, OPTIONS, case_id, nomination_id, small_load, world
from bench.stats import summarise
from graph_model import users
from graph_model.errors import HearthError
from graph_model.interchange import load as loader
from graph_model.users import Actor
from workflows import operations, service, worklists
from workflows import screening as screening_service
from workflows.refs import ObjectRef

# Weights of the operations each thread draws (a fire is preceded by the read of the object's state).
WEIGHTS = {"fire": 45, "screen": 20, "load": 10, "read": 25}
INVALID_LOADS = 0.2  # share of loads whose document is invalid (they must write nothing)


@dataclass(frozen=True)
class Plan:
    """How big the run is: threads, operations per thread, objects, and how many objects every thread shares."""

    threads: int = 8
    ops: int = 25
    cases: int = 40
    nominations: int = 12
    contended: int = 3
    seed: int = 1


@dataclass(frozen=True)
class Attempt:
    """One operation: what it was, on what, how long it took and how it ended ("ok" or the error's class)."""

    kind: str
    target: str
    seconds: float
    outcome: str
    expected_seq: int | None = None
    transition: str | None = None
    entries: tuple[str, ...] = ()  # ids of the history entries a fire wrote
    screening: str | None = None  # id of the screening a screen stored
    valid: bool = True  # a load: whether its document was valid


@dataclass
class Run:
    """Every attempt of a run and its wall-clock time."""

    plan: Plan
    attempts: list[Attempt] = field(default_factory=list)
    wall: float = 0.0

    def figures(self) -> dict[str, dict[str, float]]:
        """Return per kind (and `all`): attempts, ok, other outcomes, p50/p95 ms, and operations per second."""
        found: dict[str, dict[str, float]] = {}
        for kind in sorted({a.kind for a in self.attempts}) + ["all"]:
            mine = [a for a in self.attempts if kind in ("all", a.kind)]
            stats = summarise([a.seconds for a in mine])
            found[kind] = {"attempts": len(mine), "ok": sum(a.outcome == "ok" for a in mine),
                           "conflicts": sum(a.outcome == "WorkflowConflict" for a in mine),
                           "p50_ms": round(stats.p50_ms, 1), "p95_ms": round(stats.p95_ms, 1),
                           "per_second": round(len(mine) / self.wall, 1)}
        return found


def prepare(admin: Actor, plan: Plan) -> None:
    """Load the world and enrol every object in its workflows."""
    loader.load(admin, world(plan.cases, plan.nominations))
    operations.enrol(admin)


def _owned(count: int, contended: int, threads: int, thread: int) -> list[int]:
    return [n for n in range(contended, count) if (n - contended) % threads == thread]


class Worker:
    """One thread's operations, drawn at random (seeded) from WEIGHTS, recorded as Attempts."""

    def __init__(self, plan: Plan, thread: int, actors: dict[str, Actor], out: list[Attempt]) -> None:
        self.plan, self.thread, self.actors, self.out = plan, thread, actors, out
        self.rng = random.Random(plan.seed * 1000 + thread)
        self.cases = _owned(plan.cases, plan.contended, plan.threads, thread)
        self.noms = _owned(plan.nominations, plan.contended, plan.threads, thread)
        self.loads = 0

    def run(self, start: threading.Barrier) -> None:
        """Wait for every thread, then do the plan's operations."""
        ops: dict[str, Callable[[], None]] = {"fire": self.fire, "screen": self.screen, "load": self.load,
                                              "read": self.read}
        start.wait()
        for _ in range(self.plan.ops):
            ops[self.rng.choices(list(WEIGHTS), list(WEIGHTS.values()))[0]]()

    def _pick(self, owned: list[int]) -> int:
        shared = self.rng.random() < 0.5 or not owned
        return self.rng.randrange(self.plan.contended) if shared else self.rng.choice(owned)

    def _timed(self, kind: str, target: str, call: Callable[[], Any], **extra: Any) -> Any:
        began, outcome, value = time.perf_counter(), "ok", None
        try:
            value = call()
        except HearthError as exc:
            outcome = type(exc).__name__
        seconds = time.perf_counter() - began
        if kind == "fire" and value is not None:
            extra["entries"] = tuple(e["id"] for e in value.entries)
        if kind == "screen" and value is not None:
            extra["screening"] = value.screening_id
        self.out.append(Attempt(kind, target, seconds, outcome, **extra))
        return value

    def fire(self) -> None:
        """Read a case's da_case state, then fire the cycle's next transition from exactly that entry."""
        ref = ObjectRef("case", case_id(self._pick(self.cases)))
        states = self._timed("read", "state", lambda: service.state(ref, self.actors[OPTIONS]))
        if states is None:
            return
        [status] = [s for s in states if s.workflow == "da_case"]
        transition, who, comment = NEXT[status.state]
        self._timed("fire", ref.id, lambda: service.fire(ref, transition, self.actors[who], comment=comment,
                                                         workflow="da_case", expected_seq=status.seq),
                    expected_seq=status.seq, transition=transition)

    def screen(self) -> None:
        """Screen a nomination (it comes out clear, so it may be screened again)."""
        nomination = nomination_id(self._pick(self.noms))
        self._timed("screen", nomination,
                    lambda: screening_service.screen_nomination(nomination, self.actors[LETTINGS]))

    def load(self) -> None:
        """Load a small document of this thread's own (some invalid on purpose)."""
        self.loads += 1
        tag, valid = f"{self.thread}x{self.loads}", self.rng.random() >= INVALID_LOADS
        self._timed("load", tag, lambda: loader.load(self.actors["admin"], small_load(tag, valid)), valid=valid)

    def read(self) -> None:
        """Read what a caseworker's screens read: a worklist, a case's history, a nomination's state."""
        choice = self.rng.randrange(3)
        if choice == 0:
            self._timed("read", "worklist", lambda: worklists.worklist("da_case.to_assess", self.actors[OPTIONS],
                                                                       limit=50))
        elif choice == 1:
            ref = ObjectRef("case", case_id(self.rng.randrange(self.plan.cases)))
            self._timed("read", "history", lambda: service.history(ref, self.actors[OPTIONS]))
        else:
            ref = ObjectRef("nomination", nomination_id(self.rng.randrange(self.plan.nominations)))
            self._timed("read", "state", lambda: service.state(ref, self.actors[LETTINGS]))


def actors() -> dict[str, Actor]:
    """Return the run's acting users by username (and the built-in admin, who loads)."""
    return {name: users.actor(name) for name in (OPTIONS, LEAD, LETTINGS)} | {
        "admin": users.actor(users.BUILTIN_ADMIN)}


def run(plan: Plan) -> Run:
    """Run the plan's threads at once (after prepare) and return every attempt."""
    found, who = Run(plan), actors()
    start = threading.Barrier(plan.threads + 1)
    workers = [Worker(plan, t, who, found.attempts) for t in range(plan.threads)]
    threads = [threading.Thread(target=w.run, args=(start,), name=f"load-mix-{w.thread}") for w in workers]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    found.wall = time.perf_counter() - began
    return found


def to_markdown(result: Run, problems: list[str], checked: dict[str, int]) -> str:
    """Return the run's figures and check as a markdown table and two lines."""
    p = result.plan
    lines = [f"{p.threads} threads x {p.ops} operations, {p.cases} cases and {p.nominations} nominations "
             f"({p.contended} of each shared by every thread), {result.wall:.1f} s wall clock", "",
             "| operation | attempts | ok | conflicts | p50 ms | p95 ms | per second |", "|---" * 7 + "|"]
    for kind, f in result.figures().items():
        lines.append(f"| {kind} | {f['attempts']:.0f} | {f['ok']:.0f} | {f['conflicts']:.0f} | {f['p50_ms']} | "
                     f"{f['p95_ms']} | {f['per_second']} |")
    lines += ["", "checked: " + ", ".join(f"{n} {what}" for what, n in checked.items()),
              f"problems: {len(problems)}" + "".join(f"\n- {x}" for x in problems[:20])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Prepare a database of the run's own, run the mix, check it, print the figures."""
    from bench.load_mix_check import check
    from bench.load_mix_setup import fresh_database

    parser = argparse.ArgumentParser(prog="python -m bench.load_mix", description=__doc__)
    defaults = Plan(threads=12, ops=60, cases=200, nominations=48, contended=4)
    for name in ("threads", "ops", "cases", "nominations", "contended", "seed"):
        parser.add_argument(f"--{name}", type=int, default=getattr(defaults, name))
    parser.add_argument("--allow-wipe", action="store_true", help="wipe a database this run did not prepare")
    args = parser.parse_args(argv)
    plan = Plan(args.threads, args.ops, args.cases, args.nominations, args.contended, args.seed)
    admin = fresh_database(args.allow_wipe, plan.seed)
    prepare(admin, plan)
    result = run(plan)
    problems, checked = check(result)
    print(to_markdown(result, problems, checked))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
