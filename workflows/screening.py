"""Screen nominations as a user: the result is stored and the nomination's workflow moves in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from graph_model import db, permissions
from graph_model.errors import HearthError, InvalidInput
from graph_model.screening import screen as screening
from graph_model.screening.policy import Policy, current
from graph_model.users import Actor
from workflows import security
from workflows.clock import Clock, from_env
from workflows.engine import WorkflowTx
from workflows.refs import ObjectRef
from workflows.registry import Registry, default

ScreeningResult = screening.ScreeningResult
Progress = Callable[[int, int], None]


BATCH = 200  # nominations screened per transaction by the queue


class _Rollback(Exception):
    """A batch's workflow moves failed for some nominations: undo the batch, and redo it without them."""

    def __init__(self, failed: dict[str, HearthError]) -> None:
        super().__init__(f"{len(failed)} nomination(s) could not move")
        self.failed = failed


def screen_nomination(nomination: str, user: Actor, registry: Registry | None = None, clock: Clock | None = None,
                      policy: Policy | None = None) -> ScreeningResult:
    """Screen a nomination: store the result, fire its `screen` transition (then clear or conflict), audit."""
    done = screen_many([nomination], user, registry, clock, policy)[nomination]
    if isinstance(done, HearthError):
        raise done
    return done


def screen_many(nominations: list[str], user: Actor, registry: Registry | None = None, clock: Clock | None = None,
                policy: Policy | None = None) -> dict[str, ScreeningResult | HearthError]:
    """Screen many nominations in one transaction (a few queries for the lot): each is checked, screened, stored,
    audited and moved in its workflow as `screen_nomination` does; by id, the result or the error that stopped
    that one (nothing written for it)."""
    permissions.check(user, "screen_nomination")
    reg, now, used = registry or default(), (clock or from_env()).now(), policy or current()
    done: dict[str, ScreeningResult | HearthError] = {}
    todo = list(dict.fromkeys(nominations))
    while todo:
        try:
            done.update(db.write_once(partial(_screen_in, reg=reg, user=user, now=now, policy=used, ids=list(todo))))
            break
        except _Rollback as exc:
            done.update(exc.failed)
            todo = [n for n in todo if n not in exc.failed]
    return {n: done[n] for n in dict.fromkeys(nominations)}


def _screen_in(tx: Any, reg: Registry, user: Actor, now: datetime, policy: Policy,
               ids: list[str]) -> dict[str, ScreeningResult | HearthError]:
    wtx = WorkflowTx(tx, reg, user, now)
    refs = [ObjectRef("nomination", i) for i in ids]
    wtx.prefetch(refs)
    done: dict[str, ScreeningResult | HearthError] = {}
    moves: dict[str, str | None] = {}
    for ref in refs:
        try:
            moves[ref.id] = _move(wtx, reg, ref)
        except HearthError as exc:
            done[ref.id] = exc
    targets = screening.nomination_targets(tx, list(moves))
    for nomination in moves:
        if nomination not in targets:
            done[nomination] = InvalidInput(f"no nomination {nomination!r} (or it has no applicant or property)")
    results = screening.screen_many_in(tx, user, [targets[n] for n in moves if n in targets], policy, now)
    done.update(results)
    failed: dict[str, HearthError] = {}
    for transition in ("screen", "rescreen"):
        chosen = [ObjectRef("nomination", n) for n, move in moves.items()
                  if move == transition and isinstance(results.get(n), ScreeningResult)]
        comments = {ref: _comment(results[ref.id]) for ref in chosen}
        failed.update({ref.id: exc for ref, exc in wtx.fire_many(chosen, transition, comments, "nomination").items()})
    if failed:
        raise _Rollback(failed)
    return done


def _move(wtx: WorkflowTx, reg: Registry, ref: ObjectRef) -> str | None:
    """Check the user may see the nomination and move it, and say how it moves: `screen`, `rescreen` (a DA lead,
    from conflict, guarded), or None from a final state, where the screening is only recorded."""
    wtx.require("view", ref)
    status = wtx.status(ref, "nomination")
    transitions = reg.definition("nomination", status.version).transitions
    move = next((n for n in ("screen", "rescreen") if n in transitions and status.state in transitions[n].source),
                None)
    for permission in transitions[move].guard.permissions if move else ():
        wtx.require(permission, ref)
    return move


def _comment(result: ScreeningResult | HearthError) -> str:
    assert isinstance(result, ScreeningResult)
    return f"screening {result.screening_id}: {result.outcome}"


def screen_adhoc(applicant: str, property_id: str, user: Actor, on: date | None = None,
                 policy: Policy | None = None) -> ScreeningResult:
    """Screen an applicant against a property with no nomination record."""
    return screening.screen_adhoc(user, applicant, property_id, on, policy)


def pending_for(user: Actor, registry: Registry | None = None) -> list[str]:
    """Return the nominations waiting to be screened that this user may screen, oldest first."""
    reg = registry or default()
    candidates = [ObjectRef("nomination", i) for i in screening.pending(user)]
    mine = db.read(lambda tx: security.visible(tx, reg, user, "manage", candidates))
    return [ref.id for ref in candidates if ref in mine]


@dataclass
class QueueReport:
    """The pending queue screened: results by nomination, and those that could not be screened (why)."""

    results: dict[str, ScreeningResult] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Return how many came out clear, refer and refuse."""
        found = {"clear": 0, "refer": 0, "refuse": 0}
        for result in self.results.values():
            found[result.outcome] += 1
        return found


def screen_pending(user: Actor, progress: Progress | None = None, workers: int = 2, registry: Registry | None = None,
                   clock: Clock | None = None, batch: int = BATCH) -> QueueReport:
    """Screen every nomination waiting to be screened: batches of `batch` in parallel transactions, reporting
    progress after each batch."""
    reg = registry or default()
    ids = pending_for(user, reg)
    report, done = QueueReport(), 0
    chunks = [ids[k:k + max(1, batch)] for k in range(0, len(ids), max(1, batch))]

    def one(chunk: list[str]) -> dict[str, ScreeningResult | HearthError]:
        try:
            return screen_many(chunk, user, reg, clock)
        except HearthError as exc:
            return {n: exc for n in chunk}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for found in pool.map(one, chunks):
            for nomination, outcome in found.items():
                if isinstance(outcome, HearthError):
                    report.failed[nomination] = str(outcome)
                else:
                    report.results[nomination] = outcome
            done += len(found)
            if progress:
                progress(done, len(ids))
    return report


def latest_screening(nomination: str, user: Actor, registry: Registry | None = None) -> ScreeningResult | None:
    """Return a nomination's latest screening to a user who may view the nomination (detail for a DA lead)."""
    reg = registry or default()
    db.read(lambda tx: security.check_in(tx, reg, user, "view", ObjectRef("nomination", nomination)))
    return screening.latest(user, nomination)
