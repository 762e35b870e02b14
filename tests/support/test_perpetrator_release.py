"""A release from prison raises the risk: on a supported case it starts the victim's risk review (da_case
`review`, a change of circumstances) in the same transaction, and a release within three months either side of
a Housing IDVA referral satisfies `recent_abuse_or_risk_rise`."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph_model.errors import InvalidInput, PermissionDenied
from tests.workflows.world import dash
from workflows import service, support_housing, support_perp
from workflows.errors import GuardFailed, UnknownObject
from workflows.refs import ObjectRef

C1 = ObjectRef("case", "C1")
REFERRALS = [{"id": "F1", "case": "C1", "kind": "marac", "from_agency": "A4", "to_agency": "A1",
              "date": "2026-10-26", "basis": "consent"},
             {"id": "F2", "case": "C1", "kind": "idva", "from_agency": "A4", "to_agency": "A2",
              "date": "2026-10-26", "basis": "consent"}]
# Abuse five months before the referral and a falling DASH: on their own, no recent abuse and no rise in risk.
OLD_ABUSE = {"incidents": [{"id": "I9", "case": "C1", "date": "2026-06-01", "by": "P2", "towards": "P1"}],
             "risk_assessments": [dash("R3", "C1", "2026-10-30", 2)]}


def _da_case(who: Any) -> str:
    return {s.workflow: s.state for s in service.state(C1, who("options1"))}["da_case"]


def test_a_recent_release_starts_the_risk_review_of_a_supported_case(world: Any, who: Any, clock: Any) -> None:
    world(referrals=REFERRALS)
    for transition in ("open", "assess", "support_high"):
        service.fire(C1, transition, who("options1"), clock=clock)
    assert _da_case(who) == "supported"
    _, reviewed = support_perp.record_release("C1", "P2", date(2019, 3, 1), who("options1"), clock=clock)
    assert not reviewed and _da_case(who) == "supported"  # years ago: no change of circumstances now
    release, reviewed = support_perp.record_release("C1", "P2", date(2026, 11, 20), who("options1"),
                                                    note="on licence", clock=clock)
    assert reviewed and _da_case(who) == "under_review"
    [review] = [e for e in service.history(C1, who("options1"), "da_case") if e["transition"] == "review"]
    assert review["comment"] == "change of circumstances: perpetrator P2 released from prison on 2026-11-20"
    perpetrator = support_perp.show("C1", who("lead1")).perpetrators[0]
    assert [r["date"] for r in perpetrator["releases"]] == [date(2026, 11, 20), date(2019, 3, 1)]
    assert [e["transition"] for e in service.history(support_perp.record_ref("C1"), who("lead1"))] == [
        "enrol", "record_release", "record_release"] and release


def test_a_release_near_the_referral_is_a_recent_rise_in_risk(world: Any, who: Any, clock: Any) -> None:
    world(**OLD_ABUSE)
    ref = ObjectRef("idva_referral", support_housing.create_referral("C1", "A2", who("options1"), "consent",
                                                                      clock=clock))
    with pytest.raises(GuardFailed, match="no abuse recorded in the 3 months"):
        service.fire(ref, "accept", who("idva1"), clock=clock)
    support_perp.record_release("C1", "P2", date(2026, 6, 1), who("options1"), clock=clock)  # 5 months before
    with pytest.raises(GuardFailed, match="no recent rise in risk"):
        service.fire(ref, "accept", who("idva1"), clock=clock)
    support_perp.record_release("C1", "P2", date(2026, 12, 14), who("options1"), clock=clock)  # six weeks ahead
    fired = service.fire(ref, "accept", who("idva1"), clock=clock)
    assert fired.entries[-1]["to_state"] == "accepted"


def test_a_release_is_recorded_by_the_case_workers_for_a_perpetrator_of_the_case(world: Any, who: Any,
                                                                               clock: Any) -> None:
    world()
    for username in ("lettings1", "outsider", "analyst1"):
        with pytest.raises(PermissionDenied):
            support_perp.record_release("C1", "P2", date(2026, 11, 20), who(username), clock=clock)
    with pytest.raises(UnknownObject, match="not a perpetrator"):
        support_perp.record_release("C1", "P1", date(2026, 11, 20), who("options1"), clock=clock)
    with pytest.raises(InvalidInput, match="longer than 500"):
        support_perp.record_release("C1", "P2", date(2026, 11, 20), who("options1"), note="x" * 501, clock=clock)
