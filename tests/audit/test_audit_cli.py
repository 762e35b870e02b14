"""`hearth audit` and the search under it: filters by actor, action, subject and time, JSON, refusals; every
search is audited itself."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from graph_model import audit_search, connections
from graph_model.errors import InvalidInput, PermissionDenied
from graph_model.users import Actor
from hearth import cli
from tests.audit.conftest import events
from workflows import service
from workflows.refs import ObjectRef

Who = Callable[[str], Actor]


def _reads(who: Who) -> None:
    service.state(ObjectRef("case", "C1"), who("idva1"), purpose="case review")
    service.history(ObjectRef("case", "C2"), who("idva1"))
    connections.check(who("police1"), "P1", "P2")


def test_search_filters(world: Actor, who: Who) -> None:
    _reads(who)
    lead = who("lead1")
    assert {e.action for e in audit_search.search(lead, actor="idva1")} == {"view_state", "view_history"}
    assert [e.actor for e in audit_search.search(lead, action="check_connection")] == ["police1"]
    by_case = audit_search.search(lead, subject="C1", kind="consultation")
    assert {e.action for e in by_case} == {"view_state"} and by_case[0].purpose == "case review"
    assert {e.action for e in audit_search.search(lead, subject="C1")} == {"view_state", "transition"}
    assert {e.action for e in audit_search.search(lead, subject="person:P2")} == {"check_connection"}
    assert len(audit_search.search(lead, actor="idva1", limit=1)) == 1
    now = datetime.now(UTC)
    assert audit_search.search(lead, actor="idva1", since=now + timedelta(minutes=1)) == []
    assert len(audit_search.search(lead, actor="idva1", until=now + timedelta(minutes=1))) == 2
    assert audit_search.search(lead, actor="idva1", until=now - timedelta(hours=1)) == []
    newest_first = audit_search.search(lead)
    assert [e.at for e in newest_first] == sorted((e.at for e in newest_first), reverse=True)


def test_searching_is_audited(world: Actor, who: Who) -> None:
    audit_search.search(who("lead1"), actor="idva1", purpose="complaint 42")
    [e] = events("search_audit")
    assert e["actor"] == "lead1" and e["purpose"] == "complaint 42"
    assert e["detail"]["filters"] == {"actor": "idva1"} and e["detail"]["found"] == 0


@pytest.mark.parametrize("username", ["idva1", "analyst1", "lettings1", "chair1", "police1"])
def test_only_admins_and_da_leads_search(world: Actor, who: Who, username: str) -> None:
    with pytest.raises(PermissionDenied):
        audit_search.search(who(username))
    [e] = events("search_audit")
    assert e["actor"] == username and e["outcome"] == "denied"


def test_bad_limits_and_ranges_are_refused(world: Actor, who: Who) -> None:
    now = datetime.now(UTC)
    for kwargs in ({"limit": 0}, {"limit": audit_search.MAX_LIMIT + 1}, {"since": now, "until": now}):
        with pytest.raises(InvalidInput):
            audit_search.search(who("lead1"), **kwargs)  # type: ignore[arg-type]


def test_the_cli_searches_as_json_and_in_lines(world: Actor, who: Who, capsys: pytest.CaptureFixture[str]) -> None:
    _reads(who)
    today = datetime.now(UTC).date().isoformat()
    assert cli.main(["--as", "lead1", "audit", "--actor", "idva1", "--since", today, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert {e["action"] for e in found} == {"view_state", "view_history"}
    assert all(e["actor"] == "idva1" and e["at"].startswith(today) for e in found)
    assert cli.main(["--as", "admin", "audit", "--subject", "C1", "--purpose", "audit spot check"]) == 0
    out = capsys.readouterr().out
    assert "idva1  consultation/view_state case:C1  (case review)" in out
    assert events("search_audit")[-1]["purpose"] == "audit spot check"
    assert cli.main(["--as", "lead1", "audit", "--kind", "alteration", "--subject", "case:C1", "--limit", "1"]) == 0
    assert "admin  alteration/transition case:C1  (" in capsys.readouterr().out  # an enrol entry
    assert cli.main(["--as", "lead1", "audit", "--actor", "idva1", "--skip", "1", "--json"]) == 0
    assert [e["action"] for e in json.loads(capsys.readouterr().out)] == ["view_state"]  # the older of the two


def test_the_cli_refuses_others_and_bad_dates(world: Actor, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--as", "idva1", "audit"]) == 1
    assert "idva1 may not search_audit" in capsys.readouterr().err
    assert cli.main(["--as", "lead1", "audit", "--since", "last tuesday"]) == 1
    assert "--since 'last tuesday' is not a date" in capsys.readouterr().err


def test_the_cli_purpose_reaches_the_audit(world: Actor, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--as", "idva1", "workflow", "state", "case:C1", "--purpose", "risk review"]) == 0
    assert cli.main(["--as", "police1", "connection", "P1", "P2", "--purpose", "bail conditions"]) == 0
    capsys.readouterr()
    assert [e["purpose"] for e in events("view_state")] == ["risk review"]
    assert [e["purpose"] for e in events("check_connection")] == ["bail conditions"]
