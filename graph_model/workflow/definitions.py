"""Workflow definitions in the graph: one node per version, immutable once stored (checked by digest)."""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db

STORE: LiteralString = (
    "UNWIND $defs AS d MERGE (w:WorkflowDefinition {key: d.key}) "
    "ON CREATE SET w.id = d.id, w.version = d.version, w.title = d.title, w.digest = d.digest, w.body = d.body, "
    "w.stored_at = datetime() "
    "WITH w, d FOREACH (s IN CASE WHEN w.digest = d.digest THEN d.states ELSE [] END | "
    " MERGE (st:WorkflowStateDef {key: d.key + '/' + s.id}) SET st.id = s.id, st.title = s.title "
    " MERGE (w)-[:HAS_STATE]->(st)) "
    "RETURN d.key AS key, w.digest = d.digest AS same")
TRANSITIONS: LiteralString = (
    "UNWIND $edges AS e MATCH (a:WorkflowStateDef {key: e.from}), (b:WorkflowStateDef {key: e.to}) "
    "MERGE (a)-[t:TRANSITION {id: e.id}]->(b) SET t.title = e.title, t.trigger = e.trigger, t.guard = e.guard")


def store(tx: ManagedTransaction, defs: list[dict[str, Any]], edges: list[dict[str, Any]]) -> list[str]:
    """Store definitions (and their states and transitions) not yet in the graph; return keys that differ."""
    changed = [r["key"] for r in db.rows(tx, STORE, defs=defs) if not r["same"]]
    tx.run(TRANSITIONS, edges=edges).consume()
    return changed
