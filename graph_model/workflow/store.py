"""Workflow status and history in the graph: DCWorkflow's getStatusOf / setStatusOf, append-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db


@dataclass(frozen=True)
class StatusRecord:
    """Where one object stands in one workflow: state, definition version, entries so far, last hash."""

    key: str
    object_type: str
    object_id: str
    workflow: str
    version: int
    state: str
    seq: int
    head_hash: str
    entered_at: datetime | None


def status_key(object_type: str, workflow: str, object_id: str) -> str:
    """Return the key of an object's status in a workflow (the id last, so any id is safe)."""
    return f"{object_type}/{workflow}/{object_id}"


_STATUS_FIELDS: LiteralString = (
    "s {.key, .object_type, .object_id, .workflow, .version, .state, .seq, .head_hash, .entered_at} AS s")
READ: LiteralString = "MATCH (s:WorkflowStatus {key: $key}) RETURN " + _STATUS_FIELDS
READ_MANY: LiteralString = "UNWIND $keys AS key MATCH (s:WorkflowStatus {key: key}) RETURN " + _STATUS_FIELDS
# Take the write lock first; the read after it sees the last committed state and nobody can change it.
LOCK: LiteralString = "MATCH (s:WorkflowStatus {key: $key}) SET s.locked = true RETURN count(s) AS n"

# Link a new status to its object (labels cannot be parameters: one literal per type).
LINK_STATUS: dict[str, LiteralString] = {
    "case": "MATCH (o:Case {id: $id}), (s:WorkflowStatus {key: $key}) CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "idva_referral": "MATCH (o:Referral {id: $id}), (s:WorkflowStatus {key: $key}) "
                     "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "marac_case": "MATCH (o:MaracCase {id: $id}), (s:WorkflowStatus {key: $key}) "
                  "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "marac_action": "MATCH (o:MaracAction {id: $id}), (s:WorkflowStatus {key: $key}) "
                    "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "nomination": "MATCH (o:Nomination {id: $id}), (s:WorkflowStatus {key: $key}) "
                  "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "marac_meeting": "MATCH (o:MaracMeeting {id: $id}), (s:WorkflowStatus {key: $key}) "
                     "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
}
CREATE_STATUS: LiteralString = (
    "CREATE (s:WorkflowStatus {key: $key, object_type: $type, object_id: $id, workflow: $workflow, "
    "version: $version, state: $state, seq: 0, head_hash: '', entered_at: $at, updated_at: $at})")
# Append one entry after the current head; the (status_key, seq) id is unique, so a chain never forks.
APPEND: LiteralString = (
    "MATCH (s:WorkflowStatus {key: $key}) "
    "OPTIONAL MATCH (s)-[head:LATEST]->(prev:HistoryEntry) "
    "CREATE (h:HistoryEntry) SET h = $entry "
    "CREATE (s)-[:ENTRY]->(h) "
    "FOREACH (_ IN CASE WHEN prev IS NULL THEN [] ELSE [1] END | CREATE (h)-[:FOLLOWS]->(prev)) "
    "DELETE head CREATE (s)-[:LATEST]->(h) "
    "SET s.state = $entry.to_state, s.version = $entry.version, s.seq = $entry.seq, s.head_hash = $entry.hash, "
    "s.updated_at = $entry.at, s.entered_at = CASE WHEN $moved THEN $entry.at ELSE s.entered_at END, "
    "s.locked = null")
OPEN_DEADLINE: LiteralString = (
    "MATCH (s:WorkflowStatus {key: $key}) UNWIND $deadlines AS d "
    "CREATE (s)-[:DEADLINE]->(:Deadline {key: $key + '#' + d.id + '#' + toString($seq), status_key: $key, "
    "deadline: d.id, workflow: s.workflow, due: d.due, open: true, expired: false, opened_at: $at})")
CLOSE_DEADLINES: LiteralString = (
    "MATCH (:WorkflowStatus {key: $key})-[:DEADLINE]->(d:Deadline {open: true}) WHERE d.deadline IN $ids "
    "SET d.open = false, d.closed_at = $at")
OPEN_DEADLINES_OF: LiteralString = (
    "MATCH (:WorkflowStatus {key: $key})-[:DEADLINE]->(d:Deadline {open: true}) "
    "RETURN d.deadline AS deadline, d.due AS due, d.expired AS expired ORDER BY d.due")


def read(tx: ManagedTransaction, key: str) -> StatusRecord | None:
    """Return an object's status in a workflow, or None if it never entered it."""
    record = tx.run(READ, key=key).single()
    return _status(record["s"]) if record else None


def read_many(tx: ManagedTransaction, keys: list[str]) -> dict[str, StatusRecord]:
    """Return the statuses that exist among keys."""
    return {row["s"]["key"]: _status(row["s"]) for row in db.rows(tx, READ_MANY, keys=keys)}


def lock(tx: ManagedTransaction, key: str) -> StatusRecord | None:
    """Lock a status for this transaction and return it as last committed (None: no status yet)."""
    if tx.run(LOCK, key=key).single(strict=True)["n"] == 0:
        return None
    return read(tx, key)


def create(tx: ManagedTransaction, object_type: str, object_id: str, workflow: str, version: int, state: str,
           at: datetime) -> str:
    """Create an object's status in a workflow (seq 0, no history yet), linked to the object."""
    key = status_key(object_type, workflow, object_id)
    tx.run(CREATE_STATUS, key=key, type=object_type, id=object_id, workflow=workflow, version=version,
           state=state, at=at).consume()
    tx.run(LINK_STATUS[object_type], id=object_id, key=key).consume()
    return key


def append(tx: ManagedTransaction, key: str, entry: dict[str, Any], moved: bool) -> None:
    """Append one history entry and make its destination the object's state."""
    tx.run(APPEND, key=key, entry=entry, moved=moved).consume()


def open_deadlines(tx: ManagedTransaction, key: str, seq: int, deadlines: list[dict[str, Any]],
                   at: datetime) -> None:
    """Start deadlines ({id, due}) for the state just entered."""
    if deadlines:
        tx.run(OPEN_DEADLINE, key=key, seq=seq, deadlines=deadlines, at=at).consume()


def close_deadlines(tx: ManagedTransaction, key: str, ids: list[str], at: datetime) -> None:
    """Mark deadlines met (the object left the states they run in)."""
    if ids:
        tx.run(CLOSE_DEADLINES, key=key, ids=ids, at=at).consume()


def deadlines_of(tx: ManagedTransaction, key: str) -> list[dict[str, Any]]:
    """Return the open deadlines of a status, soonest first."""
    return [{**row, "due": db.native(row["due"])} for row in db.rows(tx, OPEN_DEADLINES_OF, key=key)]


def _status(s: dict[str, Any]) -> StatusRecord:
    return StatusRecord(s["key"], s["object_type"], s["object_id"], s["workflow"], int(s["version"]), s["state"],
                        int(s["seq"]), s["head_hash"] or "", db.native(s["entered_at"]))
