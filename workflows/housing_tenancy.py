"""Keeping the victim at home, as a user: a joint tenancy change (the perpetrator removed, the victim's sole
tenancy; source documents 001 section 8, 004) and rehousing the perpetrator away from the family home (001 para
11.9, 004). The tenancies change in the graph in the same transaction as the transition that records it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from graph_model.errors import InvalidInput
from graph_model.screening.policy import Policy
from graph_model.screening.screen import ScreeningResult
from graph_model.support import options as options_q
from graph_model.support import tenancy as tenancy_q
from graph_model.users import Actor
from workflows import housing_options as common
from workflows import service
from workflows.clock import Clock
from workflows.engine import Fired, WorkflowTx
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef
from workflows.registry import Registry


def change_ref(change_id: str) -> ObjectRef:
    """Return the workflow reference of a joint tenancy change."""
    return ObjectRef("tenancy_change", change_id)


def rehousing_ref(rehousing_id: str) -> ObjectRef:
    """Return the workflow reference of a perpetrator rehousing."""
    return ObjectRef("perpetrator_rehousing", rehousing_id)


def request_change(case_id: str, tenancy_id: str, tenure: str, reason: str, actor: Actor,
                   perpetrator_tenancy: str | None = None, clock: Clock | None = None,
                   registry: Registry | None = None) -> str:
    """Request the perpetrator's removal from a joint tenancy: the victim's tenancy and the perpetrator's of the
    same home (found when not named), with the tenure the victim's sole tenancy keeps."""
    held, why = common.tenure(tenure), common.text(reason, "the reason")

    def write(tx: Any, option_id: str, now: Any) -> None:
        common.held_tenancy(tx, case_id, tenancy_id, now.date(), "victim")
        joint = [s["id"] for s in tenancy_q.sharing(tx, tenancy_id, case_id, now.date()) if s["perpetrator"]]
        if perpetrator_tenancy is not None:
            joint = [t for t in joint if t == perpetrator_tenancy]
        if len(joint) != 1:
            raise InvalidInput(f"no joint tenancy: {'no' if not joint else 'more than one'} perpetrator in case "
                               f"{case_id} holds a current tenancy of the same home"
                               + (" (name it with --perpetrator-tenancy)" if joint else ""))
        options_q.create_change(tx, option_id, case_id, tenancy_id, joint[0], held, why, now.date(), actor.username,
                                now)
    return common.create(case_id, actor, "tenancy_change", write, {"tenancy": tenancy_id}, clock, registry)


def record_legal_basis(change_id: str, actor: Actor, order: str | None = None, notice_on: date | None = None,
                       clock: Clock | None = None, registry: Registry | None = None) -> Fired:
    """Record the legal basis (a court order's id, or the day the perpetrator gave notice to quit) and fire
    `check`, whose guard tests it; all or nothing."""
    if (order is None) == (notice_on is None):
        raise InvalidInput("give either the court order (--order) or the day of the notice to quit (--notice-on)")
    r = change_ref(change_id)

    def work(tx: Any, wtx: WorkflowTx) -> Fired:
        common.found(tx, r)
        if order is not None:
            if tenancy_q.court_order(tx, order) is None:
                raise UnknownObject(f"no court order {order!r} in the graph")
            options_q.link_order(tx, change_id, order)
            options_q.record(tx, change_id, {"grounds": "court_order", "notice_on": None})
        else:
            options_q.record(tx, change_id, {"grounds": "notice_to_quit", "notice_on": notice_on})
        what = f"order {order}" if order else f"notice to quit given {notice_on}"
        return wtx.fire(r, "check", comment=what, workflow=r.type)
    return common.acting(r, actor, "decide", work, clock, registry)


