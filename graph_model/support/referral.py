"""Referrals a professional makes from a case, and what a referral document carries (003 para 80)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db

AGENCY: LiteralString = "MATCH (a:Agency {id: $id}) RETURN a.id AS id, a.name AS name, a.kind AS kind"
# A referral with no referring agency is recorded as such (a self-referral passed on): the workflow refuses it.
CREATE: LiteralString = (
    "MATCH (c:Case {id: $case}), (t:Agency {id: $to}) OPTIONAL MATCH (f:Agency {id: $from_agency}) "
    "CREATE (r:Referral {id: $id, kind: $kind, date: $on, basis: $basis, created_by: $by, created_at: $at}) "
    "CREATE (r)-[:REFERS]->(c) CREATE (r)-[:TO_AGENCY]->(t) "
    "FOREACH (_ IN CASE WHEN f IS NULL THEN [] ELSE [1] END | CREATE (r)-[:FROM_AGENCY]->(f)) RETURN r.id AS id")
REFERRAL: LiteralString = (
    "MATCH (r:Referral {id: $id})-[:REFERS]->(c:Case) "
    "OPTIONAL MATCH (r)-[:FROM_AGENCY]->(f:Agency) OPTIONAL MATCH (r)-[:TO_AGENCY]->(t:Agency) "
    "RETURN r.id AS id, r.kind AS kind, r.date AS date, r.basis AS basis, c.id AS case, c.area AS area, "
    "f.name AS from_name, t.id AS to_id, t.name AS to_name, t.kind AS to_kind")
DASH: LiteralString = (
    "MATCH (:Case {id: $case})<-[:ASSESSES]-(r:RiskAssessment {tool: 'DASH'}) "
    "RETURN r.id AS id, r.date AS date, r.yes_count AS yes, coalesce(r.professional_judgement_high, false) AS pj "
    "ORDER BY r.date DESC, r.id DESC LIMIT 2")
CONSENTS: LiteralString = (
    "MATCH (:Case {id: $case})<-[:VICTIM_IN]-(p:Person)<-[:CONSENT_OF]-(k:Consent) "
    "RETURN p.id AS person, k.scope AS scope, k.status AS status, k.date AS date ORDER BY p.id, k.date DESC")
INCIDENTS: LiteralString = (
    "MATCH (:Case {id: $case})<-[:IN_CASE]-(i:Incident) WHERE i.date >= $since AND i.date <= $on "
    "RETURN count(i) AS n, max(i.date) AS last")


def agency(tx: ManagedTransaction, agency_id: str) -> dict[str, Any] | None:
    """Return an agency's id, name and kind, or None."""
    row = tx.run(AGENCY, id=agency_id).single()
    return row.data() if row else None


def create(tx: ManagedTransaction, referral_id: str, case_id: str, kind: str, from_agency: str | None,
           to_agency: str, on: date, basis: str, by: str, at: datetime) -> None:
    """Create a referral of the case from an agency (or none) to an agency."""
    tx.run(CREATE, id=referral_id, case=case_id, kind=kind, to=to_agency, on=on, basis=basis, by=by, at=at,
           from_agency=from_agency).consume()


def referral(tx: ManagedTransaction, referral_id: str) -> dict[str, Any] | None:
    """Return a referral with its case, area and agencies, or None."""
    row = tx.run(REFERRAL, id=referral_id).single()
    return {k: db.native(v) for k, v in row.data().items()} if row else None


def dash(tx: ManagedTransaction, case_id: str) -> list[dict[str, Any]]:
    """Return the case's last two DASH assessments, latest first."""
    return [{k: db.native(v) for k, v in r.items()} for r in db.rows(tx, DASH, case=case_id)]


def consents(tx: ManagedTransaction, case_id: str) -> list[dict[str, Any]]:
    """Return the victims' consents, latest first per person."""
    return [{k: db.native(v) for k, v in r.items()} for r in db.rows(tx, CONSENTS, case=case_id)]


def incidents(tx: ManagedTransaction, case_id: str, since: date, on: date) -> tuple[int, date | None]:
    """Return how many incidents the case had between two days, and the last one's date."""
    row = tx.run(INCIDENTS, case=case_id, since=since, on=on).single(strict=True)
    return int(row["n"]), db.native(row["last"])
