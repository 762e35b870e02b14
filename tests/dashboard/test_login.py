"""Signing in and out of the dashboard, run headless by AppTest: passwords, the demo password, timeout, sign-out."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import session
from graph_model import db, users
from graph_model.errors import AuthenticationFailed
from graph_model.users import Actor
from tests.dashboard.conftest import PASSWORD, SHELL, text_of

LOGINS = "MATCH (e:AuditEvent {action: 'login'}) RETURN e.actor AS actor, e.detail AS detail ORDER BY e.at"


def _sign_in(username: str, password: str) -> AppTest:
    app = AppTest.from_file(SHELL, default_timeout=60).run()
    assert app.title[0].value == "Hearth" and app.text_input[0].label == "Username"
    app.text_input[0].input(username)
    app.text_input[1].input(password)
    app.button[0].click().run()
    assert not app.exception
    return app


def _logins() -> list[tuple[str, str]]:
    return [(r["actor"], r["detail"]) for r in db.read(lambda tx: tx.run(LOGINS).data())]


def test_right_password_signs_in_and_is_audited(world: Actor) -> None:
    """lettings1 signs in, sees their pages, and the audit log has the success."""
    app = _sign_in("lettings1", PASSWORD)
    assert app.session_state[session.USER] == "lettings1"
    assert app.title[0].value == "My work"
    assert "Signed in as **lettings1**" in [m.value for m in app.sidebar.markdown]
    assert _logins()[-1] == ("lettings1", '{"outcome": "success"}')


@pytest.mark.parametrize("username", ["lettings1", "nobody"])
def test_wrong_password_and_unknown_user_get_the_same_message(world: Actor, username: str) -> None:
    """A wrong password and an unknown user read the same, sign no one in, and are audited as failures."""
    app = _sign_in(username, "not-the-password")
    assert [e.value for e in app.error] == ["wrong username or password"]
    assert session.USER not in app.session_state
    assert _logins()[-1] == (username, '{"outcome": "failure"}')


def test_unknown_user_costs_a_password_check(world: Actor) -> None:
    """An unknown user is verified against a dummy hash: about as slow as a known user's wrong password."""
    def timed(name: str) -> float:
        began = time.perf_counter()
        with pytest.raises(AuthenticationFailed):
            users.authenticate(name, "not-the-password")
        return time.perf_counter() - began
    timed("nobody")  # the dummy hash is made once
    known = min(timed("lettings1") for _ in range(3))
    unknown = min(timed("nobody") for _ in range(3))
    assert unknown > known / 3


def test_demo_password_is_refused_outside_demo_mode(world: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the demo password and no HEARTH_DEMO, sign-in is refused with a message to set a real password."""
    users.set_password(world, ["idva1"], users.DEMO_PASSWORD)
    monkeypatch.delenv("HEARTH_DEMO", raising=False)
    app = _sign_in("idva1", users.DEMO_PASSWORD)
    assert "idva1 still has the demo password, which works only in demo mode" in app.error[0].value
    assert "set a real password" in app.error[0].value
    assert session.USER not in app.session_state
    assert _logins()[-1] == ("idva1", '{"outcome": "refused: demo password outside demo mode"}')


def test_demo_password_works_in_demo_mode(world: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """In demo mode the demo password signs in, and the sign-in page says so."""
    users.set_password(world, ["idva1"], users.DEMO_PASSWORD)
    monkeypatch.setenv("HEARTH_DEMO", "1")
    assert "hearth-demo" in text_of(AppTest.from_file(SHELL, default_timeout=60).run())
    app = _sign_in("idva1", users.DEMO_PASSWORD)
    assert app.session_state[session.USER] == "idva1"
    assert app.title[0].value == "My work"


def test_session_times_out(world: Actor, shell: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch) -> None:
    """A session idle past HEARTH_SESSION_MINUTES ends at the next click, with a notice, and is audited."""
    monkeypatch.setenv("HEARTH_SESSION_MINUTES", "5")
    app = shell("idva1")
    assert app.title[0].value == "My work"
    app.session_state[session.SEEN] = time.time() - 6 * 60
    app.run()
    assert not app.exception
    assert app.title[0].value == "Hearth"
    assert "Your session ended after 5 minutes without activity" in app.info[0].value
    rows = db.read(lambda tx: tx.run("MATCH (e:AuditEvent {action: 'logout'}) RETURN e.detail AS d").data())
    assert rows == [{"d": '{"reason": "session timed out"}'}]


def test_sign_out(world: Actor, shell: Callable[..., AppTest]) -> None:
    """Sign out ends the session: the sign-in page, a notice, nothing of the session left."""
    app = shell("chair1")
    next(b for b in app.sidebar.button if b.label == "Sign out").click().run()
    assert not app.exception
    assert app.title[0].value == "Hearth"
    assert "You are signed out." in [i.value for i in app.info]
    assert session.USER not in app.session_state


def test_no_session_no_data(world: Actor) -> None:
    """A page script run without a signed-in session gets a clear refusal from the service layer, no data."""
    from graph_model.config import PROJECT_ROOT

    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard" / "views" / "analytics.py"), default_timeout=60).run()
    assert not app.exception
    assert "you are not signed in" in app.error[0].value
    assert not app.dataframe
