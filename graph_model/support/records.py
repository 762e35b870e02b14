"""Safe contact (per person), needs assessments, the safety plan and the support plan of a case."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db

VICTIMS: LiteralString = (
    "MATCH (c:Case {id: $case})<-[:VICTIM_IN]-(p:Person) "
    "RETURN p.id AS id, trim(coalesce(p.given_name, '') + ' ' + coalesce(p.family_name, '')) AS name, "
    "p.date_of_birth AS date_of_birth ORDER BY p.id")
CASE_INFO: LiteralString = (
    "MATCH (c:Case {id: $case}) RETURN c.id AS id, c.area AS area, "
    "COUNT { (c)<-[:CHILD_IN]-(:Person) } AS children")
# The plan node carries the workflow; its id is the case's.
ENSURE_PLAN: LiteralString = (
    "MATCH (c:Case {id: $case}) MERGE (sp:SupportPlan {id: $case}) ON CREATE SET sp.created = $at, "
    "sp.status = 'planning' MERGE (sp)-[:FOR_CASE]->(c) RETURN sp.id AS id")
PLAN_EXISTS: LiteralString = "MATCH (sp:SupportPlan {id: $case}) RETURN sp.id AS id"
SET_CONTACT: LiteralString = (
    "MATCH (p:Person {id: $person}) MERGE (p)-[:HAS_SAFE_CONTACT]->(sc:SafeContact) "
    "SET sc = $fields, sc.person = $person, sc.updated_at = $at, sc.updated_by = $by")
CONTACTS: LiteralString = (
    "UNWIND $people AS pid MATCH (p:Person {id: pid}) OPTIONAL MATCH (p)-[:HAS_SAFE_CONTACT]->(sc:SafeContact) "
    "RETURN p.id AS person, trim(coalesce(p.given_name, '') + ' ' + coalesce(p.family_name, '')) AS name, "
    "properties(sc) AS contact ORDER BY p.id")
ADD_NEEDS: LiteralString = (
    "MATCH (c:Case {id: $case}) CREATE (n:NeedsAssessment {id: $id, date: $on, areas: $areas, nrpf: $nrpf, "
    "change: $change, review_by: $review_by, by: $by, at: $at}) CREATE (n)-[:NEEDS_FOR]->(c)")
LATEST_NEEDS: LiteralString = (
    "MATCH (:Case {id: $case})<-[:NEEDS_FOR]-(n:NeedsAssessment) RETURN properties(n) AS n "
    "ORDER BY n.date DESC, n.at DESC LIMIT 1")
SET_SAFETY: LiteralString = (
    "MATCH (c:Case {id: $case}) MERGE (s:SafetyPlan {case: $case}) MERGE (s)-[:SAFETY_PLAN_FOR]->(c) "
    "SET s.items = $items, s.reviewed_on = $on, s.reviewed_by = $by")
SAFETY: LiteralString = "MATCH (s:SafetyPlan {case: $case}) RETURN properties(s) AS s"
ADD_ACTION: LiteralString = (
    "MATCH (sp:SupportPlan {id: $case}) CREATE (a:SupportAction {id: $id, description: $description, "
    "owner: $owner, kind: $kind, due: $due, status: 'open', created: $at, by: $by}) CREATE (a)-[:ACTION_OF]->(sp)")
SET_ACTION: LiteralString = (
    "MATCH (a:SupportAction {id: $id})-[:ACTION_OF]->(:SupportPlan {id: $case}) SET a.status = $status "
    "RETURN count(a) AS n")
ACTIONS: LiteralString = (
    "MATCH (a:SupportAction)-[:ACTION_OF]->(:SupportPlan {id: $case}) RETURN properties(a) AS a "
    "ORDER BY a.due, a.id")
SET_EXIT: LiteralString = (
    "MATCH (sp:SupportPlan {id: $case}) SET sp.planned_exit = $exit, sp.planned_exit_by = $by_date")
PLAN: LiteralString = "MATCH (sp:SupportPlan {id: $case}) RETURN properties(sp) AS sp"


def _plain(value: dict[str, Any] | None) -> dict[str, Any]:
    return {k: db.native(v) for k, v in (value or {}).items()}


def victims(tx: ManagedTransaction, case_id: str) -> list[dict[str, Any]]:
    """Return the case's victims: id, name, date of birth."""
    return [_plain(r) for r in db.rows(tx, VICTIMS, case=case_id)]


