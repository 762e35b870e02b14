"""Network analysis in the background: a separate process writes its progress and result to JOB_DIR/JOB_ID.json.

Run by start_background as `python -m graph_model.analytics.network_job JOB_DIR JOB_ID USERNAME SELECTION`;
the acting user is found again by username in the job's process, so its permission is checked there too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import traceback
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from graph_model import db, permissions, users
from graph_model.analytics import network
from graph_model.config import PROJECT_ROOT
from graph_model.errors import HearthError, InvalidInput
from graph_model.users import Actor

JOB_ID = re.compile(r"[0-9a-f]{32}")
# The processes this process started, so job_status can tell a finished job from a crashed one.
_STARTED: dict[str, subprocess.Popen[bytes]] = {}


def start_background(actor: Actor, area: str | None = None, start: date | None = None, end: date | None = None,
                     cases: list[str] | None = None, *, job_dir: Path, betweenness_samples: int = 500,
                     seed: int = 1, top: int = 10) -> str:
    """Check the actor and the selection, start the analysis in its own process, and return the job id."""
    permissions.check(actor, "analyse")
    chosen = network.selection(area, start, end, cases)
    network.check_settings(betweenness_samples, top)
    job_id = uuid.uuid4().hex
    job_dir.mkdir(parents=True, exist_ok=True)
    selection = json.dumps(chosen.as_dict())
    write_job(job_dir, job_id, {"job": job_id, "status": "running", "stage": "queued", "fraction": 0.0,
                                "user": actor.username, "selection": chosen.as_dict()})
    command = [sys.executable, "-m", "graph_model.analytics.network_job", str(job_dir.resolve()), job_id,
               actor.username, selection, "--samples", str(betweenness_samples), "--seed", str(seed),
               "--top", str(top)]
    # Same working folder and environment (so relative HEARTH_DATA_DIR and the same server), Hearth importable.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    with open(job_dir / f"{job_id}.log", "wb") as log:  # the child keeps its own copy of the descriptor
        _STARTED[job_id] = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                            start_new_session=True)
    return job_id


def job_status(job_dir: Path, job_id: str) -> dict[str, Any]:
    """Return the job's state: status (running, done, failed), stage, fraction, and result or error."""
    if not JOB_ID.fullmatch(job_id):
        raise InvalidInput(f"{job_id!r} is not a job id")
    path = job_dir / f"{job_id}.json"
    status = _read(path)
    if status["status"] == "running" and not _alive(job_id, status.get("pid")):
        status = _read(path)  # it may have finished between the read and the check
        if status["status"] == "running":
            status.update(status="failed", error=f"the job's process ended without a result (see {job_id}.log)")
    return status


def write_job(job_dir: Path, job_id: str, state: dict[str, Any]) -> None:
    """Replace the job's JSON in one step, so a reader never sees half of it."""
    state = {**state, "updated": datetime.now(UTC).isoformat(timespec="seconds")}
    partial = job_dir / f".{job_id}.json.partial"
    partial.write_text(json.dumps(state), encoding="utf-8")
    os.replace(partial, job_dir / f"{job_id}.json")


def _read(path: Path) -> dict[str, Any]:
    try:
        state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InvalidInput(f"no job {path.stem!r} in {path.parent}") from exc
    return state


def _alive(job_id: str, pid: int | None) -> bool:
    started = _STARTED.get(job_id)
    if started is not None:
        return started.poll() is None  # also reaps our finished child
    if pid is None:
        return True  # started elsewhere and not yet reported its pid: it is starting
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(argv: list[str] | None = None) -> int:
    """Run one job: resolve the user, analyse with progress into the JSON, then write done or failed."""
    parser = argparse.ArgumentParser(prog="network_job", description=__doc__)
    parser.add_argument("job_dir", type=Path)
    parser.add_argument("job_id")
    parser.add_argument("username")
    parser.add_argument("selection", help="the selection as JSON (Selection.as_dict)")
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    base = {"job": args.job_id, "pid": os.getpid(), "user": args.username, "selection": json.loads(args.selection)}

    last: dict[str, Any] = {}

    def report(stage: str, fraction: float) -> None:
        last.update(stage=stage, fraction=fraction)
        write_job(args.job_dir, args.job_id, {**base, "status": "running", **last})

    report("starting", 0.0)
    try:
        chosen = network.Selection.from_dict(base["selection"])
        result = network.analyse(users.actor(args.username), **chosen.arguments(),
                                 betweenness_samples=args.samples, seed=args.seed, top=args.top, progress=report)
    except Exception as exc:  # whatever happens, the job ends with a status a reader can show
        message = str(exc) if isinstance(exc, HearthError) else f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
        write_job(args.job_dir, args.job_id, {**base, "status": "failed", **last, "error": message})
        return 1
    finally:
        db.close()
    write_job(args.job_dir, args.job_id, {**base, "status": "done", "stage": "done", "fraction": 1.0,
                                          "result": result.as_dict()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
