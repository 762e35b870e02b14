"""Screen nominations as a user: the result is stored and the nomination's workflow moves in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph_model import db, permissions
from graph_model.errors import HearthError
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


def screen_nomination(nomination: str, user: Actor, registry: Registry | None = None, clock: Clock | None = None,
                      policy: Policy | None = None) -> ScreeningResult:
    """Screen a nomination: store the result, fire its `screen` transition (then clear or conflict), audit."""
    permissions.check(user, "screen_nomination")
    reg, now = registry or default(), (clock or from_env()).now()
    ref = ObjectRef("nomination", nomination)

    def work(tx: Any) -> ScreeningResult:
        wtx = WorkflowTx(tx, reg, user, now)
        wtx.require("view", ref)
        status = wtx.status(ref, "nomination")
        transitions = reg.definition("nomination", status.version).transitions
        # A nomination in conflict is screened again only by a DA lead (`rescreen`, guarded); from a final
        # state the screening is only recorded. Check who may move it before spending the screening on them.
        move = next((n for n in ("screen", "rescreen") if n in transitions and status.state in transitions[n].source),
                    None)
        for permission in transitions[move].guard.permissions if move else ():
            wtx.require(permission, ref)
        applicant, prop, on = screening.nomination_target(tx, nomination)
        result = screening.screen_in(tx, user, applicant, prop, on, nomination, policy or current(), now)
        if move:
            wtx.fire(ref, move, comment=f"screening {result.screening_id}: {result.outcome}", workflow="nomination")
        return result
    return db.write_once(work)


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


def screen_pending(user: Actor, progress: Progress | None = None, workers: int = 4, registry: Registry | None = None,
                   clock: Clock | None = None) -> QueueReport:
    """Screen every nomination waiting to be screened, in parallel transactions, reporting progress."""
    reg = registry or default()
    ids = pending_for(user, reg)
    report, done = QueueReport(), 0

    def one(nomination: str) -> tuple[str, ScreeningResult | str]:
        try:
            return nomination, screen_nomination(nomination, user, reg, clock)
        except HearthError as exc:
            return nomination, str(exc)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for nomination, outcome in pool.map(one, ids):
            if isinstance(outcome, str):
                report.failed[nomination] = outcome
            else:
                report.results[nomination] = outcome
            done += 1
            if progress:
                progress(done, len(ids))
    return report


def latest_screening(nomination: str, user: Actor, registry: Registry | None = None) -> ScreeningResult | None:
    """Return a nomination's latest screening to a user who may view the nomination (detail for a DA lead)."""
    reg = registry or default()
    db.read(lambda tx: security.check_in(tx, reg, user, "view", ObjectRef("nomination", nomination)))
    return screening.latest(user, nomination)
