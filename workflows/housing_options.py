"""What the four housing options share (emergency transfer, managed reciprocal move, joint tenancy change,
rehousing the perpetrator): creating one from a case, the tenancy checks, proposing a home (screened in the same
transaction), the move that ends one tenancy and begins another, and the overview that names no one."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph_model import audit, db, permissions
from graph_model.errors import InvalidInput
from graph_model.screening import screen as screening
from graph_model.screening.policy import Policy, current
from graph_model.support import options as options_q
from graph_model.support import tenancy as tenancy_q
from graph_model.support.option_guards import TENURES
from graph_model.users import Actor
from workflows.clock import Clock, from_env
from workflows.engine import Fired, WorkflowTx
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef
from workflows.registry import Registry, default

WORKFLOWS = ("emergency_transfer", "reciprocal_move", "tenancy_change", "perpetrator_rehousing")
PREFIX = {"emergency_transfer": "ET", "reciprocal_move": "RM", "tenancy_change": "TC", "perpetrator_rehousing": "PR"}
SOCIAL_LANDLORDS = ("housing_provider", "local_authority_housing")
Work = Callable[[Any, WorkflowTx], Any]


def text(value: str | None, what: str, limit: int = 2000) -> str:
    """Return a required free text stripped, or refuse it naming the field."""
    cleaned = " ".join((value or "").split())
    if not cleaned or len(cleaned) > limit:
        raise InvalidInput(f"give {what} (1 to {limit:,} characters)")
    return cleaned


def tenure(value: str | None) -> str:
    """Return a tenure from the vocabulary, or refuse it listing the choices."""
    if value not in TENURES:
        raise InvalidInput(f"tenure must be one of {', '.join(TENURES)}, not {value!r}")
    return str(value)


def create(case_id: str, actor: Actor, object_type: str, write: Callable[[Any, str, Any], None],
           detail: dict[str, Any], clock: Clock | None, registry: Registry | None) -> str:
    """Check `manage` on the case, create the option (write(tx, id, now)), enrol it, check `manage` on it, audit."""
    reg, now = registry or default(), (clock or from_env()).now()
    option_id = f"{PREFIX[object_type]}-{uuid.uuid4().hex[:10]}"
    ref = ObjectRef(object_type, option_id)

    def work(tx: Any) -> str:
        wtx = WorkflowTx(tx, reg, actor, now)
        wtx.require("manage", ObjectRef("case", case_id))
        write(tx, option_id, now)
        wtx.enrol(ref, object_type)
        wtx.require("manage", ref)
        audit.record(tx, actor, f"create_{object_type}", f"{object_type} from case {case_id}",
                     {"case": case_id, "id": option_id, **detail})
        return option_id
    return db.write_once(work)


def acting(ref: ObjectRef, actor: Actor, permission: str, work: Work, clock: Clock | None = None,
           registry: Registry | None = None, view: bool = True) -> Any:
    """Run work(tx, wtx) in one write transaction once the actor holds `view` (unless told not to: a receiving
    landlord never views the option) and `permission` on the option."""
    reg, now = registry or default(), (clock or from_env()).now()

    def run(tx: Any) -> Any:
        wtx = WorkflowTx(tx, reg, actor, now)
        for needed in (["view"] if view else []) + [permission]:
            wtx.require(needed, ref)
        return work(tx, wtx)
    return db.write_once(run)


def found(tx: Any, ref: ObjectRef) -> dict[str, Any]:
    """Return the option's fields and links, or raise UnknownObject."""
    row = options_q.option(tx, ref.id)
    if row is None or row.get("kind") != ref.type:
        raise UnknownObject(f"no {ref.type.replace('_', ' ')} {ref.id!r}")
    return row


def held_tenancy(tx: Any, case_id: str, tenancy_id: str, on: date, role: str) -> dict[str, Any]:
    """Return a tenancy open on `on` whose tenant is a `role` (victim / perpetrator) in the case, or refuse."""
    t = tenancy_q.tenancy(tx, tenancy_id, case_id)
    if t is None:
        raise UnknownObject(f"no tenancy {tenancy_id!r} in the graph")
    if not t[role]:
        raise InvalidInput(f"tenancy {tenancy_id} is not held by a {role} in case {case_id}")
    if t["start"] > on or (t["end"] is not None and t["end"] <= on):
        raise InvalidInput(f"tenancy {tenancy_id} is not current on {on} ({t['start']} to {t['end'] or 'open'})")
    return t


def social(t: dict[str, Any]) -> None:
    """Refuse a tenancy whose home has no social landlord recorded."""
    if t["landlord_kind"] not in SOCIAL_LANDLORDS:
        raise InvalidInput(f"tenancy {t['id']} is not a social tenancy: its home has no social landlord recorded")


def propose(tx: Any, wtx: WorkflowTx, ref: ObjectRef, property_id: str, offered: str | None, person: str,
            policy: Policy | None) -> screening.ScreeningResult:
    """Screen the person moving against the home (stored and audited), and record it as the proposal."""
    if tenancy_q.home(tx, property_id, wtx.today) is None:
        raise UnknownObject(f"no property {property_id!r} in the graph")
    result = screening.screen_in(tx, wtx.actor, person, property_id, wtx.today, None, policy or current(), wtx.now)
    options_q.propose(tx, ref.id, property_id, offered, result.screening_id)
    return result


def move(ref: ObjectRef, moved_on: date, actor: Actor, permission: str, new_tenure: str | None = None,
         clock: Clock | None = None, registry: Registry | None = None, view: bool = True) -> Fired:
    """End the tenancy the option starts from on the day, begin the tenant's new one in the home offered, and
    fire `move`: one transaction (the guard `tenancy_written` checks the writes)."""
    def work(tx: Any, wtx: WorkflowTx) -> Fired:
        o = found(tx, ref)
        if moved_on > wtx.today or moved_on < o["requested_on"]:
            raise InvalidInput(f"the move day {moved_on} must be between the request ({o['requested_on']}) and today")
        if not o.get("proposed"):
            raise InvalidInput(f"{ref} has no home offered")
        options_q.record(tx, ref.id, {"moved_on": moved_on})
        if not tenancy_q.end(tx, o["tenancy"], moved_on, ref.id):
            raise InvalidInput(f"tenancy {o['tenancy']} is not current on {moved_on}")
        tenancy_q.begin(tx, f"T-{uuid.uuid4().hex[:10]}", o["tenant"], o["proposed"], moved_on,
                        new_tenure or o.get("proposed_tenure") or o.get("tenure") or "unknown", False, ref.id)
        fired = wtx.fire(ref, "move", params={"moved_on": moved_on.isoformat()}, workflow=ref.type)
        audit.record(tx, actor, "housing_move", f"{ref.type} move", {"id": ref.id, "ended": o["tenancy"]})
        return fired
    return acting(ref, actor, permission, work, clock, registry, view)


@dataclass(frozen=True)
class OptionCount:
    """How many options of one workflow stand in one state (never who, never where)."""

    workflow: str
    title: str
    state: str
    state_title: str
    count: int


def overview(actor: Actor, registry: Registry | None = None) -> list[OptionCount]:
    """Return every state of the four housing options with how many stand in it (figures only)."""
    permissions.check(actor, "support_capacity")
    reg = registry or default()
    counts = {(w, s): n for w, s, n in db.read(lambda tx: options_q.overview(tx, list(WORKFLOWS)))}
    rows = []
    for workflow in WORKFLOWS:
        d = reg.definition(workflow)
        rows += [OptionCount(workflow, d.title, s.id, s.title, counts.get((workflow, s.id), 0))
                 for s in d.states.values()]
    return rows
