"""A row of the access matrix (Entry) and one call of it (Ctx), shared by the tables of tests/security/matrix*.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from dashboard import session
from graph_model import users
from graph_model.users import Actor
from tests.security.world import MAIN, Bundle, User


@dataclass
class Ctx:
    """One call: the user (as world data and as an Actor), the bundle it works on, and shared fixtures."""

    user: User
    actor: Actor
    b: Bundle
    tmp: Path
    shared: dict[str, Any]

    @contextmanager
    def signed_in(self) -> Iterator[None]:
        """Act as the user signed in to the dashboard (the session's username is all the services read)."""
        with mock.patch.object(session, "username", lambda: self.user.username):
            yield


@dataclass(frozen=True)
class Entry:
    """One row: a function, how to call it, and what it needs; the oracle turns the needs into allowed roles."""

    func: Callable[..., Any]
    call: Callable[[Ctx], Any]
    variant: str = ""
    action: str | None = None  # a key of ACTION_ROLES checked by permissions.check
    needs: tuple[tuple[str, str], ...] = ()  # (permission, object type) on the bundle's objects, all needed
    fires: tuple[str, str, str] | None = None  # (object type, workflow, transition): view + the guard's roles/perms
    states: dict[str, str] = field(default_factory=dict)  # workflow -> state the setup leaves the object in
    write: bool = False  # changes case data: gets a fresh bundle per user, and a denial must write nothing
    setup: Callable[[Bundle, dict[str, Any]], None] | None = None  # run as the party users before the call
    audit: str | None = None  # the consultation a denial is recorded as
    shows: tuple[Callable[[Bundle, Any], bool], tuple[str, str]] | None = None  # (answer names the object?, need)
    across: str = ""  # why the answer may name people of cases the user is not party to (by design), else ""
    echo: Callable[[Bundle], tuple[str, ...]] = lambda b: ()  # ids the caller gave, echoed back (not a leak)
    last: bool = False  # sweeps every object (tick, enrol, screen all): run after the rest
    bundle: str = MAIN  # the read bundle it works on (writes get a fresh one per user)
    nomination: bool = False  # a write whose fresh bundles need their nomination
    extras: tuple[str, ...] = ()  # what else its fresh bundles need (world.EXTRAS: housing, equality, counter)

    @property
    def name(self) -> str:
        """Return module.function[variant]."""
        return f"{self.func.__module__}.{self.func.__name__}" + (f"[{self.variant}]" if self.variant else "")

    @property
    def bundle_extras(self) -> frozenset[str]:
        """Return the extras its fresh bundles are loaded with."""
        return frozenset(self.extras) | ({"nomination"} if self.nomination else set())


def as_user(username: str) -> Actor:
    """Return a world user as the acting user."""
    return users.actor(username)
