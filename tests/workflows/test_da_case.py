"""The da_case workflow walked end to end, its guards refusing with reasons, its deadlines under a test clock."""

from __future__ import annotations

from typing import Any

import pytest

from graph_model.errors import PermissionDenied
from tests.workflows.world import CAMBS, dash
from workflows import operations, service, worklists
from workflows.errors import GuardFailed, TransitionNotAllowed
from workflows.refs import ObjectRef

C1 = ObjectRef("case", "C1")
CONSENT = {"id": "K1", "person": "P1", "scope": "share_with_idva", "status": "given", "date": "2026-10-01"}
REFUSED = {"id": "K1", "person": "P1", "scope": "share_with_idva", "status": "refused", "date": "2026-10-01"}


def _fire(who: Any, name: str, transition: str, ctx: Any, **kw: Any) -> list[tuple[str, str]]:
    fired = service.fire(C1, transition, who(name), clock=ctx, **kw)
    return [(e["transition"], e["to_state"]) for e in fired.entries]


def _state(who: Any, name: str = "options1") -> str:
    return {s.workflow: s.state for s in service.state(C1, who(name))}["da_case"]


def test_high_risk_case_walks_from_disclosure_to_closed(load: Any, who: Any, clock: Any) -> None:
    load(consents=[CONSENT], risk_assessments=[dash("R1", "C1", "2026-10-02", 15)])
    assert _fire(who, "options1", "open", clock) == [("enrol", "disclosure"), ("open", "open")]
    # DASH 15 >= 14 (Testshire uses the SafeLives threshold): the engine routes it at once.
    assert _fire(who, "options1", "assess", clock) == [("assess", "risk_assessed"), ("route_high", "high_risk")]
    with pytest.raises(GuardFailed) as refused:
        _fire(who, "options1", "support_high", clock)
    assert "no marac referral is recorded" in str(refused.value)
    load(consents=[CONSENT], risk_assessments=[dash("R1", "C1", "2026-10-02", 15)], referrals=[
        {"id": "F1", "case": "C1", "kind": "marac", "from_agency": "A4", "to_agency": "A1", "date": "2026-11-01",
         "basis": "consent"},
        {"id": "F2", "case": "C1", "kind": "idva", "from_agency": "A4", "to_agency": "A2", "date": "2026-11-01",
         "basis": "consent"}])
    assert _fire(who, "options1", "support_high", clock) == [("support_high", "supported")]
    with pytest.raises(GuardFailed, match="needs a comment"):
        _fire(who, "options1", "close", clock)
    assert _fire(who, "options1", "close", clock, comment="planned exit: moved to safe housing") == [
        ("close", "closed")]
    assert [e["transition"] for e in service.history(C1, who("options1"), "da_case")] == [
        "enrol", "open", "assess", "route_high", "support_high", "close"]


def test_without_consent_the_report_is_only_recorded(load: Any, who: Any, clock: Any) -> None:
    load(consents=[REFUSED])
    explained = service.why_not(C1, "open", who("options1"), clock=clock)
    assert [f.part for f in explained] == ["predicate consent_given"]
    assert "is not given" in explained[0].reason
    with pytest.raises(GuardFailed, match="consent_given"):
        _fire(who, "options1", "open", clock)
    assert _fire(who, "options1", "record_only", clock, comment="victim declined") == [
        ("enrol", "disclosure"), ("record_only", "recorded_only")]


def test_area_thresholds_route_medium_risk_to_the_idva_band_in_cambridgeshire(load: Any, who: Any,
                                                                               clock: Any) -> None:
    case = {"id": "C1", "area": CAMBS, "opened": "2026-10-01", "victims": ["P1"], "perpetrators": ["P2"]}
    load(cases=[case], consents=[CONSENT], risk_assessments=[dash("R1", "C1", "2026-10-02", 15)])
    _fire(who, "options1", "open", clock)
    assert _fire(who, "options1", "assess", clock)[-1] == ("route_idva", "idva_band")


def test_professional_judgement_raises_a_low_score_to_high_risk(load: Any, who: Any, clock: Any) -> None:
    load(consents=[CONSENT], risk_assessments=[dash("R1", "C1", "2026-10-02", 6, judgement=True)])
    _fire(who, "options1", "open", clock)
    assert _fire(who, "options1", "assess", clock)[-1] == ("route_high", "high_risk")


