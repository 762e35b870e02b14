"""A progress line on stderr for anything that runs longer than a few seconds."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class ProgressLine:
    """Callable progress reporter: quiet for the first seconds, then a throttled line per step."""

    def __init__(self, label: str, quiet_for: float | None = None, every: float = 0.5,
                 stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.began = time.monotonic()
        # HEARTH_PROGRESS_QUIET: seconds before the first line (default 2; tests set 0 to see every step).
        self.quiet_for = quiet_for if quiet_for is not None else float(os.environ.get("HEARTH_PROGRESS_QUIET", "2"))
        self.every = every if self.stream.isatty() else max(every, 5.0)
        self.last = 0.0
        self.shown = False

    def __call__(self, step: str, done: int, total: int) -> None:
        """Report that `done` of `total` rows of `step` are written."""
        now = time.monotonic()
        if now - self.began < self.quiet_for or now - self.last < self.every:
            return
        self.last = now
        share = f"{done:,}/{total:,}" if total > 1 else ""
        line = f"{self.label}: {step} {share} ({now - self.began:.0f}s)"
        if self.stream.isatty():
            self.stream.write("\r" + line.ljust(78)[:120])
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        """End the progress line, if one was shown."""
        if self.shown and self.stream.isatty():
            self.stream.write("\n")
            self.stream.flush()
