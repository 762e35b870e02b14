"""The one root of Hearth's errors, with subclasses named for what went wrong."""

from __future__ import annotations


class HearthError(Exception):
    """Root of every error Hearth raises on purpose; the CLI prints its message as one line."""


class ConfigurationError(HearthError, ValueError):
    """A setting is missing or malformed."""


class DatabaseUnavailable(HearthError, ConnectionError):
    """Neo4j cannot be reached, or refused the credentials."""


class LocalServerError(HearthError, RuntimeError):
    """The local Neo4j could not be built, started or stopped."""


class UnknownUser(HearthError, LookupError):
    """The acting user named on the command line or in the environment does not exist."""


class PermissionDenied(HearthError, PermissionError):
    """The acting user may not do this."""

    def __init__(self, username: str, action: str, reason: str) -> None:
        super().__init__(f"{username} may not {action}: {reason}")
        self.username = username
        self.action = action
        self.reason = reason
        self.audited = False  # set once the refusal is recorded in the audit (graph_model.audit)


class ImportValidationError(HearthError, ValueError):
    """A hearth/1 document failed validation; nothing was written."""

    def __init__(self, problems: list[ValidationProblem]) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        summary = f"{len(problems)} error(s) in the document, nothing was written"
        super().__init__(f"{summary}; first: {first}" if first else summary)


class ValidationProblem:
    """One error in a document: where it is (section, record id, field) and what is wrong."""

    __slots__ = ("section", "record_id", "field", "message")

    def __init__(self, section: str, record_id: str | None, field: str | None, message: str) -> None:
        self.section = section
        self.record_id = record_id
        self.field = field
        self.message = message

    def as_dict(self) -> dict[str, str | None]:
        """Return the problem as plain data (for --json output)."""
        return {"section": self.section, "id": self.record_id, "field": self.field, "message": self.message}

    def __str__(self) -> str:
        where = _shown(self.section)
        if self.record_id is not None:
            where += f"[{_shown(self.record_id)}]"
        if self.field:
            where += f".{_shown(self.field)}"
        return f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"ValidationProblem({self!s})"


def _shown(name: str) -> str:
    # A hostile id or field name must not write escape sequences to a terminal: show it as a Python literal would.
    return name if name.isprintable() else repr(name)[1:-1]


class InvalidInput(HearthError, ValueError):
    """A value given to a command or function is not acceptable; the message says which and why."""


class UnknownPerson(HearthError, LookupError):
    """No person with this id is in the graph."""


class ConsoleQueryError(HearthError, ValueError):
    """The analysts' console refused or failed a query; the message carries the server's reason."""


class WriteConflict(HearthError, RuntimeError):
    """Another transaction wrote the same thing first (a uniqueness constraint refused this one)."""


class AuthenticationFailed(HearthError, PermissionError):
    """A sign-in was refused: wrong username or password (never saying which), or a demo password outside demo mode."""
