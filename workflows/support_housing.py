"""Referrals from a case and housing options as a user: the Housing IDVA referral (the idva_referral workflow
guards the rules), sanctuary / target hardening against a budget, refuge referrals and the capacity view."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph_model import audit, db, permissions, text
from graph_model.errors import InvalidInput
from graph_model.support import housing
from graph_model.support import referral as referral_q
from graph_model.users import Actor
from graph_model.vocabulary import REFERRAL_BASES
from workflows import security, service, sharing
from workflows.clock import Clock, from_env
from workflows.engine import Fired, WorkflowTx
from workflows.errors import GuardFailed, GuardFailure, UnknownObject
from workflows.refs import ObjectRef
from workflows.registry import Registry, default
from workflows.support_policy import SupportPolicy
from workflows.support_policy import default as default_policy

MAX_COST = 100_000


def _create(case_id: str, actor: Actor, ref: ObjectRef, workflow: str, permission: str | None, create: Any,
            detail: dict[str, Any], clock: Clock | None, registry: Registry | None,
            share: tuple[list[str], str | None] | None = None) -> str:
    """Check `manage` on the case, create the object, enrol it, check the actor's permission on it (if one is
    named), audit; when it sends the case to another agency (`share`: recipients and the basis claimed), refuse it
    without consent or a recorded lawful basis and record the disclosure, all in one transaction."""
    reg, now = registry or default(), (clock or from_env()).now()
    action, subjects = f"create_{ref.type}", [audit.subject("case", case_id), audit.subject(ref.type, ref.id)]
    purpose = f"{workflow} from case {case_id}"

    def work(tx: Any) -> str:
        security.check_in(tx, reg, actor, "manage", ObjectRef("case", case_id))
        create(tx, now)
        if share is not None:
            sharing.disclose(tx, actor, f"share_{ref.type}", case_id, share[0], purpose, subjects[1:], share[1],
                             {"id": ref.id})
        wtx = WorkflowTx(tx, reg, actor, now)
        wtx.enrol(ref, workflow)
        if permission:
            wtx.require(permission, ref)
        audit.record(tx, actor, action, purpose, {"case": case_id, "id": ref.id, **detail}, subjects)
        return ref.id
    with audit.denials(actor, action if share is None else f"share_{ref.type}", purpose, subjects):
        return db.write_once(work)


def create_referral(case_id: str, to_agency: str, actor: Actor, basis: str, on: date | None = None,
                    self_referral: bool = False, clock: Clock | None = None,
                    registry: Registry | None = None) -> str:
    """Refer the case to the (Housing) IDVA service from the user's agency; a self-referral names no referring
    agency (the workflow then refuses to accept it: professionals only)."""
    if basis not in REFERRAL_BASES:
        raise InvalidInput(f"basis must be one of {', '.join(sorted(REFERRAL_BASES))}")
    text.check_id("the agency's id", to_agency)
    referral_id = f"F-{uuid.uuid4().hex[:10]}"
    from_agency = None if self_referral else actor.agency_id
    day = on or (clock or from_env()).now().date()

    def create(tx: Any, now: Any) -> None:
        if referral_q.agency(tx, to_agency) is None:
            raise UnknownObject(f"no agency {to_agency!r} in the graph")
        referral_q.create(tx, referral_id, case_id, "idva", from_agency, to_agency, day, basis, actor.username, now)
    # No check on the referral itself: a self-referral passed on has no referrer, and `manage` on the case suffices.
    return _create(case_id, actor, ObjectRef("idva_referral", referral_id), "idva_referral", None, create,
                   {"to_agency": to_agency, "basis": basis, "self_referral": self_referral}, clock, registry,
                   share=([to_agency], basis))


def request_hardening(case_id: str, measures: list[str], estimated_cost: int, actor: Actor,
                      clock: Clock | None = None, registry: Registry | None = None) -> str:
    """Request sanctuary / target hardening measures for the victim's home, with an estimated cost in pounds."""
    items = [" ".join(text.check("a measure", m, text.MAX_LINE).split()) for m in measures if m.strip()]
    if not items or any(len(m) > 200 for m in items):
        raise InvalidInput("name the measures (e.g. 'door locks', 'window alarms'), each up to 200 characters")
    if not 0 < estimated_cost <= MAX_COST:
        raise InvalidInput(f"the estimated cost is whole pounds between 1 and {MAX_COST:,}")
    request_id = f"TH-{uuid.uuid4().hex[:10]}"

    def create(tx: Any, now: Any) -> None:
        housing.create_hardening(tx, request_id, case_id, items, estimated_cost, now.date(), actor.username, now)
    return _create(case_id, actor, ObjectRef("target_hardening", request_id), "target_hardening", "request", create,
                   {"estimated_cost": estimated_cost}, clock, registry)


@dataclass(frozen=True)
class Budget:
    """An area's sanctuary budget in a budget year: what is committed and what is left (no case named)."""

    area: str | None
    start: date
    end: date
    budget: int
    committed: int
    approved: int
    pending_cost: int
    pending: int

    @property
    def left(self) -> int:
        """Pounds not yet committed."""
        return self.budget - self.committed


def _budget(tx: Any, policy: SupportPolicy, area: str | None, day: date) -> Budget:
    start, end = policy.budget_year(day)
    spent, n = housing.committed(tx, area, start, end)
    asked, waiting = housing.pending(tx, area)
    return Budget(area, start, end, policy.budget(area), spent, n, asked, waiting)


