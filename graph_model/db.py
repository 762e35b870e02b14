"""The one driver to Neo4j, shared by neomodel and Hearth's queries, and the unit of work."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import Driver, GraphDatabase, ManagedTransaction, NotificationMinimumSeverity
from neo4j.exceptions import AuthError, ConstraintError, IncompleteCommit, ServiceUnavailable, SessionExpired
from neo4j.exceptions import DatabaseUnavailable as ServerNotReady
from neomodel import db as neomodel_db
from neomodel import get_config as neomodel_config

from graph_model import local_server
from graph_model.config import Settings
from graph_model.errors import DatabaseUnavailable, InvalidInput, WriteConflict

T = TypeVar("T")
# The driver logs each retry as a warning; with no handler Python would print them to stderr in the middle of
# the CLI's one-line errors. Callers that configure logging still see them (they propagate to the root).
logging.getLogger("neo4j").addHandler(logging.NullHandler())

_lock = threading.Lock()
_driver: Driver | None = None
_settings: Settings | None = None


def connection_target(settings: Settings) -> tuple[str, str, str]:
    """Return (uri, user, password) for the configured server: NEO4J_URI, or the local one."""
    if settings.external:
        if not settings.neo4j_password:
            raise DatabaseUnavailable("NEO4J_URI is set but NEO4J_PASSWORD is not")
        return settings.neo4j_uri or "", settings.neo4j_user, settings.neo4j_password
    return local_server.local_uri(settings), "neo4j", local_server.local_password(settings)


def connect(settings: Settings | None = None) -> Driver:
    """Open (once per process) the driver, check it answers, and hand it to neomodel."""
    global _driver, _settings
    with _lock:
        if _driver is not None and (settings is None or settings == _settings):
            return _driver  # without explicit settings, keep the server the process already chose
        settings = settings or Settings.from_env()
        if _driver is not None:
            _driver.close()
        uri, user, password = connection_target(settings)
        driver = GraphDatabase.driver(uri, auth=(user, password), max_connection_pool_size=50,
                                      max_transaction_retry_time=settings.retry_seconds,
                                      notifications_min_severity=NotificationMinimumSeverity.OFF)
        try:
            driver.verify_connectivity()
        except AuthError as exc:
            driver.close()
            raise DatabaseUnavailable(f"Neo4j at {uri} refused the credentials for user {user!r}") from exc
        except (ServiceUnavailable, OSError, ValueError) as exc:
            driver.close()
            hint = "" if settings.external else " (run `hearth db start`)"
            raise DatabaseUnavailable(f"Neo4j at {uri} is not answering{hint}: {exc}") from exc
        neomodel_config().database_name = settings.neo4j_database
        neomodel_db.set_connection(driver=driver)
        _driver, _settings = driver, settings
        return driver


def close() -> None:
    """Close the shared driver (tests and the CLI call this at exit)."""
    global _driver, _settings
    with _lock:
        if _driver is not None:
            _driver.close()
        _driver, _settings = None, None


def database() -> str:
    """Return the name of the database Hearth works in."""
    return (_settings or Settings.from_env()).neo4j_database


def _not_unicode(exc: UnicodeEncodeError) -> InvalidInput:
    # The last line of defence: graph_model.text refuses such text by field name before it gets this far.
    return InvalidInput(f"a value is not valid Unicode text (a lone surrogate at position {exc.start + 1}; was it "
                        "UTF-8?); nothing was written")


def target() -> str:
    """Return the URI of the server Hearth works with (for messages; no password read)."""
    settings = _settings or Settings.from_env()
    return (settings.neo4j_uri or "") if settings.external else local_server.local_uri(settings)


@contextmanager
def _answering() -> Iterator[None]:
    """Turn the driver's connection errors, once its retries are spent, into one DatabaseUnavailable."""
    try:
        yield
    except IncompleteCommit as exc:  # not retried by the driver: the commit may have happened
        raise DatabaseUnavailable(f"the connection to Neo4j at {target()} broke while committing: the change may "
                                  "or may not be saved; check it before trying again") from exc
    except (ServiceUnavailable, SessionExpired, ServerNotReady) as exc:
        retried = (_settings or Settings.from_env()).retry_seconds
        reason = (getattr(exc, "message", None) or str(exc) or type(exc).__name__).splitlines()[0]
        raise DatabaseUnavailable(f"Neo4j at {target()} is not answering (retried for {retried:.0f}s; is it "
                                  f"running? `hearth db status`): {reason}") from exc


def write(work: Callable[[ManagedTransaction], T]) -> T:
    """Run work in one write transaction, retried on transient and connection errors: the unit of work.

    A retry runs the whole of work again in a new transaction after the failed one rolled back, so every write is
    safe to retry; only a commit whose answer was lost (IncompleteCommit) is not retried.
    """
    with _answering(), connect().session(database=database()) as session:
        try:
            return session.execute_write(work)
        except UnicodeEncodeError as exc:
            raise _not_unicode(exc) from exc


def write_once(work: Callable[[ManagedTransaction], T]) -> T:
    """Run work in one write transaction; a uniqueness clash (someone wrote it first) raises WriteConflict."""
    try:
        return write(work)
    except ConstraintError as exc:
        raise WriteConflict(f"another user wrote this first: {exc.message}") from exc


def read(work: Callable[[ManagedTransaction], T]) -> T:
    """Run work in one read transaction (retried like write); the server refuses writes in it."""
    with _answering(), connect().session(database=database(), default_access_mode=neo4j.READ_ACCESS) as session:
        try:
            return session.execute_read(work)
        except UnicodeEncodeError as exc:
            raise _not_unicode(exc) from exc


def rows(tx: ManagedTransaction, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
    """Run one parameterised query in tx and return its records as dicts."""
    return [record.data() for record in tx.run(query, params)]


@contextmanager
def session() -> Iterator[neo4j.Session]:
    """Yield a session on Hearth's database (for callers that need several transactions)."""
    with connect().session(database=database()) as s:
        try:
            yield s
        except UnicodeEncodeError as exc:
            raise _not_unicode(exc) from exc


def native(value: Any) -> Any:
    """Return a driver temporal value (neo4j.time.Date...) as Python's own type; anything else unchanged."""
    return value.to_native() if hasattr(value, "to_native") else value
