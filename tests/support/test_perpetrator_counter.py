"""Counter-allegations (001 s.11.7): two people each recorded as perpetrator against the other stop MARAC and
perpetrator programme steps, with the reason, until the primary perpetrator is identified with the specialist
service (who, which service, when, why); then the primary may be referred and the other party never."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph_model.errors import InvalidInput, PermissionDenied
from workflows import service, support_perp, support_programme
from workflows.errors import GuardFailed, UnknownObject
from workflows.refs import ObjectRef

MC1 = ObjectRef("marac_case", "MC1")
C1 = {"id": "C1", "area": "Testshire", "opened": "2026-10-01", "victims": ["P1"], "perpetrators": ["P2"],
      "children": ["P3"]}
# Ben's counter-allegation against Ava, recorded as its own case (hearth/1's way; screening reads it as weak).
C2 = {"id": "C2", "area": "Testshire", "opened": "2026-10-05", "victims": ["P2"], "perpetrators": ["P1"],
      "counter_allegation": True}
SPECIALIST = {"id": "A6", "name": "Test DA Service", "kind": "specialist_da_service", "area": "Testshire"}
MARAC = {"marac_meetings": [{"id": "M1", "area": "Testshire", "date": "2026-11-05", "chair": "U5",
                             "agencies_attending": ["A1", "A2", "A4"]}],
         "marac_cases": [{"id": "MC1", "case": "C1", "meeting": "M1", "criterion": "visible_high_risk",
                          "referred": "2026-10-20", "referring_agency": "A4"}]}
C2_PARTY = {"id": "F5", "case": "C2", "kind": "other", "from_agency": "A4", "to_agency": "A4",
            "date": "2026-10-05", "basis": "consent"}
RATIONALE = "Pattern of coercive control by Ben over two years; Ava's single push was in self-defence."


def _decide(who: Any, clock: Any, username: str = "lead1", **kw: Any) -> str:
    args = {"primary": "P2", "other": "P1", "service": "A6", "decided_by": "J. Smith, DA service manager",
            "decided_on": date(2026, 10, 30), "rationale": RATIONALE, **kw}
    return support_perp.identify_primary("C1", actor=who(username), clock=clock, **args)


def test_counter_allegations_wait_for_the_primary_perpetrator(world: Any, who: Any, clock: Any) -> None:
    world(cases=[C1, C2], agencies=[SPECIALIST], referrals=[C2_PARTY], **MARAC)
    [pair] = support_perp.show("C1", who("lead1")).counter_allegations
    assert (pair.victim, pair.perpetrator, pair.decision) == ("P1", "P2", None)
    assert pair.grounds == ("another case records the reverse allegation",) and "C2" not in str(pair)
    [mirror] = support_perp.show("C2", who("lead1")).counter_allegations
    assert mirror.grounds == ("this case is recorded as a counter-allegation",  # and Ava's allegation, I1:
                              "another case records the reverse allegation",
                              "an incident is recorded from the victim towards the perpetrator")
    with pytest.raises(GuardFailed, match=r"counter-allegations in case C1 \(P1 and P2 .*identify the primary"):
        service.fire(MC1, "accept", who("coord1"), clock=clock)
    with pytest.raises(GuardFailed, match="counter-allegation"):
        support_programme.refer("C1", "P2", "community_dapp", who("options1"), clock=clock)
    assert support_perp.show("C1", who("lead1")).programme_referrals == ()  # the refused referral left nothing

    decision = _decide(who, clock)
    [pair] = support_perp.show("C1", who("lead1")).counter_allegations
    assert pair.decision and (pair.decision["id"], pair.decision["primary"], pair.decision["service_name"],
                              pair.decision["rationale"]) == (decision, "P2", "Test DA Service", RATIONALE)
    service.fire(MC1, "accept", who("coord1"), clock=clock)
    service.fire(MC1, "list", who("coord1"), clock=clock)
    with pytest.raises(GuardFailed, match="P1 was identified as the victim, not the primary perpetrator"):
        support_programme.refer("C2", "P1", "community_dapp", who("options1"), clock=clock)
    [entry] = [e for e in service.history(support_perp.record_ref("C1"), who("lead1"))
               if e["transition"] == "identify_primary"]
    assert "P2" in entry["comment"] and "self-defence" not in entry["comment"]  # the rationale stays out


def test_the_primary_perpetrator_decision_is_checked(world: Any, who: Any, clock: Any) -> None:
    world(cases=[C1, C2], agencies=[SPECIALIST])
    for kwargs, message in [({"service": "A4"}, "not a specialist domestic abuse service"),
                            ({"primary": "P3"}, "are not a counter-allegation in case C1"),
                            ({"decided_on": date(2026, 12, 1)}, "in the future"),
                            ({"rationale": "because"}, "give the rationale")]:
        with pytest.raises(InvalidInput, match=message):
            _decide(who, clock, **kwargs)
    with pytest.raises(GuardFailed, match="lacks 'decide'"):
        _decide(who, clock, username="options1")
    for username in ("lettings1", "outsider"):
        with pytest.raises(PermissionDenied):
            _decide(who, clock, username=username)


def test_an_incident_against_the_perpetrator_is_a_counter_allegation_and_none_lets_marac_proceed(
        world: Any, who: Any, clock: Any) -> None:
    world(cases=[C1], **MARAC)
    service.fire(MC1, "accept", who("coord1"), clock=clock)  # no counter-allegation: the guard passes
    world(cases=[C1], incidents=[{"id": "I5", "case": "C1", "date": "2026-10-21", "by": "P1", "towards": "P2"}],
          **MARAC)
    [pair] = support_perp.show("C1", who("lead1")).counter_allegations
    assert pair.grounds == ("an incident is recorded from the victim towards the perpetrator",)
    with pytest.raises(GuardFailed, match="counter-allegations in case C1"):
        service.fire(MC1, "list", who("coord1"), clock=clock)


def test_a_programme_referral_walks_from_referred_to_completed(world: Any, who: Any, clock: Any) -> None:
    world()
    referral = support_programme.refer("C1", "P2", "community_dapp", who("options1"), clock=clock)
    ref = support_programme.programme_ref(referral)
    for step in ("assess", "accept", "start", "complete"):
        service.fire(ref, step, who("options1"), clock=clock)
    assert [e["to_state"] for e in service.history(ref, who("options1"))] == [
        "referred", "assessed", "accepted", "attending", "completed"]
    [shown] = support_perp.show("C1", who("lead1")).programme_referrals
    assert (shown["id"], shown["person"], shown["programme"], shown["state"]) == (
        referral, "P2", "community_dapp", "completed")
    other = support_programme.programme_ref(support_programme.refer("C1", "P2", "high_harm", who("options1"),
                                                                    clock=clock))
    with pytest.raises(GuardFailed, match="needs a comment"):
        service.fire(other, "unsuitable", who("options1"), clock=clock)
    service.fire(other, "unsuitable", who("options1"), comment="denies all abuse: not suitable now", clock=clock)
    with pytest.raises(InvalidInput, match="no programme 'anger_management'"):
        support_programme.refer("C1", "P2", "anger_management", who("options1"), clock=clock)
    with pytest.raises(UnknownObject, match="not a perpetrator"):
        support_programme.refer("C1", "P1", "community_dapp", who("options1"), clock=clock)
    for username in ("lettings1", "outsider", "analyst1", "police1"):
        with pytest.raises(PermissionDenied):
            support_programme.refer("C1", "P2", "community_dapp", who(username), clock=clock)
        with pytest.raises(PermissionDenied):
            service.history(ref, who(username))
