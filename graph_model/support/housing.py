"""Housing options: sanctuary / target hardening requests and their budget, refuge referrals and occupancy."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db

CREATE_HARDENING: LiteralString = (
    "MATCH (c:Case {id: $case}) CREATE (o:TargetHardening {id: $id, measures: $measures, estimated_cost: $cost, "
    "requested_on: $on, area: c.area, status: 'requested', by: $by, at: $at}) CREATE (o)-[:FOR_CASE]->(c)")
HARDENING: LiteralString = (
    "MATCH (o:TargetHardening {id: $id})-[:FOR_CASE]->(c:Case) RETURN o.id AS id, c.id AS case, o.area AS area, "
    "o.measures AS measures, o.estimated_cost AS estimated_cost, o.approved_cost AS approved_cost, "
    "o.status AS status, o.requested_on AS requested_on")
SET_APPROVED: LiteralString = (
    "MATCH (o:TargetHardening {id: $id}) SET o.approved_cost = $cost, o.approved_on = $on, o.approved_by = $by")
# Committed spend of an area in a budget year: every request approved in it (fitted ones stay committed).
COMMITTED: LiteralString = (
    "MATCH (o:TargetHardening) WHERE o.area = $area AND o.status IN ['approved', 'fitted'] "
    "AND o.approved_on >= $start AND o.approved_on < $end "
    "RETURN coalesce(sum(o.approved_cost), 0) AS spent, count(o) AS n")
PENDING: LiteralString = (
    "MATCH (o:TargetHardening {status: 'requested'}) WHERE o.area = $area "
    "RETURN coalesce(sum(o.estimated_cost), 0) AS asked, count(o) AS n")
PLACE_CHECKED: LiteralString = "MATCH (o:RefugeReferral {id: $id}) SET o.place_checked_for = $service"
CREATE_REFUGE: LiteralString = (
    "MATCH (c:Case {id: $case}) CREATE (o:RefugeReferral {id: $id, kind: $kind, children: $children, date: $on, "
    "area: c.area, status: 'referred', by: $by, at: $at}) CREATE (o)-[:FOR_CASE]->(c)")
REFUGE: LiteralString = (
    "MATCH (o:RefugeReferral {id: $id})-[:FOR_CASE]->(c:Case) RETURN o.id AS id, c.id AS case, o.kind AS kind, "
    "o.children AS children, o.status AS status, o.service AS service")
# Places held: offered (kept for the family) or moved in. Counts only: never who, never which case.
OCCUPANCY: LiteralString = (
    "MATCH (o:RefugeReferral) WHERE o.status IN ['offered', 'moved_in'] AND o.service IS NOT NULL "
    "RETURN o.service AS service, count(o) AS adults, sum(coalesce(o.children, 0)) AS children")


def create_hardening(tx: ManagedTransaction, request_id: str, case_id: str, measures: list[str], cost: int,
                     on: date, by: str, at: datetime) -> None:
    """Create a target hardening request on the case (cost in whole pounds)."""
    tx.run(CREATE_HARDENING, id=request_id, case=case_id, measures=measures, cost=cost, on=on, by=by,
           at=at).consume()


def hardening(tx: ManagedTransaction, request_id: str) -> dict[str, Any] | None:
    """Return a target hardening request, or None."""
    row = tx.run(HARDENING, id=request_id).single()
    return {k: db.native(v) for k, v in row.data().items()} if row else None


def set_approved(tx: ManagedTransaction, request_id: str, cost: int, on: date, by: str) -> None:
    """Record the approved cost and day (the workflow moves the state)."""
    tx.run(SET_APPROVED, id=request_id, cost=cost, on=on, by=by).consume()


def committed(tx: ManagedTransaction, area: str | None, start: date, end: date) -> tuple[int, int]:
    """Return (pounds committed, requests approved) in an area between start (inclusive) and end."""
    row = tx.run(COMMITTED, area=area, start=start, end=end).single(strict=True)
    return int(row["spent"]), int(row["n"])


def pending(tx: ManagedTransaction, area: str | None) -> tuple[int, int]:
    """Return (pounds asked, requests) awaiting a decision in an area."""
    row = tx.run(PENDING, area=area).single(strict=True)
    return int(row["asked"]), int(row["n"])


def create_refuge(tx: ManagedTransaction, referral_id: str, case_id: str, kind: str, children: int, on: date,
                  by: str, at: datetime) -> None:
    """Create a refuge / dispersed accommodation referral on the case."""
    tx.run(CREATE_REFUGE, id=referral_id, case=case_id, kind=kind, children=children, on=on, by=by,
           at=at).consume()


def refuge(tx: ManagedTransaction, referral_id: str) -> dict[str, Any] | None:
    """Return a refuge referral, or None."""
    row = tx.run(REFUGE, id=referral_id).single()
    return row.data() if row else None


def occupancy(tx: ManagedTransaction) -> dict[str, tuple[int, int]]:
    """Return {service: (adults, children)} of places held."""
    return {r["service"]: (int(r["adults"]), int(r["children"])) for r in db.rows(tx, OCCUPANCY)}


def mark_place_checked(tx: ManagedTransaction, referral_id: str, service: str) -> None:
    """Record that a free place was found in `service` (the offer transition's guard reads it)."""
    tx.run(PLACE_CHECKED, id=referral_id, service=service).consume()
