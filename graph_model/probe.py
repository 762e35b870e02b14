"""Probes of the database itself: the bare round-trip every benchmark is compared with, and its version."""

from __future__ import annotations

from neo4j import ManagedTransaction

from graph_model import db


def round_trip() -> None:
    """Run `RETURN 1` in a read transaction: the cheapest complete read any capability can make."""
    db.read(lambda tx: tx.run("RETURN 1").consume())


def round_trip_autocommit() -> None:
    """Run `RETURN 1` as an auto-commit query: one network exchange, no transaction."""
    with db.session() as session:
        session.run("RETURN 1").consume()


def server_version() -> str:
    """Return the Neo4j name, version and edition."""
    def work(tx: ManagedTransaction) -> str:
        row = tx.run("CALL dbms.components() YIELD name, versions, edition "
                     "RETURN name, versions[0] AS version, edition").single()
        return f"{row['name']} {row['version']} {row['edition']}" if row else "unknown"
    return db.read(work)


def graph_size() -> tuple[int, int]:
    """Return (nodes, relationships) in the database, from the count store."""
    def work(tx: ManagedTransaction) -> tuple[int, int]:
        nodes = tx.run("MATCH (n) RETURN count(n) AS n").single()
        rels = tx.run("MATCH ()-[r]->() RETURN count(r) AS n").single()
        return (nodes["n"] if nodes else 0, rels["n"] if rels else 0)
    return db.read(work)


def wipe() -> None:
    """Delete every node, in batches (benchmark databases only; callers check they own the database)."""
    with db.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def bench_marker() -> dict[str, object] | None:
    """Return the scale and seed a benchmark database was loaded with, or None."""
    def work(tx: ManagedTransaction) -> dict[str, object] | None:
        row = tx.run("MATCH (m:HearthBenchMarker) RETURN m {.*} AS m LIMIT 1").single()
        return dict(row["m"]) if row else None
    return db.read(work)


def set_bench_marker(scale: str, seed: int) -> None:
    """Mark the database as a benchmark database holding this scale and seed."""
    db.write(lambda tx: tx.run("MERGE (m:HearthBenchMarker {id: 'bench'}) SET m.scale = $scale, m.seed = $seed",
                               scale=scale, seed=seed).consume())
