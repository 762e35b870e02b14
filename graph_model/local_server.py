"""Build, start, stop and inspect the local embedded Neo4j (neo4j_local/), when NEO4J_URI is unset."""

from __future__ import annotations

import hashlib
import os
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from graph_model.config import PROJECT_ROOT, Settings
from graph_model.errors import LocalServerError

LAUNCHER_DIR = PROJECT_ROOT / "neo4j_local"
LAUNCHER_MAIN = "org.hearth.launcher.Launcher"
READY_MARK = "HEARTH_NEO4J_READY"
# What Neo4j's own server passes to the JVM on Java 17+; without them Netty and the page cache fail.
JVM_OPENS = [
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
]


@dataclass(frozen=True)
class ServerStatus:
    """What is known of the local server: running, its pid and URI."""

    running: bool
    pid: int | None
    uri: str
    home: Path


def _pid_file(settings: Settings) -> Path:
    return settings.local_home / "hearth-neo4j.pid"


def _log_file(settings: Settings) -> Path:
    return settings.local_home / "logs" / "launcher.log"


def local_uri(settings: Settings) -> str:
    """Return the Bolt URI the local server listens on."""
    return f"neo4j://127.0.0.1:{settings.local_port}"


def local_password(settings: Settings) -> str:
    """Return the local server's password: NEO4J_PASSWORD, or one generated once and kept 0600."""
    if settings.neo4j_password:
        return settings.neo4j_password
    path = settings.data_dir / "neo4j-password"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(24))
    return path.read_text().strip()


def _build_stamp() -> str:
    digest = hashlib.sha256()
    for path in sorted([LAUNCHER_DIR / "pom.xml", *LAUNCHER_DIR.glob("src/**/*.java")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_built() -> None:
    """Fetch Neo4j's jars and compile the launcher with Maven, once per change of its sources."""
    stamp_file = LAUNCHER_DIR / "target" / "hearth-build.stamp"
    stamp = _build_stamp()
    if stamp_file.exists() and stamp_file.read_text() == stamp and (LAUNCHER_DIR / "target" / "lib").is_dir():
        return
    try:
        result = subprocess.run(
            ["mvn", "-q", "-B", "package", "-DskipTests"],
            cwd=LAUNCHER_DIR, capture_output=True, text=True, check=False,
        )
    except FileNotFoundError as exc:
        raise LocalServerError("Maven (mvn) is not installed; install it or set NEO4J_URI") from exc
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-20:])
        raise LocalServerError(f"building the Neo4j launcher failed:\n{tail}")
    stamp_file.write_text(stamp)


def _read_pid(settings: Settings) -> int | None:
    try:
        pid = int(_pid_file(settings).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    # A stale pid file may name a pid the system has since given to another program.
    return pid if LAUNCHER_MAIN.encode() in cmdline else None


def status(settings: Settings) -> ServerStatus:
    """Return whether the local server runs."""
    pid = _read_pid(settings)
    return ServerStatus(pid is not None, pid, local_uri(settings), settings.local_home)


def log_tail(settings: Settings, lines: int = 30) -> str:
    """Return the last lines of the launcher's and Neo4j's logs, for a failed start."""
    parts = []
    for path in (_log_file(settings), settings.local_home / "logs" / "debug.log"):
        if path.exists():
            text = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path} ---\n" + "\n".join(text))
    return "\n".join(parts) or "(no log written)"


def start(settings: Settings, timeout: float = 180.0) -> tuple[ServerStatus, bool]:
    """Start the local server in the background and wait until Bolt answers; return (status, started)."""
    current = status(settings)
    if current.running:
        return current, False
    ensure_built()
    home = settings.local_home
    (home / "logs").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update({
        "HEARTH_NEO4J_HOME": str(home),
        "HEARTH_NEO4J_PORT": str(settings.local_port),
        "HEARTH_NEO4J_PASSWORD": local_password(settings),
        "HEARTH_NEO4J_PAGECACHE": settings.local_pagecache,
    })
    classpath = f"{LAUNCHER_DIR / 'target' / 'classes'}{os.pathsep}{LAUNCHER_DIR / 'target' / 'lib' / '*'}"
    command = ["java", f"-Xms{settings.local_heap}", f"-Xmx{settings.local_heap}", "-XX:+UseG1GC",
               *JVM_OPENS, "-cp", classpath, LAUNCHER_MAIN]
    log = _log_file(settings)
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    _pid_file(settings).write_text(str(process.pid))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _pid_file(settings).unlink(missing_ok=True)
            raise LocalServerError(f"Neo4j exited with status {process.returncode} while starting:\n"
                                   + log_tail(settings))
        if READY_MARK in log.read_text(errors="replace"):
            return status(settings), True
        time.sleep(0.2)
    _terminate(process.pid, 30.0)
    _pid_file(settings).unlink(missing_ok=True)
    raise LocalServerError(f"Neo4j did not answer within {timeout:.0f}s:\n" + log_tail(settings))


def _terminate(pid: int, timeout: float) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        try:  # reap it if it is our child, so it does not linger as a zombie
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)


def stop(settings: Settings, timeout: float = 60.0) -> bool:
    """Stop the local server cleanly; return False when it was not running."""
    pid = _read_pid(settings)
    if pid is None:
        _pid_file(settings).unlink(missing_ok=True)
        return False
    _terminate(pid, timeout)
    _pid_file(settings).unlink(missing_ok=True)
    return True