def case_info(tx: ManagedTransaction, case_id: str) -> dict[str, Any] | None:
    """Return the case's id, area and number of children, or None."""
    row = tx.run(CASE_INFO, case=case_id).single()
    return row.data() if row else None


def ensure_plan(tx: ManagedTransaction, case_id: str, at: datetime) -> None:
    """Create the case's support plan node if it has none."""
    tx.run(ENSURE_PLAN, case=case_id, at=at).consume()


def plan_exists(tx: ManagedTransaction, case_id: str) -> bool:
    """Return True when the case has a support plan node."""
    return tx.run(PLAN_EXISTS, case=case_id).single() is not None


def set_contact(tx: ManagedTransaction, person_id: str, fields: dict[str, Any], by: str, at: datetime) -> None:
    """Replace a person's safe contact fields (the caller merges them with what was there)."""
    tx.run(SET_CONTACT, person=person_id, fields=fields, at=at, by=by).consume()


def contacts(tx: ManagedTransaction, people: list[str]) -> list[dict[str, Any]]:
    """Return each person's name and safe contact fields (empty when none recorded)."""
    return [{"person": r["person"], "name": r["name"], "contact": _plain(r["contact"])}
            for r in db.rows(tx, CONTACTS, people=people)]


def add_needs(tx: ManagedTransaction, case_id: str, need_id: str, on: date, areas: dict[str, str], nrpf: bool,
              change: str | None, review_by: date, by: str, at: datetime) -> None:
    """Record a needs assessment of the case."""
    tx.run(ADD_NEEDS, case=case_id, id=need_id, on=on, areas=json.dumps(areas, sort_keys=True), nrpf=nrpf,
           change=change, review_by=review_by, by=by, at=at).consume()


def latest_needs(tx: ManagedTransaction, case_id: str) -> dict[str, Any] | None:
    """Return the latest needs assessment (areas decoded), or None."""
    row = tx.run(LATEST_NEEDS, case=case_id).single()
    if row is None:
        return None
    found = _plain(row["n"])
    found["areas"] = json.loads(found.get("areas") or "{}")
    return found


def set_safety(tx: ManagedTransaction, case_id: str, items: dict[str, dict[str, Any]], on: date, by: str) -> None:
    """Store the safety plan checklist ({item: {done, note}}) as reviewed on a day."""
    tx.run(SET_SAFETY, case=case_id, items=json.dumps(items, sort_keys=True), on=on, by=by).consume()


def safety(tx: ManagedTransaction, case_id: str) -> dict[str, Any] | None:
    """Return the safety plan (items decoded), or None."""
    row = tx.run(SAFETY, case=case_id).single()
    if row is None:
        return None
    found = _plain(row["s"])
    found["items"] = json.loads(found.get("items") or "{}")
    return found


def add_action(tx: ManagedTransaction, case_id: str, action_id: str, description: str, owner: str, kind: str,
               due: date | None, by: str, at: datetime) -> None:
    """Add an action to the case's support plan."""
    tx.run(ADD_ACTION, case=case_id, id=action_id, description=description, owner=owner, kind=kind, due=due,
           by=by, at=at).consume()


def set_action(tx: ManagedTransaction, case_id: str, action_id: str, status: str) -> bool:
    """Set a support action's status; False when the plan has no such action."""
    return bool(tx.run(SET_ACTION, case=case_id, id=action_id, status=status).single(strict=True)["n"])


def actions(tx: ManagedTransaction, case_id: str) -> list[dict[str, Any]]:
    """Return the support plan's actions, soonest due first."""
    return [_plain(r["a"]) for r in db.rows(tx, ACTIONS, case=case_id)]


def set_exit(tx: ManagedTransaction, case_id: str, planned_exit: str, by_date: date | None) -> None:
    """Record the planned exit from support."""
    tx.run(SET_EXIT, case=case_id, exit=planned_exit, by_date=by_date).consume()


def plan(tx: ManagedTransaction, case_id: str) -> dict[str, Any] | None:
    """Return the support plan node's fields, or None."""
    row = tx.run(PLAN, case=case_id).single()
    return _plain(row["sp"]) if row else None
