"""The one permission check on objects: state, global and local roles, and the agency's involvement."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph_model import db
from graph_model.errors import PermissionDenied
from graph_model.users import Actor
from graph_model.workflow import objects, store
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef
from workflows.registry import Registry, default


def effective_roles(registry: Registry, actor: Actor, facts: objects.ObjectFacts,
                    actor_area: str | None) -> frozenset[str]:
    """Return the roles the actor holds on this object: local roles, plus global roles whose scope reaches it."""
    roles = set(facts.local_roles)
    for role in actor.roles:
        scope = registry.scopes.get(role, "party")
        if (scope == "everywhere" or (scope == "area" and actor_area in (None, facts.area))
                or (scope == "party" and "party" in facts.local_roles)):
            roles.add(role)
    return frozenset(roles)


def states_of(tx: Any, registry: Registry, ref: ObjectRef) -> dict[str, tuple[int, str]]:
    """Return {workflow: (version, state)} for each workflow of the object's chain (unentered: initial)."""
    return _states_many(tx, registry, [ref])[ref]


def granted(registry: Registry, permission: str, roles: frozenset[str],
            states: dict[str, tuple[int, str]]) -> tuple[bool, str]:
    """Decide a permission: every workflow of the chain that manages it must grant it to one of the roles."""
    managing = 0
    for workflow, (version, state) in states.items():
        d = registry.definition(workflow, version)
        if permission not in d.permissions:
            continue
        managing += 1
        allowed = d.states[state].roles_with(permission)
        if not allowed & roles:
            held = ", ".join(sorted(roles)) or "no role"
            return False, (f"in {workflow} state {state!r}, {permission!r} needs one of "
                           f"{', '.join(sorted(allowed)) or 'no one'} (holds {held})")
    if not managing:
        return False, f"no workflow of this object manages {permission!r}"
    return True, ""


def check_in(tx: Any, registry: Registry, actor: Actor, permission: str, ref: ObjectRef) -> frozenset[str]:
    """Raise PermissionDenied (or UnknownObject) unless the actor has the permission; return their roles."""
    facts = objects.facts(tx, ref.type, [ref.id], actor.id, actor.agency_id).get(ref.id)
    if facts is None:
        raise UnknownObject(f"no {ref.type} {ref.id!r} in the graph")
    roles = effective_roles(registry, actor, facts, objects.agency_area(tx, actor.agency_id))
    ok, reason = granted(registry, permission, roles, states_of(tx, registry, ref))
    if not ok:
        raise PermissionDenied(actor.username, f"{permission} {ref}", reason)
    return roles


def check(user: Actor, permission: str, obj: ObjectRef, registry: Registry | None = None) -> None:
    """Raise PermissionDenied unless the user has the permission on the object now."""
    reg = registry or default()
    db.read(lambda tx: check_in(tx, reg, user, permission, obj))


def _states_many(tx: Any, registry: Registry, refs: list[ObjectRef]) -> dict[ObjectRef, dict[str, tuple[int, str]]]:
    keys = [store.status_key(r.type, w, r.id) for r in refs for w in registry.chain(r.type)]
    found = store.read_many(tx, keys)
    result: dict[ObjectRef, dict[str, tuple[int, str]]] = {}
    for ref in refs:
        result[ref] = {}
        for workflow in registry.chain(ref.type):
            status = found.get(store.status_key(ref.type, workflow, ref.id))
            d = registry.definition(workflow)
            result[ref][workflow] = (status.version, status.state) if status else (d.version, d.initial_state)
    return result


def chain_states(registry: Registry, ref: ObjectRef, stored: list[list[Any]]) -> dict[str, tuple[int, str]]:
    """Return {workflow: (version, state)} from stored [workflow, version, state] rows (unentered: initial)."""
    found = {str(w): (int(v), str(s)) for w, v, s in stored}
    result = {}
    for workflow in registry.chain(ref.type):
        d = registry.definition(workflow)
        result[workflow] = found.get(workflow, (d.version, d.initial_state))
    return result


def visible(tx: Any, registry: Registry, actor: Actor, permission: str, refs: Iterable[ObjectRef],
            local_roles: tuple[str, ...] = (),
            known: dict[ObjectRef, dict[str, tuple[int, str]]] | None = None) -> set[ObjectRef]:
    """Return the refs on which the actor has the permission: the bulk form of check, same rule."""
    by_type: dict[str, list[ObjectRef]] = {}
    for ref in refs:
        by_type.setdefault(ref.type, []).append(ref)
    everyone = [r for group in by_type.values() for r in group]
    states = known if known is not None else _states_many(tx, registry, everyone)
    area = objects.agency_area(tx, actor.agency_id)
    allowed = set()
    for object_type, group in by_type.items():
        facts = objects.facts(tx, object_type, [r.id for r in group], actor.id, actor.agency_id)
        for ref in group:
            if ref.id in facts and (not local_roles or facts[ref.id].local_roles & set(local_roles)):
                roles = effective_roles(registry, actor, facts[ref.id], area)
                if granted(registry, permission, roles, states[ref])[0]:
                    allowed.add(ref)
    return allowed
