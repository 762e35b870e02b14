"""Workflow status and history in the graph: DCWorkflow's getStatusOf / setStatusOf, append-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db
from graph_model.support import option_types


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
LOCK_MANY: LiteralString = (
    "UNWIND $keys AS key MATCH (s:WorkflowStatus {key: key}) SET s.locked = true WITH s RETURN " + _STATUS_FIELDS)

# Enrol many objects of one type: status, first entry and deadlines, one UNWIND each.
CREATE_MANY: LiteralString = (
    "UNWIND $rows AS r CREATE (s:WorkflowStatus {key: r.key, object_type: $type, object_id: r.id, "
    "workflow: $workflow, version: $version, state: r.state, seq: 1, head_hash: r.entry.hash, entered_at: $at, "
    "updated_at: $at}) CREATE (h:HistoryEntry) SET h = r.entry CREATE (s)-[:ENTRY]->(h) CREATE (s)-[:LATEST]->(h) "
    "WITH s, r UNWIND r.deadlines AS d "
    "CREATE (s)-[:DEADLINE]->(:Deadline {key: r.key + '#' + d.id + '#1', status_key: r.key, deadline: d.id, "
    "workflow: $workflow, due: d.due, open: true, expired: false, opened_at: $at})")
LINK_MANY: dict[str, LiteralString] = {
    "case": "UNWIND $rows AS r MATCH (o:Case {id: r.id}), (s:WorkflowStatus {key: r.key}) "
            "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "idva_referral": "UNWIND $rows AS r MATCH (o:Referral {id: r.id}), (s:WorkflowStatus {key: r.key}) "
                     "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "marac_case": "UNWIND $rows AS r MATCH (o:MaracCase {id: r.id}), (s:WorkflowStatus {key: r.key}) "
                  "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "marac_action": "UNWIND $rows AS r MATCH (o:MaracAction {id: r.id}), (s:WorkflowStatus {key: r.key}) "
                    "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "nomination": "UNWIND $rows AS r MATCH (o:Nomination {id: r.id}), (s:WorkflowStatus {key: r.key}) "
                  "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "marac_meeting": "UNWIND $rows AS r MATCH (o:MaracMeeting {id: r.id}), (s:WorkflowStatus {key: r.key}) "
                     "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "support_plan": "UNWIND $rows AS r MATCH (o:SupportPlan {id: r.id}), (s:WorkflowStatus {key: r.key}) "
                    "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "target_hardening": "UNWIND $rows AS r MATCH (o:TargetHardening {id: r.id}), (s:WorkflowStatus {key: r.key}) "
                        "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "refuge_referral": "UNWIND $rows AS r MATCH (o:RefugeReferral {id: r.id}), (s:WorkflowStatus {key: r.key}) "
                       "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "perpetrator_record": "UNWIND $rows AS r MATCH (o:PerpetratorRecord {id: r.id}), "
                          "(s:WorkflowStatus {key: r.key}) CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "perpetrator_programme": "UNWIND $rows AS r MATCH (o:PerpetratorReferral {id: r.id}), "
                             "(s:WorkflowStatus {key: r.key}) CREATE (o)-[:WORKFLOW_STATUS]->(s)",
}
LINK_MANY.update(option_types.LINK_MANY)  # housing options
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
# The same for many objects at once (rows: key, entry, moved; one row per object).
APPEND_MANY: LiteralString = (
    "UNWIND $rows AS r MATCH (s:WorkflowStatus {key: r.key}) "
    "OPTIONAL MATCH (s)-[head:LATEST]->(prev:HistoryEntry) "
    "CREATE (h:HistoryEntry) SET h = r.entry "
    "CREATE (s)-[:ENTRY]->(h) "
    "FOREACH (_ IN CASE WHEN prev IS NULL THEN [] ELSE [1] END | CREATE (h)-[:FOLLOWS]->(prev)) "
    "DELETE head CREATE (s)-[:LATEST]->(h) "
    "SET s.state = r.entry.to_state, s.version = r.entry.version, s.seq = r.entry.seq, s.head_hash = r.entry.hash, "
    "s.updated_at = r.entry.at, s.entered_at = CASE WHEN r.moved THEN r.entry.at ELSE s.entered_at END, "
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


def lock_many(tx: ManagedTransaction, keys: list[str]) -> dict[str, StatusRecord]:
    """Lock many statuses for this transaction and return those that exist, as last committed."""
    return {row["s"]["key"]: _status(row["s"]) for row in db.rows(tx, LOCK_MANY, keys=keys)}


def create_many(tx: ManagedTransaction, object_type: str, workflow: str, version: int, rows: list[dict[str, Any]],
                at: datetime) -> None:
    """Create statuses at their starting state with their first entry and deadlines ({key, id, state, entry,
    deadlines}), linked to their objects."""
    if rows:
        tx.run(CREATE_MANY, rows=rows, type=object_type, workflow=workflow, version=version, at=at).consume()
        tx.run(LINK_MANY[object_type], rows=[{"key": r["key"], "id": r["id"]} for r in rows]).consume()


def append(tx: ManagedTransaction, key: str, entry: dict[str, Any], moved: bool) -> None:
    """Append one history entry and make its destination the object's state."""
    tx.run(APPEND, key=key, entry=entry, moved=moved).consume()


def append_many(tx: ManagedTransaction, rows: list[dict[str, Any]]) -> None:
    """Append one entry to each of many statuses ({key, entry, moved}; one row per status) in one query."""
    if rows:
        tx.run(APPEND_MANY, rows=rows).consume()


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
