"""Tenancies as the housing options change them: who holds which home, joint tenants, a home's landlord and
whether it is vacant, court orders, and the two writes (end a tenancy on a day, begin one)."""

from __future__ import annotations

from datetime import date
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db

_OPEN: LiteralString = "t.start <= $on AND (t.end IS NULL OR t.end > $on)"  # as screening: the end day is out
TENANCY: LiteralString = (
    "MATCH (t:Tenancy {id: $id})-[:TENANT]->(p:Person), (t)-[:OF_PROPERTY]->(h:Property) "
    "OPTIONAL MATCH (h)-[:LET_BY]->(l:Agency) "
    "RETURN t.id AS id, p.id AS person, t.start AS start, t.end AS end, h.id AS property, h.area AS area, "
    "l.id AS landlord, l.kind AS landlord_kind, "
    "EXISTS { (p)-[:VICTIM_IN]->(:Case {id: $case}) } AS victim, "
    "EXISTS { (p)-[:PERPETRATOR_IN]->(:Case {id: $case}) } AS perpetrator")
# The other open tenancies of the same home (joint tenants, or the family living there).
SHARING: LiteralString = (
    "MATCH (:Tenancy {id: $id})-[:OF_PROPERTY]->(h:Property)<-[:OF_PROPERTY]-(t:Tenancy)-[:TENANT]->(q:Person) "
    "WHERE t.id <> $id AND " + _OPEN + " "
    "RETURN t.id AS id, q.id AS person, EXISTS { (q)-[:PERPETRATOR_IN]->(:Case {id: $case}) } AS perpetrator, "
    "EXISTS { (q)-[:VICTIM_IN]->(:Case {id: $case}) } AS victim ORDER BY t.id")
PROPERTY: LiteralString = (
    "MATCH (h:Property {id: $id}) OPTIONAL MATCH (h)-[:LET_BY]->(l:Agency) "
    "RETURN h.id AS id, h.area AS area, l.id AS landlord, l.kind AS landlord_kind, "
    "COUNT { (h)<-[:OF_PROPERTY]-(t:Tenancy) WHERE " + _OPEN + " } AS occupied")
COURT_ORDER: LiteralString = (
    "MATCH (o:CourtOrder {id: $id})-[:RESPONDENT]->(r:Person) "
    "RETURN o.id AS id, o.kind AS kind, o.start AS start, o.end AS end, r.id AS respondent, "
    "[(o)-[:PROTECTS]->(p) | p.id] AS protected")
END: LiteralString = (
    "MATCH (t:Tenancy {id: $id}) WHERE " + _OPEN + " SET t.end = $on, t.ended_by = $via RETURN count(t) AS n")
BEGIN: LiteralString = (
    "MATCH (p:Person {id: $person}), (h:Property {id: $property}), (o:HousingOption {id: $via}) "
    "CREATE (t:Tenancy {id: $id, start: $on, tenure: $tenure, sole: $sole, created_by: $via}) "
    "CREATE (t)-[:TENANT]->(p) CREATE (t)-[:OF_PROPERTY]->(h) CREATE (o)-[:NEW_TENANCY]->(t) RETURN t.id AS id")


def _native(row: Any) -> dict[str, Any] | None:
    return {k: db.native(v) for k, v in row.data().items()} if row else None


def tenancy(tx: ManagedTransaction, tenancy_id: str, case_id: str) -> dict[str, Any] | None:
    """Return a tenancy with its tenant, home, landlord, and whether the tenant is a victim or perpetrator in
    the case; None when there is no such tenancy."""
    return _native(tx.run(TENANCY, id=tenancy_id, case=case_id).single())


def sharing(tx: ManagedTransaction, tenancy_id: str, case_id: str, on: date) -> list[dict[str, Any]]:
    """Return the other tenancies of the same home open on a day, each with its tenant's part in the case."""
    return db.rows(tx, SHARING, id=tenancy_id, case=case_id, on=on)


def home(tx: ManagedTransaction, property_id: str, on: date) -> dict[str, Any] | None:
    """Return a home's area, landlord (id, kind) and how many tenancies are open in it on a day, or None."""
    return _native(tx.run(PROPERTY, id=property_id, on=on).single())


def court_order(tx: ManagedTransaction, order_id: str) -> dict[str, Any] | None:
    """Return a court order's kind, dates, respondent and the people it protects, or None."""
    return _native(tx.run(COURT_ORDER, id=order_id).single())


def end(tx: ManagedTransaction, tenancy_id: str, on: date, via: str) -> bool:
    """End a tenancy open on `on` at that day (the tenant no longer holds it from then); False if it was not
    open that day."""
    return bool(tx.run(END, id=tenancy_id, on=on, via=via).single(strict=True)["n"])


def begin(tx: ManagedTransaction, tenancy_id: str, person: str, property_id: str, on: date, tenure: str,
          sole: bool, via: str) -> None:
    """Begin a tenancy of a home for a person on a day, made by a housing option (`NEW_TENANCY`)."""
    tx.run(BEGIN, id=tenancy_id, person=person, property=property_id, on=on, tenure=tenure, sole=sole,
           via=via).single(strict=True)
