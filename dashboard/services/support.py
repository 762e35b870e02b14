"""Support for a victim, as the signed-in user: safe contact, needs, the safety and support plans, the Housing
IDVA referral and its document, target hardening, refuge referrals, capacity and the directory.

Each function calls the workflows/support* service functions with the signed-in user; those check permission and
audit, so nothing here is the security. Vocabularies are passed through so the page imports only services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard.services.acting import actor
from dashboard.services.casework import timeline
from graph_model import permissions
from graph_model.errors import InvalidInput, PermissionDenied
from graph_model.vocabulary import REFERRAL_BASES
from workflows import registry, service, support, support_housing, support_plan, support_referral, worklists
from workflows.engine import Fired
from workflows.refs import ObjectRef
from workflows.service import TransitionOption
from workflows.support import NeedsView, SafeContactView
from workflows.support_housing import Budget, Capacity
from workflows.support_plan import ACTION_STATUSES, PlanView
from workflows.support_policy import ACTION_KINDS, CONTACT_WAYS, INTERPRETER, NEEDS_AREAS, SAFETY_ITEMS, WARNINGS
from workflows.support_policy import default as default_policy

__all__ = ["ACTION_KINDS", "ACTION_STATUSES", "BASES", "CONTACT_WAYS", "INTERPRETER", "NEEDS_AREAS", "SAFETY_ITEMS",
           "WARNINGS", "Budget", "Capacity", "NeedsView", "PlanView", "ReferralSummary", "SafeContactView"]

BASES = tuple(sorted(REFERRAL_BASES))
# The worklists whose items are cases (or a case's support plan, whose id is the case's): the case picker.
CASE_WORKLISTS = ("support_plan.plans_to_review", "support_plan.plans_to_agree", "da_case.reviews_overdue",
                  "da_case.reviews_due", "da_case.to_refer", "da_case.to_assess", "da_case.to_open")
HOUSING_WORKLISTS = ("target_hardening.to_decide", "target_hardening.to_fit", "refuge_referral.to_place")
CASE_ID_MAX = 100


def case_id(text: str) -> str:
    """Return a case id as typed (trimmed), or raise InvalidInput naming the field."""
    found = text.strip().removeprefix("case:")
    if not found or len(found) > CASE_ID_MAX or any(c.isspace() for c in found):
        raise InvalidInput("case: give the case's id, e.g. C1 (no spaces)")
    return found


def my_cases(limit: int = 50) -> list[str]:
    """Return the ids of cases on the user's support and case worklists (first `limit` of each), most urgent
    first."""
    user, found = actor(), []
    for name in CASE_WORKLISTS:
        items = worklists.worklist(name, user, limit=limit)
        found += [i.ref.id for i in items if i.ref.type in ("case", "support_plan")]
    return list(dict.fromkeys(found))


def case_area(case: str) -> str | None:
    """Return the case's area (for its sanctuary budget); needs view on the case."""
    return timeline(case, purpose="support page: budget area").area


def may(action: str) -> bool:
    """Return True when the user's roles allow a support action (support_capacity, support_budget...)."""
    return actor().has_role(*permissions.ACTION_ROLES[action])


def may_record() -> bool:
    """Return True when the user's roles may record support (police read safe contact, to contact safely)."""
    d = registry.default().definition("support_plan")
    return actor().has_role(*d.states[d.initial_state].roles_with("support"))


def directory() -> dict[str, list[dict[str, str]]]:
    """Return the support directory: emergency numbers, helplines, local services."""
    permissions.check(actor(), "support_directory")
    return default_policy().directory


def plan(case: str) -> PlanView:
    """Return the case's safety plan, support actions and planned exit (needs view)."""
    return support_plan.plan(case, actor())


def contact(case: str) -> list[SafeContactView]:
    """Return the victims' safe contact details; the code word only for those allowed it."""
    return support.contact(case, actor())


def set_contact(case: str, person: str, fields: dict[str, Any]) -> list[str]:
    """Record the fields of a victim's safe contact details that changed; return their names."""
    return support.set_contact(case, person, actor(), fields)


def set_spoc(case: str, person: str, spoc: str, victim_agreed: bool) -> None:
    """Record the single point of contact the victim chose (only with their agreement)."""
    support.set_spoc(case, person, spoc, actor(), victim_agreed=victim_agreed)


def needs(case: str) -> NeedsView:
    """Return the latest needs assessment and the risk review clock."""
    return support.needs(case, actor())


def record_needs(case: str, areas: dict[str, str], nrpf: bool, change: str | None, on: date | None) -> str:
    """Record a needs assessment (a change of circumstances also starts a risk review); return its id."""
    return support.record_needs(case, actor(), areas, nrpf=nrpf, change=change or None, on=on)


def record_safety_plan(case: str, done: list[str], notes: dict[str, str]) -> None:
    """Record the safety plan checklist as reviewed today."""
    support_plan.record_safety_plan(case, actor(), done, {k: v for k, v in notes.items() if v.strip()})


def add_action(case: str, description: str, owner: str, kind: str, due: date | None) -> str:
    """Add a support plan action with an owner; return its id."""
    return support_plan.add_action(case, actor(), description, owner, kind, due)


def set_action_status(case: str, action: str, status: str) -> None:
    """Mark a support plan action open, done or cancelled."""
    support_plan.set_action_status(case, action, status, actor())


