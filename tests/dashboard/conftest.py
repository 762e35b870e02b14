"""Helpers for the dashboard tests: a world with every role, passwords set, and signing a user in to an AppTest."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import session
from graph_model import users
from graph_model.config import PROJECT_ROOT
from graph_model.interchange import load as loader
from graph_model.users import Actor
from tests.marac.world import action, marac_world
from tests.workflows.world import dash
from workflows import operations

SHELL = str(PROJECT_ROOT / "dashboard" / "app.py")
PASSWORD = "correct-horse-battery"
USERNAMES = ["idva1", "idva2", "options1", "lead1", "chair1", "coord1", "police1", "lettings1", "outsider",
             "analyst1", "csc1", "probation1", "admin"]


@pytest.fixture()
def world(admin: Actor) -> Actor:
    """Load the MARAC world (every role, a meeting, a case with a DASH and an overdue action), enrol, set passwords."""
    loader.load(admin, marac_world(risk_assessments=[dash("R1", "C1", "2026-10-02", 15)],
                                   marac_actions=[action("X1", "MC1", "A2", "2026-01-10")]))
    operations.enrol(admin)
    users.set_password(admin, USERNAMES, PASSWORD)
    return admin


def signed_in(app: AppTest, username: str) -> AppTest:
    """Put a signed-in session for the user in the app (what a successful sign-in leaves), and return it."""
    app.session_state[session.USER] = username
    app.session_state[session.SEEN] = time.time()
    return app


@pytest.fixture()
def shell() -> Callable[..., AppTest]:
    """Return a function opening the dashboard (signed in as `user`, when given) and running it."""
    def run(user: str | None = None, **env: Any) -> AppTest:
        app = AppTest.from_file(SHELL, default_timeout=60)
        if user:
            signed_in(app, user)
        return app.run()
    return run


def text_of(app: AppTest) -> str:
    """Return every message, markdown and caption on the page, one per line."""
    return "\n".join([m.value for m in app.markdown] + [e.value for e in app.error] + [w.value for w in app.warning]
                     + [s.value for s in app.success] + [i.value for i in app.info] + [c.value for c in app.caption])
