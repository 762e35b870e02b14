"""MARAC actions as a user: create (a write of case data), status changes through the marac_action workflow,
what an agency owes (overdue flagged), and what the last meeting left undone, split by why.

Split rule (documented in docs/marac.md): an action agreed at the previous meeting and not done is
"circumstances changed" when it was cancelled with a reason, or when its case had a new incident, risk
assessment or MARAC referral after that meeting (up to this one); otherwise "agency did not act".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph_model import audit, db
from graph_model import text as checked
from graph_model.errors import InvalidInput
from graph_model.marac import actions as actions_q
from graph_model.marac.actions import Action
from graph_model.marac.agenda import meeting as read_meeting
from graph_model.users import Actor
from workflows import security, service
from workflows.clock import Clock, from_env
from workflows.engine import Fired, WorkflowTx
from workflows.errors import UnknownObject
from workflows.marac import today
from workflows.refs import ObjectRef
from workflows.registry import Registry, default

TRANSITIONS = {"done": "complete", "cancelled": "cancel", "open": "reopen"}
CHANGED, DID_NOT_ACT = "circumstances_changed", "agency_did_not_act"
MAX_DESCRIPTION = 500


@dataclass(frozen=True)
class OwedAction:
    """An action an agency owes, and whether (and how long) it is overdue: the day after its due date."""

    action: Action
    overdue: bool
    days_overdue: int


@dataclass(frozen=True)
class Outstanding:
    """An action from the previous meeting not done, with why it counts where it does."""

    action: Action
    split: str
    reason: str


@dataclass(frozen=True)
class OutstandingReport:
    """The previous meeting (if any) and its actions not done, in the two groups."""

    meeting: str
    previous: str | None
    circumstances_changed: tuple[Outstanding, ...]
    agency_did_not_act: tuple[Outstanding, ...]


def _visible(tx: Any, reg: Registry, actor: Actor, found: list[Action]) -> list[Action]:
    seen = security.visible(tx, reg, actor, "view", [ObjectRef("marac_action", a.id) for a in found])
    return [a for a in found if ObjectRef("marac_action", a.id) in seen]


def owed(agency_id: str, actor: Actor, clock: Clock | None = None, registry: Registry | None = None,
         include_closed: bool = False) -> list[OwedAction]:
    """Return what an agency owes across all meetings (the actions the user may view), overdue flagged."""
    reg, now = registry or default(), today(clock)
    statuses = ("open", "done", "cancelled") if include_closed else ("open",)
    found = db.read(lambda tx: _visible(tx, reg, actor, actions_q.owed(tx, agency_id, statuses)))
    return [OwedAction(a, a.status == "open" and a.due < now, max(0, (now - a.due).days) if a.status == "open"
                       else 0) for a in found]


def split(a: Action) -> Outstanding:
    """Say whether an undone action is down to changed circumstances or to the agency not acting, and why."""
    if a.status == "cancelled" and a.cancel_comment:
        return Outstanding(a, CHANGED, f"cancelled: {a.cancel_comment}")
    if a.changes:
        return Outstanding(a, CHANGED, "since the meeting: " + "; ".join(a.changes))
    if a.status == "cancelled":
        return Outstanding(a, DID_NOT_ACT, "cancelled with no reason recorded, and nothing changed in the case")
    return Outstanding(a, DID_NOT_ACT, "still open, and nothing changed in the case since the meeting")


def outstanding(meeting_id: str, actor: Actor, clock: Clock | None = None,
                registry: Registry | None = None) -> OutstandingReport:
    """Return the actions from the area's previous meeting not yet done, split into the two groups."""
    reg = registry or default()

    def work(tx: Any) -> OutstandingReport:
        security.check_in(tx, reg, actor, "view", ObjectRef("marac_meeting", meeting_id))
        previous = actions_q.previous_meeting(tx, meeting_id)
        if previous is None:
            return OutstandingReport(meeting_id, None, (), ())
        this = read_meeting(tx, meeting_id)
        until = this.date if this else today(clock)
        parts = [split(a) for a in _visible(tx, reg, actor, actions_q.outstanding(tx, previous, until))]
        return OutstandingReport(meeting_id, previous, tuple(p for p in parts if p.split == CHANGED),
                                 tuple(p for p in parts if p.split == DID_NOT_ACT))
    return db.read(work)


def create(marac_case_id: str, owner_agency: str, description: str, due: date, actor: Actor,
           clock: Clock | None = None, registry: Registry | None = None) -> str:
    """Agree a new SMART action on a listed case (needs `chair` on it); enrol it, audit it; return its id."""
    reg, now = registry or default(), (clock or from_env()).now()
    text = " ".join(checked.check("the description", description, checked.MAX_TEXT).split())
    if not 10 <= len(text) <= MAX_DESCRIPTION:
        raise InvalidInput(f"an action's description must be 10 to {MAX_DESCRIPTION} characters: say what, by whom "
                           "and by when (SMART)")
    if due < now.date():
        raise InvalidInput(f"due date {due} is in the past")
    action_id = f"X-{uuid.uuid4().hex[:10]}"

    def work(tx: Any) -> str:
        ref = ObjectRef("marac_case", marac_case_id)
        security.check_in(tx, reg, actor, "chair", ref)
        found = actions_q.targets(tx, marac_case_id, owner_agency)
        if not found["agency"]:
            raise UnknownObject(f"no agency {owner_agency!r} in the graph")
        actions_q.create(tx, action_id, marac_case_id, owner_agency, text, due)
        WorkflowTx(tx, reg, actor, now).enrol(ObjectRef("marac_action", action_id), "marac_action")
        audit.record(tx, actor, "create_marac_action", "MARAC action agreed",
                     {"action": action_id, "marac_case": marac_case_id, "owner_agency": owner_agency, "due": due},
                     subjects)
        return action_id
    subjects = [audit.subject("marac_case", marac_case_id), audit.subject("marac_action", action_id)]
    with audit.denials(actor, "create_marac_action", "MARAC action agreed", subjects):
        return db.write(work)


def update(action_id: str, status: str, actor: Actor, comment: str = "", clock: Clock | None = None,
           registry: Registry | None = None) -> Fired:
    """Move an action to done, cancelled or open through the marac_action workflow (so it is in the history)."""
    if status not in TRANSITIONS:
        raise InvalidInput(f"status {status!r} is not one of {', '.join(TRANSITIONS)}")
    return service.fire(ObjectRef("marac_action", action_id), TRANSITIONS[status], actor, comment=comment,
                        workflow="marac_action", registry=registry, clock=clock)
