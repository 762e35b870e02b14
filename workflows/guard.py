"""A guard is data (roles, permissions, predicates) with one method, check(), that says what failed and why."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from workflows.errors import GuardFailure


@dataclass(frozen=True)
class PredicateCall:
    """A named graph question and its arguments (`$name` arguments are read from the definition's settings)."""

    name: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def label(self) -> str:
        """Return the call as people read it: name(arg=value, ...)."""
        if not self.args:
            return self.name
        inner = ", ".join(f"{k}={v}" for k, v in sorted(self.args.items()))
        return f"{self.name}({inner})"


@dataclass(frozen=True)
class GuardContext:
    """What a guard checks against: the actor's effective roles and permissions here, and a predicate runner."""

    username: str
    roles: frozenset[str]
    permissions: frozenset[str]
    run_predicate: Callable[[PredicateCall], tuple[bool, str]]


@dataclass(frozen=True)
class Guard:
    """Who may fire a transition (any of `roles`, all of `permissions`) and what must hold (`predicates`)."""

    roles: tuple[str, ...] = ()
    permissions: tuple[str, ...] = ()
    predicates: tuple[PredicateCall, ...] = ()

    def check(self, ctx: GuardContext) -> list[GuardFailure]:
        """Return every part of the guard that fails for ctx (empty: the guard passes)."""
        failures: list[GuardFailure] = []
        if self.roles and not ctx.roles.intersection(self.roles):
            held = ", ".join(sorted(ctx.roles)) or "none"
            failures.append(GuardFailure("role", f"{ctx.username} needs one of {', '.join(self.roles)} "
                                                 f"on this object (holds: {held})"))
        for permission in self.permissions:
            if permission not in ctx.permissions:
                failures.append(GuardFailure("permission", f"{ctx.username} lacks {permission!r} in this state"))
        if failures:  # predicates are graph queries: skip them when the actor is refused anyway
            return failures
        for call in self.predicates:
            ok, reason = ctx.run_predicate(call)
            if not ok:
                failures.append(GuardFailure(f"predicate {call.label()}", reason))
        return failures

    def describe(self) -> str:
        """Return the guard as one short line, for diagrams and `workflow show`."""
        parts = []
        if self.roles:
            parts.append("roles: " + "|".join(self.roles))
        if self.permissions:
            parts.append("perm: " + ",".join(self.permissions))
        parts.extend(call.label() for call in self.predicates)
        return "; ".join(parts)
