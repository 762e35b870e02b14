"""The safety plan checklist (source document 000) and the support plan of actions with owners and a planned
exit (IDVA guidance para 28), written through the case's `support_plan` workflow (workflows/support.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph_model import audit, db
from graph_model import text as checked
from graph_model.errors import InvalidInput
from graph_model.support import records
from graph_model.users import Actor
from workflows import security
from workflows.clock import Clock
from workflows.engine import WorkflowTx
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef
from workflows.registry import Registry, default
from workflows.support import plan_ref, write
from workflows.support_policy import ACTION_KINDS, SAFETY_ITEMS

ACTION_STATUSES = ("open", "done", "cancelled")


@dataclass(frozen=True)
class PlanView:
    """The case's safety plan, support actions, planned exit and the plan's workflow state."""

    case: str
    state: str
    safety: dict[str, dict[str, Any]]
    safety_reviewed_on: date | None
    actions: tuple[dict[str, Any], ...]
    planned_exit: str | None
    planned_exit_by: date | None


def record_safety_plan(case_id: str, actor: Actor, done: list[str], notes: dict[str, str] | None = None,
                       clock: Clock | None = None, registry: Registry | None = None) -> dict[str, dict[str, Any]]:
    """Record the safety plan checklist as reviewed today: every item, done or not, with notes."""
    notes = notes or {}
    for name, note in notes.items():
        checked.check(f"the note on {name!r}", note, checked.MAX_LINE)
    unknown = sorted((set(done) | set(notes)) - set(SAFETY_ITEMS))
    if unknown:
        raise InvalidInput(f"unknown safety plan item(s) {', '.join(unknown)} (items: {', '.join(SAFETY_ITEMS)})")
    items = {k: {"done": k in done, "note": notes.get(k, "")} for k in SAFETY_ITEMS}

    def body(tx: Any, wtx: WorkflowTx) -> dict[str, dict[str, Any]]:
        records.set_safety(tx, case_id, items, wtx.today, actor.username)
        return items
    return write(case_id, actor, "record_safety_plan",
                 f"safety plan reviewed: {len(done)} of {len(SAFETY_ITEMS)} items in place", body,
                 {"done": sorted(done)}, clock, registry)


def add_action(case_id: str, actor: Actor, description: str, owner: str, kind: str = "idva", due: date | None = None,
               clock: Clock | None = None, registry: Registry | None = None) -> str:
    """Add a support plan action with an owner (a worker or an agency); return its id."""
    checked.check("the description", description, checked.MAX_LINE)
    checked.check("the owner", owner, checked.MAX_ID, one_line=True)
    text = " ".join(description.split())
    if not 5 <= len(text) <= 500 or not owner.strip():
        raise InvalidInput("an action needs a description (5 to 500 characters) and an owner")
    if kind not in ACTION_KINDS:
        raise InvalidInput(f"action kind must be one of {', '.join(ACTION_KINDS)}")
    action_id = f"SA-{uuid.uuid4().hex[:10]}"

    def body(tx: Any, wtx: WorkflowTx) -> str:
        records.add_action(tx, case_id, action_id, text, owner.strip(), kind, due, actor.username, wtx.now)
        return action_id
    return write(case_id, actor, "record_action", f"action {action_id} ({kind}) owned by {owner.strip()}", body,
                 {"action": action_id}, clock, registry)


def set_action_status(case_id: str, action_id: str, status: str, actor: Actor, clock: Clock | None = None,
                      registry: Registry | None = None) -> None:
    """Mark a support plan action open, done or cancelled."""
    if status not in ACTION_STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(ACTION_STATUSES)}")

    def body(tx: Any, wtx: WorkflowTx) -> None:
        if not records.set_action(tx, case_id, action_id, status):
            raise UnknownObject(f"no support action {action_id!r} in case {case_id!r}")
    write(case_id, actor, "record_action", f"action {action_id} {status}", body, {"action": action_id}, clock,
          registry)


def set_exit(case_id: str, actor: Actor, planned_exit: str, by_date: date | None = None, clock: Clock | None = None,
             registry: Registry | None = None) -> None:
    """Record the planned exit from support (how support ends safely, and by when)."""
    text = " ".join(checked.check("the planned exit", planned_exit, checked.MAX_TEXT).split())
    if not 5 <= len(text) <= 1000:
        raise InvalidInput("describe the planned exit (5 to 1,000 characters)")

    def body(tx: Any, wtx: WorkflowTx) -> None:
        records.set_exit(tx, case_id, text, by_date)
    write(case_id, actor, "record_action", "planned exit recorded", body, {"planned_exit": True}, clock, registry)


def agree(case_id: str, actor: Actor, clock: Clock | None = None, registry: Registry | None = None) -> None:
    """Move the plan to active: needs a safety plan, at least one open action with an owner and a planned exit."""
    def body(tx: Any, wtx: WorkflowTx) -> None:
        missing = []
        if records.safety(tx, case_id) is None:
            missing.append("a safety plan")
        if not [a for a in records.actions(tx, case_id) if a.get("status") == "open"]:
            missing.append("an open action with an owner")
        if not (records.plan(tx, case_id) or {}).get("planned_exit"):
            missing.append("a planned exit")
        if missing:
            raise InvalidInput(f"the support plan of {case_id} cannot be agreed yet: it needs {', '.join(missing)}")
    write(case_id, actor, "activate", "support plan agreed", body, {}, clock, registry)


def plan(case_id: str, actor: Actor, registry: Registry | None = None, purpose: str | None = None) -> PlanView:
    """Return the safety plan and support plan (needs `view` on the support plan)."""
    reg = registry or default()

    def work(tx: Any) -> PlanView:
        if not records.plan_exists(tx, case_id):
            security.check_in(tx, reg, actor, "view", ObjectRef("case", case_id))
            return PlanView(case_id, "none", {}, None, (), None, None)
        security.check_in(tx, reg, actor, "view", plan_ref(case_id))
        state = security.states_of(tx, reg, plan_ref(case_id))["support_plan"][1]
        safety = records.safety(tx, case_id) or {}
        node = records.plan(tx, case_id) or {}
        return PlanView(case_id, state, safety.get("items", {}), safety.get("reviewed_on"),
                        tuple(records.actions(tx, case_id)), node.get("planned_exit"), node.get("planned_exit_by"))
    with audit.consultation(actor, "view_support_plan", purpose, [audit.subject("case", case_id)]):
        return db.read(work)
