"""The dashboard's only door to the graph: service functions, never Cypher."""

from __future__ import annotations

from datetime import date

from graph_model import connections, db, read_model, users
from graph_model.config import Settings
from graph_model.connections import ConnectionVerdict
from graph_model.errors import HearthError

__all__ = ["ConnectionVerdict", "HearthError", "check_connection", "loaded_counts"]


def loaded_counts() -> tuple[str, dict[str, int]]:
    """Return the acting operator's username and the records loaded per section."""
    settings = Settings.from_env()
    db.connect(settings)
    actor = users.actor(settings.operator)
    return actor.username, read_model.loaded_summary(actor).counts


def check_connection(a: str, b: str, on: date | None) -> ConnectionVerdict:
    """Return the personal-connection verdict for two people, as the acting operator."""
    settings = Settings.from_env()
    db.connect(settings)
    return connections.check(users.actor(settings.operator), a, b, on=on)
