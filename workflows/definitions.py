"""A workflow definition as plain data: states, transitions, worklists, deadlines (DCWorkflow's *Definition)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from workflows.guard import Guard


@dataclass(frozen=True)
class StateDefinition:
    """A state: who may do what while an object is in it (permission -> roles)."""

    id: str
    title: str
    description: str = ""
    permissions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    final: bool = False

    def roles_with(self, permission: str) -> frozenset[str]:
        """Return the roles that hold a permission in this state."""
        return frozenset(self.permissions.get(permission, ()))


@dataclass(frozen=True)
class ParamDefinition:
    """A value the actor gives when firing a transition (e.g. the IDVA to allocate)."""

    name: str
    kind: str  # text | username | date
    required: bool = True
    title: str = ""
    choices: tuple[str, ...] = ()
    has_role: str | None = None  # a username parameter must name a user with this global role


@dataclass(frozen=True)
class HookCall:
    """A named step run before or after a transition, with its arguments (`$param` reads a transition value)."""

    name: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TransitionDefinition:
    """A move from any of `source` to `dest` (None: an action that only records), guarded."""

    id: str
    title: str
    source: tuple[str, ...]
    dest: str | None
    trigger: str = "user"  # user | automatic | deadline (fired by the tick when a deadline passes)
    comment_required: bool = False
    guard: Guard = field(default_factory=Guard)
    params: tuple[ParamDefinition, ...] = ()
    before: tuple[HookCall, ...] = ()
    after: tuple[HookCall, ...] = ()
    sweep: bool = False  # automatic transitions the tick re-checks (their guard reads data loaded meanwhile)
    description: str = ""

    @property
    def automatic(self) -> bool:
        """Return True when the engine fires this transition by itself once its guard passes."""
        return self.trigger == "automatic"


@dataclass(frozen=True)
class DeadlineDefinition:
    """A due date started on entering `states`, met on leaving them; on expiry fire a transition or flag it."""

    id: str
    title: str
    states: tuple[str, ...]
    start: str  # "entered" or the name of a date property of the object
    after: str  # ISO 8601 duration, or $setting
    on_expiry: str | None = None  # a transition id; None: the object is flagged overdue on the worklists


@dataclass(frozen=True)
class WorklistDefinition:
    """A named query: objects in `states` the user may see with `permission`, optionally only overdue ones."""

    id: str
    title: str
    states: tuple[str, ...]
    permission: str = "view"
    deadline: str | None = None
    overdue_only: bool = False
    local_roles: tuple[str, ...] = ()  # only objects on which the user holds one of these local roles
    description: str = ""


@dataclass(frozen=True)
class Migration:
    """How objects on an earlier version move to this one: a map of old state -> new state."""

    from_version: int
    states: Mapping[str, str]


@dataclass(frozen=True)
class WorkflowDefinition:
    """One version of one workflow."""

    id: str
    version: int
    title: str
    description: str
    permissions: tuple[str, ...]
    roles: tuple[str, ...]
    initial_state: str
    states: Mapping[str, StateDefinition]
    transitions: Mapping[str, TransitionDefinition]
    worklists: Mapping[str, WorklistDefinition] = field(default_factory=dict)
    deadlines: Mapping[str, DeadlineDefinition] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)
    migrations: tuple[Migration, ...] = ()
    enrol_property: str | None = None
    enrol_states: Mapping[str, str] = field(default_factory=dict)
    source: str = ""

    def exits(self, state: str) -> list[TransitionDefinition]:
        """Return the transitions that leave a state, in definition order."""
        return [t for t in self.transitions.values() if state in t.source]

    def deadlines_for(self, state: str) -> list[DeadlineDefinition]:
        """Return the deadlines that run while an object is in a state."""
        return [d for d in self.deadlines.values() if state in d.states]

    def setting(self, value: Any) -> Any:
        """Resolve a `$name` reference to the definition's settings; anything else is returned unchanged."""
        if isinstance(value, str) and value.startswith("$"):
            return self.settings[value[1:]]
        return value
