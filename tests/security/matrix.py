"""The access matrix: every service function that reads or writes case data, how to call it on the matrix world,
and what it needs (an action of ACTION_ROLES, permissions on the bundle's objects, a transition's guard).

Who may call it is never written here: tests/security/oracle.py derives it from ACTION_ROLES, the workflow
definitions and the role scopes. tests/security/inventory.py fails when a function taking an actor is in neither
this table nor its list of exemptions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from unittest import mock

import dashboard.services as dash
from graph_model import audit_search, connections, read_model, retention, users
from graph_model.analytics import console, ego, export, figures, network, network_job, offending, paths
from graph_model.interchange import export as exporter
from graph_model.interchange import load as loader
from graph_model.screening import screen as screen_core
from graph_model.users import Actor
from tests.security import matrix_dash, matrix_housing, matrix_support
from tests.security.entry import Ctx, Entry
from tests.security.world import NORTH, SCREENED, Bundle
from workflows import (
    marac,
    marac_actions,
    marac_record,
    operations,
    screening,
    service,
    support,
    support_housing,
    support_plan,
    support_referral,
    worklists,
)
from workflows.refs import ObjectRef

SOON = date.today() + timedelta(days=30)
YEAR = (date.today() - timedelta(days=365), date.today())


def _first(found: dict[str, Any]) -> Any:
    """Return a batch's only answer, raising it when it is the error that stopped that one (as a single call)."""
    [answer] = found.values()
    if isinstance(answer, Exception):
        raise answer
    return answer

def _ref(kind: str, b: Bundle) -> ObjectRef:
    ident = {"case": b.case, "nomination": b.nomination, "marac_meeting": b.meeting, "marac_case": b.listing,
             "marac_action": b.action, "idva_referral": b.referral}[kind]
    return ObjectRef(kind, ident)


def _has(*ids: Callable[[Bundle], str]) -> Callable[[Bundle, Any], bool]:
    return lambda b, answer: any(f(b) in repr(answer) for f in ids)


def _as(username: str) -> Actor:
    return users.actor(username)


# -- setups: run as the north (party) users who may, before the call under test -------------------------------
def _hardening(b: Bundle, shared: dict[str, Any]) -> None:
    shared[b.n] = support_housing.request_hardening(b.case, ["door locks"], 100, _as("idva.in"))


def _approved(b: Bundle, shared: dict[str, Any]) -> None:
    _hardening(b, shared)
    support_housing.approve_hardening(shared[b.n], _as("da_lead.in"))


def _refuge(b: Bundle, shared: dict[str, Any]) -> None:
    shared[b.n] = support_housing.refer_refuge(b.case, _as("idva.in"), children=1)


def _support_action(b: Bundle, shared: dict[str, Any]) -> None:
    shared[b.n] = support_plan.add_action(b.case, _as("idva.in"), "Call the victim weekly", "IDVA service")


def _plan_ready(b: Bundle, shared: dict[str, Any]) -> None:
    idva = _as("idva.in")
    support_plan.record_safety_plan(b.case, idva, ["phone"])
    support_plan.add_action(b.case, idva, "Call the victim weekly", "IDVA service")
    support_plan.set_exit(b.case, idva, "Step down to outreach once safe", None)


def _conflict(b: Bundle, shared: dict[str, Any]) -> None:
    result = screening.screen_nomination(b.nomination, _as("da_lead.in"))
    assert result.outcome != "clear", "the bundle's nomination should conflict (perpetrator near the victim)"


# -- object views: the same service on every object type of a bundle --------------------------------------------
VIEW_TYPES = ("case", "nomination", "marac_meeting", "marac_case", "marac_action", "idva_referral")
DASH_VIEW_TYPES = ("case", "nomination")  # the dashboard's doors to the same services: two types suffice
FIRST: list[Entry] = []


def _on(func: Callable[[ObjectRef, Actor], Any], kind: str) -> Callable[[Ctx], Any]:
    return lambda c: func(_ref(kind, c.b), c.actor)


