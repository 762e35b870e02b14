"""Reading workflow history: one object's entries, every chain for verification, and waits across objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db

ENTRIES: LiteralString = (
    "MATCH (:WorkflowStatus {key: $key})-[:ENTRY]->(h:HistoryEntry) RETURN h {.*} AS h ORDER BY h.seq")
STATUS_KEYS: LiteralString = (
    "MATCH (s:WorkflowStatus) WHERE $workflow IS NULL OR s.workflow = $workflow "
    "RETURN s.key AS key ORDER BY s.key SKIP $skip LIMIT $limit")
# For verification: each status with its entries in order, and what each entry FOLLOWS (the stored chain).
CHAINS: LiteralString = (
    "UNWIND $keys AS key MATCH (s:WorkflowStatus {key: key}) "
    "CALL (s) { OPTIONAL MATCH (s)-[:ENTRY]->(h:HistoryEntry) OPTIONAL MATCH (h)-[:FOLLOWS]->(p:HistoryEntry) "
    "WITH h, p ORDER BY h.seq RETURN collect(h {.*, follows: p.seq}) AS entries } "
    "RETURN s {.key, .state, .seq, .head_hash, .version} AS status, entries, "
    "[(s)-[:LATEST]->(l) | l.seq][0] AS latest")
# How long objects waited in a state before leaving it, over `hours`.
WAITS: LiteralString = (
    "MATCH (out:HistoryEntry {workflow: $workflow, from_state: $state})-[:FOLLOWS]->(into:HistoryEntry) "
    "WHERE into.to_state = $state AND out.at > into.at + duration({hours: $hours}) "
    "RETURN out.object_type AS type, out.object_id AS id, into.at AS entered, out.at AS left, "
    "out.transition AS transition ORDER BY duration.inSeconds(into.at, out.at) DESC LIMIT $limit")
# Objects still in the state, entered more than `hours` ago.
STILL_WAITING: LiteralString = (
    "MATCH (s:WorkflowStatus {workflow: $workflow, state: $state}) WHERE s.entered_at < $cutoff "
    "RETURN s.object_type AS type, s.object_id AS id, s.entered_at AS entered, null AS left, null AS transition "
    "ORDER BY s.entered_at LIMIT $limit")


def entries(tx: ManagedTransaction, key: str) -> list[dict[str, Any]]:
    """Return an object's history in one workflow, oldest first."""
    return [{k: db.native(v) for k, v in row["h"].items()} for row in db.rows(tx, ENTRIES, key=key)]


def status_keys(tx: ManagedTransaction, workflow: str | None, skip: int, limit: int) -> list[str]:
    """Return a page of status keys (all workflows, or one)."""
    return [r["key"] for r in db.rows(tx, STATUS_KEYS, workflow=workflow, skip=skip, limit=limit)]


def chains(tx: ManagedTransaction, keys: list[str]) -> list[dict[str, Any]]:
    """Return, per status, its stored state and every entry with the seq it FOLLOWS."""
    found = []
    for row in db.rows(tx, CHAINS, keys=keys):
        entries_ = [{k: db.native(v) for k, v in e.items()} for e in row["entries"]]
        found.append({"status": row["status"], "entries": entries_, "latest": row["latest"]})
    return found


def waits(tx: ManagedTransaction, workflow: str, state: str, hours: int, now: datetime,
          limit: int) -> list[dict[str, Any]]:
    """Return objects that waited in a state over `hours` (left late, or still there), longest first."""
    left = db.rows(tx, WAITS, workflow=workflow, state=state, hours=hours, limit=limit)
    cutoff = now.timestamp() - hours * 3600
    still = db.rows(tx, STILL_WAITING, workflow=workflow, state=state,
                    cutoff=datetime.fromtimestamp(cutoff, tz=now.tzinfo), limit=limit)
    return [{k: db.native(v) for k, v in row.items()} for row in left + still]
