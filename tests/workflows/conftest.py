"""Fixtures for the workflow tests: the world loaded, a test clock, and actors by username."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from graph_model import users
from graph_model.interchange import load as loader
from graph_model.users import Actor
from tests.workflows.world import world
from workflows.clock import FixedClock
from workflows.registry import Registry, default

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture()
def clock() -> FixedClock:
    """Return a clock standing at 2026-11-02 09:00 UTC."""
    return FixedClock(NOW)


@pytest.fixture()
def registry() -> Registry:
    """Return the shipped workflow definitions."""
    return default()


@pytest.fixture()
def load(graph: Any, admin: Actor) -> Callable[..., None]:
    """Return a function loading the base world plus extra records, as admin."""
    def run(**sections: list[dict[str, Any]]) -> None:
        loader.load(admin, world(**sections))
    return run


@pytest.fixture()
def who(graph: Any) -> Callable[[str], Actor]:
    """Return a function giving the actor of a username."""
    return users.actor
