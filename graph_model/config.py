"""Settings read from the environment, in one dataclass."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graph_model.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BOLT_PORT = 7687


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _int_env(name: str, default: int) -> int:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    """Where Neo4j is and who Hearth acts as; see docs/configuration.md."""

    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str | None
    neo4j_database: str
    data_dir: Path
    local_port: int
    local_heap: str
    local_pagecache: str
    operator: str
    demo_mode: bool
    session_minutes: int = 30
    retry_seconds: float = 15.0  # how long a read or write retries transient and connection errors

    @property
    def external(self) -> bool:
        """Return True when NEO4J_URI names a server Hearth must use and never start."""
        return self.neo4j_uri is not None

    @property
    def local_home(self) -> Path:
        """Return the folder holding the local Neo4j's data and logs."""
        return self.data_dir / "neo4j"

    @classmethod
    def from_env(cls) -> Settings:
        """Read the settings from the environment."""
        data_dir = Path(_env("HEARTH_DATA_DIR", str(PROJECT_ROOT / ".hearth")) or "").expanduser()
        return cls(
            neo4j_uri=_env("NEO4J_URI"),
            neo4j_user=_env("NEO4J_USER", "neo4j") or "neo4j",
            neo4j_password=_env("NEO4J_PASSWORD"),
            neo4j_database=_env("NEO4J_DATABASE", "neo4j") or "neo4j",
            data_dir=data_dir.resolve(),
            local_port=_int_env("HEARTH_NEO4J_PORT", DEFAULT_BOLT_PORT),
            local_heap=_env("HEARTH_NEO4J_HEAP", "4g") or "4g",
            local_pagecache=_env("HEARTH_NEO4J_PAGECACHE", "6g") or "6g",
            operator=_env("HEARTH_USER", "admin") or "admin",
            demo_mode=(_env("HEARTH_DEMO", "0") or "0").lower() in ("1", "true", "yes"),
            session_minutes=max(1, _int_env("HEARTH_SESSION_MINUTES", 30)),
            retry_seconds=float(max(0, _int_env("HEARTH_NEO4J_RETRY_SECONDS", 15))),
        )
