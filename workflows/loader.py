"""Read a definition file (YAML) into a WorkflowDefinition, collecting every problem with where it is."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import yaml

from graph_model import vocabulary
from graph_model.workflow.objects import LOCAL_ROLES
from workflows.definitions import (
    DeadlineDefinition,
    HookCall,
    Migration,
    ParamDefinition,
    StateDefinition,
    TransitionDefinition,
    WorkflowDefinition,
    WorklistDefinition,
)
from workflows.durations import parse_duration
from workflows.errors import DefinitionError
from workflows.guard import Guard, PredicateCall

IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
PARAM_KINDS = frozenset({"text", "username", "date"})
TRIGGERS = frozenset({"user", "automatic", "deadline"})


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")


def load_file(path: Path, predicates: Collection[str], hooks: Collection[str]) -> WorkflowDefinition:
    """Parse and validate one definition file; raise DefinitionError naming every problem."""
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise DefinitionError(str(path), [f"not valid YAML: {exc}"]) from exc
    return parse(raw, str(path), predicates, hooks)


def parse(raw: Any, source: str, predicates: Collection[str], hooks: Collection[str]) -> WorkflowDefinition:
    """Build a definition from parsed data; raise DefinitionError naming every problem."""
    problems = _Problems()
    if not isinstance(raw, dict):
        raise DefinitionError(source, ["the file must hold a mapping"])
    for key in ("id", "version", "title", "initial_state", "states", "transitions"):
        if key not in raw:
            problems.add(key, "is required")
    if problems.items:
        raise DefinitionError(source, problems.items)
    wf_id, version = raw["id"], raw["version"]
    if not isinstance(wf_id, str) or not IDENT.match(wf_id):
        problems.add("id", f"{wf_id!r} is not an identifier (lower case, digits, underscores)")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.add("version", f"{version!r} is not a positive whole number")
    permissions = tuple(_names(raw.get("permissions", []), "permissions", problems))
    roles = tuple(_names(raw.get("roles", []), "roles", problems))
    for role in roles:
        if role not in vocabulary.ROLES and role not in LOCAL_ROLES:
            problems.add(f"roles.{role}", "is neither a user role nor a local role "
                                          f"(local roles: {', '.join(sorted(LOCAL_ROLES))})")
    settings = dict(raw.get("settings") or {})
    states = _states(raw["states"], permissions, roles, problems)
    transitions = _transitions(raw["transitions"], states, permissions, roles, settings, predicates, hooks,
                               problems)
    definition = WorkflowDefinition(
        id=str(wf_id), version=int(version) if isinstance(version, int) else 0, title=str(raw["title"]),
        description=str(raw.get("description", "")), permissions=permissions, roles=roles,
        initial_state=str(raw["initial_state"]), states=states, transitions=transitions,
        worklists=_worklists(raw.get("worklists") or {}, states, permissions, problems),
        deadlines=_deadlines(raw.get("deadlines") or {}, states, transitions, settings, problems),
        settings=settings, migrations=_migrations(raw.get("migrations") or [], states, problems),
        enrol_property=(raw.get("enrol") or {}).get("property"),
        enrol_states=dict((raw.get("enrol") or {}).get("states") or {}), source=source)
    _check_graph(definition, problems)
    if problems.items:
        raise DefinitionError(source, problems.items)
    return definition


def _names(value: Any, where: str, problems: _Problems) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.add(where, "must be a list of names")
        return []
    return list(value)


def _mapping(value: Any, where: str, problems: _Problems) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        problems.add(where, "must be a mapping")
        return {}
    for key in value:
        if not isinstance(key, str) or not IDENT.match(key):
            problems.add(f"{where}.{key}", "is not an identifier (lower case, digits, underscores)")
    return value


def _states(raw: Any, permissions: tuple[str, ...], roles: tuple[str, ...],
            problems: _Problems) -> dict[str, StateDefinition]:
    states = {}
    for sid, body in _mapping(raw, "states", problems).items():
        body = body or {}
        where = f"states.{sid}"
        mapping: dict[str, tuple[str, ...]] = {}
        for perm, holders in _mapping(body.get("permissions") or {}, f"{where}.permissions", problems).items():
            if perm not in permissions:
                problems.add(f"{where}.permissions.{perm}", "is not a permission this workflow manages")
            for role in _names(holders, f"{where}.permissions.{perm}", problems):
                if role not in roles:
                    problems.add(f"{where}.permissions.{perm}", f"names unknown role {role!r}")
            mapping[perm] = tuple(holders or ())
        states[sid] = StateDefinition(id=sid, title=str(body.get("title", sid)),
                                      description=str(body.get("description", "")), permissions=mapping,
                                      final=bool(body.get("final", False)))
    return states


def _guard(raw: Any, where: str, permissions: tuple[str, ...], roles: tuple[str, ...], settings: Mapping[str, Any],
           predicates: Collection[str], problems: _Problems) -> Guard:
    raw = raw or {}
    guard_roles = _names(raw.get("roles", []), f"{where}.roles", problems)
    for role in guard_roles:
        if role not in roles:
            problems.add(f"{where}.roles", f"names unknown role {role!r}")
    guard_perms = _names(raw.get("permissions", []), f"{where}.permissions", problems)
    for perm in guard_perms:
        if perm not in permissions:
            problems.add(f"{where}.permissions", f"names unknown permission {perm!r}")
    calls = []
    for item in raw.get("predicates", []) or []:
        name, args = (item, {}) if isinstance(item, str) else (item.get("name"), item.get("args") or {})
        if name not in predicates:
            problems.add(f"{where}.predicates", f"names unknown predicate {name!r}")
        for value in args.values():
            if isinstance(value, str) and value.startswith("$") and value[1:] not in settings:
                problems.add(f"{where}.predicates.{name}", f"argument {value} is not a setting")
        calls.append(PredicateCall(str(name), dict(args)))
    return Guard(tuple(guard_roles), tuple(guard_perms), tuple(calls))


def _hooks(raw: Any, where: str, params: tuple[ParamDefinition, ...], hooks: Collection[str],
           problems: _Problems) -> tuple[HookCall, ...]:
    calls = []
    names = {p.name for p in params}
    for item in raw or []:
        if not isinstance(item, dict) or "hook" not in item:
            problems.add(where, "each hook is a mapping with a `hook` name")
            continue
        args = {k: v for k, v in item.items() if k != "hook"}
        if item["hook"] not in hooks:
            problems.add(where, f"names unknown hook {item['hook']!r}")
        for value in args.values():
            if isinstance(value, str) and value.startswith("$") and value[1:] not in names:
                problems.add(f"{where}.{item['hook']}", f"{value} is not a parameter of the transition")
        calls.append(HookCall(str(item["hook"]), args))
    return tuple(calls)


def _transitions(raw: Any, states: Mapping[str, StateDefinition], permissions: tuple[str, ...],
                 roles: tuple[str, ...], settings: Mapping[str, Any], predicates: Collection[str],
                 hooks: Collection[str], problems: _Problems) -> dict[str, TransitionDefinition]:
    transitions = {}
    for tid, body in _mapping(raw, "transitions", problems).items():
        body = body or {}
        where = f"transitions.{tid}"
        source = body.get("source", [])
        source = _state_names([source] if isinstance(source, str) else source, f"{where}.source", states, problems)
        if not source:
            problems.add(f"{where}.source", "names no state: the transition could never fire")
        dest = body.get("dest")
        if dest is not None and dest not in states:
            problems.add(f"{where}.dest", f"leads to unknown state {dest!r} (a transition to nowhere)")
        trigger = body.get("trigger", "user")
        if trigger not in TRIGGERS:
            problems.add(f"{where}.trigger", f"must be one of {', '.join(sorted(TRIGGERS))}")
        if trigger == "automatic" and (dest is None or dest in source):
            problems.add(where, "an automatic transition must lead to another state (or it would loop)")
        params = []
        for name, spec in _mapping(body.get("params") or {}, f"{where}.params", problems).items():
            spec = spec or {}
            if spec.get("kind", "text") not in PARAM_KINDS:
                problems.add(f"{where}.params.{name}", f"kind must be one of {', '.join(sorted(PARAM_KINDS))}")
            params.append(ParamDefinition(name, spec.get("kind", "text"), bool(spec.get("required", True)),
                                          str(spec.get("title", name)), tuple(spec.get("choices") or ()),
                                          spec.get("has_role")))
        transitions[tid] = TransitionDefinition(
            id=tid, title=str(body.get("title", tid)), source=tuple(source), dest=dest, trigger=trigger,
            comment_required=bool(body.get("comment_required", False)),
            guard=_guard(body.get("guard"), f"{where}.guard", permissions, roles, settings, predicates, problems),
            params=tuple(params), before=_hooks(body.get("before"), f"{where}.before", tuple(params), hooks,
                                                problems),
            after=_hooks(body.get("after"), f"{where}.after", tuple(params), hooks, problems),
            sweep=bool(body.get("sweep", False)), description=str(body.get("description", "")))
    return transitions


def _state_names(value: Any, where: str, states: Mapping[str, StateDefinition], problems: _Problems) -> list[str]:
    """Return a list of state names, naming each one the workflow does not have."""
    names = _names(value, where, problems)
    for sid in names:
        if sid not in states:
            problems.add(where, f"names unknown state {sid!r}")
    return names


def _worklists(raw: Any, states: Mapping[str, StateDefinition], permissions: tuple[str, ...],
               problems: _Problems) -> dict[str, WorklistDefinition]:
    found = {}
    for wid, body in _mapping(raw, "worklists", problems).items():
        body = body or {}
        where = f"worklists.{wid}"
        wl_states = _state_names(body.get("states", []), f"{where}.states", states, problems)
        permission = body.get("permission", "view")
        if permission not in permissions:
            problems.add(f"{where}.permission", f"names unknown permission {permission!r}")
        local = _names(body.get("local_roles", []), f"{where}.local_roles", problems)
        for role in local:
            if role not in LOCAL_ROLES:
                problems.add(f"{where}.local_roles", f"names unknown local role {role!r}")
        found[wid] = WorklistDefinition(
            id=wid, title=str(body.get("title", wid)), states=tuple(wl_states), permission=permission,
            deadline=body.get("deadline"), overdue_only=bool(body.get("overdue_only", False)),
            local_roles=tuple(local), description=str(body.get("description", "")))
    return found


def _deadlines(raw: Any, states: Mapping[str, StateDefinition], transitions: Mapping[str, TransitionDefinition],
               settings: Mapping[str, Any], problems: _Problems) -> dict[str, DeadlineDefinition]:
    found = {}
    for did, body in _mapping(raw, "deadlines", problems).items():
        body = body or {}
        where = f"deadlines.{did}"
        dl_states = _state_names(body.get("states", []), f"{where}.states", states, problems)
        after = str(body.get("after", ""))
        resolved = settings.get(after[1:]) if after.startswith("$") else after
        try:
            parse_duration(str(resolved))
        except ValueError as exc:
            problems.add(f"{where}.after", str(exc) if resolved is not None else f"{after} is not a setting")
        expiry = body.get("on_expiry")
        if expiry is not None and expiry not in transitions:
            problems.add(f"{where}.on_expiry", f"names unknown transition {expiry!r}")
        found[did] = DeadlineDefinition(id=did, title=str(body.get("title", did)), states=tuple(dl_states),
                                        start=str(body.get("from", "entered")), after=after, on_expiry=expiry)
    return found


def _migrations(raw: Any, states: Mapping[str, StateDefinition], problems: _Problems) -> tuple[Migration, ...]:
    found = []
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        where = f"migrations[{index}]"
        state_map = dict(item.get("states") or {})
        for old, new in state_map.items():
            if new not in states:
                problems.add(f"{where}.states.{old}", f"maps to unknown state {new!r}")
        found.append(Migration(int(item.get("from", 0)), state_map))
    return tuple(found)


def _check_graph(definition: WorkflowDefinition, problems: _Problems) -> None:
    """The states and transitions must make a workflow: a known start, every state reachable."""
    if definition.initial_state not in definition.states:
        problems.add("initial_state", f"names unknown state {definition.initial_state!r}")
        return
    entered = {t.dest for t in definition.transitions.values() if t.dest} | {definition.initial_state}
    entered |= set(definition.enrol_states.values())
    for sid in definition.states:
        if sid not in entered:
            problems.add(f"states.{sid}", "has no way in (no transition leads to it and it is not initial)")
    for worklist in definition.worklists.values():
        if worklist.deadline and worklist.deadline not in definition.deadlines:
            problems.add(f"worklists.{worklist.id}.deadline", f"names unknown deadline {worklist.deadline!r}")
    for old, new in definition.enrol_states.items():
        if new not in definition.states:
            problems.add(f"enrol.states.{old}", f"maps to unknown state {new!r}")