def set_exit(case: str, planned_exit: str, by: date | None) -> None:
    """Record the planned exit from support."""
    support_plan.set_exit(case, actor(), planned_exit, by)


def agree_plan(case: str) -> None:
    """Agree the support plan (needs a safety plan, an open action and a planned exit)."""
    support_plan.agree(case, actor())


def plan_step(case: str, transition: str, comment: str) -> Fired:
    """Review the plan after a contact, or end it at the planned exit (a comment is required)."""
    if transition not in ("review", "exit"):
        raise InvalidInput(f"a support plan step is review or exit, not {transition!r}")
    return service.fire(support.plan_ref(case), transition, actor(), comment=comment)


@dataclass(frozen=True)
class ReferralSummary:
    """An IDVA referral of the case: when, from and to whom, its state, and what the user may do with it."""

    id: str
    on: date | None
    what: str
    state: str
    options: tuple[TransitionOption, ...]


def referrals(case: str) -> list[ReferralSummary]:
    """Return the case's IDVA referrals the user may see, with the transitions open to them (or why not)."""
    user, found = actor(), []
    for event in timeline(case, purpose="support page: referrals").events:
        if event.kind != "referral" or not event.what.startswith("idva referral"):
            continue
        ref = ObjectRef("idva_referral", event.id)
        try:
            [status] = [s for s in service.state(ref, user) if s.workflow == "idva_referral"]
            options = tuple(service.available_transitions(ref, user))
        except PermissionDenied:
            continue  # a referral of another agency the user may not see: not listed
        found.append(ReferralSummary(event.id, event.on, event.what, status.state_title, options))
    return found


def create_referral(case: str, to_agency: str, basis: str, on: date | None, self_referral: bool) -> str:
    """Refer the case to an IDVA service from the user's agency (self_referral: no referring agency)."""
    if not to_agency.strip():
        raise InvalidInput("receiving IDVA service: give its agency id")
    return support_housing.create_referral(case, to_agency.strip(), actor(), basis, on, self_referral)


def referral_step(referral: str, transition: str, comment: str, params: dict[str, Any] | None = None) -> Fired:
    """Accept, decline or allocate an IDVA referral (the Housing IDVA rules guard accept)."""
    if transition not in ("accept", "decline", "allocate", "engage", "close"):
        raise InvalidInput(f"an IDVA referral step is accept, decline, allocate, engage or close, not {transition!r}")
    given = {k: v for k, v in (params or {}).items() if v not in (None, "")}
    return service.fire(ObjectRef("idva_referral", referral), transition, actor(), comment=comment,
                        params=given or None)


def referral_document(referral: str) -> str:
    """Return the referral's document for the receiving agency, as Markdown (never the address or code word)."""
    return support_referral.to_markdown(support_referral.build(referral, actor(), purpose="support page"))


def request_hardening(case: str, measures: list[str], cost: int) -> str:
    """Request target hardening measures for the victim's home at an estimated cost; return the request's id."""
    return support_housing.request_hardening(case, measures, cost, actor())


def approve_hardening(request: str, cost: int | None) -> tuple[Fired, Budget]:
    """Approve a request if it fits what is left of the area's budget (else GuardFailed with the figures)."""
    return support_housing.approve_hardening(request.strip(), actor(), cost)


def fit_hardening(request: str, on: date) -> Fired:
    """Record the measures fitted on a day."""
    return support_housing.fit_hardening(request.strip(), on, actor())


def hardening_step(request: str, transition: str, comment: str) -> Fired:
    """Decline or cancel a target hardening request (say why)."""
    if transition not in ("decline", "cancel"):
        raise InvalidInput(f"a target hardening step here is decline or cancel, not {transition!r}")
    return service.fire(ObjectRef("target_hardening", request.strip()), transition, actor(), comment=comment)


def budget(area: str | None) -> Budget:
    """Return an area's sanctuary budget: committed and left (figures only; budget holders)."""
    return support_housing.budget(area, actor())


def refer_refuge(case: str, kind: str, children: int) -> str:
    """Refer the victim (and children) to a refuge or dispersed accommodation; return the referral's id."""
    return support_housing.refer_refuge(case, actor(), kind, children)


def offer_place(referral: str, service_id: str) -> Fired:
    """Offer a place in a service that has room for the adult and the children."""
    return support_housing.offer_place(referral.strip(), service_id, actor())


def refuge_step(referral: str, transition: str, comment: str) -> Fired:
    """Move in, move on or decline a refuge referral."""
    if transition not in ("move_in", "move_on", "decline"):
        raise InvalidInput(f"a refuge referral step is move_in, move_on or decline, not {transition!r}")
    return service.fire(ObjectRef("refuge_referral", referral.strip()), transition, actor(), comment=comment)


def capacity() -> list[Capacity]:
    """Return free places per safe accommodation service (counts only)."""
    return support_housing.capacity(actor())


def housing_waiting(limit: int = 20) -> dict[str, list[str]]:
    """Return {worklist: object ids} of target hardening and refuge referrals waiting for the user."""
    user = actor()
    return {name: [i.ref.id for i in items] for name in HOUSING_WORKLISTS
            if (items := worklists.worklist(name, user, limit=limit))}
