"""Where the engine gets the time: the system clock, or a clock tests (and HEARTH_CLOCK) control."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Protocol

from graph_model.errors import ConfigurationError


class Clock(Protocol):
    """Anything that says what time it is (timezone-aware)."""

    def now(self) -> datetime:
        """Return the current time."""
        ...


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> datetime:
        """Return the current time."""
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved: tests use it to make deadlines fall due."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ConfigurationError("a fixed clock needs a time with a timezone offset")
        self.at = at

    def now(self) -> datetime:
        """Return the time the clock was set to."""
        return self.at

    def advance(self, **delta: float) -> None:
        """Move the clock forward (timedelta keywords: days=, hours=...)."""
        self.at += timedelta(**delta)


def from_env() -> Clock:
    """Return a FixedClock at HEARTH_CLOCK (ISO 8601 with offset) if set, else the system clock."""
    text = os.environ.get("HEARTH_CLOCK")
    if not text:
        return SystemClock()
    try:
        return FixedClock(datetime.fromisoformat(text))
    except ValueError as exc:
        raise ConfigurationError(f"HEARTH_CLOCK={text!r} is not an ISO 8601 datetime with an offset") from exc
