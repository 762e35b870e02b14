"""Fixtures for the audit tests: the MARAC world (every role, a meeting, cases C1-C3) enrolled, and the events."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from graph_model import db, users
from graph_model.interchange import load as loader
from graph_model.users import Actor
from tests.marac.world import marac_world
from tests.workflows.world import dash
from workflows import operations

# P1 (C1's only victim) consents to sharing: referrals from C1 may go out.
CONSENT = {"id": "K1", "person": "P1", "scope": "share_with_idva", "status": "given", "date": "2026-10-01"}
EVENTS = ("MATCH (e:AuditEvent) WHERE $action IS NULL OR e.action = $action "
          "RETURN e {.*} AS e ORDER BY e.at, e.id")


@pytest.fixture()
def world(admin: Actor) -> Actor:
    """Load the MARAC world with a DASH on C1 and enrol every object in its workflows."""
    loader.load(admin, marac_world(risk_assessments=[dash("R1", "C1", "2026-10-02", 15)]))
    operations.enrol(admin)
    return admin


@pytest.fixture()
def who(graph: Any) -> Callable[[str], Actor]:
    """Return a function giving the actor of a username."""
    return users.actor


def events(action: str | None = None) -> list[dict[str, Any]]:
    """Return the audit events (of one action), oldest first, with detail decoded."""
    found = db.read(lambda tx: [r["e"] for r in tx.run(EVENTS, action=action)])
    return [{**e, "detail": json.loads(e["detail"])} for e in found]


def only(action: str) -> dict[str, Any]:
    """Return the one event of an action (failing unless there is exactly one)."""
    found = events(action)
    assert len(found) == 1, found
    return found[0]
