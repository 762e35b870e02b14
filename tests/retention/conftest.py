"""Fixtures for the retention tests: the retention world built, and the graph's contents to compare."""

from __future__ import annotations

import json
from typing import Any

import pytest

from graph_model import db
from graph_model.users import Actor
from tests.retention.world import build

# Everything but the audit, as comparable text: nodes by label and properties, relationships by type and ends.
NODES = ("MATCH (n) WHERE NOT n:AuditEvent AND NOT n:HearthTestMarker "
         "RETURN labels(n) AS labels, properties(n) AS props")
RELS = "MATCH (a)-[r]->(b) RETURN type(r) AS type, elementId(a) AS a, elementId(b) AS b, properties(r) AS props"
EVENTS = "MATCH (e:AuditEvent) WHERE $action IS NULL OR e.action = $action RETURN e {.*} AS e ORDER BY e.at"


@pytest.fixture()
def world(admin: Actor) -> Actor:
    """Build the retention world; return the admin."""
    build(admin)
    return admin


def snapshot() -> list[str]:
    """Return every node and relationship but the audit's, as sorted text."""
    def read(tx: Any) -> list[str]:
        found = [json.dumps(r.data(), sort_keys=True, default=str) for r in tx.run(NODES)]
        return sorted(found + [json.dumps(r.data(), sort_keys=True, default=str) for r in tx.run(RELS)])
    return db.read(read)


def events(action: str | None = None) -> list[dict[str, Any]]:
    """Return the audit events (of one action), oldest first, with detail decoded."""
    found = db.read(lambda tx: [r["e"] for r in tx.run(EVENTS, action=action)])
    return [{**e, "detail": json.loads(e["detail"])} for e in found]


def ids(label_query: str) -> set[str]:
    """Return the ids a read query returns (column `id`)."""
    return db.read(lambda tx: {r["id"] for r in tx.run(label_query)})
