"""Every audited read leaves exactly one consultation event naming who, what (the subjects) and why; a read
refused by a permission check leaves one `denied` event; a read of something that does not exist leaves none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dashboard.services import casework
from graph_model import audit, connections
from graph_model.analytics import ego, paths
from graph_model.errors import PermissionDenied
from graph_model.interchange import load as loader
from graph_model.users import Actor
from tests.audit.conftest import CONSENT, events, only
from workflows import marac, marac_record, service, support, support_housing, support_plan, support_referral
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef

Who = Callable[[str], Actor]
CASE = ObjectRef("case", "C1")

# (action, the call as a user, subjects the event must name): one row per audited read.
READS: list[tuple[str, Callable[[Actor], Any], set[str]]] = [
    ("view_state", lambda u: service.state(CASE, u), {"case:C1"}),
    ("view_history", lambda u: service.history(CASE, u), {"case:C1"}),
    ("check_connection", lambda u: connections.check(u, "P1", "P2"), {"person:P1", "person:P2"}),
    ("connected_people", lambda u: connections.connected_people(u, "P1"), {"person:P1", "person:P2"}),
    ("analyse_path", lambda u: paths.how_connected(u, "P1", "P2"), {"person:P1", "person:P2"}),
    ("analyse_ego", lambda u: ego.ego_network(u, "P1", hops=1), {"person:P1", "case:C1"}),
    ("view_marac_agenda", lambda u: marac.agenda("M1", u), {"marac_meeting:M1", "marac_case:MC1", "case:C1"}),
    ("view_marac_map", lambda u: marac.agency_map(u, meeting="M1"), {"marac_meeting:M1", "case:C1"}),
    ("view_marac_record", lambda u: marac_record.build("M1", u), {"marac_meeting:M1", "marac_case:MC1"}),
    ("view_safe_contact", lambda u: support.contact("C1", u), {"case:C1", "person:P1"}),
    ("view_marac_gaps", lambda u: marac.gaps(u, meeting="M1"), {"marac_meeting:M1"}),
    ("view_support_plan", lambda u: support_plan.plan("C1", u), {"case:C1"}),
    ("view_needs", lambda u: support.needs("C1", u), {"case:C1"}),
]
READER = {"view_state": "idva1", "view_history": "idva1", "check_connection": "idva1", "connected_people": "idva1",
          "analyse_path": "analyst1", "analyse_ego": "analyst1", "view_marac_agenda": "chair1",
          "view_marac_map": "chair1", "view_marac_record": "chair1", "view_safe_contact": "idva1",
          "view_marac_gaps": "chair1", "view_support_plan": "idva1", "view_needs": "idva1"}
REFUSED = {"view_state": "lettings1", "view_history": "outsider", "check_connection": "lettings1",
           "connected_people": "lettings1", "analyse_path": "idva1", "analyse_ego": "lettings1",
           "view_marac_agenda": "lettings1", "view_marac_map": "outsider", "view_marac_record": "lettings1",
           "view_safe_contact": "outsider", "view_marac_gaps": "lettings1", "view_support_plan": "outsider",
           "view_needs": "outsider"}


@pytest.mark.parametrize(("action", "call", "subjects"), READS, ids=[r[0] for r in READS])
def test_each_read_leaves_one_event_naming_its_subjects(world: Actor, who: Who, action: str,
                                                        call: Callable[[Actor], Any], subjects: set[str]) -> None:
    before = len(events())
    call(who(READER[action]))
    e = only(action)
    assert len(events()) == before + 1  # one event per read, nothing else
    assert e["actor"] == READER[action] and e["outcome"] == "done" and e["at"] is not None
    assert e["purpose"] == audit.DEFAULT_PURPOSES[action]
    assert subjects <= set(e["subjects"]), e["subjects"]


@pytest.mark.parametrize(("action", "call", "subjects"), READS, ids=[r[0] for r in READS])
def test_a_refused_read_leaves_one_denial(world: Actor, who: Who, action: str, call: Callable[[Actor], Any],
                                          subjects: set[str]) -> None:
    with pytest.raises(PermissionDenied):
        call(who(REFUSED[action]))
    e = only(action)
    assert e["actor"] == REFUSED[action] and e["outcome"] == "denied" and "may not" in e["detail"]["reason"]


def test_the_caller_gives_the_purpose(world: Actor, who: Who) -> None:
    service.state(CASE, who("idva1"), purpose="weekly case review")
    connections.check(who("idva1"), "P1", "P2", purpose="nomination check requested by housing")
    assert only("view_state")["purpose"] == "weekly case review"
    assert only("check_connection")["purpose"] == "nomination check requested by housing"


def test_a_connection_check_names_the_people_on_its_route(world: Actor, who: Who) -> None:
    verdict = connections.check(who("idva1"), "P1", "P2")
    route = {p for g in verdict.grounds for p in g.route[0]}
    assert route and set(audit.people(route)) <= set(only("check_connection")["subjects"])


def test_a_missing_object_leaves_no_event(world: Actor, who: Who) -> None:
    with pytest.raises(UnknownObject):
        marac.agenda("M404", who("chair1"))
    assert events("view_marac_agenda") == []


def test_the_case_timeline_service_is_audited(world: Actor, who: Who, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(casework, "actor", lambda: who("idva1"))
    found = casework.timeline("C1", purpose="IDVA case review")
    e = only("view_case_timeline")
    assert e["purpose"] == "IDVA case review" and {"case:C1", "person:P1", "person:P2"} <= set(e["subjects"])
    assert found.id == "C1"
    monkeypatch.setattr(casework, "actor", lambda: who("outsider"))
    with pytest.raises(PermissionDenied):
        casework.timeline("C1")
    assert [x["outcome"] for x in events("view_case_timeline")] == ["done", "denied"]


def test_screening_detail_views_name_the_screening(world: Actor, who: Who) -> None:
    from graph_model.screening import screen

    result = screen.screen_adhoc(who("lead1"), "P1", "H1")
    e = only("view_screening_detail")
    assert audit.subject("screening", result.screening_id) in e["subjects"]
    assert e["detail"]["screening"] == result.screening_id
    screen.detail_of(who("lead1"), result.screening_id)
    assert len(events("view_screening_detail")) == 2


def test_the_referral_document_is_audited(world: Actor, who: Who) -> None:
    loader.load(world, {"format": "hearth/1", "consents": [CONSENT]})
    ref = support_housing.create_referral("C1", "A2", who("options1"), "consent")
    support_referral.build(ref, who("options1"), purpose="send to the IDVA service")
    e = only("view_referral_document")
    assert e["purpose"] == "send to the IDVA service"
    assert {f"idva_referral:{ref}", "case:C1", "person:P1"} <= set(e["subjects"])
