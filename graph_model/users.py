"""Users as actors: who is acting, and the built-in admin account that `hearth db init` creates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from neo4j import ManagedTransaction

from graph_model import db, text
from graph_model.errors import AuthenticationFailed, UnknownUser

BUILTIN_ADMIN_ID = "hearth-admin"  # listed in interchange.spec.RESERVED_USER_IDS
BUILTIN_ADMIN = "admin"
DEMO_PASSWORD = "hearth-demo"  # the demo users' documented password: accepted in demo mode only (HEARTH_DEMO)
WRONG = "wrong username or password"


@dataclass(frozen=True)
class Actor:
    """The user on whose behalf a function acts; every permission check and audit entry names them."""

    id: str
    username: str
    roles: frozenset[str]
    agency_id: str | None = None

    def has_role(self, *roles: str) -> bool:
        """Return True when the actor holds any of the roles."""
        return bool(self.roles.intersection(roles))


def ensure_builtin_admin() -> None:
    """Create the built-in admin account if it is missing (idempotent)."""
    db.write(lambda tx: tx.run(
        "MERGE (u:User {id: $id}) ON CREATE SET u.username = $name, u.display_name = 'Built-in administrator', "
        "u.roles = ['admin'], u.builtin = true",
        id=BUILTIN_ADMIN_ID, name=BUILTIN_ADMIN).consume())


def _find(tx: ManagedTransaction, username: str) -> Actor | None:
    record = tx.run(
        "MATCH (u:User {username: $name}) OPTIONAL MATCH (u)-[:MEMBER_OF]->(a:Agency) "
        "RETURN u.id AS id, u.username AS username, u.roles AS roles, a.id AS agency",
        name=username).single()
    if record is None:
        return None
    return Actor(record["id"], record["username"], frozenset(record["roles"] or []), record["agency"])


def actor(username: str) -> Actor:
    """Return the user with this username as an actor, or raise UnknownUser."""
    found = db.read(lambda tx: _find(tx, username))
    if found is None:
        raise UnknownUser(f"no user {username!r} in the graph (load users, or run `hearth db init` for admin)")
    return found


def set_password(actor: Actor, usernames: list[str], password: str) -> int:
    """Set (argon2-hashed) the password of these users; return how many were found. Needs manage_users."""
    from argon2 import PasswordHasher

    from graph_model import audit, permissions
    from graph_model.errors import InvalidInput

    permissions.check(actor, "manage_users")
    for name in usernames:
        text.check_id("the username", name)
    text.check("the password", password, text.MAX_PASSWORD)
    if len(password) < 8:
        raise InvalidInput("a password needs at least 8 characters")
    hashed = PasswordHasher().hash(password)

    def work(tx: ManagedTransaction) -> int:
        row = tx.run("UNWIND $names AS name MATCH (u:User {username: name}) SET u.password_hash = $hash "
                     "RETURN count(u) AS n", names=usernames, hash=hashed).single()
        audit.record(tx, actor, "manage_users", "set passwords", {"users": len(usernames)})
        return int(row["n"]) if row else 0
    return db.write(work)


@dataclass(frozen=True)
class Account:
    """A user account as an administrator sees it: never the password hash, only whether one is set."""

    id: str
    username: str
    display_name: str | None
    roles: tuple[str, ...]
    agency: str | None
    agency_name: str | None
    has_password: bool
    builtin: bool


@cache
def _dummy_hash() -> str:
    """Return a hash of a random password, verified against for unknown users so they take as long as known ones."""
    import secrets

    from argon2 import PasswordHasher

    return PasswordHasher().hash(secrets.token_urlsafe(16))


def _credentials(tx: ManagedTransaction, username: str) -> dict[str, Any] | None:
    record = tx.run("MATCH (u:User {username: $name}) RETURN u.password_hash AS hash", name=username).single()
    return None if record is None else dict(record)


def _verify(stored: str | None, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(PasswordHasher().verify(stored or _dummy_hash(), password)) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def authenticate(username: str, password: str, demo_mode: bool | None = None) -> Actor:
    """Return the actor whose password this is, or raise AuthenticationFailed; record the attempt in the audit log.

    An unknown username, a user with no password and a wrong password all cost one argon2 verification and
    give the same message. The demo password is refused outside demo mode, with a message to set a real one.
    """
    from graph_model import audit
    from graph_model.config import Settings

    demo = Settings.from_env().demo_mode if demo_mode is None else demo_mode
    name = username.strip()[:200]
    unusable = bool(text.problem(name, text.MAX_ID, one_line=True) or text.problem(password, text.MAX_PASSWORD))
    if unusable:  # no account can hold such text: a failure like any other, logged without the text
        name, password = "(unusable username or password)", ""
    found = db.read(lambda tx: _credentials(tx, name)) if name and not unusable else None
    ok = _verify(found["hash"] if found else None, password)
    who = actor(name) if ok else Actor("unknown", name, frozenset())
    outcome = "success" if ok else "failure"
    if ok and password == DEMO_PASSWORD and not demo:
        outcome = "refused: demo password outside demo mode"
    db.write(lambda tx: audit.record(tx, who, "login", "sign in", {"outcome": outcome},
                                     outcome="done" if outcome == "success" else "denied"))
    if not ok:
        raise AuthenticationFailed(WRONG)
    if outcome != "success":
        raise AuthenticationFailed(f"{name} still has the demo password, which works only in demo mode "
                                   "(HEARTH_DEMO=1): ask an administrator to set a real password")
    return who


def record_logout(user: Actor, reason: str) -> None:
    """Record a sign-out (by the user, or by the session timing out) in the audit log."""
    from graph_model import audit

    db.write(lambda tx: audit.record(tx, user, "logout", "sign out", {"reason": reason}))


def accounts(user: Actor) -> list[Account]:
    """Return every user account with roles and agency, ordered by username. Needs manage_users."""
    from graph_model import permissions

    permissions.check(user, "manage_users")

    def work(tx: ManagedTransaction) -> list[Account]:
        rows = tx.run("MATCH (u:User) OPTIONAL MATCH (u)-[:MEMBER_OF]->(a:Agency) "
                      "RETURN u.id AS id, u.username AS username, u.display_name AS display_name, u.roles AS roles, "
                      "a.id AS agency, a.name AS agency_name, u.password_hash IS NOT NULL AS has_password, "
                      "coalesce(u.builtin, false) AS builtin ORDER BY u.username")
        return [Account(r["id"], r["username"], r["display_name"], tuple(sorted(r["roles"] or [])), r["agency"],
                        r["agency_name"], bool(r["has_password"]), bool(r["builtin"])) for r in rows]
    return db.read(work)
