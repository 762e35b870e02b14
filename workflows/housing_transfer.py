"""Emergency transfers as a user: a social tenant victim moved urgently to another home of their landlord or a
partner landlord (source document 004; 001 paras 7.4-7.5, 8.1). The workflow (emergency_transfer.yaml) guards
each step; the functions here record what the guards read in the same transaction as the transition."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph_model.screening.policy import Policy
from graph_model.screening.screen import ScreeningResult
from graph_model.support import options as options_q
from graph_model.users import Actor
from workflows import housing_options as common
from workflows import service
from workflows.clock import Clock
from workflows.engine import Fired, WorkflowTx
from workflows.refs import ObjectRef
from workflows.registry import Registry

TEMPORARY = ("none_needed", "refuge", "dispersed", "temporary_accommodation", "family_or_friends")


def ref(transfer_id: str) -> ObjectRef:
    """Return the workflow reference of a transfer."""
    return ObjectRef("emergency_transfer", transfer_id)


def request(case_id: str, tenancy_id: str, reason: str, tenure: str, actor: Actor, clock: Clock | None = None,
            registry: Registry | None = None) -> str:
    """Request an emergency transfer of the victim holding `tenancy_id` (a social tenancy), with the reason and
    risk evidence in words and the tenure held now."""
    why, held = common.text(reason, "the reason and the risk evidence"), common.tenure(tenure)

    def write(tx: Any, option_id: str, now: Any) -> None:
        common.social(common.held_tenancy(tx, case_id, tenancy_id, now.date(), "victim"))
        options_q.create_transfer(tx, option_id, case_id, tenancy_id, why, held, now.date(), actor.username, now)
    return common.create(case_id, actor, "emergency_transfer", write, {"tenancy": tenancy_id, "tenure": held},
                         clock, registry)


def approve(transfer_id: str, band: str, actor: Actor, comment: str = "", clock: Clock | None = None,
            registry: Registry | None = None) -> Fired:
    """Approve (the landlord's housing management) with a priority band; needs risk evidence."""
    return service.fire(ref(transfer_id), "approve", actor, comment=comment, params={"band": band},
                        registry=registry, clock=clock)


def temporary(transfer_id: str, kind: str, actor: Actor, comment: str = "", clock: Clock | None = None,
              registry: Registry | None = None) -> Fired:
    """Record where the household stays meanwhile (a kind, never an address)."""
    return service.fire(ref(transfer_id), "temporary", actor, comment=comment, params={"kind": kind},
                        registry=registry, clock=clock)


def offer(transfer_id: str, property_id: str, offered_tenure: str, actor: Actor, clock: Clock | None = None,
          registry: Registry | None = None, policy: Policy | None = None) -> tuple[Fired, ScreeningResult]:
    """Offer a home: the victim is screened against it (stored, audited), then `offer` fires if the home is let by
    a social landlord, vacant, screens clear and keeps the tenure; all or nothing."""
    kept = common.tenure(offered_tenure)
    r = ref(transfer_id)

    def work(tx: Any, wtx: WorkflowTx) -> tuple[Fired, ScreeningResult]:
        o = common.found(tx, r)
        result = common.propose(tx, wtx, r, property_id, kept, o["tenant"], policy)
        return wtx.fire(r, "offer", params={"property": property_id}, workflow=r.type), result
    return common.acting(r, actor, "let", work, clock, registry)


def move(transfer_id: str, moved_on: date, actor: Actor, clock: Clock | None = None,
         registry: Registry | None = None) -> Fired:
    """Record the move: the old tenancy ends that day and the new one (the tenure offered) begins."""
    return common.move(ref(transfer_id), moved_on, actor, "let", clock=clock, registry=registry)
