"""The matrix world, loaded once for the module: areas, agencies, a user of every role in both areas, bundles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph_model import users
from graph_model.analytics import network
from graph_model.config import Settings
from graph_model.interchange import load as loader
from tests.conftest import _reset
from tests.security import matrix_housing, matrix_support
from tests.security.matrix import ENTRIES
from tests.security.oracle import expected
from tests.security.world import FIRST_FRESH, MAIN, SCREENED, Bundle, document
from tests.security.world import users as world_users
from workflows import screening
from workflows.registry import default


def fresh_slots() -> dict[tuple[str, str], str]:
    """Return the bundle each (write entry, username) works on: its own for each user the oracle lets through (so
    nothing is moved twice), one shared by the users it refuses (a refusal writes nothing, asserted)."""
    slots, n = {}, FIRST_FRESH
    for entry in ENTRIES:
        if entry.write:
            refused = str(n)
            n += 1
            for user in world_users():
                if expected(entry, user):
                    slots[(entry.name, user.username)] = str(n)
                    n += 1
                else:
                    slots[(entry.name, user.username)] = refused
    return slots


@pytest.fixture(scope="module")
def matrix_world(neo4j_server: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Load the world once; return what the calls share (screening, worklist names, a network result, slots)."""
    _reset()
    slots = fresh_slots()
    admin = users.actor(users.BUILTIN_ADMIN)
    by_name, extras = {e.name: e for e in ENTRIES}, dict[str, set[str]]()
    for (name, _), n in slots.items():
        extras.setdefault(n, set()).update(by_name[name].bundle_extras)
    loader.load(admin, document(1 + max(int(n) for n in slots.values()), extras))
    main, screened = Bundle(MAIN), Bundle(SCREENED)
    reg = default()
    shared: dict[str, Any] = {
        "slots": slots, "set_up": set(), "tmp": tmp_path_factory.mktemp("matrix"),
        "actors": {u.username: users.actor(u.username) for u in world_users()},
        "screening": screening.screen_nomination(screened.nomination, users.actor("da_lead.in")).screening_id,
        "worklists": sorted(f"{w}.{k}" for w in reg.current for k in reg.definition(w).worklists),
        "network": network.analyse(admin, cases=[main.case], betweenness_samples=5),
        "created": set(),  # ids of objects the setups made (options, flags...): no non-party answer may name one
    }
    matrix_housing.prepare(shared)
    matrix_support.prepare(shared)
    yield shared
    _reset()


@pytest.fixture(scope="module")
def matrix_tmp(matrix_world: dict[str, Any]) -> Path:
    """Return the module's temporary folder (exports, job files)."""
    return Path(matrix_world["tmp"])
