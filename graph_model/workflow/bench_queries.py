"""Read-only questions the workflow benchmarks ask to pick their inputs (bench/workflow_cases.py)."""

from __future__ import annotations

from typing import LiteralString

from neo4j import ManagedTransaction

from graph_model import db

# Users holding a role, with their agency's area (None: county-wide) and how many cases that area holds.
USERS_BY_AREA_CASES: LiteralString = (
    "MATCH (u:User)-[:MEMBER_OF]->(a:Agency) WHERE $role IN u.roles "
    "RETURN u.username AS username, a.area AS area, "
    "COUNT { MATCH (c:Case) WHERE a.area IS NULL OR c.area = a.area } AS cases "
    "ORDER BY cases DESC, u.username LIMIT 1")
# Cases standing in a state of a workflow, in an area (or anywhere), whose every victim's latest consent is
# given: the rule of the consent_given predicate (graph_model/workflow/predicates.py CONSENT), so `open` passes.
CASES_WITH_CONSENT_IN_STATE: LiteralString = (
    "MATCH (c:Case)-[:WORKFLOW_STATUS]->(:WorkflowStatus {workflow: $workflow, state: $state}) "
    "WHERE $area IS NULL OR c.area = $area "
    "CALL (c) { MATCH (c)<-[:VICTIM_IN]-(p:Person)<-[:CONSENT_OF]-(k:Consent) "
    " WITH p, k ORDER BY k.date DESC, k.id DESC WITH p, collect(k)[0] AS latest "
    " RETURN collect(latest.status) AS statuses } "
    "WITH c, statuses WHERE size(statuses) > 0 AND all(s IN statuses WHERE s = 'given') "
    "RETURN c.id AS id ORDER BY c.id LIMIT $limit")
CASES_IN_AREA: LiteralString = (
    "MATCH (c:Case) WHERE $area IS NULL OR c.area = $area RETURN c.id AS id ORDER BY c.id LIMIT $limit")
STATUSES: LiteralString = "MATCH (s:WorkflowStatus) RETURN count(s) AS n"


def user_with_most_cases(role: str) -> tuple[str, str | None, int] | None:
    """Return (username, area, cases in that area) of the user with a role whose area holds the most cases."""
    def work(tx: ManagedTransaction) -> tuple[str, str | None, int] | None:
        record = tx.run(USERS_BY_AREA_CASES, role=role).single()
        return (record["username"], record["area"], int(record["cases"])) if record else None
    return db.read(work)


def cases_with_consent_in_state(workflow: str, state: str, area: str | None, limit: int) -> list[str]:
    """Return ids of cases in a workflow state (and area) whose victims have all given consent, by id."""
    return db.read(lambda tx: [r["id"] for r in db.rows(tx, CASES_WITH_CONSENT_IN_STATE, workflow=workflow,
                                                        state=state, area=area, limit=limit)])


def cases_in_area(area: str | None, limit: int) -> list[str]:
    """Return ids of cases in an area (or anywhere), by id."""
    return db.read(lambda tx: [r["id"] for r in db.rows(tx, CASES_IN_AREA, area=area, limit=limit)])


def statuses() -> int:
    """Return how many workflow statuses (object x workflow) the graph holds."""
    return db.read(lambda tx: int(tx.run(STATUSES).single(strict=True)["n"]))
