"""The machinery: enrol objects, tick deadlines, migrate versions, verify history, find long waits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph_model import db, permissions
from graph_model.errors import HearthError
from graph_model.users import Actor
from graph_model.workflow import history as stored_history
from graph_model.workflow import store
from graph_model.workflow import worklists as queries
from workflows import deadlines
from workflows.clock import Clock, from_env
from workflows.definitions import TransitionDefinition
from workflows.engine import WorkflowTx
from workflows.errors import UnknownObject
from workflows.history import VerifyReport, verify
from workflows.refs import ObjectRef
from workflows.registry import Registry, default

BATCH = 500


def enrol(user: Actor, registry: Registry | None = None, clock: Clock | None = None) -> dict[str, int]:
    """Put every object not yet in its chain's workflows at its starting state; return counts per workflow."""
    permissions.check(user, "enrol_workflows")
    reg, counts = registry or default(), dict[str, int]()
    for object_type, chain in sorted(reg.chains.items()):
        for workflow in chain:
            d, total = reg.definition(workflow), 0
            while True:
                now = (clock or from_env()).now()

                def work(tx: Any, wf: str = workflow, prop: str | None = d.enrol_property,
                         ot: str = object_type, at: Any = now) -> int:
                    ids = queries.unenrolled(tx, ot, wf, prop, BATCH)
                    return WorkflowTx(tx, reg, user, at).enrol_many(ot, wf, [i for i, _ in ids])
                done = db.write_once(work)
                total += done
                if done < BATCH:
                    break
            counts[workflow] = counts.get(workflow, 0) + total
    return counts


def tick(user: Actor, registry: Registry | None = None, clock: Clock | None = None) -> deadlines.TickReport:
    """Handle every deadline past due (fire its transition or flag it), then re-check swept automatic ones."""
    permissions.check(user, "run_workflow_tick")
    reg, report = registry or default(), deadlines.TickReport()
    now = (clock or from_env()).now()
    while True:
        rows: list[dict[str, Any]] = db.read(lambda tx: queries.expired(tx, now, BATCH))
        for row in rows:
            def handle(tx: Any, r: dict[str, Any] = row) -> None:
                deadlines.handle(WorkflowTx(tx, reg, user, now), r, report)
            try:
                db.write_once(handle)
            except HearthError as exc:
                report.failed.append(f"{row['status_key']} {row['deadline']}: {exc}")
        if len(rows) < BATCH:
            break
    _sweep(user, reg, now, report)
    return report


def _sweep(user: Actor, reg: Registry, now: Any, report: deadlines.TickReport) -> None:
    for workflow in sorted(reg.current):
        d = reg.definition(workflow)
        states = sorted({s for t in d.transitions.values() if t.sweep for s in t.source})
        if not states:
            continue
        def in_states(tx: Any, w: str = workflow, s: list[str] = states) -> list[tuple[str, str]]:
            return queries.in_states(tx, w, s)
        for object_type, object_id in db.read(in_states):
            ref = ObjectRef(object_type, object_id)

            def work(tx: Any, r: ObjectRef = ref) -> int:
                wtx = WorkflowTx(tx, reg, user, now)
                wtx.run_automatic(r)
                return len(wtx.fired.entries)
            try:
                if db.write_once(work):
                    report.swept.append(str(ref))
            except HearthError as exc:
                report.failed.append(f"{ref}: {exc}")


@dataclass
class MigrationPlan:
    """Objects on other versions of a workflow and where each would move."""

    workflow: str
    to_version: int
    moves: list[dict[str, Any]] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def migrate(workflow: str, to_version: int, user: Actor, dry_run: bool = True,
            registry: Registry | None = None, clock: Clock | None = None) -> MigrationPlan:
    """Move objects on earlier versions to `to_version` by its declared state map (dry run: only list them)."""
    permissions.check(user, "migrate_workflows")
    reg = registry or default()
    target = reg.definition(workflow, to_version)
    plan = MigrationPlan(workflow, to_version)
    maps = {m.from_version: m.states for m in target.migrations}
    for row in db.read(lambda tx: queries.other_versions(tx, workflow, to_version)):
        if row["version"] > to_version:
            plan.blocked.append(f"{row['type']}:{row['id']} is on a later version {row['version']}")
        elif row["version"] not in maps:
            plan.blocked.append(f"{row['type']}:{row['id']}: version {to_version} declares no migration from "
                                f"{row['version']}")
        else:
            new = maps[row["version"]].get(row["state"], row["state"])
            plan.moves.append({"ref": f"{row['type']}:{row['id']}", "from_version": row["version"],
                               "from_state": row["state"], "to_state": new, "key": row["key"]})
    if dry_run or plan.blocked:
        return plan
    now = (clock or from_env()).now()

    def work(tx: Any) -> None:
        wtx = WorkflowTx(tx, reg, user, now)
        for move in plan.moves:
            status = store.lock(tx, move["key"])
            if status is None or status.version != move["from_version"]:
                raise UnknownObject(f"{move['ref']} changed during the migration; run it again")
            t = TransitionDefinition("migrate", f"Migrate to version {to_version}", (status.state,), move["to_state"])
            wtx._record(ObjectRef(status.object_type, status.object_id), target, status, t,  # noqa: SLF001
                        f"migrated from version {status.version}", {})
    db.write_once(work)
    return plan


def verify_history(user: Actor, workflow: str | None = None) -> VerifyReport:
    """Recompute every history chain and report breaks (needs verify_history)."""
    permissions.check(user, "verify_history")
    return verify(workflow)


def waits(user: Actor, workflow: str, state: str, hours: int, limit: int = 100,
          clock: Clock | None = None) -> list[dict[str, Any]]:
    """Return objects that waited in a state over `hours`, across objects (e.g. cases not opened in 24 hours)."""
    permissions.check(user, "verify_history")
    now = (clock or from_env()).now()
    return db.read(lambda tx: stored_history.waits(tx, workflow, state, hours, now, limit))
