"""The writes of retention, one batch at a time inside the caller's transaction: erase or pseudonymise records,
and erase the free text of their workflow history under a redaction seal (graph_model/workflow/redaction.py).

Each batch re-checks what the plan found (a case reopened since, a person now in an open case or a new tenancy
is left alone) and returns the ids it actually did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db
from graph_model.analytics.pseudonym import key, pseudonym
from graph_model.retention_policy import CASE_STATES, Rule
from graph_model.workflow.redaction import REDACTED, redact

MARKER = REDACTED["comment"]
# What is still due at apply time (a case still in its closed state; a person still unprotected).
STILL_DUE: dict[str, LiteralString] = {
    "case": "UNWIND $ids AS id MATCH (x:Case {id: id})-[:WORKFLOW_STATUS]->(:WorkflowStatus {workflow: 'da_case', "
            "state: $state}) RETURN x.id AS id",
    "person": "UNWIND $ids AS id MATCH (p:Person {id: id}) WHERE NOT ("
              "EXISTS { MATCH (p)-[:VICTIM_IN|PERPETRATOR_IN|CHILD_IN]->(c:Case) WHERE NOT EXISTS { "
              "MATCH (c)-[:WORKFLOW_STATUS]->(cs:WorkflowStatus {workflow: 'da_case'}) WHERE cs.state IN $inactive } } "
              "OR EXISTS { MATCH (t:Tenancy)-[:TENANT]->(p) WHERE t.end IS NULL OR t.end > $on } "
              "OR EXISTS { MATCH (o:CourtOrder)-[:RESPONDENT|PROTECTS]->(p) WHERE o.end IS NULL OR o.end > $on }) "
              "RETURN p.id AS id",
    "referral": "UNWIND $ids AS id MATCH (x:Referral {id: id}) RETURN x.id AS id",
    "marac_meeting": "UNWIND $ids AS id MATCH (x:MaracMeeting {id: id}) RETURN x.id AS id",
    "nomination": "UNWIND $ids AS id MATCH (x:Nomination {id: id}) RETURN x.id AS id",
    "screening": "UNWIND $ids AS id MATCH (x:Screening {id: id}) RETURN x.id AS id",
    "safe_contact": "UNWIND $ids AS id MATCH (x:Person {id: id})-[:HAS_SAFE_CONTACT]->(:SafeContact) RETURN x.id AS id",
}
# The workflow statuses of what a batch touches: a case's own and those of everything that hangs off it.
STATUSES: dict[str, LiteralString] = {
    "case": "UNWIND $ids AS id MATCH (c:Case {id: id}) CALL (c) { "
            "MATCH (c)-[:WORKFLOW_STATUS]->(s:WorkflowStatus) RETURN s "
            "UNION MATCH (c)<-[:REFERS|FOR_CASE|MARAC_FOR]-()-[:WORKFLOW_STATUS]->(s:WorkflowStatus) RETURN s "
            "UNION MATCH (c)<-[:MARAC_FOR]-(:MaracCase)<-[:ACTION_FOR]-(:MaracAction)-[:WORKFLOW_STATUS]->"
            "(s:WorkflowStatus) RETURN s } RETURN DISTINCT s.key AS key",
    "person": "UNWIND $ids AS id MATCH (:Person {id: id})<-[:APPLICANT]-(:Nomination)-[:WORKFLOW_STATUS]->"
              "(s:WorkflowStatus) RETURN DISTINCT s.key AS key",
    "referral": "UNWIND $ids AS id MATCH (:Referral {id: id})-[:WORKFLOW_STATUS]->(s:WorkflowStatus) "
                "RETURN s.key AS key",
    "marac_meeting": "UNWIND $ids AS id MATCH (:MaracMeeting {id: id})-[:WORKFLOW_STATUS]->(s:WorkflowStatus) "
                     "RETURN s.key AS key",
    "nomination": "UNWIND $ids AS id MATCH (:Nomination {id: id})-[:WORKFLOW_STATUS]->(s:WorkflowStatus) "
                  "RETURN s.key AS key",
}
ENTRIES: LiteralString = (
    "UNWIND $keys AS key MATCH (:WorkflowStatus {key: key})-[:ENTRY]->(h:HistoryEntry) "
    "WHERE NOT coalesce(h.comment, '') IN ['', $comment] OR NOT coalesce(h.params, '{}') IN ['', '{}'] "
    "RETURN h {.*} AS h")
SEAL: LiteralString = "UNWIND $rows AS r MATCH (h:HistoryEntry {id: r.id}) SET h += r.changes"
# The object is gone or stripped: its open deadlines stop, and its status says so (the chain stays).
RETIRE: LiteralString = (
    "UNWIND $keys AS key MATCH (s:WorkflowStatus {key: key}) SET s.retention_on = $on, s.retention_action = $action "
    "WITH s MATCH (s)-[:DEADLINE]->(d:Deadline {open: true}) SET d.open = false, d.closed_at = $at, "
    "d.closed_by = 'retention'")

ERASE: dict[str, tuple[LiteralString, ...]] = {
    "case": (
        "UNWIND $ids AS id MATCH (:Case {id: id})<-[:MARAC_FOR]-(:MaracCase)<-[:ACTION_FOR]-(a:MaracAction) "
        "DETACH DELETE a",
        "UNWIND $ids AS id MATCH (:Case {id: id})<-[:FOR_CASE]-(:SupportPlan)<-[:ACTION_OF]-(a:SupportAction) "
        "DETACH DELETE a",
        "UNWIND $ids AS id MATCH (:Case {id: id})<-[:IN_CASE|ASSESSES|REFERS|FOR_CASE|SAFETY_PLAN_FOR|NEEDS_FOR|"
        "MARAC_FOR]-(d) DETACH DELETE d",
        "UNWIND $ids AS id MATCH (c:Case {id: id}) DETACH DELETE c"),
    "person": (
        "UNWIND $ids AS id MATCH (:Person {id: id})<-[:APPLICANT]-(:Nomination)<-[:SCREENS]-(s:Screening) "
        "DETACH DELETE s",
        "UNWIND $ids AS id MATCH (:Person {id: id})<-[:APPLICANT|TENANT|CONSENT_OF|RESPONDENT]-(d) DETACH DELETE d",
        "UNWIND $ids AS id MATCH (:Person {id: id})-[:HAS_SAFE_CONTACT]->(sc:SafeContact) DETACH DELETE sc",
        "UNWIND $ids AS id MATCH (p:Person {id: id}) DETACH DELETE p"),
    "referral": ("UNWIND $ids AS id MATCH (x:Referral {id: id}) DETACH DELETE x",),
    "marac_meeting": ("UNWIND $ids AS id MATCH (x:MaracMeeting {id: id}) DETACH DELETE x",),
    "nomination": (
        "UNWIND $ids AS id MATCH (:Nomination {id: id})<-[:SCREENS]-(s:Screening) DETACH DELETE s",
        "UNWIND $ids AS id MATCH (x:Nomination {id: id}) DETACH DELETE x"),
    "screening": ("UNWIND $ids AS id MATCH (x:Screening {id: id}) DETACH DELETE x",),
    "safe_contact": (
        "UNWIND $ids AS id MATCH (:Person {id: id})-[:HAS_SAFE_CONTACT]->(sc:SafeContact) DETACH DELETE sc",),
}
# Pseudonymise: identifying fields replaced by keyed pseudonyms or removed; structure, dates and codes kept.
PSEUDONYMISE: dict[str, tuple[LiteralString, ...]] = {
    "case": (
        "UNWIND $ids AS id MATCH (:Case {id: id})<-[:MARAC_FOR]-(:MaracCase)<-[:ACTION_FOR]-(a:MaracAction) "
        "SET a.description = $marker",
        "UNWIND $ids AS id MATCH (:Case {id: id})<-[:FOR_CASE]-(:SupportPlan)<-[:ACTION_OF]-(a:SupportAction) "
        "SET a.description = $marker",
        "UNWIND $ids AS id MATCH (:Case {id: id})<-[:NEEDS_FOR]-(n:NeedsAssessment) SET n.change = null",
        "UNWIND $ids AS id MATCH (:Case {id: id})<-[:SAFETY_PLAN_FOR]-(s:SafetyPlan) SET s.items = null",
        "UNWIND $ids AS id MATCH (c:Case {id: id}) SET c.retention_pseudonymised = $on"),
    "person": (
        "UNWIND $ids AS id MATCH (:Person {id: id})-[:HAS_SAFE_CONTACT]->(sc:SafeContact) DETACH DELETE sc",
        "UNWIND $ids AS id MATCH (:Person {id: id})<-[:TENANT]-(t:Tenancy) DETACH DELETE t",
        "UNWIND $rows AS r MATCH (p:Person {id: r.id}) SET p.birth_year = p.date_of_birth.year "
        "SET p.given_name = null, p.family_name = null, p.date_of_birth = null, p.pseudonym = r.pseudonym, "
        "p.retention_pseudonymised = $on"),
    "screening": (
        "UNWIND $rows AS r MATCH (x:Screening {id: r.id}) SET x.applicant = r.applicant, x.property = r.property, "
        "x.detail = null, x.retention_pseudonymised = $on",),
}
SCREENING_TARGETS: LiteralString = (
    "UNWIND $ids AS id MATCH (x:Screening {id: id}) RETURN x.id AS id, x.applicant AS applicant, "
    "x.property AS property")


@dataclass
class Done:
    """What one batch did: the ids erased or pseudonymised, and history entries redacted."""

    ids: list[str] = field(default_factory=list)
    redacted: int = 0


def pseudonym_key() -> bytes:
    """Return the pseudonymisation key (HEARTH_PSEUDONYM_KEY), or raise ConfigurationError naming it."""
    return key()


def carry_out(tx: ManagedTransaction, rule: Rule, ids: list[str], on: date, by: str, history: bool) -> Done:
    """Erase or pseudonymise one batch of one kind in tx; redact its workflow history if `history`."""
    still = [r["id"] for r in db.rows(tx, STILL_DUE[rule.kind], ids=ids, state=rule.state,
                                      inactive=list(CASE_STATES), on=on)]
    done = Done(sorted(set(still)))
    if not done.ids:
        return done
    keys = [r["key"] for r in db.rows(tx, STATUSES[rule.kind], ids=done.ids)] if rule.kind in STATUSES else []
    at = datetime.now(UTC)
    if keys and history:
        done.redacted = _redact(tx, keys, at, by)
    if keys and rule.action == "erase":
        tx.run(RETIRE, keys=keys, on=on, action=rule.action, at=at).consume()
    params: dict[str, Any] = {"ids": done.ids, "on": on, "marker": MARKER}
    if rule.action == "erase":
        statements = ERASE[rule.kind]
    else:
        statements = PSEUDONYMISE[rule.kind]
        params["rows"] = _pseudonyms(tx, rule.kind, done.ids)
    for statement in statements:
        tx.run(statement, params).consume()
    return done


def _redact(tx: ManagedTransaction, keys: list[str], at: datetime, by: str) -> int:
    rows = []
    for row in db.rows(tx, ENTRIES, keys=keys, comment=MARKER):
        entry = {k: db.native(v) for k, v in row["h"].items()}
        changes = redact(entry, at, by)
        if changes:
            rows.append({"id": entry["id"], "changes": changes})
    if rows:
        tx.run(SEAL, rows=rows).consume()
    return len(rows)


def _pseudonyms(tx: ManagedTransaction, kind: str, ids: list[str]) -> list[dict[str, Any]]:
    secret = key()
    if kind == "person":
        return [{"id": i, "pseudonym": pseudonym(i, "person", secret)} for i in ids]
    if kind == "screening":
        return [{"id": r["id"], "applicant": r["applicant"] and pseudonym(r["applicant"], "person", secret),
                 "property": r["property"] and pseudonym(r["property"], "property", secret)}
                for r in db.rows(tx, SCREENING_TARGETS, ids=ids)]
    return []
