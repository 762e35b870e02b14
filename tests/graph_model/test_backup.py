"""Backup and restore of the local server: a round trip gives back exactly the graph that was backed up."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from graph_model import backup, db, local_server, schema, users
from graph_model.config import Settings
from graph_model.errors import InvalidInput
from graph_model.interchange import export as exporter
from graph_model.interchange import load as loader

PEOPLE = [{"id": f"P{n}", "given_name": f"Given{n}", "synthetic": True} for n in range(5)]


def _serve(settings: Settings) -> None:
    local_server.start(settings)
    db.connect(settings)


def test_a_backup_restores_the_graph_as_it_was(neo4j_server: Settings, tmp_path: Path) -> None:
    """Server A: load, export, back up (while running: stopped, archived, started again). Server B, empty:
    restore the archive, start it, export: the same document. Two servers of the test's own, never the shared."""
    if neo4j_server.external:
        pytest.skip("backup and restore are for the local server; NEO4J_URI is set")
    first = dataclasses.replace(neo4j_server, data_dir=tmp_path / "a", local_port=7741)
    second = dataclasses.replace(neo4j_server, data_dir=tmp_path / "b", local_port=7742)
    try:
        _serve(first)
        schema.install()
        users.ensure_builtin_admin()
        loader.load(users.actor("admin"), {"format": "hearth/1", "people": PEOPLE})
        before = exporter.export(users.actor("admin"))
        db.close()
        local_server.stop(first)
        made = backup.backup(first, tmp_path / "b1.tar.gz")  # offline: nothing to restart
        assert not made.restarted and made.bytes > 0
        (second.local_home / "data").mkdir(parents=True)
        (second.local_home / "data" / "stale").write_text("replaced by the restore")
        done = backup.restore(second, tmp_path / "b1.tar.gz")
        assert done.kept is not None and (done.kept / "stale").is_file()  # replaced data is kept, not deleted
        _serve(second)
        assert exporter.export(users.actor("admin")) == before
        with pytest.raises(InvalidInput, match="exists"):
            backup.backup(first, tmp_path / "b1.tar.gz")
    finally:
        db.close()
        for settings in (first, second):
            local_server.stop(settings)
        db.connect(neo4j_server)


def test_restore_refuses_what_is_not_a_backup(neo4j_server: Settings, tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-backup.tar.gz"
    bogus.write_bytes(b"hello")
    with pytest.raises(InvalidInput, match="not a Hearth backup"):
        backup.restore(neo4j_server, bogus)
    with pytest.raises(InvalidInput, match="no backup file"):
        backup.restore(neo4j_server, tmp_path / "missing.tar.gz")
    external = dataclasses.replace(neo4j_server, neo4j_uri="neo4j://elsewhere:7687")
    with pytest.raises(InvalidInput, match="NEO4J_URI is set"):
        backup.backup(external, tmp_path / "x.tar.gz")