def test_standard_risk_goes_to_outreach(load: Any, who: Any, clock: Any) -> None:
    load(consents=[CONSENT], risk_assessments=[dash("R1", "C1", "2026-10-02", 4)])
    _fire(who, "options1", "open", clock)
    assert _fire(who, "options1", "assess", clock)[-1] == ("route_standard", "outreach")


@pytest.mark.parametrize("username", ["lettings1", "outsider", "analyst1", "admin"])
def test_no_one_outside_the_case_sees_or_moves_it(load: Any, who: Any, clock: Any, username: str) -> None:
    load(consents=[CONSENT])
    with pytest.raises(PermissionDenied):
        service.state(C1, who(username))
    with pytest.raises(PermissionDenied):
        service.fire(C1, "open", who(username), clock=clock)
    with pytest.raises(PermissionDenied):
        service.history(C1, who(username))


def test_automatic_and_deadline_transitions_cannot_be_fired_by_hand(load: Any, who: Any, clock: Any) -> None:
    load(consents=[CONSENT])
    for transition in ("route_high", "review_due"):
        with pytest.raises(TransitionNotAllowed, match="fires it, not a user"):
            _fire(who, "options1", transition, clock)
    with pytest.raises(TransitionNotAllowed, match="leaves open only"):
        _fire(who, "options1", "assess", clock)


def test_open_within_24_hours_deadline_flags_the_case_overdue(load: Any, who: Any, clock: Any, admin: Any) -> None:
    load(consents=[CONSENT])
    operations.enrol(admin, clock=clock)
    [item] = worklists.worklist("da_case.to_open", who("options1"), clock=clock)
    assert (item.ref, item.overdue) == (C1, False)
    assert item.due is not None and (item.due - clock.now()).total_seconds() == 24 * 3600
    clock.advance(hours=25)
    [item] = worklists.worklist("da_case.to_open", who("options1"), clock=clock)
    assert item.overdue
    first = operations.tick(admin, clock=clock)
    assert first.flagged == ["case:C1 open_within_24h"]
    assert operations.tick(admin, clock=clock).expired == 0  # idempotent
    assert worklists.worklist("da_case.to_open", who("lettings1"), clock=clock) == []


def test_risk_review_falls_due_after_six_weeks(load: Any, who: Any, clock: Any, admin: Any) -> None:
    load(consents=[CONSENT], risk_assessments=[dash("R1", "C1", "2026-10-02", 4)],
         referrals=[{"id": "F3", "case": "C1", "kind": "outreach", "from_agency": "A4", "to_agency": "A2",
                     "date": "2026-11-01", "basis": "consent"}])
    for step in ("open", "assess", "support_outreach"):
        _fire(who, "options1", step, clock)
    clock.advance(days=41)
    assert operations.tick(admin, clock=clock).fired == []
    assert worklists.worklist("da_case.reviews_overdue", who("options1"), clock=clock) == []
    clock.advance(days=1, minutes=1)
    report = operations.tick(admin, clock=clock)
    assert report.fired == ["case:C1 review_due"]
    assert _state(who) == "under_review"
    assert operations.tick(admin, clock=clock).fired == []
    # The re-assessment needs a DASH from the last 14 days.
    with pytest.raises(GuardFailed, match="older than 14 days"):
        _fire(who, "options1", "reassess", clock)


def test_information_sharing_is_a_second_workflow_with_its_own_state(load: Any, who: Any, clock: Any) -> None:
    load(consents=[CONSENT])
    with pytest.raises(PermissionDenied):  # an IDVA whose service is not involved in the case
        service.fire(C1, "record_lawful_basis", who("idva1"), comment="x", params={"basis": "whim"}, clock=clock)
    with pytest.raises(GuardFailed, match="'basis' must be one of child_protection"):
        service.fire(C1, "record_lawful_basis", who("lead1"), comment="x", params={"basis": "whim"}, clock=clock)
    service.fire(C1, "record_consent", who("options1"), clock=clock)
    states = {s.workflow: s.state for s in service.state(C1, who("options1"))}
    assert states == {"da_case": "disclosure", "information_sharing": "consented"}