def _signed_in_on(func: Callable[[ObjectRef], Any], kind: str) -> Callable[[Ctx], Any]:
    return lambda c: func(_ref(kind, c.b))


for kind in VIEW_TYPES:
    FIRST += [Entry(service.state, _on(service.state, kind), kind, needs=(("view", kind),), audit="view_state"),
              Entry(service.history, _on(service.history, kind), kind, needs=(("view", kind),),
                    audit="view_history"),
              Entry(service.available_transitions, _on(service.available_transitions, kind), kind,
                    needs=(("view", kind),))]
for kind in DASH_VIEW_TYPES:
    FIRST += [Entry(dash.status, _signed_in_on(dash.status, kind), kind, needs=(("view", kind),), audit="view_state"),
              Entry(dash.history, _signed_in_on(dash.history, kind), kind, needs=(("view", kind),),
                    audit="view_history"),
              Entry(dash.transitions, _signed_in_on(dash.transitions, kind), kind, needs=(("view", kind),))]

# Bundle SCREENED's nomination was screened by the north DA lead when the world was loaded: it is in conflict.
_SCREENED: dict[str, Any] = {"bundle": SCREENED, "states": {"nomination": "conflict"}}
ACROSS_ANALYSIS = "analysts' patterns across every case (ACTION_ROLES analyse): not scoped to a party by design"
ACROSS_CONNECTION = "personal connection (DA Act s.2) is about people, not a case: check_connection by design"

