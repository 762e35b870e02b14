"""The idva_referral workflow: professionals only, recent abuse or rising risk, allocation as a local role."""

from __future__ import annotations

from typing import Any

import pytest

from graph_model.errors import PermissionDenied
from tests.workflows.world import dash
from workflows import operations, service, worklists
from workflows.errors import GuardFailed
from workflows.refs import ObjectRef

F1 = ObjectRef("idva_referral", "F1")
C1 = ObjectRef("case", "C1")


def _referral(day: str = "2026-10-20", from_agency: str | None = "A4") -> dict[str, Any]:
    record = {"id": "F1", "case": "C1", "kind": "idva", "to_agency": "A2", "date": day, "basis": "consent"}
    if from_agency:
        record["from_agency"] = from_agency
    return record


def _incident(day: str) -> dict[str, Any]:
    return {"id": "I1", "case": "C1", "date": day, "by": "P2", "towards": "P1", "behaviours": ["physical_or_sexual"]}


def test_referral_walks_to_closed_and_the_allocated_idva_gets_the_case(load: Any, who: Any, clock: Any,
                                                                        admin: Any) -> None:
    load(referrals=[_referral()], incidents=[_incident("2026-09-01")])
    operations.enrol(admin, clock=clock)  # as `hearth load` does: worklists list objects in a workflow
    assert [i.ref for i in worklists.worklist("idva_referral.to_accept", who("idva1"), clock=clock)] == [F1]
    service.fire(F1, "accept", who("idva1"), clock=clock)
    with pytest.raises(GuardFailed, match="no user 'nobody'"):
        service.fire(F1, "allocate", who("idva1"), params={"idva": "nobody"}, clock=clock)
    with pytest.raises(GuardFailed, match="police1 is not a idva"):
        service.fire(F1, "allocate", who("idva1"), params={"idva": "police1"}, clock=clock)
    service.fire(F1, "allocate", who("idva1"), params={"idva": "idva2"}, clock=clock)
    # The local role: idva2 may now work the referral, idva1 (same service) may not.
    with pytest.raises(GuardFailed, match="lacks 'work'"):
        service.fire(F1, "engage", who("idva1"), clock=clock)
    assert [i.ref for i in worklists.worklist("idva_referral.my_referrals", who("idva2"), clock=clock)] == [F1]
    assert worklists.worklist("idva_referral.my_referrals", who("idva1"), clock=clock) == []
    service.fire(F1, "engage", who("idva2"), clock=clock)
    assert service.state(C1, who("idva2"))  # the local role reaches the case too
    service.fire(F1, "close", who("idva2"), comment="support plan complete", clock=clock)
    assert [e["to_state"] for e in service.history(F1, who("idva2"))] == [
        "referred", "accepted", "allocated", "engaged", "closed"]


def test_abuse_older_than_three_months_without_a_rise_in_risk_is_refused(load: Any, who: Any, clock: Any) -> None:
    load(referrals=[_referral()], incidents=[_incident("2026-06-01")])
    [failure] = service.why_not(F1, "accept", who("idva1"), clock=clock)
    assert failure.part == "predicate recent_abuse_or_risk_rise(months=$recent_months)"
    assert "no abuse recorded in the 3 months before 2026-10-20" in failure.reason


def test_a_recent_rise_in_risk_counts(load: Any, who: Any, clock: Any) -> None:
    load(referrals=[_referral()], incidents=[_incident("2026-06-01")],
         risk_assessments=[dash("R1", "C1", "2026-06-02", 8), dash("R2", "C1", "2026-10-18", 12)])
    assert service.why_not(F1, "accept", who("idva1"), clock=clock) == []


def test_a_referral_without_a_referring_professional_is_refused(load: Any, who: Any, clock: Any) -> None:
    load(referrals=[_referral(from_agency=None)], incidents=[_incident("2026-10-01")])
    with pytest.raises(GuardFailed, match="from professionals only"):
        service.fire(F1, "accept", who("idva1"), clock=clock)


def test_decline_needs_a_reason_and_others_cannot_touch_it(load: Any, who: Any, clock: Any) -> None:
    load(referrals=[_referral()])
    with pytest.raises(GuardFailed, match="needs a comment"):
        service.fire(F1, "decline", who("idva1"), clock=clock)
    for outsider in ("outsider", "lettings1", "police1"):
        with pytest.raises(PermissionDenied):
            service.fire(F1, "decline", who(outsider), comment="no", clock=clock)
    # The referrer sees it but may not decide it.
    with pytest.raises(GuardFailed, match="needs one of idva, da_lead"):
        service.fire(F1, "decline", who("options1"), comment="no", clock=clock)
    service.fire(F1, "decline", who("idva1"), comment="not a DA case", clock=clock)
