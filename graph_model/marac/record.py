"""What the meeting record needs beyond the agenda: the agencies by name, and who signed confidentiality."""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from neo4j import ManagedTransaction

from graph_model.marac import rows

AGENCIES: LiteralString = (
    "UNWIND $ids AS id MATCH (a:Agency {id: id}) RETURN a.id AS id, a.name AS name, a.kind AS kind ORDER BY a.name")


@dataclass(frozen=True)
class AgencyName:
    """An agency as a record names it."""

    id: str
    name: str
    kind: str


def agencies(tx: ManagedTransaction, ids: list[str]) -> list[AgencyName]:
    """Return the agencies with these ids, by name."""
    return [AgencyName(r["id"], r["name"], r["kind"]) for r in rows(tx, AGENCIES, ids=ids)]