READS: list[Entry] = [
    Entry(service.why_not, lambda c: service.why_not(_ref("case", c.b), "open", c.actor), needs=(("view", "case"),)),
    Entry(dash.timeline, lambda c: dash.timeline(c.b.case), needs=(("view", "case"),), audit="view_case_timeline"),
    # MARAC
    Entry(marac.agenda, lambda c: marac.agenda(c.b.meeting, c.actor), needs=(("view", "marac_meeting"),),
          audit="view_marac_agenda", shows=(_has(lambda b: b.listing), ("view", "marac_case"))),
    Entry(marac.agency_map, lambda c: marac.agency_map(c.actor, meeting=c.b.meeting), "meeting",
          needs=(("view", "marac_meeting"),), audit="view_marac_map",
          shows=(_has(lambda b: b.case), ("view", "marac_case"))),
    Entry(marac.agency_map, lambda c: marac.agency_map(c.actor, case=c.b.case), "case", needs=(("view", "case"),),
          audit="view_marac_map"),
    Entry(marac.gaps, lambda c: marac.gaps(c.actor, meeting=c.b.meeting), "meeting",
          needs=(("view", "marac_meeting"),), audit="view_marac_gaps"),
    Entry(marac.gaps, lambda c: marac.gaps(c.actor, case=c.b.case), "case", needs=(("view", "case"),),
          audit="view_marac_gaps"),
    Entry(marac.figures, lambda c: marac.figures(c.actor), action="marac_figures"),
    Entry(marac_actions.owed, lambda c: marac_actions.owed("AO", c.actor),
          shows=(_has(lambda b: b.action), ("view", "marac_action"))),
    Entry(marac_actions.outstanding, lambda c: marac_actions.outstanding(c.b.meeting, c.actor),
          needs=(("view", "marac_meeting"),)),
    Entry(marac_record.build, lambda c: marac_record.build(c.b.meeting, c.actor), needs=(("view", "marac_meeting"),),
          audit="view_marac_record", shows=(_has(lambda b: b.listing), ("view", "marac_case"))),
    Entry(dash.meetings, lambda c: dash.meetings(), shows=(_has(lambda b: b.meeting), ("view", "marac_meeting"))),
    Entry(dash.agenda, lambda c: dash.agenda(c.b.meeting), needs=(("view", "marac_meeting"),),
          audit="view_marac_agenda", shows=(_has(lambda b: b.listing), ("view", "marac_case"))),
    Entry(dash.agency_map, lambda c: dash.agency_map(c.b.meeting), needs=(("view", "marac_meeting"),),
          audit="view_marac_map"),
    Entry(dash.record, lambda c: dash.record(c.b.meeting), needs=(("view", "marac_meeting"),),
          audit="view_marac_record"),
    # support reads (no plan yet on the read bundle: they need view on the case)
    Entry(support.contact, lambda c: support.contact(c.b.case, c.actor), needs=(("view", "case"),),
          audit="view_safe_contact"),
    Entry(support.needs, lambda c: support.needs(c.b.case, c.actor), needs=(("view", "case"),), audit="view_needs"),
    Entry(support_plan.plan, lambda c: support_plan.plan(c.b.case, c.actor), needs=(("view", "case"),),
          audit="view_support_plan"),
    Entry(support_referral.build, lambda c: support_referral.build(c.b.referral, c.actor),
          needs=(("view", "idva_referral"), ("view", "case")), audit="view_referral_document"),
    Entry(support_housing.budget, lambda c: support_housing.budget(NORTH, c.actor), action="support_budget"),
    Entry(support_housing.capacity, lambda c: support_housing.capacity(c.actor), action="support_capacity"),
    # screening
    Entry(screening.pending_for, lambda c: screening.pending_for(c.actor), action="screen_adhoc",
          shows=(_has(lambda b: b.nomination), ("manage", "nomination"))),
    Entry(screening.latest_screening, lambda c: screening.latest_screening(c.b.nomination, c.actor),
          action="screen_nomination", needs=(("view", "nomination"),), **_SCREENED),
    Entry(screen_core.detail_of, lambda c: screen_core.detail_of(c.actor, c.shared["screening"]),
          action="view_screening_detail", needs=(("view", "nomination"),), **_SCREENED),
    Entry(dash.screening_detail, lambda c: dash.screening_detail(c.shared["screening"]),
          action="view_screening_detail", needs=(("view", "nomination"),), **_SCREENED),
    Entry(dash.pending_nominations, lambda c: dash.pending_nominations(), action="screen_adhoc",
          shows=(_has(lambda b: b.nomination), ("manage", "nomination"))),
    Entry(dash.nominations_to_decide, lambda c: dash.nominations_to_decide(),
          shows=(_has(lambda b: b.nomination), ("decide", "nomination")), **_SCREENED),
    # worklists: every worklist of the definitions, filtered item by item
    Entry(worklists.worklist, lambda c: [worklists.worklist(n, c.actor) for n in c.shared["worklists"]]),
    Entry(worklists.counts, lambda c: worklists.counts(c.actor)),
    Entry(dash.my_counts, lambda c: dash.my_counts()),
    Entry(dash.my_items, lambda c: [dash.my_items(n) for n in ("da_case.to_open", "nomination.to_screen",
                                                                "marac_action.open")]),
    # actions that are not about one object
    Entry(read_model.loaded_summary, lambda c: read_model.loaded_summary(c.actor), action="view_summary"),
    Entry(dash.loaded_counts, lambda c: dash.loaded_counts(), action="view_summary"),
    Entry(service.check_action, lambda c: service.check_action(c.actor, "view_workflows"), action="view_workflows"),
    Entry(dash.workflow_titles, lambda c: dash.workflow_titles(), action="view_workflows"),
    Entry(dash.workflow_diagrams, lambda c: dash.workflow_diagrams("da_case"), action="view_workflows"),
    Entry(users.accounts, lambda c: users.accounts(c.actor), action="manage_users"),
    Entry(dash.accounts, lambda c: dash.accounts(), action="manage_users"),
    Entry(dash.policy_views, lambda c: dash.policy_views(), action="manage_users"),
    Entry(audit_search.search, lambda c: audit_search.search(c.actor, limit=20), action="search_audit",
          audit="search_audit", across="the audit of every area, for those who audit (DA leads, administrators)"),
    Entry(exporter.export, lambda c: exporter.export(c.actor), action="export_data",
          across="the whole graph as hearth/1, for administrators"),
    Entry(operations.verify_history, lambda c: operations.verify_history(c.actor), action="verify_history"),
    Entry(operations.waits, lambda c: operations.waits(c.actor, "nomination", "conflict", 0), action="verify_history",
          across="machinery for administrators and DA leads: object ids and waiting times across areas, no people",
          **_SCREENED),
    Entry(operations.migrate, lambda c: operations.migrate("da_case", 1, c.actor, dry_run=True),
          action="migrate_workflows"),
    Entry(retention.plan, lambda c: retention.plan(c.actor, matrix_housing.today()), action="retention_plan",
          audit="retention_plan", across="retention machinery for DA leads and administrators: the ids and kinds "
                                        "due across areas (the world's former tenant), no names"),
    # analysts' tools and personal connection: people across cases, by design
    Entry(connections.check, lambda c: connections.check(c.actor, c.b.victim, c.b.perpetrator),
          action="check_connection", audit="check_connection", across=ACROSS_CONNECTION),
    Entry(connections.connected_people, lambda c: connections.connected_people(c.actor, c.b.victim),
          action="check_connection", audit="connected_people", across=ACROSS_CONNECTION),
    Entry(dash.check_connection, lambda c: dash.check_connection(c.b.victim, c.b.perpetrator, None),
          action="check_connection", audit="check_connection", across=ACROSS_CONNECTION),
    Entry(paths.how_connected, lambda c: paths.how_connected(c.actor, c.b.victim, c.b.child), action="analyse",
          audit="analyse_path", across=ACROSS_ANALYSIS),
    Entry(dash.how_connected, lambda c: dash.how_connected(c.b.victim, c.b.child, 3), action="analyse",
          audit="analyse_path", across=ACROSS_ANALYSIS),
    Entry(ego.ego_network, lambda c: ego.ego_network(c.actor, c.b.victim, hops=1), action="analyse",
          audit="analyse_ego", across=ACROSS_ANALYSIS),
    Entry(dash.ego, lambda c: dash.ego(c.b.victim, 1), action="analyse", audit="analyse_ego", across=ACROSS_ANALYSIS),
    Entry(offending.serial_perpetrators, lambda c: offending.serial_perpetrators(c.actor, area=NORTH),
          action="analyse", across=ACROSS_ANALYSIS),
    Entry(dash.serial_perpetrators, lambda c: dash.serial_perpetrators(NORTH, 10), action="analyse",
          across=ACROSS_ANALYSIS),
    Entry(offending.repeats, lambda c: offending.repeats(c.actor, *YEAR), action="analyse", across=ACROSS_ANALYSIS),
    Entry(dash.repeats, lambda c: dash.repeats(*YEAR, None), action="analyse", across=ACROSS_ANALYSIS),
    Entry(figures.figures, lambda c: figures.figures(c.actor, None, *YEAR), action="analyse"),
    Entry(dash.figures, lambda c: dash.figures(*YEAR), action="analyse"),
    Entry(network.select, lambda c: network.select(c.actor, cases=[c.b.case]), action="analyse",
          echo=lambda b: (b.case,)),
    Entry(network.analyse, lambda c: network.analyse(c.actor, cases=[c.b.case], betweenness_samples=5),
          action="analyse", echo=lambda b: (b.case,)),
    Entry(network_job.start_background, lambda c: _background(c), action="analyse", echo=lambda b: (b.case,)),
    Entry(console.run_console, lambda c: console.run_console(c.actor, "MATCH (p:Person) RETURN count(p) AS n",
                                                             "access matrix"), action="run_console"),
    Entry(export.export_pseudonymised, lambda c: export.export_pseudonymised(
        c.actor, c.tmp / c.user.username, NORTH, purpose="access matrix"), action="export_pseudonymised"),
]


