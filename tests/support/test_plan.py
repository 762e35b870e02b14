"""Needs assessments and the risk review clock, the safety plan checklist, the support plan: guards and history."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph_model.errors import InvalidInput, PermissionDenied
from workflows import service, support, support_plan
from workflows.errors import GuardFailed
from workflows.refs import ObjectRef

C1 = ObjectRef("case", "C1")


def test_needs_areas_come_from_the_guidance(world: Any, who: Any, clock: Any) -> None:
    world()
    with pytest.raises(InvalidInput, match="unknown: star_sign"):
        support.record_needs("C1", who("options1"), {"star_sign": "Leo"}, clock=clock)
    with pytest.raises(InvalidInput, match="give needs areas"):
        support.record_needs("C1", who("options1"), {}, clock=clock)


def test_needs_assessment_and_the_risk_review_clock(world: Any, who: Any, clock: Any) -> None:
    world()
    support.record_needs("C1", who("options1"), {"finances": "no access to money", "immigration_residence": "visa"},
                         nrpf=True, clock=clock)
    view = support.needs("C1", who("options1"))
    assert view.needs is not None and view.needs["nrpf"] and view.needs["areas"]["finances"] == "no access to money"
    assert view.needs["review_by"] == date(2026, 12, 14)  # 2026-11-02 + 6 weeks (da_case risk_review_interval)
    assert view.latest_dash == date(2026, 10, 25) and view.risk_review_due == date(2026, 12, 6)
    assert not view.risk_review_running
    with pytest.raises(PermissionDenied):
        support.needs("C1", who("lettings1"))


def test_a_change_of_circumstances_starts_the_case_review(world: Any, who: Any, clock: Any) -> None:
    world(referrals=[{"id": "FM", "case": "C1", "kind": "marac", "from_agency": "A4", "to_agency": "A1",
                      "date": "2026-10-26", "basis": "consent"},
                     {"id": "FI", "case": "C1", "kind": "idva", "from_agency": "A4", "to_agency": "A2",
                      "date": "2026-10-26", "basis": "consent"}])
    service.fire(C1, "open", who("options1"), clock=clock)
    service.fire(C1, "assess", who("options1"), clock=clock)  # DASH 15: routed high risk automatically
    service.fire(C1, "support_high", who("options1"), clock=clock)
    assert support.needs("C1", who("options1")).risk_review_running
    support.record_needs("C1", who("options1"), {"safeguarding": "perpetrator released 2026-11-20"},
                         change="perpetrator's release date 2026-11-20", clock=clock)
    assert [s.state for s in service.state(C1, who("options1"))][0] == "under_review"
    assert service.history(C1, who("options1"), workflow="da_case")[-1]["comment"].startswith(
        "change of circumstances")


def test_the_safety_plan_checklist(world: Any, who: Any, clock: Any) -> None:
    world()
    with pytest.raises(InvalidInput, match="unknown safety plan item"):
        support_plan.record_safety_plan("C1", who("options1"), ["jetpack"], clock=clock)
    items = support_plan.record_safety_plan("C1", who("options1"), ["documents", "phone"],
                                            {"escape_routes": "back door"}, clock=clock)
    assert len(items) == 8 and items["documents"]["done"] and not items["emergency_bag"]["done"]
    p = support_plan.plan("C1", who("options1"))
    assert p.safety["escape_routes"]["note"] == "back door" and p.safety_reviewed_on == date(2026, 11, 2)
    with pytest.raises(PermissionDenied):
        support_plan.record_safety_plan("C1", who("lettings1"), ["documents"], clock=clock)


def test_the_support_plan_needs_actions_with_owners_and_a_planned_exit(world: Any, who: Any, clock: Any) -> None:
    world()
    me = who("options1")
    with pytest.raises(InvalidInput, match="action kind"):
        support_plan.add_action("C1", me, "Find a solicitor", "options1", kind="magic", clock=clock)
    with pytest.raises(InvalidInput, match="owner"):
        support_plan.add_action("C1", me, "Find a solicitor", " ", clock=clock)
    with pytest.raises(InvalidInput, match="a safety plan, an open action with an owner, a planned exit"):
        support_plan.agree("C1", me, clock=clock)
    support_plan.record_safety_plan("C1", me, ["documents"], clock=clock)
    action = support_plan.add_action("C1", me, "Refer to a solicitor for a non-molestation order",
                                     "options1, Test Housing Options", kind="legal", due=date(2026, 11, 20),
                                     clock=clock)
    support_plan.set_exit("C1", me, "Step down to outreach when the order is made", date(2027, 2, 1), clock=clock)
    support_plan.agree("C1", me, clock=clock)
    with pytest.raises(GuardFailed, match="needs a comment"):
        service.fire(support.plan_ref("C1"), "review", me, clock=clock)
    service.fire(support.plan_ref("C1"), "review", me, comment="phone call: order applied for", clock=clock)
    support_plan.set_action_status("C1", action, "done", me, clock=clock)
    p = support_plan.plan("C1", me)
    assert p.state == "active" and p.actions[0]["status"] == "done" and p.planned_exit_by == date(2027, 2, 1)
    service.fire(support.plan_ref("C1"), "exit", me, comment="order made; risk standard", clock=clock)
    assert [e["transition"] for e in service.history(support.plan_ref("C1"), me)] == [
        "enrol", "record_safety_plan", "record_action", "record_action", "activate", "review", "record_action", "exit"]
    with pytest.raises(PermissionDenied):
        support_plan.plan("C1", who("analyst1"))
