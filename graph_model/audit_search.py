"""Search the audit (DA leads and administrators): who did what to whom, when and why. The search is audited."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import audit, db, permissions, text
from graph_model.errors import InvalidInput
from graph_model.users import Actor

MAX_LIMIT = 10_000
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 1, 1, tzinfo=UTC)

# The time range is always given (open ends are far dates) so the planner seeks the index on AuditEvent(at)
# (schema.py); any other filter left null matches everything.
SEARCH: LiteralString = (
    "MATCH (e:AuditEvent) "
    "WHERE e.at >= $since AND e.at < $until "
    "AND ($actor IS NULL OR e.actor = $actor) AND ($action IS NULL OR e.action = $action) "
    "AND ($subject IS NULL OR any(s IN coalesce(e.subjects, []) WHERE s = $subject OR s ENDS WITH ':' + $subject) "
    "     OR e.detail CONTAINS ('\"' + $subject + '\"')) "
    "RETURN e.id AS id, e.at AS at, e.actor AS actor, e.action AS action, e.purpose AS purpose, "
    "coalesce(e.outcome, 'done') AS outcome, coalesce(e.subjects, []) AS subjects, e.detail AS detail "
    "ORDER BY e.at DESC, e.id LIMIT $limit")


@dataclass(frozen=True)
class AuditEntry:
    """One audit event: when, who, what (action and subjects), why (purpose), and how it ended."""

    id: str
    at: datetime
    actor: str
    action: str
    purpose: str
    outcome: str
    subjects: tuple[str, ...]
    detail: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready values."""
        return {"id": self.id, "at": self.at.isoformat(), "actor": self.actor, "action": self.action,
                "purpose": self.purpose, "outcome": self.outcome, "subjects": list(self.subjects),
                "detail": self.detail}


def _entry(row: dict[str, Any]) -> AuditEntry:
    try:
        detail = json.loads(row["detail"] or "{}")
    except ValueError:
        detail = {"text": row["detail"]}
    return AuditEntry(row["id"], db.native(row["at"]), row["actor"], row["action"], row["purpose"] or "",
                      row["outcome"], tuple(row["subjects"]), detail)


def _utc(moment: datetime) -> datetime:
    # A naive datetime would be a LocalDateTime in Cypher, never equal to or ordered with the events' datetime().
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def search(user: Actor, actor: str | None = None, action: str | None = None, subject: str | None = None,
           since: datetime | None = None, until: datetime | None = None, limit: int = 100,
           purpose: str | None = None) -> list[AuditEntry]:
    """Return audit events matching every filter given, newest first (needs search_audit; audited itself)."""
    for name, value in (("the actor", actor), ("the action", action), ("the subject", subject)):
        text.check_optional(name, value, text.MAX_ID, one_line=True)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if since and until and since >= until:
        raise InvalidInput(f"--since {since.isoformat()} is not before --until {until.isoformat()}")
    filters: dict[str, Any] = {"actor": actor, "action": action, "subject": subject, "since": since, "until": until}
    with audit.consultation(user, "search_audit", purpose) as seen:
        seen.detail["filters"] = {k: v for k, v in filters.items() if v is not None}
        permissions.check(user, "search_audit")

        def work(tx: ManagedTransaction) -> list[AuditEntry]:
            return [_entry(r) for r in db.rows(tx, SEARCH, limit=limit, **{
                **filters, "since": _utc(since or EARLIEST), "until": _utc(until or LATEST)})]
        found = db.read(work)
        seen.detail["found"] = len(found)
        return found