def change(change_id: str, effective_on: date, actor: Actor, clock: Clock | None = None,
           registry: Registry | None = None) -> Fired:
    """Change the tenancy on the effective day: the perpetrator's tenancy ends, the victim's joint one ends and
    their sole tenancy of the same home begins; `change` fires in the same transaction."""
    r = change_ref(change_id)

    def work(tx: Any, wtx: WorkflowTx) -> Fired:
        o = common.found(tx, r)
        if effective_on > wtx.today:
            raise InvalidInput(f"{effective_on} is in the future: record the change once it has taken effect")
        options_q.record(tx, change_id, {"effective_on": effective_on})
        for tenancy_id in (o["perpetrator_tenancy"], o["tenancy"]):
            if not tenancy_q.end(tx, tenancy_id, effective_on, change_id):
                raise InvalidInput(f"tenancy {tenancy_id} is not current on {effective_on}")
        home = tenancy_q.tenancy(tx, o["tenancy"], o["case"])
        tenancy_q.begin(tx, f"T-{uuid.uuid4().hex[:10]}", o["tenant"], str((home or {})["property"]), effective_on,
                        o["tenure"], True, change_id)
        return wtx.fire(r, "change", params={"effective_on": effective_on.isoformat()}, workflow=r.type)
    return common.acting(r, actor, "decide", work, clock, registry)


def request_rehousing(case_id: str, perpetrator_tenancy: str, reason: str, actor: Actor,
                      victim_wishes_to_remain: bool = False, clock: Clock | None = None,
                      registry: Registry | None = None) -> str:
    """Ask to rehouse the perpetrator holding `perpetrator_tenancy` away from the family home, where a victim of
    the case lives and wishes to stay."""
    if not victim_wishes_to_remain:
        raise InvalidInput("record that the victim wishes to stay at home (their wishes lead: 001 para 11.1)")
    why = common.text(reason, "the reason")

    def write(tx: Any, option_id: str, now: Any) -> None:
        common.held_tenancy(tx, case_id, perpetrator_tenancy, now.date(), "perpetrator")
        if not any(s["victim"] for s in tenancy_q.sharing(tx, perpetrator_tenancy, case_id, now.date())):
            raise InvalidInput("no victim of the case lives in the perpetrator's home: rehousing the perpetrator "
                               "keeps the family at home; consider an emergency transfer or a reciprocal move")
        options_q.create_rehousing(tx, option_id, case_id, perpetrator_tenancy, why, now.date(), actor.username, now)
    return common.create(case_id, actor, "perpetrator_rehousing", write, {"tenancy": perpetrator_tenancy}, clock,
                         registry)


def screen_home(rehousing_id: str, property_id: str, actor: Actor, clock: Clock | None = None,
                registry: Registry | None = None, policy: Policy | None = None) -> ScreeningResult:
    """Screen a home for the perpetrator (perpetrator-proximity screening, stored and audited) and record it in the
    history; the result carries the restricted detail for a DA lead only."""
    r = rehousing_ref(rehousing_id)

    def work(tx: Any, wtx: WorkflowTx) -> ScreeningResult:
        o = common.found(tx, r)
        result = common.propose(tx, wtx, r, property_id, None, o["tenant"], policy)
        wtx.fire(r, "screen", comment=f"screening {result.screening_id} of {property_id}: {result.outcome}",
                 workflow=r.type)
        return result
    result: ScreeningResult = common.acting(r, actor, "place", work, clock, registry)
    return result


def offer_home(rehousing_id: str, actor: Actor, justification: str | None = None, clock: Clock | None = None,
               registry: Registry | None = None) -> Fired:
    """Offer the home screened last: clear, or (a DA lead, with a justification) refer; never refuse."""
    if justification is None:
        return service.fire(rehousing_ref(rehousing_id), "offer", actor, registry=registry, clock=clock)
    return service.fire(rehousing_ref(rehousing_id), "offer_despite_refer", actor, comment=justification,
                        registry=registry, clock=clock)


def move_out(rehousing_id: str, moved_on: date, actor: Actor, tenure: str | None = None, clock: Clock | None = None,
             registry: Registry | None = None) -> Fired:
    """Record the move: the perpetrator's tenancy of the family home ends that day and the new one begins."""
    new_tenure = common.tenure(tenure) if tenure else None
    return common.move(rehousing_ref(rehousing_id), moved_on, actor, "place", new_tenure, clock, registry)
