"""Whole-graph consistency questions the reliability tests and the load benchmark ask after a run."""

from __future__ import annotations

from typing import LiteralString

from neo4j import ManagedTransaction

from graph_model import db, permissions
from graph_model.users import Actor

SCREENINGS: LiteralString = (
    "UNWIND $ids AS id MATCH (n:Nomination {id: id}) "
    "RETURN id, [(n)<-[:SCREENS]-(s:Screening) | s.id] AS screenings")


def screenings_of(actor: Actor, nominations: list[str]) -> dict[str, set[str]]:
    """Return the ids of every stored screening of each nomination (needs verify_history, as history checks do)."""
    permissions.check(actor, "verify_history")

    def work(tx: ManagedTransaction) -> dict[str, set[str]]:
        return {r["id"]: set(r["screenings"]) for r in db.rows(tx, SCREENINGS, ids=sorted(nominations))}
    return db.read(work)
