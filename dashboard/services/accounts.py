"""Signing in and out, and the administrator's view of accounts and policy."""

from __future__ import annotations

from typing import Any

from dashboard.services.acting import actor, connect
from graph_model import users
from graph_model.config import Settings
from graph_model.screening import policy as screening_policy_file
from graph_model.users import Account, Actor
from workflows import registry, service


def sign_in(username: str, password: str) -> Actor:
    """Check a username and password (demo password refused outside demo mode); the attempt is audited."""
    connect()
    return users.authenticate(username, password)


def sign_out(username: str, reason: str) -> None:
    """Record a sign-out in the audit log (the session itself is cleared by the caller)."""
    connect()
    users.record_logout(users.actor(username), reason)


def whoami() -> Actor:
    """Return the signed-in user with their roles and agency."""
    return actor()


def demo_mode() -> bool:
    """Return True when Hearth runs in demo mode (HEARTH_DEMO): demo users and their password work."""
    return Settings.from_env().demo_mode


def accounts() -> list[Account]:
    """Return every account with roles and agency, never a hash (needs manage_users)."""
    return users.accounts(actor())


def set_password(username: str, password: str) -> None:
    """Set a user's password (argon2; needs manage_users; audited); the demo password is not a real one."""
    from graph_model.errors import InvalidInput, UnknownUser

    if password == users.DEMO_PASSWORD and not demo_mode():
        raise InvalidInput("the demo password is refused outside demo mode: choose another")
    if users.set_password(actor(), [username], password) == 0:
        raise UnknownUser(f"no user {username!r}")


def policy_views() -> dict[str, Any]:
    """Return the configuration an administrator reviews: role scopes, area settings, the screening policy."""
    service.check_action(actor(), "manage_users")
    reg = registry.default()
    return {"scopes": dict(reg.scopes), "areas": {a: dict(v) for a, v in reg.areas.items()},
            "screening": screening_policy_file.current().as_dict(),
            "settings": {w: dict(reg.definition(w).settings) for w in sorted(reg.current)}}
