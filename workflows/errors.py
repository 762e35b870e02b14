"""Errors of the workflow engine, each naming the object and the reason."""

from __future__ import annotations

from dataclasses import dataclass

from graph_model.errors import HearthError, PermissionDenied, WriteConflict


class DefinitionError(HearthError, ValueError):
    """A workflow definition file is malformed; the message names the file, the place and the problem."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        super().__init__(f"{source}: {shown}")


class UnknownObject(HearthError, LookupError):
    """No object of this type and id is in the graph, or no workflow is bound to the type."""


class TransitionNotAllowed(HearthError, ValueError):
    """The transition does not exist, or does not leave the object's current state."""


@dataclass(frozen=True)
class GuardFailure:
    """One part of a guard that did not pass: which part (role, permission, predicate, comment) and why."""

    part: str
    reason: str

    def __str__(self) -> str:
        return f"{self.part}: {self.reason}"


class GuardFailed(HearthError, PermissionError):
    """A transition's guard refused the actor; `failures` says which parts failed and why."""

    def __init__(self, what: str, failures: list[GuardFailure]) -> None:
        self.failures = failures
        super().__init__(f"{what} refused: " + "; ".join(str(f) for f in failures))


class WorkflowConflict(WriteConflict):
    """Someone else moved the object first; reload it and decide again."""


class SharingRefused(PermissionDenied):
    """Case information may not go to another agency: no consent, and no lawful basis recorded (the reason says)."""
