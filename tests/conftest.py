"""A real Neo4j for the tests: NEO4J_URI's server, or a local one of the tests' own, started once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_model.config import PROJECT_ROOT

# The tests' own local server: its own data folder and port, so a developer's demo data is never touched.
if not os.environ.get("NEO4J_URI"):
    os.environ.setdefault("HEARTH_DATA_DIR", str(PROJECT_ROOT / ".hearth" / "test"))
    os.environ.setdefault("HEARTH_NEO4J_PORT", "7698")
    os.environ.setdefault("HEARTH_NEO4J_HEAP", "1g")
    os.environ.setdefault("HEARTH_NEO4J_PAGECACHE", "512m")
os.environ.pop("HEARTH_USER", None)
os.environ.setdefault("HEARTH_PSEUDONYM_KEY", "tests-only-pseudonym-key-not-a-secret")

from graph_model import db, local_server, probe, schema, users  # noqa: E402
from graph_model.config import Settings  # noqa: E402

MARKER_QUERY = "MATCH (m:HearthTestMarker) RETURN count(m) AS n"
FOREIGN_QUERY = ("MATCH (n) WHERE NOT n:HearthTestMarker AND NOT (n:User AND coalesce(n.builtin, false)) "
                 "RETURN count(n) AS n")


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Settings]:
    """Start (or reach) the server, refuse a database holding data the tests did not create, install schema."""
    settings = Settings.from_env()
    started = False
    if not settings.external:
        _, started = local_server.start(settings)
    db.connect(settings)
    ours = db.read(lambda tx: tx.run(MARKER_QUERY).single()["n"]) > 0
    foreign = db.read(lambda tx: tx.run(FOREIGN_QUERY).single()["n"])
    if foreign and not ours and not os.environ.get("HEARTH_TEST_ALLOW_WIPE"):
        pytest.exit(f"refusing to run: the database at {db.connection_target(settings)[0]} holds {foreign} "
                    "nodes the tests did not create (set HEARTH_TEST_ALLOW_WIPE=1 to wipe it)", returncode=3)
    db.write(lambda tx: tx.run("MERGE (:HearthTestMarker {id: 'tests'})").consume())
    schema.install()
    _reset()
    yield settings
    _reset()
    db.close()
    if started and not os.environ.get("HEARTH_TEST_KEEP_SERVER"):
        local_server.stop(settings)


def _reset() -> None:
    db.write(lambda tx: tx.run("MATCH (n) WHERE NOT n:HearthTestMarker DETACH DELETE n").consume())
    db.write(lambda tx: tx.run("MERGE (:HearthTestMarker {id: 'tests'})").consume())
    users.ensure_builtin_admin()


@pytest.fixture()
def graph(neo4j_server: Settings) -> Iterator[Settings]:
    """Give a test the database as the session found it (schema, built-in admin), and restore it after."""
    yield neo4j_server
    _reset()


@pytest.fixture()
def admin(graph: Settings) -> users.Actor:
    """Return the built-in admin as the acting user."""
    return users.actor(users.BUILTIN_ADMIN)


@pytest.fixture()
def cli_env(graph: Settings) -> dict[str, str]:
    """Return the environment a `hearth` subprocess needs to reach the tests' database."""
    return dict(os.environ)


@pytest.fixture()
def tmp_json(tmp_path: Path) -> Path:
    """Return a path for a JSON document in a fresh temporary folder."""
    return tmp_path / "doc.json"


def graph_size() -> tuple[int, int]:
    """Return (nodes, relationships) in the database, to assert a rejected load wrote nothing."""
    return probe.graph_size()
