"""The access matrix's rows for the support modules merged after it was built: the perpetrator side of a case
(MAPPA / panel flags, a release from prison, the primary perpetrator of a counter-allegation), perpetrator
programme referrals and equality monitoring; and the OPTIONS bundle's perpetrator record for the reads.

Who may do what is the definitions' (perpetrator_record.yaml, perpetrator_programme.yaml, support_plan.yaml's
`support`, ACTION_ROLES' equality_report): the rows only say which permissions each function needs. A
perpetrator-side write needs the case (view or manage) and its record's permission, but not `view` on the
record (the transitions are fired inside the write without it), so the rows name `needs`, not `fires`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph_model.users import Actor
from tests.security.entry import Ctx, Entry, as_user
from tests.security.matrix_housing import today
from tests.security.world import OPTIONS, Bundle
from workflows import service, support_equality, support_perp, support_programme
from workflows.refs import ObjectRef

ANSWERS = {"sex": "female", "age_band": "35_44", "religion_belief": "prefer_not_to_say"}


def prepare(shared: dict[str, Any]) -> None:
    """Give the OPTIONS bundle a MAPPA flag, a release, a programme referral and equality answers (as north users)."""
    b = Bundle(OPTIONS)
    made = [support_perp.record_flag(b.case, b.perpetrator, as_user("police_officer.in"), "mappa", today(),
                                     category=2, level=2),
            support_perp.record_release(b.case, b.perpetrator, today(), as_user("idva.in"), "Released on licence")[0],
            support_programme.refer(b.case, b.perpetrator, "community_dapp", as_user("idva.in"))]
    shared["created"].update(made)
    shared[f"programme:{b.n}"] = made[2]
    support_equality.record(b.case, b.victim, as_user("idva.in"), ANSWERS)


def _record(c: Ctx) -> ObjectRef:
    return support_perp.record_ref(c.b.case)


def _programme(c: Ctx) -> ObjectRef:
    return support_programme.programme_ref(str(c.shared[f"programme:{c.b.n}"]))


def _on(func: Callable[[ObjectRef, Actor], Any], ref: Callable[[Ctx], ObjectRef]) -> Callable[[Ctx], Any]:
    return lambda c: func(ref(c), c.actor)


# The workflow services on the OPTIONS bundle's perpetrator record and programme referral.
VIEWS: list[Entry] = [
    Entry(func, _on(func, ref), object_type, needs=(("view", object_type),), audit=audit, bundle=OPTIONS)
    for object_type, ref in (("perpetrator_record", _record), ("perpetrator_programme", _programme))
    for func, audit in ((service.state, "view_state"), (service.history, "view_history"))]

READS: list[Entry] = VIEWS + [
    # The filtered answer: the programme referral is shown only to those who may view it (not the MARAC chair).
    Entry(support_perp.show, lambda c: support_perp.show(c.b.case, c.actor), needs=(("view", "perpetrator_record"),),
          audit="view_perpetrator_side", bundle=OPTIONS,
          shows=(lambda b, answer: bool(answer.programme_referrals), ("view", "perpetrator_programme"))),
    Entry(support_equality.report, lambda c: support_equality.report(c.actor), action="equality_report",
          audit="equality_report"),
]

WRITES: list[Entry] = [
    Entry(support_perp.record_flag, lambda c: support_perp.record_flag(c.b.case, c.b.perpetrator, c.actor,
                                                                       "perpetrator_panel", today(),
                                                                       panel="North Perpetrator Panel"),
          needs=(("view", "case"), ("flag", "perpetrator_record")), write=True),
    Entry(support_perp.record_release, lambda c: support_perp.record_release(c.b.case, c.b.perpetrator, today(),
                                                                             c.actor),
          needs=(("manage", "case"), ("record", "perpetrator_record")), write=True),
    Entry(support_perp.identify_primary, lambda c: support_perp.identify_primary(
        c.b.case, c.b.perpetrator, c.b.victim, "AI", "North IDVA service manager", today(),
        "The specialist service's assessment of who holds power in the relationship", c.actor),
          needs=(("view", "case"), ("decide", "perpetrator_record")), write=True, extras=("counter",)),
    Entry(support_programme.refer, lambda c: support_programme.refer(c.b.case, c.b.perpetrator, "community_dapp",
                                                                     c.actor),
          needs=(("manage", "case"), ("manage", "perpetrator_programme")), write=True),
    # equality answers: only with the consent recorded in the bundle (hearth/1 scope equality_monitoring)
    Entry(support_equality.record, lambda c: support_equality.record(c.b.case, c.b.victim, c.actor, ANSWERS),
          needs=(("support", "support_plan"),), write=True, extras=("equality",)),
    Entry(support_equality.withdraw, lambda c: support_equality.withdraw(c.b.case, c.b.victim, c.actor),
          needs=(("support", "support_plan"),), write=True, extras=("equality",)),
]
