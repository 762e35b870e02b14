"""The local Neo4j's lifecycle: a failed start says why, stop and status on a server that is not running."""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path

import pytest

from graph_model import local_server
from graph_model.config import Settings
from graph_model.errors import LocalServerError

pytestmark = pytest.mark.skipif(Settings.from_env().external, reason="NEO4J_URI is set: nothing local to start")


def _elsewhere(tmp_path: Path, port: int) -> Settings:
    base = Settings.from_env()
    return dataclasses.replace(base, data_dir=tmp_path, local_port=port, local_heap="512m", local_pagecache="64m",
                               neo4j_password="test-only-password")


def test_failed_start_raises_with_log_tail(tmp_path: Path) -> None:
    """A port already taken makes the start fail fast, with Neo4j's log in the message and no pid left."""
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        settings = _elsewhere(tmp_path, blocker.getsockname()[1])
        with pytest.raises(LocalServerError) as failure:
            local_server.start(settings, timeout=120)
    assert "exited" in str(failure.value) or "did not answer" in str(failure.value)
    assert "launcher.log" in str(failure.value)
    assert not local_server.status(settings).running


def test_stop_and_status_when_not_running(tmp_path: Path) -> None:
    """Stopping a server that is not running says so; status reports it is not running."""
    settings = _elsewhere(tmp_path, 1)
    assert local_server.stop(settings) is False
    assert local_server.status(settings).running is False


def test_stale_pid_file_is_not_trusted(tmp_path: Path) -> None:
    """A pid file naming a process that is not the launcher does not count as a running server."""
    settings = _elsewhere(tmp_path, 1)
    settings.local_home.mkdir(parents=True)
    (settings.local_home / "hearth-neo4j.pid").write_text("1")
    assert local_server.status(settings).running is False


def test_generated_password_is_private_and_stable(tmp_path: Path) -> None:
    """Without NEO4J_PASSWORD a password is generated once, kept 0600, and reused."""
    settings = dataclasses.replace(_elsewhere(tmp_path, 1), neo4j_password=None)
    first = local_server.local_password(settings)
    assert len(first) >= 24
    assert local_server.local_password(settings) == first
    assert (tmp_path / "neo4j-password").stat().st_mode & 0o077 == 0
