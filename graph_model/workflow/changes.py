"""What transition hooks may change: local roles, a few whitelisted fields, and related objects to move."""

from __future__ import annotations

from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db
from graph_model.errors import InvalidInput
from graph_model.support import option_types

GRANT_ROLE: dict[str, LiteralString] = {
    "case": "MATCH (o:Case {id: $id}), (u:User {username: $username}) "
            "MERGE (u)-[l:LOCAL_ROLE {role: $role}]->(o) ON CREATE SET l.granted_at = $at, l.granted_by = $by "
            "RETURN count(l) AS n",
    "idva_referral": "MATCH (o:Referral {id: $id}), (u:User {username: $username}) "
                     "MERGE (u)-[l:LOCAL_ROLE {role: $role}]->(o) ON CREATE SET l.granted_at = $at, "
                     "l.granted_by = $by RETURN count(l) AS n",
    "marac_case": "MATCH (o:MaracCase {id: $id}), (u:User {username: $username}) "
                  "MERGE (u)-[l:LOCAL_ROLE {role: $role}]->(o) ON CREATE SET l.granted_at = $at, "
                  "l.granted_by = $by RETURN count(l) AS n",
}
USER_ROLES: LiteralString = "MATCH (u:User {username: $username}) RETURN u.roles AS roles"

# Fields a hook may set, per type: workflow-owned facts that the hearth/1 record also carries.
SET_FIELDS: dict[str, LiteralString] = {
    "marac_action": "MATCH (o:MaracAction {id: $id}) SET o.status = coalesce($f.status, o.status)",
    "marac_case": "MATCH (o:MaracCase {id: $id}) SET o.criterion = coalesce($f.criterion, o.criterion), "
                  "o.referred = coalesce($f.referred, o.referred), o.repeat = coalesce($f.repeat, o.repeat), "
                  "o.previous_referral = CASE WHEN $f.referred IS NULL THEN o.previous_referral ELSE o.referred END",
    "target_hardening": "MATCH (o:TargetHardening {id: $id}) SET o.status = coalesce($f.status, o.status), "
                        "o.fitted_on = coalesce($f.fitted_on, o.fitted_on)",
    "refuge_referral": "MATCH (o:RefugeReferral {id: $id}) SET o.status = coalesce($f.status, o.status), "
                       "o.service = coalesce($f.service, o.service)",
}
SETTABLE = {"marac_action": frozenset({"status"}), "marac_case": frozenset({"criterion", "referred", "repeat"}),
            "target_hardening": frozenset({"status", "fitted_on"}), "refuge_referral": frozenset({"service", "status"})}
SET_FIELDS.update(option_types.SET_FIELDS)  # housing options
SETTABLE.update(option_types.SETTABLE)

# Objects related to one object, by name: (type, id) pairs.
RELATED: dict[tuple[str, str], LiteralString] = {
    ("idva_referral", "case"): "MATCH (:Referral {id: $id})-[:REFERS]->(c:Case) RETURN 'case' AS type, c.id AS id",
    ("marac_case", "case"): "MATCH (:MaracCase {id: $id})-[:MARAC_FOR]->(c:Case) RETURN 'case' AS type, c.id AS id",
    ("marac_meeting", "listed_cases"): "MATCH (mc:MaracCase)-[:LISTED_AT]->(:MaracMeeting {id: $id}) "
                                       "RETURN 'marac_case' AS type, mc.id AS id ORDER BY mc.id",
    ("marac_case", "actions"): "MATCH (x:MaracAction)-[:ACTION_FOR]->(:MaracCase {id: $id}) "
                               "RETURN 'marac_action' AS type, x.id AS id ORDER BY x.id",
    ("marac_action", "marac_case"): "MATCH (:MaracAction {id: $id})-[:ACTION_FOR]->(mc:MaracCase) "
                                    "RETURN 'marac_case' AS type, mc.id AS id",
}


def user_roles(tx: ManagedTransaction, username: str) -> list[str] | None:
    """Return a user's global roles, or None when there is no such user."""
    record = tx.run(USER_ROLES, username=username).single()
    return list(record["roles"] or []) if record else None


def grant_local_role(tx: ManagedTransaction, object_type: str, object_id: str, username: str, role: str,
                     by: str, at: datetime) -> None:
    """Give a user a role on one object (a LOCAL_ROLE link), idempotently."""
    query = GRANT_ROLE.get(object_type)
    if query is None:
        raise InvalidInput(f"local roles cannot be granted on a {object_type}")
    row = tx.run(query, id=object_id, username=username, role=role, at=at, by=by).single()
    if not row or row["n"] == 0:
        raise InvalidInput(f"no user {username!r} to give the role {role!r} on {object_type} {object_id}")


def set_fields(tx: ManagedTransaction, object_type: str, object_id: str, fields: dict[str, Any]) -> None:
    """Set whitelisted fields of an object (a hook keeping the hearth/1 record in step with the workflow)."""
    allowed = SETTABLE.get(object_type, frozenset())
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise InvalidInput(f"a {object_type} field cannot be set by a workflow: {', '.join(unknown)}")
    tx.run(SET_FIELDS[object_type], id=object_id, f={k: fields.get(k) for k in allowed}).consume()


def related(tx: ManagedTransaction, object_type: str, object_id: str, relation: str) -> list[tuple[str, str]]:
    """Return the (type, id) of the objects related to one object by a named relation."""
    query = RELATED.get((object_type, relation))
    if query is None:
        raise InvalidInput(f"a {object_type} has no relation {relation!r}")
    return [(r["type"], r["id"]) for r in db.rows(tx, query, id=object_id)]


def relations() -> set[tuple[str, str]]:
    """Return every (type, relation) pair hooks may follow."""
    return set(RELATED)
