"""Install constraints and indexes: neomodel's uniqueness constraints, plus what neomodel cannot make."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import LiteralString

from neo4j import ManagedTransaction
from neomodel import db as neomodel_db

from graph_model import db
from graph_model.model import ALL_NODES
from graph_model.support import option_types

# neomodel's index=True on a PointProperty makes a range index; screening needs a real point index.
EXTRA_SCHEMA: tuple[LiteralString, ...] = (
    "CREATE POINT INDEX property_location IF NOT EXISTS FOR (p:Property) ON (p.location)",
    "CREATE RANGE INDEX tenancy_end IF NOT EXISTS FOR (t:Tenancy) ON (t.end)",
    "CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.id IS UNIQUE",
    "CREATE RANGE INDEX audit_event_at IF NOT EXISTS FOR (e:AuditEvent) ON (e.at)",  # hearth audit --since/--until
    "CREATE RANGE INDEX history_entry_at IF NOT EXISTS FOR (h:HistoryEntry) ON (h.at)",  # alterations in the audit
    # Workflows: one status per object and workflow, one history entry per (status, seq): a chain never forks.
    "CREATE CONSTRAINT workflow_status_key IF NOT EXISTS FOR (s:WorkflowStatus) REQUIRE s.key IS UNIQUE",
    "CREATE CONSTRAINT history_entry_id IF NOT EXISTS FOR (h:HistoryEntry) REQUIRE h.id IS UNIQUE",
    "CREATE CONSTRAINT deadline_key IF NOT EXISTS FOR (d:Deadline) REQUIRE d.key IS UNIQUE",
    "CREATE CONSTRAINT workflow_definition_key IF NOT EXISTS FOR (w:WorkflowDefinition) REQUIRE w.key IS UNIQUE",
    "CREATE CONSTRAINT workflow_state_def_key IF NOT EXISTS FOR (s:WorkflowStateDef) REQUIRE s.key IS UNIQUE",
    "CREATE RANGE INDEX workflow_status_state IF NOT EXISTS FOR (s:WorkflowStatus) ON (s.workflow, s.state)",
    "CREATE RANGE INDEX deadline_due IF NOT EXISTS FOR (d:Deadline) ON (d.due)",
    "CREATE RANGE INDEX history_from_state IF NOT EXISTS FOR (h:HistoryEntry) ON (h.workflow, h.from_state)",
) + option_types.SCHEMA


def install() -> list[str]:
    """Create every constraint and index Hearth needs; idempotent. Return the names now present."""
    db.connect()
    for node_class in ALL_NODES:
        neomodel_db.install_labels(node_class, quiet=True, stdout=io.StringIO())
    for statement in EXTRA_SCHEMA:
        db.write(_runner(statement))
    db.write(lambda tx: tx.run("CALL db.awaitIndexes(300)").consume())
    return db.read(_names)


def _runner(statement: LiteralString) -> Callable[[ManagedTransaction], None]:
    def run(tx: ManagedTransaction) -> None:
        tx.run(statement).consume()
    return run


def _names(tx: ManagedTransaction) -> list[str]:
    names = [r["name"] for r in tx.run("SHOW CONSTRAINTS YIELD name RETURN name")]
    names += [r["name"] for r in tx.run("SHOW INDEXES YIELD name RETURN name")]
    return sorted(set(names))


def refresh_statistics() -> None:
    """After a bulk load: resample outdated index statistics and drop cached plans made before the data came."""
    with db.session() as session:
        session.run("CALL db.resampleOutdatedIndexes()").consume()
        session.run("CALL db.clearQueryCaches()").consume()
