"""Rehousing the perpetrator away from the family home: the victim's wish to stay, the exceptional circumstances
written down, every home proposed screened for the perpetrator (refuse stops it, refer needs a DA lead), the move
ending the perpetrator's tenancy of the family home; lettings officers see none of it, and only a DA lead sees
who a screening found."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from graph_model.errors import InvalidInput, PermissionDenied
from tests.support.options_world import HOME_ADDRESS, load_options
from tests.support.test_housing_options_transfer import tenancies
from workflows import housing_tenancy, service
from workflows.clock import FixedClock
from workflows.errors import GuardFailed


def _approved(who: Any, clock: Any) -> str:
    rid = housing_tenancy.request_rehousing("C1", "T11", "Ava and Cal stay at home", who("options1"),
                                            victim_wishes_to_remain=True, clock=clock)
    housing_tenancy.service.fire(housing_tenancy.rehousing_ref(rid), "approve", who("lead1"), clock=clock,
                                 comment="reduces the risk; Cal is on a child in need plan")
    return rid


def test_the_perpetrator_moves_to_a_home_that_screens_clear(load: Any, who: Any, clock: Any) -> None:
    load_options(load)
    rid = housing_tenancy.request_rehousing("C1", "T11", "Ava and Cal stay at home", who("options1"),
                                            victim_wishes_to_remain=True, clock=clock)
    with pytest.raises(GuardFailed, match="needs a comment"):
        service.fire(housing_tenancy.rehousing_ref(rid), "approve", who("lead1"), clock=clock)
    service.fire(housing_tenancy.rehousing_ref(rid), "approve", who("lead1"), comment="exceptional: CIN plan",
                 clock=clock)
    near = housing_tenancy.screen_home(rid, "H12", who("options1"), clock=clock)
    assert near.outcome == "refuse" and near.detail is None  # housing options: outcome and reasons only
    shown = json.dumps(near.as_dict(), default=str) + " ".join(near.explained())
    for secret in ("P1", "P3", "Ava", "Cal", "C1", "H10", HOME_ADDRESS):
        assert secret not in shown, secret
    with pytest.raises(GuardFailed, match="of H12: refuse, not clear"):
        housing_tenancy.offer_home(rid, who("options1"), clock=clock)
    with pytest.raises(GuardFailed, match="of H12: refuse, not refer"):
        housing_tenancy.offer_home(rid, who("lead1"), justification="no other home", clock=clock)
    assert housing_tenancy.screen_home(rid, "H11", who("options1"), clock=clock).outcome == "clear"
    housing_tenancy.offer_home(rid, who("options1"), clock=clock)
    housing_tenancy.move_out(rid, date(2026, 11, 2), who("options1"), tenure="assured", clock=clock)
    assert tenancies("P2")["H10"][1] == date(2026, 11, 2) and tenancies("P2")["H11"] == (date(2026, 11, 2), None,
                                                                                         "assured")
    assert tenancies("P1")["H10"][1] is None  # the victim stays at home
    steps = [e["transition"] for e in service.history(housing_tenancy.rehousing_ref(rid), who("options1"))]
    assert steps == ["enrol", "approve", "screen", "screen", "offer", "move"]


def test_a_refer_needs_a_da_lead_who_alone_sees_the_detail(load: Any, who: Any, clock: Any) -> None:
    load_options(load)
    rid = _approved(who, clock)
    result = housing_tenancy.screen_home(rid, "H13", who("lead1"), clock=clock)
    assert result.outcome == "refer" and result.detail  # the DA lead sees who and how far (audited)
    assert {f.person_id for f in result.detail} >= {"P1"}
    with pytest.raises(GuardFailed, match="of H13: refer, not clear"):
        housing_tenancy.offer_home(rid, who("options1"), clock=clock)
    with pytest.raises(GuardFailed, match="options1 needs one of da_lead"):
        housing_tenancy.offer_home(rid, who("options1"), justification="nothing else", clock=clock)
    housing_tenancy.offer_home(rid, who("lead1"), justification="2 km, other side of the river; agreed at MARAC",
                               clock=clock)
    assert [e["to_state"] for e in service.history(housing_tenancy.rehousing_ref(rid), who("lead1"))][-1] == "offered"


def test_requests_refused_and_lettings_officers_see_nothing(load: Any, who: Any, clock: Any) -> None:
    load_options(load)
    with pytest.raises(InvalidInput, match="the victim wishes to stay at home"):
        housing_tenancy.request_rehousing("C1", "T11", "reason", who("options1"), clock=clock)
    with pytest.raises(InvalidInput, match="T10 is not held by a perpetrator"):
        housing_tenancy.request_rehousing("C1", "T10", "reason", who("options1"), victim_wishes_to_remain=True,
                                          clock=clock)
    later = FixedClock(datetime(2027, 6, 1, 9, 0, tzinfo=UTC))  # the DASH and the incident are 7 months old
    stale = housing_tenancy.request_rehousing("C1", "T11", "reason", who("options1"), victim_wishes_to_remain=True,
                                              clock=later)
    with pytest.raises(GuardFailed, match="no risk evidence"):
        service.fire(housing_tenancy.rehousing_ref(stale), "approve", who("lead1"), comment="x", clock=later)
    rid = _approved(who, clock)
    with pytest.raises(GuardFailed, match="has not been screened"):  # no screening recorded, whatever the comment
        service.fire(housing_tenancy.rehousing_ref(rid), "screen", who("options1"), comment="screening S-1: clear",
                     clock=clock)
    for username in ("lettings1", "analyst1", "outsider"):
        with pytest.raises(PermissionDenied):
            housing_tenancy.screen_home(rid, "H11", who(username), clock=clock)
        with pytest.raises(PermissionDenied):
            service.history(housing_tenancy.rehousing_ref(rid), who(username))
    with pytest.raises(GuardFailed, match="has not been screened"):
        housing_tenancy.offer_home(rid, who("options1"), clock=clock)
