"""Erasing personal data from a hashed history entry without breaking its chain: the redaction seal.

A history entry's `hash` covers its fields and the previous entry's hash (workflows/history.py), and the next
entry carries that hash. Retention (graph_model/retention.py) must remove the free text of an erased object's
entries (the comment and the transition's parameters) yet keep `hearth workflow verify` passing. So a redaction
never touches `hash` or `prev_hash`, which keeps every link of the chain; it replaces the redactable fields with
fixed markers, lists them in `redacted`, and stores `redaction_hash`: the SHA-256 of every sealed field as it now
stands (the original `hash` included). Verification then checks a redacted entry against its seal instead of its
original hash, and refuses a redacted field that is not one of REDACTABLE or does not hold its marker: redaction
can blank a comment, never rewrite it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

# The fields that may hold personal data (free text, transition parameters), and what they become.
REDACTED: dict[str, str] = {"comment": "[erased]", "params": "{}"}
REDACTABLE = tuple(REDACTED)
# Every field the seal covers: the entry's hashed fields (workflows.history.HASHED; a test keeps the two lists
# in step), its original hash, and the redaction's own record.
SEALED = ("id", "status_key", "object_type", "object_id", "workflow", "version", "seq", "transition", "from_state",
          "to_state", "actor_id", "actor", "comment", "params", "at", "prev_hash", "hash", "redacted",
          "redacted_at", "redacted_by")


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, tuple):
        return list(value)
    return value


def redaction_hash(entry: dict[str, Any]) -> str:
    """Return the SHA-256 of a redacted entry's sealed fields."""
    body = {k: _canonical(entry.get(k)) for k in SEALED}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def needs_redaction(entry: dict[str, Any]) -> list[str]:
    """Return the redactable fields of an entry that hold something other than their marker or nothing."""
    return [f for f in REDACTABLE if entry.get(f) not in ("", None, REDACTED[f])]


def redact(entry: dict[str, Any], at: datetime, by: str) -> dict[str, Any] | None:
    """Return the changes that redact an entry (its fields, `redacted`, the seal), or None if nothing to erase."""
    fields = needs_redaction(entry)
    if not fields:
        return None
    already = list(entry.get("redacted") or [])
    changes: dict[str, Any] = {f: REDACTED[f] for f in fields}
    changes.update(redacted=sorted(set(already) | set(fields)), redacted_at=at, redacted_by=by)
    changes["redaction_hash"] = redaction_hash({**entry, **changes})
    return changes


def seal_problem(entry: dict[str, Any]) -> str | None:
    """Return what is wrong with a redacted entry (a field that may not be redacted, a marker replaced, content
    changed since the redaction), or None when its seal holds."""
    fields = list(entry.get("redacted") or [])
    wrong = [f for f in fields if f not in REDACTED or entry.get(f) != REDACTED[f]]
    if wrong:
        return f"redacted field(s) {', '.join(sorted(wrong))} do not hold the erasure marker (altered)"
    if redaction_hash(entry) != entry.get("redaction_hash"):
        return "its content does not match its redaction seal (altered)"
    return None
