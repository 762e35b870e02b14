"""The queries behind worklists, the deadline tick and enrolment."""

from __future__ import annotations

from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db
from graph_model.support import option_types

# Objects in some states of a workflow, with their soonest open deadline (of one kind, if named).
CANDIDATES: LiteralString = (
    "MATCH (s:WorkflowStatus {workflow: $workflow}) WHERE s.state IN $states "
    "OPTIONAL CALL (s) { MATCH (s)-[:DEADLINE]->(d:Deadline {open: true}) "
    " WHERE $deadline IS NULL OR d.deadline = $deadline RETURN d ORDER BY d.due LIMIT 1 } "
    "WITH s, d WHERE NOT $overdue_only OR (d IS NOT NULL AND d.due <= $now) "
    "RETURN s.object_type AS type, s.object_id AS id, s.state AS state, s.seq AS seq, "
    "s.entered_at.epochMillis AS entered_ms, d.deadline AS deadline, d.due.epochMillis AS due_ms, "
    "[[s.workflow, s.version, s.state]] + "
    "[(s)<-[:WORKFLOW_STATUS]-()-[:WORKFLOW_STATUS]->(x) | [x.workflow, x.version, x.state]] AS chain "
    "ORDER BY coalesce(d.due, s.entered_at), s.object_id SKIP $skip LIMIT $limit")
EXPIRED: LiteralString = (
    "MATCH (d:Deadline) WHERE d.due <= $now AND d.open AND NOT d.expired "
    "RETURN d.key AS key, d.status_key AS status_key, d.deadline AS deadline, d.workflow AS workflow, d.due AS due "
    "ORDER BY d.due LIMIT $limit")
# Mark one deadline expired unless another tick got there first: the tick is idempotent.
MARK_EXPIRED: LiteralString = (
    "MATCH (d:Deadline {key: $key}) WHERE NOT d.expired SET d.expired = true, d.expired_at = $at "
    "RETURN count(d) AS n")
SWEEP: LiteralString = (
    "MATCH (s:WorkflowStatus {workflow: $workflow}) WHERE s.state IN $states "
    "RETURN s.object_type AS type, s.object_id AS id ORDER BY s.key")
# Objects of a type with no status yet in a workflow, and the property enrolment reads.
UNENROLLED: dict[str, LiteralString] = {
    "case": "MATCH (o:Case) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->(:WorkflowStatus {workflow: $workflow}) } "
            "RETURN o.id AS id, null AS value ORDER BY o.id LIMIT $limit",
    "idva_referral": "MATCH (o:Referral {kind: 'idva'}) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                     "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, null AS value ORDER BY o.id "
                     "LIMIT $limit",
    "marac_case": "MATCH (o:MaracCase) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                  "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, null AS value ORDER BY o.id "
                  "LIMIT $limit",
    "marac_action": "MATCH (o:MaracAction) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                    "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, o[$property] AS value "
                    "ORDER BY o.id LIMIT $limit",
    "nomination": "MATCH (o:Nomination) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                  "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, null AS value ORDER BY o.id "
                  "LIMIT $limit",
    "marac_meeting": "MATCH (o:MaracMeeting) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                     "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, null AS value ORDER BY o.id "
                     "LIMIT $limit",
    "support_plan": "MATCH (o:SupportPlan) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                    "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, null AS value ORDER BY o.id "
                    "LIMIT $limit",
    "target_hardening": "MATCH (o:TargetHardening) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                        "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, null AS value ORDER BY o.id "
                        "LIMIT $limit",
    "refuge_referral": "MATCH (o:RefugeReferral) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                       "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, null AS value ORDER BY o.id "
                       "LIMIT $limit",
    "perpetrator_record": "MATCH (o:PerpetratorRecord) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                          "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, null AS value ORDER BY o.id "
                          "LIMIT $limit",
    "perpetrator_programme": "MATCH (o:PerpetratorReferral) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                             "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, null AS value "
                             "ORDER BY o.id LIMIT $limit",
}
UNENROLLED.update(option_types.UNENROLLED)  # housing options
IN_VERSION: LiteralString = (
    "MATCH (s:WorkflowStatus {workflow: $workflow}) WHERE s.version <> $version "
    "RETURN s.key AS key, s.object_type AS type, s.object_id AS id, s.version AS version, s.state AS state "
    "ORDER BY s.key")

def _native(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: db.native(v) for k, v in row.items()} for row in rows]


def candidates(tx: ManagedTransaction, workflow: str, states: list[str], deadline: str | None, overdue_only: bool,
               now: datetime, skip: int, limit: int) -> list[dict[str, Any]]:
    """Return a page of objects in states of a workflow with their soonest open deadline, soonest first.

    Times come as epoch milliseconds (`entered_ms`, `due_ms`): hydrating thousands of driver DateTimes
    costs more than the query.
    """
    result = tx.run(CANDIDATES, workflow=workflow, states=states, deadline=deadline, overdue_only=overdue_only,
                    now=now, skip=skip, limit=limit)
    return [dict(zip(record.keys(), record.values(), strict=True)) for record in result]


def expired(tx: ManagedTransaction, now: datetime, limit: int) -> list[dict[str, Any]]:
    """Return open deadlines past due and not yet handled, oldest first."""
    return _native(db.rows(tx, EXPIRED, now=now, limit=limit))


def mark_expired(tx: ManagedTransaction, key: str, at: datetime) -> bool:
    """Mark a deadline handled; False when another tick already had."""
    return bool(tx.run(MARK_EXPIRED, key=key, at=at).single(strict=True)["n"])


def in_states(tx: ManagedTransaction, workflow: str, states: list[str]) -> list[tuple[str, str]]:
    """Return (type, id) of every object in some states of a workflow."""
    return [(r["type"], r["id"]) for r in db.rows(tx, SWEEP, workflow=workflow, states=states)]


def unenrolled(tx: ManagedTransaction, object_type: str, workflow: str, prop: str | None,
               limit: int) -> list[tuple[str, Any]]:
    """Return (id, enrol property value) of objects of a type not yet in a workflow."""
    rows = db.rows(tx, UNENROLLED[object_type], workflow=workflow, property=prop or "id", limit=limit)
    return [(r["id"], r["value"]) for r in rows]


def other_versions(tx: ManagedTransaction, workflow: str, version: int) -> list[dict[str, Any]]:
    """Return the statuses of a workflow on a version other than `version`."""
    return db.rows(tx, IN_VERSION, workflow=workflow, version=version)
