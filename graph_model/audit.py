"""Append-only audit events (who, when, what, why) written in the same transaction as the act."""

from __future__ import annotations

import json
from typing import Any

from neo4j import ManagedTransaction

from graph_model.users import Actor


def record(tx: ManagedTransaction, actor: Actor, action: str, purpose: str, detail: dict[str, Any]) -> None:
    """Append one audit event inside tx, so the act and its record commit or fail together."""
    tx.run(
        "CREATE (:AuditEvent {id: randomUUID(), at: datetime(), actor_id: $actor_id, actor: $actor, "
        "action: $action, purpose: $purpose, detail: $detail})",
        actor_id=actor.id, actor=actor.username, action=action, purpose=purpose,
        detail=json.dumps(detail, sort_keys=True, default=str),
    ).consume()
