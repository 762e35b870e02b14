"""Screening as each user sees it: the workflow moves, lettings officers learn nothing about anyone else,
every screening and every view of its detail is audited, and the wrong users are refused."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

import pytest

from graph_model import db, users
from graph_model.errors import PermissionDenied
from graph_model.interchange import load as loader
from graph_model.screening import screen as screening
from tests.screening.situations import world
from workflows import operations, service, worklists
from workflows import screening as screening_service
from workflows.clock import FixedClock
from workflows.errors import GuardFailed
from workflows.refs import ObjectRef

N1 = ObjectRef("nomination", "N1")
SECRET = ("Vera", "Hidden", "Chloe", "Prudence", "P1", "P3", "P5", "C1", "HV", "Secret Street", "ZZ9 9ZZ",
          "52.005", "victim")


def _load(admin: Any, doc: dict[str, Any]) -> FixedClock:
    loader.load(admin, doc, today=date(2026, 11, 25))
    clock = FixedClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    operations.enrol(admin, clock=clock)
    return clock


def test_a_refused_nomination_goes_to_the_da_lead_who_overrides_with_a_justification(graph: Any, admin: Any) -> None:
    clock = _load(admin, world(victim_at=600))
    result = screening_service.screen_nomination("N1", users.actor("lettings1"), clock=clock)
    assert (result.outcome, result.detail) == ("refuse", None)
    assert service.state(N1, users.actor("lettings1"))[0].state == "conflict"
    assert [i.ref for i in worklists.worklist("nomination.to_decide", users.actor("lead1"), clock=clock)] == [N1]
    with pytest.raises(GuardFailed, match="needs a comment"):
        service.fire(N1, "override", users.actor("lead1"), clock=clock)
    service.fire(N1, "override", users.actor("lead1"), comment="victim consents; moving away next week",
                 clock=clock)
    history = [(e["transition"], e["to_state"]) for e in service.history(N1, users.actor("lead1"))]
    assert history == [("enrol", "received"), ("screen", "screened"), ("to_conflict", "conflict"),
                       ("override", "accepted")]


def test_a_clear_nomination_moves_to_clear(graph: Any, admin: Any) -> None:
    clock = _load(admin, world(victim_at=5000))
    assert screening_service.screen_nomination("N1", users.actor("lettings1"), clock=clock).outcome == "clear"
    assert service.state(N1, users.actor("lettings1"))[0].state == "clear"


def test_a_lettings_officer_learns_nothing_about_anyone_but_the_applicant(graph: Any, admin: Any) -> None:
    doc = world(victim_at=600, properties=[], court_orders=[
        {"id": "O1", "kind": "non_molestation", "respondent": "P2", "protected": ["P1", "P5"], "start": "2026-01-01"}])
    clock = _load(admin, doc)
    result = screening_service.screen_nomination("N1", users.actor("lettings1"), clock=clock)
    text = json.dumps(result.as_dict()) + " ".join(result.explained()) + repr(result)
    leaked = [s for s in SECRET if s in text]
    assert leaked == []
    assert result.detail is None and result.outcome == "refuse"


def test_every_screening_and_every_view_of_its_detail_is_audited(graph: Any, admin: Any) -> None:
    clock = _load(admin, world(victim_at=600))
    result = screening_service.screen_nomination("N1", users.actor("lettings1"), clock=clock)
    with pytest.raises(PermissionDenied):
        screening.detail_of(users.actor("lettings1"), result.screening_id)
    [finding] = screening.detail_of(users.actor("lead1"), result.screening_id)
    assert finding.person_id == "P1"
    events = db.read(lambda tx: [(r["actor"], r["action"]) for r in tx.run(
        "MATCH (e:AuditEvent) WHERE e.action IN ['screen_nomination', 'view_screening_detail'] "
        "RETURN e.actor AS actor, e.action AS action ORDER BY e.at")])
    assert events == [("lettings1", "screen_nomination"), ("lead1", "view_screening_detail")]


@pytest.mark.parametrize("username", ["idva1", "admin"])
def test_users_without_the_role_may_not_screen(graph: Any, admin: Any, username: str) -> None:
    clock = _load(admin, world(victim_at=600))
    with pytest.raises(PermissionDenied):
        screening_service.screen_nomination("N1", users.actor(username), clock=clock)
    with pytest.raises(PermissionDenied):
        screening_service.screen_adhoc("P2", "H0", users.actor(username))


def test_a_lettings_officer_of_another_landlord_may_not_screen_this_nomination(graph: Any, admin: Any) -> None:
    doc = world(victim_at=600, agencies=[{"id": "A8", "name": "Other Homes", "kind": "housing_provider"}],
                users=[{"id": "U8", "username": "lettings8", "agency": "A8", "roles": ["lettings_officer"]}])
    clock = _load(admin, doc)
    with pytest.raises(PermissionDenied):
        screening_service.screen_nomination("N1", users.actor("lettings8"), clock=clock)


def test_the_result_records_the_policy_and_the_stored_detail_matches(graph: Any, admin: Any) -> None:
    clock = _load(admin, world(victim_at=600))
    result = screening_service.screen_nomination("N1", users.actor("lead1"), clock=clock)
    assert result.policy == 1 and result.screening_id.startswith("S-")
    assert result.detail is not None
    assert [asdict(f) for f in screening.detail_of(users.actor("lead1"), result.screening_id)] == [
        asdict(f) for f in result.detail]


def test_only_a_da_lead_screens_a_conflict_again(graph: Any, admin: Any) -> None:
    clock = _load(admin, world(victim_at=600))
    screening_service.screen_nomination("N1", users.actor("lettings1"), clock=clock)
    with pytest.raises(PermissionDenied, match="'decide' needs one of da_lead"):  # refused before screening
        screening_service.screen_nomination("N1", users.actor("lettings1"), clock=clock)
    assert screening_service.latest_screening("N1", users.actor("lettings1")).detail is None
    again = screening_service.screen_nomination("N1", users.actor("lead1"), clock=clock)
    assert again.outcome == "refuse"
    assert screening_service.latest_screening("N1", users.actor("lead1")).screening_id == again.screening_id
    assert service.state(N1, users.actor("lead1"))[0].state == "conflict"


def test_the_pending_queue_holds_only_what_the_user_may_screen(graph: Any, admin: Any) -> None:
    doc = world(victim_at=5000, agencies=[{"id": "A8", "name": "Other Homes", "kind": "housing_provider"}],
                users=[{"id": "U8", "username": "lettings8", "agency": "A8", "roles": ["lettings_officer"]}])
    clock = _load(admin, doc)
    assert screening_service.screen_pending(users.actor("lettings8"), clock=clock).results == {}
    report = screening_service.screen_pending(users.actor("lettings1"), clock=clock)
    assert list(report.results) == ["N1"] and report.failed == {}


def test_a_site_may_keep_the_same_building_code_from_those_who_may_not_see_the_detail(graph: Any,
                                                                                        admin: Any) -> None:
    from dataclasses import replace

    from graph_model.screening.policy import current

    clock = _load(admin, world(victim_at=0, building="B1"))
    hidden = replace(current(), reveal_same_building=False)
    told = screening_service.screen_nomination("N1", users.actor("lettings1"), clock=clock, policy=hidden)
    assert (told.outcome, told.reasons) == ("refuse", ("PERPETRATOR_NEAR_VICTIM",))
    lead = screening_service.screen_nomination("N1", users.actor("lead1"), clock=clock, policy=hidden)
    assert lead.reasons[0] == "PERPETRATOR_SAME_BUILDING" and lead.detail is not None
    stored = db.read(lambda tx: tx.run("MATCH (s:Screening {id: $id}) RETURN s.reasons AS r",
                                       id=told.screening_id).single(strict=True)["r"])
    assert stored[0] == "PERPETRATOR_SAME_BUILDING"  # the record keeps the exact code for the DA lead
    shown = screening_service.screen_nomination("N1", users.actor("lead1"), clock=clock)
    assert "PERPETRATOR_SAME_BUILDING" in shown.reasons