def approve_hardening(request_id: str, actor: Actor, cost: int | None = None, clock: Clock | None = None,
                      registry: Registry | None = None, policy: SupportPolicy | None = None) -> tuple[Fired, Budget]:
    """Approve a request if its cost fits what is left of the area's budget this budget year; else refuse."""
    reg, now, rules = registry or default(), (clock or from_env()).now(), policy or default_policy()
    ref = ObjectRef("target_hardening", request_id)

    def work(tx: Any) -> tuple[Fired, Budget]:
        wtx = WorkflowTx(tx, reg, actor, now)
        wtx.require("view", ref)
        found = housing.hardening(tx, request_id)
        if found is None:
            raise UnknownObject(f"no target hardening request {request_id!r}")
        amount = cost if cost is not None else int(found["estimated_cost"])
        if not 0 < amount <= MAX_COST:
            raise InvalidInput(f"the approved cost is whole pounds between 1 and {MAX_COST:,}")
        before = _budget(tx, rules, found["area"], now.date())
        if amount > before.left:
            raise GuardFailed(f"approve on {ref}", [GuardFailure(
                "budget", f"£{amount:,} is more than the £{before.left:,} left of the {found['area']} sanctuary "
                          f"budget (£{before.budget:,}, {before.start} to {before.end}): decline, or cut the cost")])
        housing.set_approved(tx, request_id, amount, now.date(), actor.username)
        fired = wtx.fire(ref, "approve", comment=f"approved £{amount:,}; £{before.left - amount:,} left",
                         params=None, workflow="target_hardening")
        audit.record(tx, actor, "approve_target_hardening", "sanctuary budget", {"id": request_id, "cost": amount},
                     [audit.subject("target_hardening", request_id)])
        return fired, _budget(tx, rules, found["area"], now.date())
    return db.write_once(work)


def fit_hardening(request_id: str, fitted_on: date, actor: Actor, clock: Clock | None = None,
                  registry: Registry | None = None) -> Fired:
    """Record the measures fitted on a day."""
    return service.fire(ObjectRef("target_hardening", request_id), "fit", actor,
                        params={"fitted_on": fitted_on.isoformat()}, registry=registry, clock=clock)


def budget(area: str | None, actor: Actor, clock: Clock | None = None,
           policy: SupportPolicy | None = None) -> Budget:
    """Return an area's sanctuary budget, committed and left (figures only)."""
    permissions.check(actor, "support_budget")
    now = (clock or from_env()).now()
    return db.read(lambda tx: _budget(tx, policy or default_policy(), area, now.date()))


def refer_refuge(case_id: str, actor: Actor, kind: str = "refuge", children: int = 0, clock: Clock | None = None,
                 registry: Registry | None = None) -> str:
    """Refer the victim (and their children) to a refuge or dispersed safe accommodation."""
    if kind not in ("refuge", "dispersed") or not 0 <= children <= 12:
        raise InvalidInput("kind is refuge or dispersed; children 0 to 12")
    referral_id = f"RR-{uuid.uuid4().hex[:10]}"

    def create(tx: Any, now: Any) -> None:
        housing.create_refuge(tx, referral_id, case_id, kind, children, now.date(), actor.username, now)
    return _create(case_id, actor, ObjectRef("refuge_referral", referral_id), "refuge_referral", "manage", create,
                   {"kind": kind, "children": children}, clock, registry, share=([f"{kind} services"], None))


@dataclass(frozen=True)
class Capacity:
    """One service's places: total, held and free (counts only: never who, never where)."""

    service: str
    name: str
    kind: str
    adults: int
    children: int
    adults_free: int
    children_free: int


def _capacity(tx: Any, rules: SupportPolicy) -> list[Capacity]:
    held = housing.occupancy(tx)
    return [Capacity(s.id, s.name, s.kind, s.adults, s.children, max(0, s.adults - held.get(s.id, (0, 0))[0]),
                     max(0, s.children - held.get(s.id, (0, 0))[1])) for s in rules.services]


def capacity(actor: Actor, policy: SupportPolicy | None = None) -> list[Capacity]:
    """Return free places per safe accommodation service."""
    permissions.check(actor, "support_capacity")
    return db.read(lambda tx: _capacity(tx, policy or default_policy()))


def offer_place(referral_id: str, service_id: str, actor: Actor, clock: Clock | None = None,
                registry: Registry | None = None, policy: SupportPolicy | None = None) -> Fired:
    """Offer a place in a service that has room for the adult and their children."""
    reg, now, rules = registry or default(), (clock or from_env()).now(), policy or default_policy()
    ref = ObjectRef("refuge_referral", referral_id)
    chosen = rules.service(service_id)
    if chosen is None:
        raise InvalidInput(f"no service {service_id!r} (services: {', '.join(s.id for s in rules.services)})")

    def work(tx: Any) -> Fired:
        wtx = WorkflowTx(tx, reg, actor, now)
        wtx.require("view", ref)
        found = housing.refuge(tx, referral_id)
        if found is None:
            raise UnknownObject(f"no refuge referral {referral_id!r}")
        free = next(c for c in _capacity(tx, rules) if c.service == service_id)
        if free.adults_free < 1 or free.children_free < int(found["children"] or 0):
            raise GuardFailed(f"offer on {ref}", [GuardFailure(
                "capacity", f"{chosen.name} has {free.adults_free} adult and {free.children_free} children's "
                            f"place(s) free; this family needs 1 and {found['children']}")])
        housing.mark_place_checked(tx, referral_id, service_id)
        return wtx.fire(ref, "offer", params={"service": service_id}, workflow="refuge_referral")
    return db.write_once(work)
