"""A database of the mixed-load run's own: the configured server, emptied only when it is a benchmark's."""

from __future__ import annotations

from bench.harness import BenchmarkDatabaseNotOurs
from graph_model import db, local_server, probe, schema, users
from graph_model.config import Settings
from graph_model.users import Actor
from workflows import registry

SCALE = "load-mix"


def fresh_database(allow_wipe: bool, seed: int) -> Actor:
    """Start (or reach) the server, empty it if a benchmark owns it (or allow_wipe), install the schema."""
    settings = Settings.from_env()
    if not settings.external:
        state, started = local_server.start(settings)
        print(f"Neo4j {'started' if started else 'running'} at {state.uri}", flush=True)
    db.connect(settings)
    schema.install()
    nodes, _ = probe.graph_size()
    if probe.bench_marker() is None and nodes > 1 and not allow_wipe:
        raise BenchmarkDatabaseNotOurs(f"the database at {db.target()} holds {nodes} nodes no benchmark loaded; "
                                       "use an empty database or pass --allow-wipe")
    probe.wipe()
    schema.install()
    users.ensure_builtin_admin()
    registry.sync(registry.default())
    probe.set_bench_marker(SCALE, seed)
    return users.actor(users.BUILTIN_ADMIN)
