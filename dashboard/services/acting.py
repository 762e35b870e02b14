"""The user every service call acts as: the one signed in to this browser session, looked up afresh."""

from __future__ import annotations

from dashboard import session
from graph_model import db, users
from graph_model.config import Settings
from graph_model.users import Actor


def connect() -> None:
    """Connect to Neo4j (once per process; later calls reuse the driver)."""
    db.connect(Settings.from_env())


def actor() -> Actor:
    """Return the signed-in user as an actor; raise NotSignedIn when no one is (or the session timed out)."""
    name = session.username()
    connect()
    return users.actor(name)
