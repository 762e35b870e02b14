"""Every workflow definition (current and earlier versions), the chains, area settings and role scopes."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph_model import db, vocabulary
from graph_model.workflow import definitions as stored
from graph_model.workflow.objects import OBJECT_TYPES
from workflows import hooks, predicates
from workflows.definitions import WorkflowDefinition
from workflows.errors import DefinitionError, UnknownObject
from workflows.loader import load_file

HERE = Path(__file__).parent
SCOPES = frozenset({"everywhere", "area", "party"})
_VERSIONED = re.compile(r"^([a-z][a-z0-9_]*)@(\d+)\.ya?ml$")


@dataclass(frozen=True)
class Registry:
    """The workflow definitions and the policy that binds them to objects."""

    definitions: Mapping[tuple[str, int], WorkflowDefinition]
    current: Mapping[str, int]
    chains: Mapping[str, tuple[str, ...]]
    areas: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    scopes: Mapping[str, str] = field(default_factory=dict)

    def definition(self, workflow: str, version: int | None = None) -> WorkflowDefinition:
        """Return a workflow's definition at a version (default: the current one)."""
        if workflow not in self.current:
            raise UnknownObject(f"no workflow {workflow!r} (known: {', '.join(sorted(self.current))})")
        found = self.definitions.get((workflow, version or self.current[workflow]))
        if found is None:
            raise UnknownObject(f"workflow {workflow!r} has no version {version}")
        return found

    def chain(self, object_type: str) -> tuple[str, ...]:
        """Return the workflows an object type goes through."""
        if object_type not in self.chains:
            raise UnknownObject(f"no workflow is bound to {object_type!r} (bound: {', '.join(sorted(self.chains))})")
        return self.chains[object_type]

    def setting(self, definition: WorkflowDefinition, value: Any, area: str | None) -> Any:
        """Resolve `$name` against the area's overrides, then the definition's settings."""
        if isinstance(value, str) and value.startswith("$"):
            name = value[1:]
            return self.areas.get(area or "", {}).get(name, definition.settings.get(name))
        return value


def load(directory: Path | None = None) -> Registry:
    """Read and validate every definition and the policy files; raise DefinitionError on any problem."""
    folder = directory or Path(os.environ.get("HEARTH_WORKFLOW_DIR") or HERE / "definitions")
    known_predicates, known_hooks = set(predicates.REGISTRY), set(hooks.REGISTRY)
    definitions: dict[tuple[str, int], WorkflowDefinition] = {}
    current: dict[str, int] = {}
    for path in sorted(folder.glob("*.yaml")):
        d = load_file(path, known_predicates, known_hooks)
        if d.id != path.stem:
            raise DefinitionError(str(path), [f"id {d.id!r} does not match the file name"])
        definitions[(d.id, d.version)], current[d.id] = d, d.version
    for path in sorted((folder / "versions").glob("*.yaml")):
        match = _VERSIONED.match(path.name)
        d = load_file(path, known_predicates, known_hooks)
        if not match or (d.id, d.version) != (match[1], int(match[2])):
            raise DefinitionError(str(path), ["an earlier version lives in versions/<id>@<version>.yaml"])
        if d.id in current and d.version >= current[d.id]:
            raise DefinitionError(str(path), [f"version {d.version} is not earlier than the current one"])
        definitions[(d.id, d.version)] = d
    chains = _chains(folder, current)
    registry = Registry(definitions, current, chains, _yaml(HERE / "areas.yaml"), _scopes())
    for d in definitions.values():
        _check_migrations(d, definitions)
    return registry


@cache
def default() -> Registry:
    """Return the registry of the configured definitions folder (read once per process)."""
    return load()


def _yaml(path: Path) -> dict[str, Any]:
    try:
        return dict(yaml.safe_load(path.read_text()) or {})
    except (OSError, yaml.YAMLError) as exc:
        raise DefinitionError(str(path), [f"cannot read: {exc}"]) from exc


def _chains(folder: Path, current: Mapping[str, int]) -> dict[str, tuple[str, ...]]:
    path = folder / "chains.yaml" if (folder / "chains.yaml").exists() else HERE / "chains.yaml"
    raw, problems = _yaml(path), []
    for object_type, ids in raw.items():
        if object_type not in OBJECT_TYPES:
            problems.append(f"{object_type}: is not an object type ({', '.join(sorted(OBJECT_TYPES))})")
        problems += [f"{object_type}: names unknown workflow {i!r}" for i in ids if i not in current]
    if problems:
        raise DefinitionError(str(path), problems)
    return {k: tuple(v) for k, v in raw.items()}


def _scopes() -> dict[str, str]:
    path = HERE / "role_scopes.yaml"
    raw = _yaml(path)
    problems = [f"{role}: unknown role" for role in raw if role not in vocabulary.ROLES]
    problems += [f"{role}: scope must be one of {', '.join(sorted(SCOPES))}" for role, s in raw.items()
                 if s not in SCOPES]
    if problems:
        raise DefinitionError(str(path), problems)
    return raw


def _check_migrations(d: WorkflowDefinition, all_defs: Mapping[tuple[str, int], WorkflowDefinition]) -> None:
    for migration in d.migrations:
        old = all_defs.get((d.id, migration.from_version))
        if old is None:
            raise DefinitionError(d.source, [f"migration from version {migration.from_version}: no such version"])
        unmapped = [s for s in old.states if s not in migration.states and s not in d.states]
        if unmapped:
            raise DefinitionError(d.source, [f"migration from version {migration.from_version} does not map "
                                             f"states {', '.join(unmapped)}"])


def digest(d: WorkflowDefinition) -> str:
    """Return a stable digest of a definition's content (the source path excluded)."""
    body = {k: v for k, v in asdict(d).items() if k != "source"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def sync(registry: Registry) -> None:
    """Store every definition in the graph; refuse one whose stored copy of the same version differs."""
    defs, edges = [], []
    for d in registry.definitions.values():
        key = f"{d.id}@{d.version}"
        defs.append({"key": key, "id": d.id, "version": d.version, "title": d.title, "digest": digest(d),
                     "body": json.dumps(asdict(d), sort_keys=True, default=str),
                     "states": [{"id": s.id, "title": s.title} for s in d.states.values()]})
        edges += [{"from": f"{key}/{src}", "to": f"{key}/{t.dest or src}", "id": t.id, "title": t.title,
                   "trigger": t.trigger, "guard": t.guard.describe()}
                  for t in d.transitions.values() for src in t.source]
    changed = db.write(lambda tx: stored.store(tx, defs, edges))
    if changed:
        raise DefinitionError(", ".join(changed), ["this version is already in the graph with different content: "
                                                   "a used definition is immutable, give the change a new version"])
