"""Users as actors: who is acting, and the built-in admin account that `hearth db init` creates."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import ManagedTransaction

from graph_model import db
from graph_model.errors import UnknownUser

BUILTIN_ADMIN_ID = "hearth-admin"  # listed in interchange.spec.RESERVED_USER_IDS
BUILTIN_ADMIN = "admin"


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
    if len(password) < 8:
        raise InvalidInput("a password needs at least 8 characters")
    hashed = PasswordHasher().hash(password)

    def work(tx: ManagedTransaction) -> int:
        row = tx.run("UNWIND $names AS name MATCH (u:User {username: name}) SET u.password_hash = $hash "
                     "RETURN count(u) AS n", names=usernames, hash=hashed).single()
        audit.record(tx, actor, "manage_users", "set passwords", {"users": len(usernames)})
        return int(row["n"]) if row else 0
    return db.write(work)
