"""The access matrix's rows for the services merged after its second extension: the dashboard's Support page
(dashboard/services/support.py), its Audit page (oversight.search_audit) and Case page (casework.open_object), the
documents sent to other agencies (marac_record.render, support_referral.render) and consistency.screenings_of.

The Support page's services are doors to the workflows/support* services already in the matrix: their rows need
what those rows need and reuse the same setups. Who may do what is the definitions' (support_plan.yaml,
target_hardening.yaml, refuge_referral.yaml, idva_referral.yaml, ACTION_ROLES): the rows never name a role.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dashboard.services import casework, oversight
from dashboard.services import support as door
from graph_model import consistency
from tests.security.entry import Entry, as_user
from tests.security.world import NORTH, SCREENED, Bundle
from workflows import marac_record, support_housing, support_plan, support_referral
from workflows.refs import ObjectRef

SUPPORT = ("support_plan", "support_plan")  # object type and workflow of the case's support plan
PLANNING = (("manage", "case"),)  # the support writes: manage on the case, then the plan's record-only transition


# -- setups: as the north (party) users who may, before the call under test (as in matrix.py) --------------------
def _hardening(b: Bundle, shared: dict[str, Any]) -> None:
    shared[b.n] = support_housing.request_hardening(b.case, ["door locks"], 100, as_user("idva.in"))


def _approved(b: Bundle, shared: dict[str, Any]) -> None:
    _hardening(b, shared)
    support_housing.approve_hardening(shared[b.n], as_user("da_lead.in"))


def _refuge(b: Bundle, shared: dict[str, Any]) -> None:
    shared[b.n] = support_housing.refer_refuge(b.case, as_user("idva.in"), children=1)


def _support_action(b: Bundle, shared: dict[str, Any]) -> None:
    shared[b.n] = support_plan.add_action(b.case, as_user("idva.in"), "Call the victim weekly", "IDVA service")


def _plan_ready(b: Bundle, shared: dict[str, Any]) -> None:
    idva = as_user("idva.in")
    support_plan.record_safety_plan(b.case, idva, ["phone"])
    support_plan.add_action(b.case, idva, "Call the victim weekly", "IDVA service")
    support_plan.set_exit(b.case, idva, "Step down to outreach once safe", None)


def _plan_agreed(b: Bundle, shared: dict[str, Any]) -> None:
    _plan_ready(b, shared)
    support_plan.agree(b.case, as_user("idva.in"))


def _listed_referral(b: Bundle, answer: Any) -> bool:
    return any(r.id == b.referral for r in answer)


READS: list[Entry] = [
    # the Case page: state, transitions, history and timeline read as one consultation
    Entry(casework.open_object, lambda c: casework.open_object(ObjectRef("case", c.b.case)), "case",
          needs=(("view", "case"),), audit="view_case"),
    Entry(casework.open_object, lambda c: casework.open_object(ObjectRef("nomination", c.b.nomination)), "nomination",
          needs=(("view", "nomination"),), audit="view_case"),
    # the Audit page
    Entry(oversight.search_audit, lambda c: oversight.search_audit(page_size=20), action="search_audit",
          audit="search_audit", across="the audit of every area, for those who audit (DA leads, administrators)"),
    # documents for other agencies: the views behind them are checked first; a sent one is a disclosure event
    Entry(marac_record.render, lambda c: marac_record.render(c.b.meeting, c.actor),
          needs=(("view", "marac_meeting"),), audit="view_marac_record"),
    # A refusal is audited as share_referral_document (no view on the referral) or, from the document's read,
    # view_referral_document (no view on the case): one denied event either way, so no single action is asserted.
    Entry(support_referral.render, lambda c: support_referral.render(c.b.referral, c.actor),
          needs=(("view", "idva_referral"), ("view", "case"))),
    Entry(consistency.screenings_of, lambda c: consistency.screenings_of(c.actor, [c.b.nomination]),
          action="verify_history", echo=lambda b: (b.nomination,), bundle=SCREENED),
    # the Support page's reads (no plan yet on the read bundle: they need view on the case)
    Entry(door.my_cases, lambda c: door.my_cases()),
    Entry(door.case_area, lambda c: door.case_area(c.b.case), needs=(("view", "case"),), audit="view_case_timeline"),
    Entry(door.directory, lambda c: door.directory(), action="support_directory"),
    Entry(door.plan, lambda c: door.plan(c.b.case), needs=(("view", "case"),), audit="view_support_plan"),
    Entry(door.contact, lambda c: door.contact(c.b.case), needs=(("view", "case"),), audit="view_safe_contact"),
    Entry(door.needs, lambda c: door.needs(c.b.case), needs=(("view", "case"),), audit="view_needs"),
    Entry(door.referrals, lambda c: door.referrals(c.b.case), needs=(("view", "case"),), audit="view_case_timeline",
          shows=(_listed_referral, ("view", "idva_referral"))),
    Entry(door.referral_document, lambda c: door.referral_document(c.b.referral),
          needs=(("view", "idva_referral"), ("view", "case")), audit="view_referral_document"),
    Entry(door.budget, lambda c: door.budget(NORTH), action="support_budget"),
    Entry(door.capacity, lambda c: door.capacity(), action="support_capacity"),
    Entry(door.housing_waiting, lambda c: door.housing_waiting()),
]

WRITES: list[Entry] = [
    Entry(door.set_contact, lambda c: door.set_contact(c.b.case, c.b.victim, {"ways": ["phone"]}), needs=PLANNING,
          fires=(*SUPPORT, "record_safe_contact"), write=True),
    Entry(door.set_spoc, lambda c: door.set_spoc(c.b.case, c.b.victim, "IDVA at North IDVA", True), needs=PLANNING,
          fires=(*SUPPORT, "change_spoc"), write=True),
    Entry(door.record_needs, lambda c: door.record_needs(c.b.case, {"finances": "none"}, False, None, None),
          needs=PLANNING, fires=(*SUPPORT, "record_needs"), write=True),
    Entry(door.record_safety_plan, lambda c: door.record_safety_plan(c.b.case, ["phone"], {}), needs=PLANNING,
          fires=(*SUPPORT, "record_safety_plan"), write=True),
    Entry(door.add_action, lambda c: door.add_action(c.b.case, "Weekly call", "IDVA", "idva", None), needs=PLANNING,
          fires=(*SUPPORT, "record_action"), write=True),
    Entry(door.set_action_status, lambda c: door.set_action_status(c.b.case, c.shared[c.b.n], "done"),
          needs=PLANNING, fires=(*SUPPORT, "record_action"), write=True, setup=_support_action),
    Entry(door.set_exit, lambda c: door.set_exit(c.b.case, "Step down to outreach", None), needs=PLANNING,
          fires=(*SUPPORT, "record_action"), write=True),
    Entry(door.agree_plan, lambda c: door.agree_plan(c.b.case), needs=PLANNING, fires=(*SUPPORT, "activate"),
          write=True, setup=_plan_ready),
    Entry(door.plan_step, lambda c: door.plan_step(c.b.case, "review", "Spoke with the victim safely"),
          fires=(*SUPPORT, "review"), states={"support_plan": "active"}, write=True, setup=_plan_agreed),
    Entry(door.create_referral, lambda c: door.create_referral(c.b.case, "AI", "consent", None, False),
          needs=(("manage", "case"),), write=True),
    Entry(door.referral_step, lambda c: door.referral_step(c.b.referral, "decline", "not eligible"),
          fires=("idva_referral", "idva_referral", "decline"), write=True),
    Entry(door.request_hardening, lambda c: door.request_hardening(c.b.case, ["locks"], 50),
          needs=(("manage", "case"), ("request", "target_hardening")), write=True),
    Entry(door.approve_hardening, lambda c: door.approve_hardening(c.shared[c.b.n], None),
          fires=("target_hardening", "target_hardening", "approve"), write=True, setup=_hardening),
    Entry(door.fit_hardening, lambda c: door.fit_hardening(c.shared[c.b.n], date.today()),
          fires=("target_hardening", "target_hardening", "fit"), states={"target_hardening": "approved"},
          write=True, setup=_approved),
    Entry(door.hardening_step, lambda c: door.hardening_step(c.shared[c.b.n], "decline", "Not needed now"),
          fires=("target_hardening", "target_hardening", "decline"), write=True, setup=_hardening),
    Entry(door.refer_refuge, lambda c: door.refer_refuge(c.b.case, "refuge", 1),
          needs=(("manage", "case"), ("manage", "refuge_referral")), write=True),
    Entry(door.offer_place, lambda c: door.offer_place(c.shared[c.b.n], "refuge_north"),
          fires=("refuge_referral", "refuge_referral", "offer"), write=True, setup=_refuge),
    Entry(door.refuge_step, lambda c: door.refuge_step(c.shared[c.b.n], "decline", "No room for the children"),
          fires=("refuge_referral", "refuge_referral", "decline"), write=True, setup=_refuge),
]
