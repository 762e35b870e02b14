"""Append-only audit events (who, when, what, why): acts in their own transaction, consultations just after.

DPA 2018 s.62: a write is recorded in the same transaction as the act (`record`); a view of personal data is
recorded by `consultation`, a small write transaction of its own once the read has produced its answer. If that
write fails the caller gets the error instead of the answer: nothing is shown that is not logged. A read refused
by a permission check is recorded too, with outcome `denied`. Nothing in Hearth edits or deletes an AuditEvent
(tests/audit/test_append_only.py scans for it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j import ManagedTransaction
from neo4j.exceptions import DriverError, TransientError

from graph_model import db, text
from graph_model.errors import PermissionDenied
from graph_model.users import Actor

# The consultations Hearth records, each with the purpose recorded when the caller gives none (docs/audit.md).
DEFAULT_PURPOSES: dict[str, str] = {
    "check_connection": "personal connection check (DA Act 2021 s.2)",
    "connected_people": "who is personally connected (DA Act 2021 s.2)",
    "analyse_path": "analysis: how two people are connected",
    "analyse_ego": "analysis: a person's network",
    "view_state": "view an object's workflow state",
    "view_history": "view an object's history",
    "view_safe_contact": "safe contact details",
    "view_marac_record": "MARAC meeting record",
    "view_marac_agenda": "MARAC agenda",
    "view_marac_map": "MARAC agency map",
    "view_case_timeline": "view a case's timeline",
    "view_marac_gaps": "MARAC gaps in agency involvement",
    "view_support_plan": "safety and support plan",
    "view_needs": "needs assessment and risk review",
    "view_referral_document": "IDVA referral document for the receiving agency",
    "search_audit": "audit search",
}

CREATE_EVENT: LiteralString = (
    "CREATE (:AuditEvent {id: randomUUID(), at: datetime(), actor_id: $actor_id, actor: $actor, "
    "action: $action, purpose: $purpose, outcome: $outcome, subjects: $subjects, detail: $detail})")
CREATE_EVENTS: LiteralString = (
    "UNWIND $events AS e CREATE (:AuditEvent {id: randomUUID(), at: datetime(), actor_id: $actor_id, "
    "actor: $actor, action: $action, purpose: $purpose, outcome: $outcome, subjects: e.subjects, "
    "detail: e.detail})")


def record(tx: ManagedTransaction, actor: Actor, action: str, purpose: str, detail: dict[str, Any],
           subjects: Iterable[str] = (), outcome: str = "done") -> None:
    """Append one audit event inside tx, so the act and its record commit or fail together."""
    text.check("the purpose", purpose)
    tx.run(CREATE_EVENT, actor_id=actor.id, actor=actor.username, action=action, purpose=purpose, outcome=outcome,
           subjects=sorted(set(subjects)), detail=json.dumps(detail, sort_keys=True, default=str)).consume()


def record_many(tx: ManagedTransaction, actor: Actor, action: str, purpose: str, events: list[dict[str, Any]],
                outcome: str = "done") -> None:
    """Append one audit event per act of a batch ({detail, subjects}) inside tx, in one query."""
    rows = [{"subjects": sorted(set(e.get("subjects", ()))), "detail": json.dumps(e["detail"], sort_keys=True,
                                                                                default=str)} for e in events]
    if rows:
        tx.run(CREATE_EVENTS, events=rows, actor_id=actor.id, actor=actor.username, action=action, purpose=purpose,
               outcome=outcome).consume()


def subject(kind: str, ident: str) -> str:
    """Return the subject key an event names: `type:id`, e.g. case:C1, person:P7."""
    return f"{kind}:{ident}"


def people(ids: Iterable[str]) -> list[str]:
    """Return person subject keys for person ids."""
    return [subject("person", i) for i in ids]


@dataclass
class Consultation:
    """What one read showed: subjects to name (add the people found) and detail to keep (no personal data)."""

    subjects: set[str]
    detail: dict[str, Any] = field(default_factory=dict)

    def add(self, *keys: str) -> None:
        """Name more subjects the read showed (e.g. the people on a case)."""
        self.subjects.update(keys)


def consulted(actor: Actor, action: str, purpose: str, subjects: Iterable[str], detail: dict[str, Any] | None = None,
              outcome: str = "done") -> None:
    """Record that the actor viewed the subjects (or was refused), in a small write of its own.

    One auto-commit query (one network exchange, ~0.5 ms less than a managed transaction); if the server answers
    with a transient or connection error, once more in a managed transaction, which the driver retries. A lost
    acknowledgement may then leave the event twice: for an audit, twice is better than never.
    """
    keys = sorted(set(subjects))
    params = {"actor_id": actor.id, "actor": actor.username, "action": action, "purpose": purpose,
              "outcome": outcome, "subjects": keys, "detail": json.dumps(detail or {}, sort_keys=True, default=str)}
    try:
        with db.session() as session:
            session.run(CREATE_EVENT, params).consume()
    except (TransientError, DriverError):
        db.write(lambda tx: record(tx, actor, action, purpose, detail or {}, keys, outcome))


@contextmanager
def consultation(actor: Actor, action: str, purpose: str | None,
                 subjects: Iterable[str] = ()) -> Iterator[Consultation]:
    """Wrap a read: record one consultation when it returns, a denial when a permission check refuses it.

    The purpose is the caller's (e.g. `--purpose`), else the action's default. Other errors (no such object, bad
    input) show nothing and are not recorded.
    """
    purpose = text.check("the purpose", purpose, text.MAX_LINE) if purpose else DEFAULT_PURPOSES.get(action, action)
    seen = Consultation(set(subjects))
    try:
        yield seen
    except PermissionDenied as exc:
        consulted(actor, action, purpose, seen.subjects, {**seen.detail, "reason": str(exc)}, outcome="denied")
        raise
    consulted(actor, action, purpose, seen.subjects, seen.detail)
