"""Deadlines: started and met as objects move, and the tick that handles those past due (idempotently)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from graph_model.workflow import store
from graph_model.workflow import worklists as queries
from graph_model.workflow.objects import ObjectFacts
from workflows.definitions import DeadlineDefinition, WorkflowDefinition
from workflows.durations import parse_duration
from workflows.refs import ObjectRef

if TYPE_CHECKING:
    from workflows.engine import WorkflowTx

log = logging.getLogger(__name__)


def _moment(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=UTC)
    return None


def on_move(wtx: WorkflowTx, ref: ObjectRef, d: WorkflowDefinition, key: str, seq: int, old: str | None,
            new: str) -> None:
    """Close the deadlines the object leaves behind and start those of the state it enters."""
    before = {x.id for x in d.deadlines_for(old)} if old else set()
    after = {x.id for x in d.deadlines_for(new)}
    store.close_deadlines(wtx.tx, key, sorted(before - after), wtx.now)
    starting = [x for x in d.deadlines_for(new) if x.id not in before]
    if starting:
        store.open_deadlines(wtx.tx, key, seq, starting_dues(wtx, ref, d, starting, wtx.facts(ref)), wtx.now)


def starting_dues(wtx: WorkflowTx, ref: ObjectRef, d: WorkflowDefinition, starting: list[DeadlineDefinition],
                  facts: ObjectFacts) -> list[dict[str, object]]:
    """Return {id, due} of deadlines starting now (one from a missing date property is skipped, logged)."""
    opened: list[dict[str, object]] = []
    for deadline in starting:
        start = wtx.now if deadline.start == "entered" else _moment(facts.fields.get(deadline.start))
        if start is None:
            log.warning("%s: deadline %s not started, %s has no %s", ref, deadline.id, ref, deadline.start)
            continue
        after_text = str(wtx.registry.setting(d, deadline.after, facts.area))
        opened.append({"id": deadline.id, "due": parse_duration(after_text).after(start)})
    return opened


@dataclass
class TickReport:
    """What one tick did: deadlines seen, transitions fired, objects flagged overdue, automatic sweeps."""

    expired: int = 0
    fired: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    swept: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def expiry_transition(wtx: WorkflowTx, workflow: str, version: int, deadline: str) -> str | None:
    """Return the transition a deadline fires on expiry (None: flag the object overdue)."""
    d = wtx.registry.definition(workflow, version)
    found = d.deadlines.get(deadline)
    return found.on_expiry if found else None


def handle(wtx: WorkflowTx, row: dict[str, object], report: TickReport) -> None:
    """Handle one expired deadline inside wtx: mark it (once), then fire its transition or flag the object."""
    if not queries.mark_expired(wtx.tx, str(row["key"]), wtx.now):
        return  # another tick handled it first
    status = store.read(wtx.tx, str(row["status_key"]))
    if status is None:
        return
    ref = ObjectRef(status.object_type, status.object_id)
    transition = expiry_transition(wtx, status.workflow, status.version, str(row["deadline"]))
    report.expired += 1
    if transition is None:
        report.flagged.append(f"{ref} {row['deadline']}")
        return
    wtx.fire(ref, transition, comment=f"deadline {row['deadline']} passed", workflow=status.workflow,
             automatic=True)
    report.fired.append(f"{ref} {transition}")
