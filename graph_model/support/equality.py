"""Equality monitoring: consent to it, the answers stored apart from the person, and the aggregate counts.

An `EqualityRecord` carries no person id, no name and no link to any node: it is keyed by a keyed pseudonym of
the person (so a new answer replaces the old, and a withdrawal erases it) and holds only the area and period
its case gives, the person's role in it and the answers. No read that starts from a person reaches it.
"""

from __future__ import annotations

from datetime import date
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db

SCOPE = "equality_monitoring"
# The latest consent to equality monitoring: hearth/1's Consent of that scope, or one recorded here. Recorded here
# as an EqualityConsent, never a Consent: the case's own consent rules (da_case `open`, information sharing) read
# every Consent, and this one is no consent to the case. By date, then when recorded; on a tie a refusal wins.
LATEST_CONSENT: LiteralString = (
    "MATCH (p:Person {id: $person}) "
    "CALL (p) { MATCH (p)<-[:CONSENT_OF]-(k:Consent {scope: $scope}) RETURN k "
    "UNION MATCH (p)<-[:EQUALITY_CONSENT_OF]-(k:EqualityConsent) RETURN k } "
    "RETURN k.status AS status, k.date AS date ORDER BY k.date DESC, coalesce(k.recorded_ms, 0) DESC, "
    "CASE k.status WHEN 'given' THEN 1 ELSE 0 END LIMIT 1")
ADD_CONSENT: LiteralString = (
    "MATCH (p:Person {id: $person}) CREATE (k:EqualityConsent {id: $id, status: $status, date: $on, "
    "recorded_by: $user, recorded_ms: timestamp()}) CREATE (k)-[:EQUALITY_CONSENT_OF]->(p)")
CASE_PERIOD: LiteralString = "MATCH (c:Case {id: $case}) RETURN c.area AS area, c.opened AS opened"
SET_RECORD: LiteralString = "MERGE (e:EqualityRecord {key: $key}) SET e = $fields, e.key = $key"
ERASE_RECORD: LiteralString = "MATCH (e:EqualityRecord {key: $key}) DETACH DELETE e RETURN count(*) AS n"
# Counts per area, characteristic and answer (`not_recorded` when the person gave none): nothing else leaves. Each
# record gives one row per characteristic, so an area's total is the sum over any one characteristic.
COUNTS: LiteralString = (
    "MATCH (e:EqualityRecord) WHERE e.role = $role AND e.period >= $start AND e.period < $end "
    "AND ($area IS NULL OR e.area = $area) UNWIND $names AS name "
    "RETURN coalesce(e.area, 'no area') AS area, name, coalesce(e[name], 'not_recorded') AS answer, count(*) AS n "
    "ORDER BY area, name, answer")


def latest_consent(tx: ManagedTransaction, person_id: str) -> dict[str, Any] | None:
    """Return the person's latest consent to equality monitoring (status, date), or None."""
    row = tx.run(LATEST_CONSENT, person=person_id, scope=SCOPE).single()
    return {k: db.native(v) for k, v in row.data().items()} if row else None


def add_consent(tx: ManagedTransaction, consent_id: str, person_id: str, status: str, on: date, user_id: str) -> None:
    """Record the person's consent to equality monitoring (given or withdrawn) as an EqualityConsent."""
    tx.run(ADD_CONSENT, id=consent_id, person=person_id, status=status, on=on, user=user_id).consume()


def case_period(tx: ManagedTransaction, case_id: str) -> dict[str, Any] | None:
    """Return the case's area and the day it opened, or None."""
    row = tx.run(CASE_PERIOD, case=case_id).single()
    return {k: db.native(v) for k, v in row.data().items()} if row else None


def set_record(tx: ManagedTransaction, key: str, fields: dict[str, Any]) -> None:
    """Replace the equality record under a pseudonymous key (area, period, role, answers)."""
    tx.run(SET_RECORD, key=key, fields=fields).consume()


def erase_record(tx: ManagedTransaction, key: str) -> int:
    """Erase the equality record under a key; return how many were erased (0 or 1)."""
    return int(tx.run(ERASE_RECORD, key=key).single(strict=True)["n"])


def counts(tx: ManagedTransaction, names: list[str], role: str, start: date, end: date,
           area: str | None) -> list[dict[str, Any]]:
    """Return (area, characteristic, answer, n) rows for records of a role whose period is in [start, end)."""
    return db.rows(tx, COUNTS, names=names, role=role, start=start, end=end, area=area)
