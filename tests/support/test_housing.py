"""Housing options: target hardening against a budget (request, approve or decline, fitted), refuge referrals
against capacity, and the capacity view that names no one."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from graph_model.errors import InvalidInput, PermissionDenied
from workflows import service, support_housing
from workflows.errors import GuardFailed, TransitionNotAllowed
from workflows.refs import ObjectRef
from workflows.support_policy import Service
from workflows.support_policy import default as default_policy

POLICY = dataclasses.replace(default_policy(), budgets={"Testshire": 1000},
                             services=(Service("small", "Small refuge", "refuge", 1, 1),))


def _th(request_id: str) -> ObjectRef:
    return ObjectRef("target_hardening", request_id)


def test_target_hardening_from_request_to_fitted_within_the_budget(world: Any, who: Any, clock: Any) -> None:
    world()
    first = support_housing.request_hardening("C1", ["door locks", "window alarms"], 800, who("options1"), clock=clock)
    second = support_housing.request_hardening("C1", ["video doorbell"], 300, who("options1"), clock=clock)
    with pytest.raises(InvalidInput, match="whole pounds"):
        support_housing.approve_hardening(first, who("options1"), cost=0, clock=clock, policy=POLICY)
    fired, left = support_housing.approve_hardening(first, who("options1"), clock=clock, policy=POLICY)
    assert left.committed == 800 and left.left == 200 and left.pending == 1
    with pytest.raises(GuardFailed, match="£300 is more than the £200 left of the Testshire sanctuary budget"):
        support_housing.approve_hardening(second, who("options1"), clock=clock, policy=POLICY)
    with pytest.raises(GuardFailed, match="needs a comment"):
        service.fire(_th(second), "decline", who("options1"), clock=clock)
    service.fire(_th(second), "decline", who("options1"), comment="over budget: police crime prevention", clock=clock)
    support_housing.fit_hardening(first, date(2026, 11, 5), who("options1"), clock=clock)
    assert [e["to_state"] for e in service.history(_th(first), who("options1"))] == ["requested", "approved", "fitted"]
    b = support_housing.budget("Testshire", who("options1"), clock=clock, policy=POLICY)
    assert (b.budget, b.committed, b.left, b.pending) == (1000, 800, 200, 0)
    assert b.start == date(2026, 4, 1) and b.end == date(2027, 4, 1)


def test_an_idva_requests_but_does_not_approve_and_others_do_neither(world: Any, who: Any, clock: Any) -> None:
    world()
    support_housing.create_referral("C1", "A2", who("options1"), "consent", clock=clock)  # the IDVA service is party
    request = support_housing.request_hardening("C1", ["door locks"], 200, who("idva1"), clock=clock)
    with pytest.raises(GuardFailed, match="lacks 'decide'"):
        support_housing.approve_hardening(request, who("idva1"), clock=clock, policy=POLICY)
    for username in ("lettings1", "analyst1", "outsider"):
        with pytest.raises(PermissionDenied):
            support_housing.approve_hardening(request, who(username), clock=clock, policy=POLICY)
        with pytest.raises(PermissionDenied):
            support_housing.request_hardening("C1", ["door locks"], 200, who(username), clock=clock)
    with pytest.raises(TransitionNotAllowed, match="leaves approved only"):
        service.fire(_th(request), "fit", who("options1"), params={"fitted_on": "2026-11-05"}, clock=clock)
    with pytest.raises(InvalidInput, match="estimated cost"):
        support_housing.request_hardening("C1", ["door locks"], 0, who("idva1"), clock=clock)


def test_a_refuge_place_is_offered_only_when_one_is_free(world: Any, who: Any, clock: Any) -> None:
    world()
    big = support_housing.refer_refuge("C1", who("options1"), children=2, clock=clock)
    with pytest.raises(GuardFailed, match="Small refuge has 1 adult and 1 children's place"):
        support_housing.offer_place(big, "small", who("options1"), clock=clock, policy=POLICY)
    with pytest.raises(InvalidInput, match="no service 'nowhere'"):
        support_housing.offer_place(big, "nowhere", who("options1"), clock=clock, policy=POLICY)
    fits = support_housing.refer_refuge("C1", who("options1"), children=1, clock=clock)
    support_housing.offer_place(fits, "small", who("options1"), clock=clock, policy=POLICY)
    service.fire(ObjectRef("refuge_referral", fits), "move_in", who("options1"), clock=clock)
    [small] = support_housing.capacity(who("options1"), policy=POLICY)
    assert (small.adults_free, small.children_free) == (0, 0)
    other = support_housing.refer_refuge("C1", who("options1"), clock=clock)
    with pytest.raises(GuardFailed, match="0 adult"):
        support_housing.offer_place(other, "small", who("options1"), clock=clock, policy=POLICY)


def test_the_capacity_view_names_no_one_and_is_for_those_who_place(world: Any, who: Any, clock: Any) -> None:
    world()
    fits = support_housing.refer_refuge("C1", who("options1"), children=1, clock=clock)
    support_housing.offer_place(fits, "small", who("options1"), clock=clock, policy=POLICY)
    shown = str([dataclasses.asdict(c) for c in support_housing.capacity(who("options1"), policy=POLICY)])
    for secret in ("C1", "P1", "Ava", fits, "Secret Lane"):
        assert secret not in shown
    for username in ("lettings1", "analyst1"):
        with pytest.raises(PermissionDenied):
            support_housing.capacity(who(username), policy=POLICY)


def test_the_budget_and_capacity_rules_cannot_be_bypassed_by_firing_directly(world: Any, who: Any,
                                                                             clock: Any) -> None:
    world()
    request = support_housing.request_hardening("C1", ["door locks"], 5000, who("options1"), clock=clock)
    with pytest.raises(GuardFailed, match="approve through the budget check"):
        service.fire(_th(request), "approve", who("options1"), clock=clock)
    referral = support_housing.refer_refuge("C1", who("options1"), children=5, clock=clock)
    with pytest.raises(GuardFailed, match="offer through the capacity check"):
        service.fire(ObjectRef("refuge_referral", referral), "offer", who("options1"), params={"service": "small"},
                     clock=clock)
