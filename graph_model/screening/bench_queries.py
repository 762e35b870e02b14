"""Questions the screening benchmarks ask (bench/screening_cases.py): who screens, the naive method's inputs.

All read-only, except that the benchmark's own extra nominations are loaded with the ordinary loader.
"""

from __future__ import annotations

from datetime import date
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db
from graph_model.screening import queries

BENCH_PREFIX = "BN"  # ids of the nominations the queue benchmark adds (BN0000001, ...)

# A user holding a role, with their agency: the first by username (deterministic per data set).
USER_WITH_ROLE: LiteralString = (
    "MATCH (u:User)-[:MEMBER_OF]->(a:Agency) WHERE $role IN u.roles "
    "RETURN u.username AS username, a.id AS agency ORDER BY u.username LIMIT 1")
# The property screened against: where it is, its building and area.
PROPERTY: LiteralString = (
    "MATCH (h:Property {id: $property}) RETURN h.location.latitude AS lat, h.location.longitude AS lon, "
    "h.building AS building, h.area AS area")
# Everyone an applicant must be kept away from under the plain rule: victims and children of the cases they
# perpetrated, and people protected by court orders against them in force on the day.
PROTECTED: LiteralString = (
    "MATCH (a:Person {id: $applicant}) RETURN "
    "COLLECT { MATCH (a)-[:PERPETRATOR_IN]->(:Case)<-[:VICTIM_IN|CHILD_IN]-(v:Person) WHERE v <> a "
    "RETURN DISTINCT v.id } AS victims, "
    "COLLECT { MATCH (o:CourtOrder)-[:RESPONDENT]->(a) WHERE o.start <= $on AND (o.end IS NULL OR o.end >= $on) "
    "MATCH (o)-[:PROTECTS]->(p:Person) RETURN DISTINCT p.id } AS protected")
# Every tenancy with its dates, for checking the naive method on many days at once (filtered in Python).
ALL_TENANCIES: LiteralString = (
    "MATCH (t:Tenancy)-[:OF_PROPERTY]->(q:Property) MATCH (t)-[:TENANT]->(v:Person) "
    "RETURN v.id AS person, q.location.latitude AS lat, q.location.longitude AS lon, q.building AS building, "
    "t.start AS start, t.end AS end")
# The lettings officer whose agency lets the most nominated properties (a landlord may fire `screen`: a
# nominator may only view), with the data set's nominations of those properties.
LANDLORD_OFFICER: LiteralString = (
    "MATCH (n:Nomination)-[:FOR_PROPERTY]->(:Property)-[:LET_BY]->(a:Agency)<-[:MEMBER_OF]-(u:User) "
    "WHERE 'lettings_officer' IN u.roles AND NOT n.id STARTS WITH $prefix "
    "WITH u, a, collect(DISTINCT n.id) AS nominations "
    "RETURN u.username AS username, a.id AS agency, nominations ORDER BY size(nominations) DESC, username LIMIT 1")
BENCH_NOMINATIONS: LiteralString = "MATCH (n:Nomination) WHERE n.id STARTS WITH $prefix RETURN count(n) AS n"


def user_with_role(role: str) -> tuple[str, str] | None:
    """Return (username, agency id) of the first user holding a role, or None."""
    def work(tx: ManagedTransaction) -> tuple[str, str] | None:
        record = tx.run(USER_WITH_ROLE, role=role).single()
        return (record["username"], record["agency"]) if record else None
    return db.read(work)


def landlord_officer() -> tuple[str, str, list[str]] | None:
    """Return (username, agency, nomination ids) of the lettings officer whose agency lets most nominated homes."""
    def work(tx: ManagedTransaction) -> tuple[str, str, list[str]] | None:
        record = tx.run(LANDLORD_OFFICER, prefix=BENCH_PREFIX).single()
        return (record["username"], record["agency"], list(record["nominations"])) if record else None
    return db.read(work)


def property_at(tx: ManagedTransaction, property_id: str) -> dict[str, Any] | None:
    """Return lat, lon, building and area of a property, or None."""
    record = tx.run(PROPERTY, property=property_id).single()
    return record.data() if record else None


def protected_people(tx: ManagedTransaction, applicant: str, on: date) -> set[str]:
    """Return the ids of the victims, children and protected people the applicant must be kept away from."""
    record = tx.run(PROTECTED, applicant=applicant, on=on).single()
    return set(record["victims"]) | set(record["protected"]) if record else set()


def open_tenancies(tx: ManagedTransaction, on: date) -> list[dict[str, Any]]:
    """Return every open tenancy on the day: person, lat, lon, building (the naive method's fetch)."""
    return db.rows(tx, queries.ALL_OPEN_TENANCIES, on=on)


def all_tenancies() -> list[dict[str, Any]]:
    """Return every tenancy (person, lat, lon, building, start, end as Python dates)."""
    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        found = db.rows(tx, ALL_TENANCIES)
        for row in found:
            row["start"], row["end"] = db.native(row["start"]), db.native(row["end"])
        return found
    return db.read(work)


def bench_nominations() -> int:
    """Return how many nominations the queue benchmark has added so far (the next id follows on)."""
    return db.read(lambda tx: int(tx.run(BENCH_NOMINATIONS, prefix=BENCH_PREFIX).single(strict=True)["n"]))
