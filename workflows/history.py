"""History entries: their hash chain (tamper evidence) and the verification that recomputes it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graph_model import db
from graph_model.workflow import history as stored
from graph_model.workflow.redaction import seal_problem

HASHED = ("id", "status_key", "object_type", "object_id", "workflow", "version", "seq", "transition", "from_state",
          "to_state", "actor_id", "actor", "comment", "params", "at", "prev_hash")


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def entry_hash(entry: dict[str, Any]) -> str:
    """Return the SHA-256 of an entry's fields and the previous entry's hash."""
    body = {k: _canonical(entry.get(k)) for k in HASHED}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@dataclass
class VerifyReport:
    """What `verify` found: how much it checked, and every break in a chain (empty: intact)."""

    statuses: int = 0
    entries: int = 0
    redacted: int = 0  # entries whose personal data retention erased (checked against their redaction seal)
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        """Return True when no chain is broken."""
        return not self.problems


def _check_chain(chain: dict[str, Any], report: VerifyReport) -> None:
    status, entries = chain["status"], [e for e in chain["entries"] if e.get("seq") is not None]
    key, prev_hash = status["key"], ""
    report.statuses += 1
    report.entries += len(entries)
    for expected_seq, entry in enumerate(entries, start=1):
        where = f"{key} entry {entry['seq']}"
        if entry["seq"] != expected_seq:
            report.problems.append(f"{where}: expected entry {expected_seq} (an entry is missing)")
            return
        if entry["prev_hash"] != prev_hash:
            report.problems.append(f"{where}: does not carry the previous entry's hash")
        if entry.get("redacted"):
            report.redacted += 1
            problem = seal_problem(entry)
            if problem:
                report.problems.append(f"{where}: {problem}")
        elif entry_hash(entry) != entry["hash"]:
            report.problems.append(f"{where}: its content does not match its hash (altered)")
        if expected_seq > 1 and entry.get("follows") != expected_seq - 1:
            report.problems.append(f"{where}: is not linked to entry {expected_seq - 1}")
        prev_hash = entry["hash"]
    last = entries[-1] if entries else None
    if last is None:
        return
    if status["seq"] != last["seq"] or status["head_hash"] != last["hash"] or chain["latest"] != last["seq"]:
        report.problems.append(f"{key}: the status does not point at its last entry {last['seq']}")
    if status["state"] != last["to_state"]:
        report.problems.append(f"{key}: state {status['state']!r} is not where the history leads "
                               f"({last['to_state']!r})")


def verify(workflow: str | None = None, batch: int = 2000) -> VerifyReport:
    """Recompute every history chain (of one workflow, or all) and report each break."""
    report, skip = VerifyReport(), 0
    while True:
        def page(tx: Any, at: int = skip) -> list[str]:
            return stored.status_keys(tx, workflow, at, batch)
        keys = db.read(page)
        if not keys:
            return report
        def chains(tx: Any, found: list[str] = keys) -> list[dict[str, Any]]:
            return stored.chains(tx, found)
        for chain in db.read(chains):
            _check_chain(chain, report)
        skip += batch
