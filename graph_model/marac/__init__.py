"""MARAC: the agenda, agency involvement, gaps, actions, the meeting record and area figures (all the Cypher)."""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db


def rows(tx: ManagedTransaction, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
    """Run a query and return its records as dicts with Python dates (top-level values converted)."""
    return [{k: db.native(v) for k, v in record.items()} for record in tx.run(query, params)]
