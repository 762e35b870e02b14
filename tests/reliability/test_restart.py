"""Neo4j stopped and started again under a running Hearth process (issue #10 item 7a).

Stops and restarts the tests' own local server, once: the server is up, with its schema, when the test ends,
whatever happens. Skipped when NEO4J_URI names a server the tests do not own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import streamlit as st

from bench.load_mix_world import LETTINGS, OPTIONS, case_id, nomination_id, world
from dashboard import session
from dashboard.services import casework
from graph_model import db, local_server, schema, users
from graph_model.config import Settings
from graph_model.errors import DatabaseUnavailable
from graph_model.interchange import load as loader
from workflows import operations, service
from workflows import screening as screening_service
from workflows.refs import ObjectRef

pytestmark = pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")),
                                reason="stops and restarts the local Neo4j; NEO4J_URI names a server the tests "
                                       "do not own")
CASE = ObjectRef("case", case_id(0))
RETRY = "2"  # seconds a call retries before it reports the outage (the default is 15)


class Caller:
    """A thread calling service functions in a loop (a read with its audit write, then a screening), as a
    long-running Hearth process does; it records when each call ended and how."""

    def __init__(self, calls: list[Callable[[], object]]) -> None:
        self.calls, self.results = calls, []  # type: ignore[var-annotated]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="restart-caller")

    def _loop(self) -> None:
        n = 0
        while not self.stop.is_set():
            try:
                self.calls[n % len(self.calls)]()
                self.results.append((time.monotonic(), None))
            except Exception as exc:  # what was raised is what the test is about
                self.results.append((time.monotonic(), exc))
            n += 1
            time.sleep(0.2)

    def after(self, moment: float) -> list[Exception | None]:
        """Return the outcomes of calls that ended after the moment (None: it worked)."""
        return [outcome for at, outcome in list(self.results) if at > moment]

    def wait_for(self, moment: float, ok: bool, timeout: float) -> None:
        """Wait until a call ending after the moment worked (ok) or failed (not ok)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any((outcome is None) == ok for outcome in self.after(moment)):
                return
            time.sleep(0.1)
        pytest.fail(f"no call {'worked' if ok else 'failed'} within {timeout:.0f}s: {self.after(moment)}")


@pytest.fixture()
def short_retries(graph: Settings) -> Iterator[Settings]:
    """Connect with a short retry budget for the test; afterwards the server is up, the schema installed and the
    session's own connection back."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HEARTH_NEO4J_RETRY_SECONDS", RETRY)
        settings = Settings.from_env()
        try:
            db.connect(settings)
            yield settings
        finally:
            local_server.start(settings)
            db.connect(graph)
            schema.install()


def _one_line_cli_error(port: int) -> str:
    env = {**os.environ, "HEARTH_NEO4J_RETRY_SECONDS": RETRY}
    done = subprocess.run([sys.executable, "-m", "hearth", "--as", OPTIONS, "workflow", "state", f"case:{CASE.id}"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert f"Neo4j at neo4j://127.0.0.1:{port} is not answering" in line
    return line


def test_a_running_process_reports_the_outage_then_recovers_by_itself(short_retries: Settings, admin: Any) -> None:
    loader.load(admin, world(cases=1, nominations=1))
    operations.enrol(admin)
    options, lettings = users.actor(OPTIONS), users.actor(LETTINGS)
    caller = Caller([lambda: service.state(CASE, options),
                     lambda: screening_service.screen_nomination(nomination_id(0), lettings)])
    driver = db.connect()
    caller.thread.start()
    try:
        caller.wait_for(0, ok=True, timeout=20)
        stopped = time.monotonic()
        local_server.stop(short_retries)
        caller.wait_for(stopped, ok=False, timeout=30)
        _one_line_cli_error(short_retries.local_port)
        local_server.start(short_retries)
        restarted = time.monotonic()
        caller.wait_for(restarted, ok=True, timeout=60)
        time.sleep(1.0)  # both kinds of call (the read and the screening) once more
    finally:
        caller.stop.set()
        caller.thread.join()
    failures = [outcome for outcome in caller.after(stopped) if outcome is not None]
    assert failures and all(isinstance(f, DatabaseUnavailable) for f in failures), failures
    assert all(f"Neo4j at neo4j://127.0.0.1:{short_retries.local_port}" in str(f) for f in failures)
    assert caller.after(restarted)[-2:] == [None, None]
    assert db.connect() is driver  # the same driver reconnected: nothing was restarted or reconnected by hand
    _dashboard_works_after_restart(driver)


def _dashboard_works_after_restart(driver: Any) -> None:
    """The dashboard's service layer (here the object page's status call) works in the same process."""
    st.session_state[session.USER] = OPTIONS
    st.session_state[session.SEEN] = time.time()
    try:
        [da_case] = [s for s in casework.status(CASE) if s.workflow == "da_case"]
        assert da_case.state == "disclosure"
        assert db.connect() is driver
    finally:
        st.session_state.clear()
