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
from contextvars import ContextVar
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
    "view_case": "Case page: state, history and timeline",
}

# The DPA 2018 s.62 categories (plus `access`: signing in and out), and the kind of each action Hearth records.
KINDS = ("collection", "alteration", "consultation", "disclosure", "combination", "erasure", "access")
ACTION_KINDS: dict[str, str] = {
    **{action: "consultation" for action in DEFAULT_PURPOSES},
    "view_screening_detail": "consultation", "export_data": "consultation", "export_pseudonymised": "consultation",
    "run_console": "consultation",
    "load_data": "collection",
    "manage_users": "alteration", "approve_target_hardening": "alteration", "fire_transition": "alteration",
    "screen_nomination": "combination", "analyse": "combination", "analyse_write_back": "combination",
    "erase": "erasure", "pseudonymise": "erasure", "retention_erase": "erasure", "retention_pseudonymise": "erasure",
    "retention_plan": "consultation", "equality_report": "consultation",
    "housing_move": "alteration", "record_equality": "collection", "withdraw_equality": "erasure",
    "login": "access", "logout": "access",
}
# Families of actions named with a prefix: create_<object> makes a new record, support_<transition> edits a case's
# support records, share_<what> sends case information to another agency, erase_<record kind> for retention.
PREFIX_KINDS = (("view_", "consultation"), ("create_", "collection"), ("support_", "alteration"),
                ("share_", "disclosure"), ("erase_", "erasure"), ("retention_", "erasure"),
                ("perpetrator_", "alteration"))
# Workflow transitions are not AuditEvents: their hashed history is the alteration log (audit_search reads it).
HISTORY_KIND = "alteration"

CREATE_EVENT: LiteralString = (
    "CREATE (:AuditEvent {id: randomUUID(), at: datetime(), actor_id: $actor_id, actor: $actor, kind: $kind, "
    "action: $action, purpose: $purpose, outcome: $outcome, subjects: $subjects, recipients: $recipients, "
    "detail: $detail})")
CREATE_EVENTS: LiteralString = (
    "UNWIND $events AS e CREATE (:AuditEvent {id: randomUUID(), at: datetime(), actor_id: $actor_id, "
    "actor: $actor, kind: $kind, action: $action, purpose: $purpose, outcome: $outcome, subjects: e.subjects, "
    "recipients: [], detail: e.detail})")


def kind_of(action: str) -> str:
    """Return the s.62 kind of an action (collection, alteration, consultation, disclosure, ...), or `other`."""
    found = ACTION_KINDS.get(action)
    if found:
        return found
    return next((kind for prefix, kind in PREFIX_KINDS if action.startswith(prefix)), "other")


def actions_of(kind: str) -> list[str]:
    """Return the fixed action names of a kind (prefixed families are matched by kind_of, not listed)."""
    return sorted(a for a, k in ACTION_KINDS.items() if k == kind)


def _params(actor: Actor, action: str, purpose: str, detail: dict[str, Any], subjects: Iterable[str],
            outcome: str, recipients: Iterable[str]) -> dict[str, Any]:
    return {"actor_id": actor.id, "actor": actor.username, "kind": kind_of(action), "action": action,
            "purpose": purpose, "outcome": outcome, "subjects": sorted(set(subjects)),
            "recipients": sorted(set(recipients)), "detail": json.dumps(detail, sort_keys=True, default=str)}


def record(tx: ManagedTransaction, actor: Actor, action: str, purpose: str, detail: dict[str, Any],
           subjects: Iterable[str] = (), outcome: str = "done", recipients: Iterable[str] = ()) -> None:
    """Append one audit event inside tx, so the act and its record commit or fail together.

    Retention (erasure) records its acts the same way: action `erase` or `pseudonymise` (or `erase_<record kind>`),
    the rule applied as purpose, the erased ids as subjects, counts in detail; kind_of gives `erasure`.
    """
    text.check("the purpose", purpose)
    tx.run(CREATE_EVENT, _params(actor, action, purpose, detail, subjects, outcome, recipients)).consume()


def disclosed(tx: ManagedTransaction, actor: Actor, action: str, purpose: str, recipients: Iterable[str],
              basis: str, subjects: Iterable[str], detail: dict[str, Any] | None = None) -> None:
    """Record, inside tx, that case information went to other agencies: to whom, on what basis, about whom."""
    record(tx, actor, action, purpose, {**(detail or {}), "basis": basis}, subjects, recipients=recipients)


def record_many(tx: ManagedTransaction, actor: Actor, action: str, purpose: str, events: list[dict[str, Any]],
                outcome: str = "done") -> None:
    """Append one audit event per act of a batch ({detail, subjects}) inside tx, in one query."""
    rows = [{"subjects": sorted(set(e.get("subjects", ()))), "detail": json.dumps(e["detail"], sort_keys=True,
                                                                                default=str)} for e in events]
    if rows:
        text.check("the purpose", purpose)
        tx.run(CREATE_EVENTS, events=rows, actor_id=actor.id, actor=actor.username, kind=kind_of(action),
               action=action, purpose=purpose, outcome=outcome).consume()


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
    params = _params(actor, action, purpose, detail or {}, keys, outcome, ())
    try:
        with db.session() as session:
            session.run(CREATE_EVENT, params).consume()
    except (TransientError, DriverError):
        db.write(lambda tx: record(tx, actor, action, purpose, detail or {}, keys, outcome))


# The consultation open in this thread (a page view made of several reads): reads inside it join its one event.
_open: ContextVar[Consultation | None] = ContextVar("hearth_open_consultation", default=None)


@contextmanager
def consultation(actor: Actor, action: str, purpose: str | None,
                 subjects: Iterable[str] = ()) -> Iterator[Consultation]:
    """Wrap a read: record one consultation when it returns, a denial when a permission check refuses it.

    The purpose is the caller's (e.g. `--purpose`), else the action's default. Other errors (no such object, bad
    input) show nothing and are not recorded. A read inside another consultation (one page showing a case's state,
    history and timeline) records nothing itself: its subjects and action join the outer consultation's one event.
    """
    outer = _open.get()
    if outer is not None:
        inner = Consultation(set(subjects))
        try:
            yield inner
        finally:
            outer.subjects.update(inner.subjects)
            outer.detail.setdefault("parts", []).append(action)
        return
    purpose = text.check("the purpose", purpose, text.MAX_LINE) if purpose else DEFAULT_PURPOSES.get(action, action)
    seen = Consultation(set(subjects))
    token = _open.set(seen)
    try:
        yield seen
    except PermissionDenied as exc:
        if not exc.audited:  # an act around this read (audit.denials) need not record the same refusal again
            consulted(actor, action, purpose, seen.subjects, {**seen.detail, "reason": str(exc)}, outcome="denied")
            exc.audited = True
        raise
    finally:
        _open.reset(token)
    consulted(actor, action, purpose, seen.subjects, seen.detail)


@contextmanager
def denials(actor: Actor, action: str, purpose: str, subjects: Iterable[str] = ()) -> Iterator[None]:
    """Wrap an act whose own event is written in its transaction: if a permission check refuses it (the
    transaction, and its event, rolled back), record the refusal in a write of its own, then let it go on."""
    try:
        yield
    except PermissionDenied as exc:
        if not exc.audited:
            consulted(actor, action, purpose, subjects, {"reason": str(exc)}, outcome="denied")
            exc.audited = True
        raise
