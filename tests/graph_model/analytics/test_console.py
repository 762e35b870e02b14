"""The read-only console: the server refuses writes, limits and timeouts hold, every query is audited."""

from __future__ import annotations

import json

import pytest

from graph_model import db, users
from graph_model.analytics.console import run_console
from graph_model.errors import ConsoleQueryError, InvalidInput, PermissionDenied
from graph_model.interchange import load
from graph_model.users import Actor
from tests.graph_model.analytics.world import WORLD


@pytest.fixture()
def analyst(admin: Actor) -> Actor:
    """Load the world and return an analyst."""
    load.load(admin, WORLD)
    return users.actor("analyst1")


def _audits() -> list[dict]:  # type: ignore[type-arg]
    return db.read(lambda tx: [dict(r["e"]) for r in tx.run(
        "MATCH (e:AuditEvent {action: 'run_console'}) RETURN e ORDER BY e.at")])


def test_reads_with_row_limit_and_audit(analyst: Actor) -> None:
    """A read returns at most `limit` rows, says it stopped, and is audited with who, why and the query."""
    result = run_console(analyst, "MATCH (p:Person) RETURN p.id AS id ORDER BY id", "count people", limit=3)
    assert result.columns == ("id",) and [r[0] for r in result.rows] == ["K", "M", "S"] and result.truncated
    audit = _audits()[-1]
    detail = json.loads(audit["detail"])
    assert audit["actor"] == "analyst1" and audit["purpose"] == "count people"
    assert detail["outcome"] == "ok" and detail["rows"] == 3 and "MATCH (p:Person)" in detail["query"]


@pytest.mark.parametrize("query", ["CREATE (n:Hack) RETURN n", "MATCH (p:Person) SET p.given_name = 'x'",
                                   "MATCH (p:Person) DETACH DELETE p", "MERGE (a:Agency {id: 'evil'})"])
def test_server_refuses_writes(analyst: Actor, query: str) -> None:
    """Writes fail in the server's read transaction: nothing changes, and the refusal is audited."""
    before = db.read(lambda tx: tx.run("MATCH (n) RETURN count(n) AS n").single()["n"])
    with pytest.raises(ConsoleQueryError, match="read access mode"):
        run_console(analyst, query, "try to write")
    audits = _audits()
    after = db.read(lambda tx: tx.run("MATCH (n) RETURN count(n) AS n").single()["n"])
    assert after == before + 1  # only the audit event of the refusal
    assert json.loads(audits[-1]["detail"])["outcome"] == "refused"


def test_timeout_stops_a_long_query(analyst: Actor) -> None:
    """A query running past its timeout is stopped with an error."""
    with pytest.raises(ConsoleQueryError):
        run_console(analyst, "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x)", "slow",
                    timeout=0.2)


def test_refusals_before_running(analyst: Actor, admin: Actor) -> None:
    """No purpose, LOAD CSV, bad limits and non-analysts are refused."""
    with pytest.raises(InvalidInput, match="purpose"):
        run_console(analyst, "RETURN 1", "  ")
    with pytest.raises(ConsoleQueryError, match="LOAD CSV"):
        run_console(analyst, "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "peek")
    with pytest.raises(InvalidInput):
        run_console(analyst, "RETURN 1", "x", limit=0)
    for name in ("idva1", "lettings1"):
        with pytest.raises(PermissionDenied):
            run_console(users.actor(name), "RETURN 1", "x")
