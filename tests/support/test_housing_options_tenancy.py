"""Joint tenancy change: request on a joint tenancy, the legal check (an occupation order or the perpetrator's
notice to quit), the landlord's decision, and the change written in the same transaction as the transition (the
perpetrator's tenancy ended on the day, the victim's sole tenancy begun); every guard refused with its reason."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from graph_model.errors import InvalidInput, PermissionDenied
from tests.support.options_world import load_options
from tests.support.test_housing_options_transfer import tenancies
from workflows import housing_tenancy, service
from workflows.clock import FixedClock
from workflows.errors import GuardFailed


def test_a_notice_to_quit_gives_the_victim_a_sole_tenancy_four_weeks_on(load: Any, who: Any, clock: Any) -> None:
    load_options(load, orders=True)
    cid = housing_tenancy.request_change("C1", "T10", "secure", "Ben gave notice; Ava wants to stay",
                                         who("options1"), clock=clock)
    with pytest.raises(PermissionDenied):  # the housing options service asks; the landlord checks and decides
        housing_tenancy.record_legal_basis(cid, who("options1"), notice_on=date(2026, 10, 20), clock=clock)
    with pytest.raises(GuardFailed, match="a non_molestation order does not decide who occupies the home"):
        housing_tenancy.record_legal_basis(cid, who("lead1"), order="CO2", clock=clock)
    with pytest.raises(GuardFailed, match="dated 2026-12-01, in the future"):
        housing_tenancy.record_legal_basis(cid, who("lead1"), notice_on=date(2026, 12, 1), clock=clock)
    with pytest.raises(InvalidInput, match="give either the court order"):
        housing_tenancy.record_legal_basis(cid, who("lead1"), clock=clock)
    housing_tenancy.record_legal_basis(cid, who("lead1"), notice_on=date(2026, 10, 20), clock=clock)
    with pytest.raises(GuardFailed, match="needs a comment"):
        service.fire(housing_tenancy.change_ref(cid), "approve", who("lead1"), clock=clock)
    service.fire(housing_tenancy.change_ref(cid), "approve", who("lead1"), clock=clock,
                 comment="safe to stay with the locks changed; agreed with Ava and her IDVA")
    with pytest.raises(GuardFailed, match="2026-11-02 is before 2026-11-17: a notice to quit takes at least 28 days"):
        housing_tenancy.change(cid, date(2026, 11, 2), who("lead1"), clock=clock)
    assert tenancies("P2")["H10"][1] is None  # refused: nothing was written
    with pytest.raises(GuardFailed, match="no effective date recorded"):
        service.fire(housing_tenancy.change_ref(cid), "change", who("lead1"), params={"effective_on": "2026-11-20"},
                     clock=clock)
    later = FixedClock(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    with pytest.raises(InvalidInput, match="in the future"):
        housing_tenancy.change(cid, date(2026, 11, 21), who("lead1"), clock=later)
    housing_tenancy.change(cid, date(2026, 11, 17), who("lead1"), clock=later)
    assert tenancies("P2")["H10"][1] == date(2026, 11, 17)  # the perpetrator's tenancy ended on the day
    victim = tenancies("P1")
    assert victim["H10"] == (date(2026, 11, 17), None, "secure")  # the sole tenancy (the joint one ended then)
    steps = [(e["transition"], e["to_state"]) for e in service.history(housing_tenancy.change_ref(cid),
                                                                        who("options1"))]
    assert steps == [("enrol", "requested"), ("check", "legal_checked"), ("approve", "approved"),
                     ("change", "changed")]


def test_an_occupation_order_and_the_refusals(load: Any, who: Any, clock: Any) -> None:
    load_options(load, orders=True)
    with pytest.raises(InvalidInput, match="no joint tenancy: no perpetrator in case C1"):
        housing_tenancy.request_change("C1", "T1", "secure", "reason", who("options1"), clock=clock)
    with pytest.raises(InvalidInput, match="T11 is not held by a victim"):
        housing_tenancy.request_change("C1", "T11", "secure", "reason", who("options1"), clock=clock)
    for username in ("lettings1", "analyst1", "outsider"):
        with pytest.raises(PermissionDenied):
            housing_tenancy.request_change("C1", "T10", "secure", "reason", who(username), clock=clock)
    cid = housing_tenancy.request_change("C1", "T10", "secure", "occupation order granted", who("options1"),
                                         clock=clock)
    with pytest.raises(GuardFailed, match="no legal basis recorded"):
        service.fire(housing_tenancy.change_ref(cid), "check", who("lead1"), clock=clock)
    with pytest.raises(GuardFailed, match="CO3: the order is not against the perpetrator tenant"):
        housing_tenancy.record_legal_basis(cid, who("lead1"), order="CO3", clock=clock)
    with pytest.raises(GuardFailed, match="CO1: the order is not in force today"):
        housing_tenancy.record_legal_basis(cid, who("lead1"), order="CO1",
                                           clock=FixedClock(datetime(2026, 10, 1, 9, 0, tzinfo=UTC)))
    housing_tenancy.record_legal_basis(cid, who("lead1"), order="CO1", clock=clock)
    service.fire(housing_tenancy.change_ref(cid), "approve", who("lead1"), comment="safe with the order", clock=clock)
    with pytest.raises(PermissionDenied):
        housing_tenancy.change(cid, date(2026, 11, 2), who("lettings1"), clock=clock)
    with pytest.raises(GuardFailed, match="order CO1 is not in force on 2026-10-01"):
        housing_tenancy.change(cid, date(2026, 10, 1), who("lead1"), clock=clock)
    housing_tenancy.change(cid, date(2026, 11, 2), who("lead1"), clock=clock)
    assert tenancies("P2")["H10"][1] == date(2026, 11, 2)
