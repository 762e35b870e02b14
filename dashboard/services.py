"""The dashboard's only door to the graph: service functions, never Cypher."""

from __future__ import annotations

from graph_model import db, read_model, users
from graph_model.config import Settings
from graph_model.errors import HearthError

__all__ = ["HearthError", "loaded_counts"]


def loaded_counts() -> tuple[str, dict[str, int]]:
    """Return the acting operator's username and the records loaded per section."""
    settings = Settings.from_env()
    db.connect(settings)
    actor = users.actor(settings.operator)
    return actor.username, read_model.loaded_summary(actor).counts
