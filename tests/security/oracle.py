"""Who may do what in the matrix world, derived from the definitions, not from the code under test.

The allowed roles come from `graph_model.permissions.ACTION_ROLES` (actions), the workflow definitions' state
permission maps and transition guards, and `workflows/role_scopes.yaml` (where a global role counts). The facts
of the world (which agency is party to what, who chairs) are the ones tests/security/world.py wrote down by hand.
workflows.security derives the same answer from the graph; the matrix asserts the two agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from graph_model.permissions import ACTION_ROLES
from tests.security.world import AGENCY_ROLES, CHAIR_USER, CHAIRED, NORTH, User
from workflows.registry import Registry, default

if TYPE_CHECKING:
    from tests.security.matrix import Entry

Mapping_ = Mapping[str, str]


def registry() -> Registry:
    """Return the shipped definitions."""
    return default()


def roles_on(user: User, object_type: str) -> frozenset[str]:
    """Return the roles the user holds on a bundle object: local roles, plus their role where its scope reaches."""
    local = set(AGENCY_ROLES.get(object_type, {}).get(user.agency, frozenset()))
    if user.username == CHAIR_USER and object_type in CHAIRED:
        local.add("chair")
    scope = registry().scopes.get(user.role, "party")
    if scope == "everywhere" or (scope == "area" and user.area == NORTH) or (scope == "party" and "party" in local):
        local.add(user.role)
    return frozenset(local)


def state_of(object_type: str, workflow: str, states: Mapping_) -> str:
    """Return the object's state in a workflow: the one the entry set up, else the definition's initial state."""
    return states.get(workflow, registry().definition(workflow).initial_state)


def may(user: User, permission: str, object_type: str, states: Mapping_ | None = None) -> bool:
    """Return True when every workflow of the object's chain managing the permission grants it to a held role."""
    reg, roles = registry(), roles_on(user, object_type)
    managing = [w for w in reg.chain(object_type) if permission in reg.definition(w).permissions]
    return bool(managing) and all(
        reg.definition(w).states[state_of(object_type, w, states or {})].roles_with(permission) & roles
        for w in managing)


def may_fire(user: User, object_type: str, workflow: str, transition: str, states: Mapping_ | None = None) -> bool:
    """Return True when the user may view the object and the transition's guard roles and permissions pass."""
    d, roles = registry().definition(workflow), roles_on(user, object_type)
    guard = d.transitions[transition].guard
    if not may(user, "view", object_type, states):
        return False
    if guard.roles and not roles & set(guard.roles):
        return False
    state = d.states[state_of(object_type, workflow, states or {})]
    return all(state.roles_with(p) & roles for p in guard.permissions)


def may_act(user: User, action: str) -> bool:
    """Return True when the user's role is among the action's roles."""
    return user.role in ACTION_ROLES[action]


def expected(entry: Entry, user: User) -> bool:
    """Return whether the user may make the entry's call: its action, its permissions, its transition's guard."""
    if entry.action and not may_act(user, entry.action):
        return False
    if any(not may(user, permission, kind, entry.states) for permission, kind in entry.needs):
        return False
    return entry.fires is None or may_fire(user, *entry.fires, entry.states)
