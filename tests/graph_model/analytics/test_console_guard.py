"""The console keeps users (and their password hashes) and the audit log out of reach: queries that name them, or
reach nodes without naming a label, are refused (and the refusal audited); what does come back is stripped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from graph_model import db, users
from graph_model.analytics import console_guard
from graph_model.analytics.console import run_console
from graph_model.errors import ConsoleQueryError
from graph_model.interchange import load
from graph_model.users import Actor
from tests.conftest import _reset as reset
from tests.graph_model.analytics.world import WORLD

# Attempts to read users or the audit log, each with the words its refusal must hold.
EVASIONS = [
    ("MATCH (u:User) RETURN u.password_hash", "names 'User'"),
    ("MATCH (u:`User`) RETURN u", "names 'User'"),  # backticks
    ("MATCH (u:user) RETURN u", "names 'user'"),  # case
    ("MATCH (u:/* hidden */User) RETURN u", "names 'User'"),  # a comment in the way
    ("MATCH (e:AuditEvent) RETURN e.actor, e.subjects", "names 'AuditEvent'"),
    ("MATCH (h:HistoryEntry) RETURN h.actor, h.comment", "names 'HistoryEntry'"),  # the alteration log
    ("MATCH (n:Person) RETURN n.`password_hash`", "names 'password_hash'"),
    ("MATCH (n) RETURN n.password_hash", "has no label"),
    ("MATCH (n) WHERE n.actor IS NOT NULL RETURN n.actor, n.subjects", "has no label"),  # the audit, unnamed
    ("MATCH (n) WHERE 'Us' + 'er' IN labels(n) RETURN n", "has no label"),
    ("MATCH (n:Person) WHERE size(labels(n)) > 0 RETURN n.id", "labels() is not allowed"),
    ("MATCH (n:Person) RETURN keys(n)", "keys() is not allowed"),
    ("MATCH (n:Person) RETURN properties(n)", "properties() is not allowed"),
    ("MATCH (n:Person) RETURN n {.*}", "all-properties"),
    ("MATCH (n:Person) RETURN n { . * }", "all-properties"),
    ("MATCH (a:Agency)<-[:MEMBER_OF]-(u) RETURN u.username", "has no label"),
    ("MATCH (a:Agency)<-[:MEMBER_OF]-(`u` WHERE true) RETURN `u`.username", "has no label"),
    ("MATCH ({username: 'analyst1'}) RETURN count(*)", "properties but no label"),
    ("MATCH (n:Person) WITH n, 'pass' + 'word_hash' AS k RETURN n[k]", "literal numbers only"),
    ("MATCH (n:$('Us' + 'er')) RETURN n", "dynamic labels"),
    ("MATCH (n:!Person) RETURN n", "! or %"),
    ("MATCH (n:%) RETURN n", "! or %"),
    ("MATCH p = (a:Agency)-[*]-(b:Case) UNWIND nodes(p) AS x RETURN x.username", "nodes() is not allowed"),
    ("MATCH (a:Agency)-[r]-() RETURN startNode(r).username", "startNode() is not allowed"),
    ("CALL db.labels()", "procedures"),
    ("CALL dbms.components()", "procedures"),
    ("RETURN apoc.version()", "apoc.* procedures"),
    ("RETURN db.nameFromElementId('4:x:0')", "db.* procedures"),
    ("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery", "SHOW is not allowed"),
    ("USE system SHOW USERS", "USE is not allowed"),
    ("MATCH (n:Person) RETURN n.id UNION MATCH (n) RETURN n.username AS id", "has no label"),
]
FINE = ["MATCH (p:Person)-[:VICTIM_IN]->(c:Case) RETURN c.id, collect(p.id)[0..2] AS first, count(*) AS n",
        "MATCH (c:Case) WHERE EXISTS { (c:Case)<-[:VICTIM_IN]-(:Person) } RETURN count(c) AS n",
        "MATCH (c:Case) RETURN c {.id, .area} ORDER BY c.id", "MATCH () RETURN count(*) AS everything",
        "UNWIND range(1, 10) AS x WITH x WHERE x % 7 = 3 RETURN count(x)"]


@pytest.fixture(scope="module")
def analyst(neo4j_server: Any) -> Iterator[Actor]:
    """Load the analytics world once, with a password set (so there is a hash to protect), and return an analyst."""
    reset()
    admin = users.actor("admin")
    load.load(admin, WORLD)
    users.set_password(admin, ["idva1"], "a-long-password")
    yield users.actor("analyst1")
    reset()


def _console_events() -> list[dict[str, Any]]:
    return db.read(lambda tx: [json.loads(r["d"]) for r in tx.run(
        "MATCH (e:AuditEvent {action: 'run_console'}) RETURN e.detail AS d ORDER BY e.at")])


@pytest.mark.parametrize(("query", "why"), EVASIONS, ids=[q for q, _ in EVASIONS])
def test_attempts_on_users_and_the_audit_are_refused(analyst: Actor, query: str, why: str) -> None:
    with pytest.raises(ConsoleQueryError, match="refuses this query") as refused:
        run_console(analyst, query, "looking where I should not")
    assert why in str(refused.value)
    last = _console_events()[-1]
    assert last["outcome"] == "refused" and last["query"] == query


@pytest.mark.parametrize("query", FINE)
def test_analysts_queries_still_run(analyst: Actor, query: str) -> None:
    assert run_console(analyst, query, "figures").rows


def test_what_comes_back_is_stripped(analyst: Actor) -> None:
    """A path through a user shows the user only as a marker: no username, no password hash."""
    result = run_console(analyst, "MATCH p = (a:Agency)-[*1..1]-() RETURN p", "agency links")
    shown = json.dumps(result.rows)
    assert "withheld" in shown and "idva1" not in shown and "argon2" not in shown


def test_strip_drops_hashes_wherever_they_are() -> None:
    value = {"labels": ["Person"], "note": "$argon2id$v=19$m=65536$abc", "password_hash": "x",
             "nested": [{"labels": ["AuditEvent"], "actor": "lead1"}]}
    assert console_guard.strip(value) == {"labels": ["Person"], "note": "[withheld: a password hash]",
                                          "nested": [{"labels": ["AuditEvent"], "withheld": "users and audit events "
                                                                                           "are not shown in the "
                                                                                           "console"}]}
