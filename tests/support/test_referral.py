"""The Housing IDVA referral from a case: refused when it breaks the rules, accepted when it keeps them; and the
referral document: what it must carry (003 para 80, the directory) and what it must not (address, code word)."""

from __future__ import annotations

from typing import Any

import pytest

from graph_model.errors import InvalidInput, PermissionDenied
from tests.support.conftest import ADDRESS, CODE_WORD
from tests.workflows.world import dash
from workflows import service, support, support_housing, support_plan, support_referral
from workflows.errors import GuardFailed
from workflows.refs import ObjectRef


def _refer(who: Any, clock: Any, **kwargs: Any) -> ObjectRef:
    return ObjectRef("idva_referral", support_housing.create_referral("C1", "A2", who("options1"), "consent",
                                                                       clock=clock, **kwargs))


def test_a_referral_that_keeps_the_rules_is_accepted_and_in_the_history(world: Any, who: Any, clock: Any) -> None:
    world()
    ref = _refer(who, clock)
    service.fire(ref, "accept", who("idva1"), clock=clock)
    assert [e["transition"] for e in service.history(ref, who("idva1"))] == ["enrol", "accept"]


def test_a_self_referral_is_refused(world: Any, who: Any, clock: Any) -> None:
    world()
    ref = _refer(who, clock, self_referral=True)
    with pytest.raises(GuardFailed, match="from professionals only"):
        service.fire(ref, "accept", who("idva1"), clock=clock)


def test_abuse_older_than_three_months_without_a_rise_in_risk_is_refused(world: Any, who: Any, clock: Any) -> None:
    world(incidents=[{"id": "I9", "case": "C1", "date": "2026-06-01", "by": "P2", "towards": "P1"}],
          risk_assessments=[dash("R3", "C1", "2026-10-30", 2)])  # the latest DASH is lower: no rise
    ref = _refer(who, clock)
    with pytest.raises(GuardFailed, match="no abuse recorded in the 3 months"):
        service.fire(ref, "accept", who("idva1"), clock=clock)


@pytest.mark.parametrize("username", ["lettings1", "analyst1", "outsider"])
def test_only_the_case_workers_refer(world: Any, who: Any, clock: Any, username: str) -> None:
    world()
    with pytest.raises(PermissionDenied):
        support_housing.create_referral("C1", "A2", who(username), "consent", clock=clock)


def test_a_referral_needs_a_known_basis(world: Any, who: Any, clock: Any) -> None:
    world()
    with pytest.raises(InvalidInput, match="basis must be one of"):
        support_housing.create_referral("C1", "A2", who("options1"), "because", clock=clock)


def _document(world: Any, who: Any, clock: Any) -> str:
    world()
    me = who("options1")
    fields = {"ways": ["text"], "warnings": ["never_at_home"], "safe_times": "weekdays 10-14", "code_word": CODE_WORD,
              "language": "Polish", "interpreter": "independent", "accessibility": "step-free access"}
    support.set_contact("C1", "P1", me, fields, clock=clock)
    support.set_spoc("C1", "P1", "IDVA 2, Test IDVA Service", me, True, clock=clock)
    support.record_needs("C1", me, {"finances": "no access to money"}, nrpf=True, clock=clock)
    support_plan.record_safety_plan("C1", me, ["documents", "phone"], clock=clock)
    support_plan.add_action("C1", me, "Refer to a solicitor", "options1, Test Housing Options", kind="legal",
                            clock=clock)
    ref = _refer(who, clock)
    return support_referral.to_markdown(support_referral.build(ref.id, who("idva1")))


def test_the_referral_document_carries_para_80(world: Any, who: Any, clock: Any) -> None:
    text = _document(world, who, clock)
    for expected in (
            "Safe times: weekdays 10-14", "WARNING: NEVER AT HOME", "Safe ways to contact: text",  # contact
            "Single point of contact chosen by the victim: IDVA 2, Test IDVA Service",
            "Language: Polish", "Interpreter: independent", "Accessibility needs: step-free access",  # access
            "Latest DASH 2026-10-25: 15 of 24, high risk", "Previous DASH 2026-10-02: 8 of 24 (RISING)",  # risk
            "Incidents in the 3 months before the referral: 1", "finances: no access to money",
            "NO RECOURSE TO PUBLIC FUNDS",  # needs
            "[x] Important documents", "[ ] An emergency bag", "Refer to a solicitor - owner options1",  # safety
            "Test Housing Options (local authority housing): consent, referral from, referral to",  # in contact
            "Basis of this referral: consent", "Consent share_with_idva by P1: given",  # consent
            "National Domestic Abuse Helpline: 0808 2000 247", "999", "press 55", "Galop", "Hourglass"):  # directory
        assert expected in text, expected


def test_the_referral_document_never_carries_the_address_or_the_code_word(world: Any, who: Any, clock: Any) -> None:
    text = _document(world, who, clock)
    assert ADDRESS not in text and "ZZ9 9ZZ" not in text and CODE_WORD not in text
    assert "A code word is agreed" in text and "address is not included" in text


@pytest.mark.parametrize("username", ["lettings1", "analyst1", "outsider"])
def test_the_referral_document_is_refused_to_others(world: Any, who: Any, clock: Any, username: str) -> None:
    world()
    ref = _refer(who, clock)
    with pytest.raises(PermissionDenied):
        support_referral.build(ref.id, who(username))
