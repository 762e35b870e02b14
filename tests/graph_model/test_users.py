"""Acting users, the built-in admin, and passwords."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from graph_model import db, users
from graph_model.errors import InvalidInput, PermissionDenied, UnknownUser
from graph_model.interchange import load

TEAM = {"format": "hearth/1", "agencies": [{"id": "A1", "name": "IDVA Service", "kind": "idva_service"}],
        "users": [{"id": "U1", "username": "idva1", "roles": ["idva"], "agency": "A1"},
                  {"id": "U2", "username": "lead1", "roles": ["da_lead"], "agency": "A1"}]}


def _hash(username: str) -> str | None:
    return db.read(lambda tx: tx.run("MATCH (u:User {username: $u}) RETURN u.password_hash AS h",
                                     u=username).single()["h"])


def test_actor_carries_roles_and_agency(admin: users.Actor) -> None:
    """A loaded user becomes an actor with their roles and agency."""
    load.load(admin, TEAM)
    idva = users.actor("idva1")
    assert idva.roles == frozenset({"idva"}) and idva.agency_id == "A1"
    assert idva.has_role("idva", "admin") and not idva.has_role("admin")


def test_unknown_user_is_named(graph: object) -> None:
    """Acting as a user who does not exist fails with their name."""
    with pytest.raises(UnknownUser, match="ghost"):
        users.actor("ghost")


def test_builtin_admin_is_idempotent(admin: users.Actor) -> None:
    """Creating the built-in admin twice leaves one account."""
    users.ensure_builtin_admin()
    count = db.read(lambda tx: tx.run("MATCH (u:User {username: 'admin'}) RETURN count(u) AS n").single()["n"])
    assert count == 1 and admin.roles == frozenset({"admin"})


def test_admin_sets_argon2_passwords(admin: users.Actor) -> None:
    """The admin sets passwords; they are stored as argon2 hashes that verify, never in clear."""
    load.load(admin, TEAM)
    assert users.set_password(admin, ["idva1", "lead1", "nobody"], "correct horse") == 2
    stored = _hash("idva1")
    assert stored and stored.startswith("$argon2") and "correct horse" not in stored
    assert PasswordHasher().verify(stored, "correct horse")


def test_only_admin_sets_passwords(admin: users.Actor) -> None:
    """A DA lead may not set passwords, and nothing changes."""
    load.load(admin, TEAM)
    with pytest.raises(PermissionDenied, match="lead1 may not manage_users"):
        users.set_password(users.actor("lead1"), ["idva1"], "correct horse")
    assert _hash("idva1") is None


def test_short_password_is_refused(admin: users.Actor) -> None:
    """A password under 8 characters is refused with the reason."""
    load.load(admin, TEAM)
    with pytest.raises(InvalidInput, match="8 characters"):
        users.set_password(admin, ["idva1"], "short")


def test_usernames_can_be_swapped_in_one_file(admin: users.Actor) -> None:
    """Two users exchanging usernames in one document is allowed and takes effect."""
    load.load(admin, TEAM)
    swapped = {"format": "hearth/1", "users": [
        {"id": "U1", "username": "lead1", "roles": ["idva"], "agency": "A1"},
        {"id": "U2", "username": "idva1", "roles": ["da_lead"], "agency": "A1"}]}
    load.load(admin, swapped)
    assert users.actor("lead1").id == "U1" and users.actor("idva1").id == "U2"


def test_username_held_by_another_user_is_still_refused(admin: users.Actor) -> None:
    """Taking a username another user keeps is refused, naming the holder."""
    from graph_model.errors import ImportValidationError

    load.load(admin, TEAM)
    clash = {"format": "hearth/1", "users": [{"id": "U9", "username": "idva1", "roles": ["idva"]}]}
    with pytest.raises(ImportValidationError, match="already belongs to user 'U1'"):
        load.load(admin, clash)
