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
MAX_SKIP = 1_000_000
OUTCOMES = ("done", "denied")
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 1, 1, tzinfo=UTC)

# The time range is always given (open ends are far dates) so the planner seeks the indexes on AuditEvent(at) and
# HistoryEntry(at) (schema.py); any other filter left null matches everything. Workflow history entries are the
# alteration log (hashed, written with the transition): they are searched as events of kind alteration, action
# `transition`. Each branch is cut at skip + limit before the union is ordered and paged.
SEARCH: LiteralString = (
    "CALL () { "
    "MATCH (e:AuditEvent) "
    "WHERE e.at >= $since AND e.at < $until "
    "AND ($actor IS NULL OR e.actor = $actor) AND ($action IS NULL OR e.action = $action) "
    "AND ($kind IS NULL OR e.kind = $kind OR (e.kind IS NULL AND (e.action IN $legacy "
    "     OR any(p IN $prefixes WHERE e.action STARTS WITH p)))) "
    "AND ($outcome IS NULL OR coalesce(e.outcome, 'done') = $outcome) "
    "AND ($purpose IS NULL OR toLower(e.purpose) CONTAINS toLower($purpose)) "
    "AND ($subject IS NULL OR any(s IN coalesce(e.subjects, []) WHERE s = $subject OR s ENDS WITH ':' + $subject) "
    "     OR (e.action <> 'search_audit' AND e.detail CONTAINS ('\"' + $subject + '\"'))) "
    "RETURN e.id AS id, e.at AS at, e.actor AS actor, e.kind AS kind, e.action AS action, e.purpose AS purpose, "
    "coalesce(e.outcome, 'done') AS outcome, coalesce(e.subjects, []) AS subjects, "
    "coalesce(e.recipients, []) AS recipients, e.detail AS detail ORDER BY at DESC, id LIMIT $skip + $limit "
    "UNION ALL "
    "MATCH (h:HistoryEntry) "
    "WHERE $history AND h.at >= $since AND h.at < $until AND ($actor IS NULL OR h.actor = $actor) "
    "AND ($subject IS NULL OR h.object_id = $subject OR h.object_type + ':' + h.object_id = $subject) "
    "WITH h, CASE WHEN h.comment IS NULL OR h.comment = '' THEN h.workflow + ': ' + h.transition "
    "     ELSE h.comment END AS why "
    "WHERE $purpose IS NULL OR toLower(why) CONTAINS toLower($purpose) "
    "RETURN h.id AS id, h.at AS at, h.actor AS actor, 'alteration' AS kind, 'transition' AS action, why AS purpose, "
    "'done' AS outcome, [h.object_type + ':' + h.object_id] AS subjects, [] AS recipients, "
    "{workflow: h.workflow, transition: h.transition, from: h.from_state, to: h.to_state, seq: h.seq} "
    "AS detail ORDER BY at DESC, id LIMIT $skip + $limit "
    "} "
    "RETURN id, at, actor, kind, action, purpose, outcome, subjects, recipients, detail "
    "ORDER BY at DESC, id SKIP $skip LIMIT $limit")


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
    kind: str = "other"
    recipients: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready values."""
        return {"id": self.id, "at": self.at.isoformat(), "actor": self.actor, "kind": self.kind,
                "action": self.action, "purpose": self.purpose, "outcome": self.outcome,
                "subjects": list(self.subjects), "recipients": list(self.recipients), "detail": self.detail}


def _entry(row: dict[str, Any]) -> AuditEntry:
    if isinstance(row["detail"], dict):  # a workflow history entry: its fields, not JSON text
        return _make(row, row["detail"])
    try:
        detail = json.loads(row["detail"] or "{}")
    except ValueError:
        detail = {"text": row["detail"]}
    return _make(row, detail)


def _make(row: dict[str, Any], detail: dict[str, Any]) -> AuditEntry:
    return AuditEntry(row["id"], db.native(row["at"]), row["actor"], row["action"], row["purpose"] or "",
                      row["outcome"], tuple(row["subjects"]), detail, row["kind"] or audit.kind_of(row["action"]),
                      tuple(row["recipients"]))


def _utc(moment: datetime) -> datetime:
    # A naive datetime would be a LocalDateTime in Cypher, never equal to or ordered with the events' datetime().
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def search(user: Actor, actor: str | None = None, action: str | None = None, subject: str | None = None,
           since: datetime | None = None, until: datetime | None = None, limit: int = 100,
           purpose: str | None = None, kind: str | None = None, why: str | None = None,
           outcome: str | None = None, skip: int = 0) -> list[AuditEntry]:
    """Return audit events matching every filter given, newest first (needs search_audit; audited itself).

    `purpose` is why this search is made (recorded); `why` filters the events' own purposes (words they contain).
    `skip` and `limit` page through the results.
    """
    for name, value in (("the actor", actor), ("the action", action), ("the subject", subject)):
        text.check_optional(name, value, text.MAX_ID, one_line=True)
    if not 1 <= limit <= MAX_LIMIT or not 0 <= skip <= MAX_SKIP:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT} and skip between 0 and {MAX_SKIP}, "
                           f"not {limit} and {skip}")
    if since and until and since >= until:
        raise InvalidInput(f"--since {since.isoformat()} is not before --until {until.isoformat()}")
    if kind is not None and kind not in audit.KINDS:
        raise InvalidInput(f"kind {kind!r} is not one of {', '.join(audit.KINDS)}")
    if outcome is not None and outcome not in OUTCOMES:
        raise InvalidInput(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
    filters: dict[str, Any] = {"actor": actor, "action": action, "subject": subject, "since": since, "until": until,
                               "kind": kind, "purpose": why, "outcome": outcome}
    history = (kind in (None, audit.HISTORY_KIND) and action in (None, "transition")
               and outcome in (None, "done"))
    with audit.consultation(user, "search_audit", purpose) as seen:
        seen.detail["filters"] = {k: v for k, v in {**filters, "skip": skip or None}.items() if v is not None}
        permissions.check(user, "search_audit")
        params = {**filters, "since": _utc(since or EARLIEST), "until": _utc(until or LATEST), "skip": skip,
                  "limit": limit, "history": history, "legacy": audit.actions_of(kind) if kind else [],
                  "prefixes": [p for p, k in audit.PREFIX_KINDS if k == kind]}

        def work(tx: ManagedTransaction) -> list[AuditEntry]:
            return [_entry(r) for r in db.rows(tx, SEARCH, **params)]
        found = db.read(work)
        seen.detail["found"] = len(found)
        return found
