"""Fixtures for the MARAC tests: the world loaded (with extra records), the clock, actors by username."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from graph_model import users
from graph_model.interchange import load as loader
from graph_model.users import Actor
from tests.marac.world import marac_world
from workflows.clock import FixedClock

NOW = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


@pytest.fixture()
def clock() -> FixedClock:
    """Return a clock standing at 2026-11-10 09:00 UTC."""
    return FixedClock(NOW)


@pytest.fixture()
def load(graph: Any, admin: Actor) -> Callable[..., None]:
    """Return a function loading the MARAC world plus extra records, as admin."""
    def run(**sections: list[dict[str, Any]]) -> None:
        loader.load(admin, marac_world(**sections))
    return run


@pytest.fixture()
def who(graph: Any) -> Callable[[str], Actor]:
    """Return a function giving the actor of a username."""
    return users.actor
