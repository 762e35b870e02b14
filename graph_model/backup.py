"""Offline backup and restore of the local Neo4j (Community has no online backup): stop, archive, start.

With NEO4J_URI set, Hearth does not own the server: use the server's own tools (`neo4j-admin database dump`
and `load` for a Community server such as the compose one; online backup for Enterprise). docs/reliability.md.
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from graph_model import db, local_server
from graph_model.config import Settings
from graph_model.errors import InvalidInput, LocalServerError

MANIFEST = "hearth-backup.json"
DATA = "data"  # the database files under the local server's home: all a restore needs


@dataclass(frozen=True)
class BackupResult:
    """What a backup or restore did."""

    archive: Path
    bytes: int
    seconds: float
    restarted: bool
    kept: Path | None = None  # restore: where the data it replaced was moved (never deleted)


def _own(settings: Settings) -> None:
    if settings.external:
        raise InvalidInput("NEO4J_URI is set: Hearth does not own that server; back it up with the server's own "
                           "tools (neo4j-admin database dump / load), see docs/reliability.md")


def _stopped(settings: Settings) -> bool:
    """Stop the local server if it runs; return whether it was running."""
    running = local_server.status(settings).running
    if running:
        db.close()
        local_server.stop(settings)
    return running


def backup(settings: Settings, archive: Path) -> BackupResult:
    """Stop the local server, archive its data folder with a manifest, and start it again if it was running."""
    _own(settings)
    data = settings.local_home / DATA
    if not data.is_dir():
        raise InvalidInput(f"no local database at {data} to back up")
    if archive.exists():
        raise InvalidInput(f"{archive} exists; choose a new file (a backup never overwrites one)")
    began = time.monotonic()
    was_running = _stopped(settings)
    try:
        archive.parent.mkdir(parents=True, exist_ok=True)
        manifest = {"format": "hearth-backup/1", "made": datetime.now(UTC).isoformat(), "neo4j": "5.26 community"}
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(data, arcname=DATA)
            info = tarfile.TarInfo(MANIFEST)
            body = json.dumps(manifest).encode()
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
        partial.rename(archive)  # a backup killed midway leaves only the .partial file, never a bad archive
    finally:
        if was_running:
            local_server.start(settings)
    return BackupResult(archive, archive.stat().st_size, time.monotonic() - began, was_running)


def _check(archive: Path) -> None:
    if not archive.is_file():
        raise InvalidInput(f"no backup file {archive}")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            names = tar.getnames()
            manifest = json.loads(tar.extractfile(MANIFEST).read()) if MANIFEST in names else None  # type: ignore[union-attr]
    except (tarfile.TarError, OSError, ValueError) as exc:
        raise InvalidInput(f"{archive} is not a Hearth backup: {exc}") from exc
    if not manifest or manifest.get("format") != "hearth-backup/1":
        raise InvalidInput(f"{archive} is not a Hearth backup (no {MANIFEST})")
    unsafe = [n for n in names if n.startswith("/") or ".." in Path(n).parts]
    if unsafe:
        raise InvalidInput(f"{archive} holds unsafe paths ({unsafe[0]}); refused")


def restore(settings: Settings, archive: Path) -> BackupResult:
    """Replace the local database with a backup; the data it replaces is moved aside, never deleted."""
    _own(settings)
    _check(archive)
    began = time.monotonic()
    was_running = _stopped(settings)
    home = settings.local_home
    kept = None
    try:
        staging = home / "restore.partial"
        shutil.rmtree(staging, ignore_errors=True)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(staging, filter="data")
        if (home / DATA).exists():
            kept = home / f"data.before-restore-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}"
            (home / DATA).rename(kept)
        (staging / DATA).rename(home / DATA)
        shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise LocalServerError(f"restore from {archive} failed: {exc}") from exc
    finally:
        if was_running:
            local_server.start(settings)
    return BackupResult(archive, archive.stat().st_size, time.monotonic() - began, was_running, kept)
