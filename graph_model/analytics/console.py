"""The analysts' read-only Cypher console: a READ transaction the server itself keeps from writing, behind a
filter that keeps users and the audit log out of reach (console_guard: its limits are documented there)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any, LiteralString, cast

from neo4j import ManagedTransaction, unit_of_work
from neo4j.exceptions import ClientError, Neo4jError
from neo4j.graph import Node, Path, Relationship

from graph_model import audit, db, permissions
from graph_model.analytics import console_guard
from graph_model.errors import ConsoleQueryError, InvalidInput
from graph_model.users import Actor

MAX_ROWS = 10_000
MAX_SECONDS = 60.0
# LOAD CSV reads files and URLs from the server's side, which a read transaction does not stop.
FORBIDDEN = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)


@dataclass(frozen=True)
class ConsoleResult:
    """The columns and rows of a console query (at most `limit` rows; `truncated` if there were more)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool
    seconds: float


def run_console(actor: Actor, query: str, purpose: str, limit: int = 1000, timeout: float = 10.0) -> ConsoleResult:
    """Run an analyst's query read-only, with a row limit and a timeout; audit who ran what and why."""
    with audit.denials(actor, "run_console", purpose):
        permissions.check(actor, "run_console")
    if not purpose.strip():
        raise InvalidInput("a console query needs a purpose (why it is run); it is recorded in the audit")
    if not query.strip():
        raise InvalidInput("the query is empty")
    if not 1 <= limit <= MAX_ROWS or not 0 < timeout <= MAX_SECONDS:
        raise InvalidInput(f"limit must be 1-{MAX_ROWS} rows and timeout 0-{MAX_SECONDS:.0f} s")
    began = time.perf_counter()
    outcome: dict[str, Any] = {"query": query, "limit": limit}
    try:
        if FORBIDDEN.search(query):
            raise ConsoleQueryError("LOAD CSV is not allowed in the console (it reads files and URLs)")
        console_guard.check(query)
        result = db.read(unit_of_work(timeout=timeout)(lambda tx: _rows(tx, query, limit)))
        outcome.update(outcome="ok", rows=len(result.rows), truncated=result.truncated)
        return ConsoleResult(result.columns, result.rows, result.truncated, time.perf_counter() - began)
    except ClientError as exc:
        outcome.update(outcome="refused", code=exc.code)
        raise ConsoleQueryError(f"the server refused the query: {exc.message or exc.code}") from exc
    except Neo4jError as exc:
        outcome.update(outcome="failed", code=exc.code)
        raise ConsoleQueryError(f"the query failed: {exc.message or exc.code}") from exc
    except ConsoleQueryError:
        outcome.update(outcome="refused", code="forbidden_clause")
        raise
    finally:
        db.write(lambda tx: audit.record(tx, actor, "run_console", purpose, outcome))


def _rows(tx: ManagedTransaction, query: str, limit: int) -> ConsoleResult:
    # The console's whole point is to run the analyst's own text; it is never combined with other Cypher.
    result = tx.run(cast(LiteralString, query))
    columns = tuple(result.keys())
    rows: list[tuple[Any, ...]] = []
    truncated = False
    for record in result:
        if len(rows) == limit:
            truncated = True
            break
        rows.append(tuple(console_guard.strip(_plain(value)) for value in record.values()))
    return ConsoleResult(columns, tuple(rows), truncated, 0.0)


def _plain(value: Any) -> Any:
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