def _background(c: Ctx) -> str:
    # The job's own process is not started (it would be one Python per allowed user): the check comes before it.
    with mock.patch.object(network_job.subprocess, "Popen"):
        return network_job.start_background(c.actor, cases=[c.b.case], job_dir=c.tmp / "jobs")


SUPPORT = ("support_plan", "support_plan")  # object type and workflow of the case's support plan
WRITES: list[Entry] = [
    Entry(service.fire, lambda c: service.fire(_ref("case", c.b), "open", c.actor), "case.open",
          fires=("case", "da_case", "open"), write=True),
    Entry(service.fire, lambda c: service.fire(_ref("marac_case", c.b), "accept", c.actor), "marac_case.accept",
          fires=("marac_case", "marac_case", "accept"), write=True),
    Entry(dash.fire, lambda c: dash.fire(_ref("idva_referral", c.b), "idva_referral", "decline", "not eligible", {}),
          fires=("idva_referral", "idva_referral", "decline"), write=True),
    Entry(marac_actions.create, lambda c: marac_actions.create(c.b.listing, "AO", "Visit the victim at a safe place",
                                                               SOON, c.actor),
          needs=(("chair", "marac_case"),), write=True),
    Entry(marac_actions.update, lambda c: marac_actions.update(c.b.action, "done", c.actor),
          fires=("marac_action", "marac_action", "complete"), write=True),
    # support: `manage` on the case, then the support plan's record-only transition (needs `support`)
    Entry(support.set_contact, lambda c: support.set_contact(c.b.case, c.b.victim, c.actor, {"ways": ["phone"]}),
          needs=(("manage", "case"),), fires=(*SUPPORT, "record_safe_contact"), write=True),
    Entry(support.set_spoc, lambda c: support.set_spoc(c.b.case, c.b.victim, "IDVA at North IDVA", c.actor, True),
          needs=(("manage", "case"),), fires=(*SUPPORT, "change_spoc"), write=True),
    Entry(support.record_needs, lambda c: support.record_needs(c.b.case, c.actor, {"finances": "none"}),
          needs=(("manage", "case"),), fires=(*SUPPORT, "record_needs"), write=True),
    Entry(support_plan.record_safety_plan, lambda c: support_plan.record_safety_plan(c.b.case, c.actor, ["phone"]),
          needs=(("manage", "case"),), fires=(*SUPPORT, "record_safety_plan"), write=True),
    Entry(support_plan.add_action, lambda c: support_plan.add_action(c.b.case, c.actor, "Weekly call", "IDVA"),
          needs=(("manage", "case"),), fires=(*SUPPORT, "record_action"), write=True),
    Entry(support_plan.set_action_status,
          lambda c: support_plan.set_action_status(c.b.case, c.shared[c.b.n], "done", c.actor),
          needs=(("manage", "case"),), fires=(*SUPPORT, "record_action"), write=True, setup=_support_action),
    Entry(support_plan.set_exit, lambda c: support_plan.set_exit(c.b.case, c.actor, "Step down to outreach"),
          needs=(("manage", "case"),), fires=(*SUPPORT, "record_action"), write=True),
    Entry(support_plan.agree, lambda c: support_plan.agree(c.b.case, c.actor), needs=(("manage", "case"),),
          fires=(*SUPPORT, "activate"), write=True, setup=_plan_ready),
    Entry(support_housing.create_referral, lambda c: support_housing.create_referral(c.b.case, "AI", c.actor,
                                                                                     "consent"),
          needs=(("manage", "case"),), write=True),
    Entry(support_housing.request_hardening, lambda c: support_housing.request_hardening(c.b.case, ["locks"], 50,
                                                                                         c.actor),
          needs=(("manage", "case"), ("request", "target_hardening")), write=True),
    Entry(support_housing.approve_hardening, lambda c: support_housing.approve_hardening(c.shared[c.b.n], c.actor),
          fires=("target_hardening", "target_hardening", "approve"), write=True, setup=_hardening),
    Entry(support_housing.fit_hardening, lambda c: support_housing.fit_hardening(c.shared[c.b.n], date.today(),
                                                                                 c.actor),
          fires=("target_hardening", "target_hardening", "fit"), states={"target_hardening": "approved"},
          write=True, setup=_approved),
    Entry(support_housing.refer_refuge, lambda c: support_housing.refer_refuge(c.b.case, c.actor),
          needs=(("manage", "case"), ("manage", "refuge_referral")), write=True),
    Entry(support_housing.offer_place, lambda c: support_housing.offer_place(c.shared[c.b.n], "refuge_north",
                                                                             c.actor),
          fires=("refuge_referral", "refuge_referral", "offer"), write=True, setup=_refuge),
    # screening: the nomination moves (or, in conflict, waits for a DA lead's decision)
    Entry(screening.screen_nomination, lambda c: screening.screen_nomination(c.b.nomination, c.actor),
          action="screen_nomination", fires=("nomination", "nomination", "screen"), write=True, nomination=True),
    Entry(screening.screen_many, lambda c: _first(screening.screen_many([c.b.nomination], c.actor)),
          action="screen_nomination", fires=("nomination", "nomination", "screen"), write=True, nomination=True),
    Entry(dash.screen_nomination, lambda c: dash.screen_nomination(c.b.nomination), action="screen_nomination",
          fires=("nomination", "nomination", "screen"), write=True, nomination=True),
    Entry(dash.decide_nomination, lambda c: dash.decide_nomination(c.b.nomination, "refuse", "too near the victim"),
          fires=("nomination", "nomination", "refuse"), states={"nomination": "conflict"}, write=True, nomination=True,
          setup=_conflict),
    Entry(screening.screen_adhoc, lambda c: screening.screen_adhoc(c.b.perpetrator, c.b.flat, c.actor),
          action="screen_adhoc", write=True, echo=lambda b: (b.perpetrator, b.flat)),
    Entry(screen_core.screen_adhoc, lambda c: screen_core.screen_adhoc(c.actor, c.b.perpetrator, c.b.flat),
          action="screen_adhoc", write=True, echo=lambda b: (b.perpetrator, b.flat)),
    # administration
    Entry(loader.load, lambda c: loader.load(c.actor, {"format": "hearth/1", "agencies": [
        {"id": f"AZ-{c.user.username}", "name": "Loaded agency", "kind": "other"}]}), action="load_data",
          write=True),
    Entry(users.set_password, lambda c: users.set_password(c.actor, ["analyst.in"], "a-long-password"),
          action="manage_users", write=True),
    Entry(dash.set_password, lambda c: dash.set_password("analyst.in", "a-long-password"), action="manage_users",
          write=True),
    Entry(network.write_back, lambda c: network.write_back(c.actor, c.shared["network"]), action="analyse_write_back",
          write=True),
]

LAST: list[Entry] = [
    Entry(screening.screen_pending, lambda c: screening.screen_pending(c.actor, workers=1), action="screen_adhoc",
          last=True),
    Entry(dash.screen_all, lambda c: dash.screen_all(lambda done, total: None), action="screen_adhoc", last=True),
    Entry(operations.tick, lambda c: operations.tick(c.actor), action="run_workflow_tick", last=True),
    Entry(dash.run_tick, lambda c: dash.run_tick(), action="run_workflow_tick", last=True),
    Entry(operations.enrol, lambda c: operations.enrol(c.actor), action="enrol_workflows", last=True),
    # erases what is due (the world's former tenant only): after every other row
    Entry(retention.apply, lambda c: retention.apply(c.actor, matrix_housing.today(), "access matrix"),
          action="retention_apply", last=True),
]

ENTRIES: list[Entry] = (FIRST + READS + matrix_housing.READS + matrix_support.READS + matrix_dash.READS + WRITES
                        + matrix_housing.WRITES + matrix_support.WRITES + matrix_dash.WRITES + LAST)
