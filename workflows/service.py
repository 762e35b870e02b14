"""The workflow API every caller uses (CLI, dashboard, other services): each call acts as a user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph_model import audit, db, permissions
from graph_model.errors import WriteConflict
from graph_model.users import Actor
from graph_model.workflow import history as stored_history
from graph_model.workflow import store
from workflows import security
from workflows.clock import Clock, from_env
from workflows.engine import Fired, WorkflowTx
from workflows.errors import GuardFailure, TransitionNotAllowed, WorkflowConflict
from workflows.refs import ObjectRef
from workflows.registry import Registry, default


@dataclass(frozen=True)
class TransitionOption:
    """A transition leaving the object's current state, and whether the user may fire it now (and why not)."""

    workflow: str
    id: str
    title: str
    dest: str | None
    allowed: bool
    reasons: tuple[str, ...]
    comment_required: bool
    params: tuple[str, ...]


@dataclass(frozen=True)
class Status:
    """Where an object stands in one workflow."""

    workflow: str
    version: int
    state: str
    state_title: str
    seq: int
    deadlines: tuple[dict[str, Any], ...]


def _reg(registry: Registry | None) -> Registry:
    return registry or default()


def state(obj: ObjectRef, user: Actor, registry: Registry | None = None,
          purpose: str | None = None) -> list[Status]:
    """Return the object's state in each workflow of its chain (needs `view`; audited as a consultation)."""
    reg = _reg(registry)

    def work(tx: Any) -> list[Status]:
        security.check_in(tx, reg, user, "view", obj)
        wtx = WorkflowTx(tx, reg, user, from_env().now())
        found = []
        for workflow in reg.chain(obj.type):
            s = wtx.status(obj, workflow)
            d = reg.definition(workflow, s.version)
            found.append(Status(workflow, s.version, s.state, d.states[s.state].title, s.seq,
                                tuple(store.deadlines_of(tx, s.key))))
        return found
    with audit.consultation(user, "view_state", purpose, [audit.subject(obj.type, obj.id)]):
        return db.read(work)


def available_transitions(obj: ObjectRef, user: Actor, registry: Registry | None = None,
                          clock: Clock | None = None) -> list[TransitionOption]:
    """Return the user transitions leaving the object's states, each allowed or with the reasons it is not."""
    reg, now = _reg(registry), (clock or from_env()).now()

    def work(tx: Any) -> list[TransitionOption]:
        wtx = WorkflowTx(tx, reg, user, now)
        wtx.require("view", obj)
        options = []
        for workflow in reg.chain(obj.type):
            s = wtx.status(obj, workflow)
            d = reg.definition(workflow, s.version)
            for t in d.exits(s.state):
                if t.trigger != "user":
                    continue
                failures = wtx.failures(obj, d, s, t)
                options.append(TransitionOption(workflow, t.id, t.title, t.dest, not failures,
                                                tuple(str(f) for f in failures), t.comment_required,
                                                tuple(p.name for p in t.params)))
        return options
    return db.read(work)


def why_not(obj: ObjectRef, transition: str, user: Actor, workflow: str | None = None,
            registry: Registry | None = None, clock: Clock | None = None) -> list[GuardFailure]:
    """Explain, without trying, why the user may not fire a transition now (empty: they may)."""
    reg, now = _reg(registry), (clock or from_env()).now()

    def work(tx: Any) -> list[GuardFailure]:
        wtx = WorkflowTx(tx, reg, user, now)
        wtx.require("view", obj)
        wf = wtx.workflow_of(obj, transition, workflow)
        s = wtx.status(obj, wf)
        d = reg.definition(wf, s.version)
        t = d.transitions.get(transition)
        if t is None:
            raise TransitionNotAllowed(f"{wf} has no transition {transition!r}")
        return wtx.failures(obj, d, s, t)
    return db.read(work)


def fire(obj: ObjectRef, transition: str, user: Actor, comment: str = "", params: dict[str, Any] | None = None,
         workflow: str | None = None, expected_seq: int | None = None, registry: Registry | None = None,
         clock: Clock | None = None) -> Fired:
    """Fire a transition as the user, atomically with its hooks and any automatic transitions it sets off."""
    from workflows.engine import require_comment

    reg, now = _reg(registry), (clock or from_env()).now()
    text = require_comment(comment)

    def work(tx: Any) -> Fired:
        wtx = WorkflowTx(tx, reg, user, now)
        wtx.require("view", obj)
        return wtx.fire(obj, transition, text, params, workflow, expected_seq)
    try:
        with audit.denials(user, "fire_transition", f"{transition} {obj}", [audit.subject(obj.type, obj.id)]):
            return db.write_once(work)
    except WriteConflict as exc:
        if isinstance(exc, WorkflowConflict):
            raise
        raise WorkflowConflict(f"{obj} was moved by someone else at the same moment: reload it and decide "
                               "again") from exc


def history(obj: ObjectRef, user: Actor, workflow: str | None = None, registry: Registry | None = None,
            purpose: str | None = None) -> list[dict[str, Any]]:
    """Return the object's history (one workflow, or all of its chain by time), needing `view`; audited."""
    reg = _reg(registry)

    def work(tx: Any) -> list[dict[str, Any]]:
        security.check_in(tx, reg, user, "view", obj)
        found = []
        for wf in ([workflow] if workflow else reg.chain(obj.type)):
            found += stored_history.entries(tx, store.status_key(obj.type, wf, obj.id))
        return sorted(found, key=lambda e: (e["at"], e["workflow"], e["seq"]))
    with audit.consultation(user, "view_history", purpose, [audit.subject(obj.type, obj.id)]):
        return db.read(work)


def check_action(user: Actor, action: str) -> None:
    """Check a workflow machinery action (tick, enrol, migrate, verify) against the user's roles."""
    permissions.check(user, action)
