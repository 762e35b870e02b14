"""The object types workflows move, and the facts about one object that access decisions need."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db
from graph_model.support import option_types
from graph_model.support.facts import VIA_CASE

# Local roles: held by one user on one object. `party` and the agency roles are derived from the graph;
# `assigned_idva` and `caseworker` are granted by transitions (LOCAL_ROLE links).
DERIVED_LOCAL_ROLES = frozenset({"party", "chair", "owner", "landlord", "nominator", "referrer", "receiving"})
GRANTED_LOCAL_ROLES = frozenset({"assigned_idva", "caseworker"})
LOCAL_ROLES = DERIVED_LOCAL_ROLES | GRANTED_LOCAL_ROLES

_EXPLICIT: LiteralString = " + [(o)<-[l:LOCAL_ROLE]-(:User {id: $user}) | l.role] AS roles"

# Per type: each object's area, its dates, and the user's derived local roles on it. `party` means the
# user's agency is involved: a referral from or to it, a MARAC listing it attends or an action it owns,
# an assessment by one of its staff, or a colleague holding a local role.
FACTS: dict[str, LiteralString] = {
    "case": "UNWIND $ids AS id MATCH (o:Case {id: id}) "
            "RETURN o.id AS id, o.area AS area, {opened: o.opened} AS fields, [r IN ["
            "CASE WHEN $agency IS NOT NULL AND ("
            " EXISTS { (o)<-[:REFERS]-(:Referral)-[:FROM_AGENCY|TO_AGENCY]->(:Agency {id: $agency}) } OR"
            " EXISTS { (o)<-[:MARAC_FOR]-(:MaracCase)-[:REFERRED_BY]->(:Agency {id: $agency}) } OR"
            " EXISTS { (o)<-[:MARAC_FOR]-(:MaracCase)<-[:ACTION_FOR]-(:MaracAction)-[:OWNED_BY]->"
            "(:Agency {id: $agency}) } OR"
            " EXISTS { (o)<-[:MARAC_FOR]-(:MaracCase)-[:LISTED_AT]->(:MaracMeeting)-[:ATTENDED_BY]->"
            "(:Agency {id: $agency}) } OR"
            " EXISTS { (o)<-[:ASSESSES]-(:RiskAssessment)-[:ASSESSED_BY]->(:User)-[:MEMBER_OF]->"
            "(:Agency {id: $agency}) } OR"
            " EXISTS { (o)<-[:LOCAL_ROLE]-(:User)-[:MEMBER_OF]->(:Agency {id: $agency}) }) THEN 'party' END,"
            "CASE WHEN EXISTS { (o)<-[:MARAC_FOR]-(:MaracCase)-[:LISTED_AT]->(:MaracMeeting)-[:CHAIRED_BY]->"
            "(:User {id: $user}) } THEN 'chair' END] WHERE r IS NOT NULL]" + _EXPLICIT,
    "idva_referral": "UNWIND $ids AS id MATCH (o:Referral {id: id}) WHERE o.kind = 'idva' "
                     "OPTIONAL MATCH (o)-[:REFERS]->(c:Case) "
                     "RETURN o.id AS id, c.area AS area, {date: o.date} AS fields, [r IN ["
                     "CASE WHEN EXISTS { (o)-[:FROM_AGENCY]->(:Agency {id: $agency}) } THEN 'referrer' END,"
                     "CASE WHEN EXISTS { (o)-[:TO_AGENCY]->(:Agency {id: $agency}) } THEN 'receiving' END,"
                     "CASE WHEN EXISTS { (o)-[:FROM_AGENCY|TO_AGENCY]->(:Agency {id: $agency}) } "
                     "THEN 'party' END] WHERE r IS NOT NULL]" + _EXPLICIT,
    "marac_case": "UNWIND $ids AS id MATCH (o:MaracCase {id: id}) OPTIONAL MATCH (o)-[:MARAC_FOR]->(c:Case) "
                  "RETURN o.id AS id, c.area AS area, {referred: o.referred} AS fields, [r IN ["
                  "CASE WHEN EXISTS { (o)-[:LISTED_AT]->(:MaracMeeting)-[:CHAIRED_BY]->(:User {id: $user}) } "
                  "THEN 'chair' END,"
                  "CASE WHEN $agency IS NOT NULL AND ("
                  " EXISTS { (o)-[:REFERRED_BY]->(:Agency {id: $agency}) } OR"
                  " EXISTS { (o)-[:LISTED_AT]->(:MaracMeeting)-[:ATTENDED_BY]->(:Agency {id: $agency}) } OR"
                  " EXISTS { (o)<-[:ACTION_FOR]-(:MaracAction)-[:OWNED_BY]->(:Agency {id: $agency}) })"
                  " THEN 'party' END] WHERE r IS NOT NULL]" + _EXPLICIT,
    "marac_action": "UNWIND $ids AS id MATCH (o:MaracAction {id: id}) "
                    "OPTIONAL MATCH (o)-[:ACTION_FOR]->(mc:MaracCase)-[:MARAC_FOR]->(c:Case) "
                    "RETURN o.id AS id, c.area AS area, {due: o.due, status: o.status} AS fields, [r IN ["
                    "CASE WHEN EXISTS { (o)-[:OWNED_BY]->(:Agency {id: $agency}) } THEN 'owner' END,"
                    "CASE WHEN EXISTS { (mc)-[:LISTED_AT]->(:MaracMeeting)-[:CHAIRED_BY]->(:User {id: $user}) } "
                    "THEN 'chair' END,"
                    "CASE WHEN EXISTS { (o)-[:OWNED_BY]->(:Agency {id: $agency}) } OR"
                    " EXISTS { (mc)-[:LISTED_AT]->(:MaracMeeting)-[:ATTENDED_BY]->(:Agency {id: $agency}) }"
                    " THEN 'party' END] WHERE r IS NOT NULL]" + _EXPLICIT,
    "nomination": "UNWIND $ids AS id MATCH (o:Nomination {id: id}) OPTIONAL MATCH (o)-[:FOR_PROPERTY]->(p:Property) "
                  "RETURN o.id AS id, p.area AS area, {date: o.date} AS fields, [r IN ["
                  "CASE WHEN EXISTS { (p)-[:LET_BY]->(:Agency {id: $agency}) } THEN 'landlord' END,"
                  "CASE WHEN EXISTS { (o)-[:NOMINATED_BY]->(:Agency {id: $agency}) } THEN 'nominator' END,"
                  "CASE WHEN EXISTS { (p)-[:LET_BY]->(:Agency {id: $agency}) } OR"
                  " EXISTS { (o)-[:NOMINATED_BY]->(:Agency {id: $agency}) } THEN 'party' END] "
                  "WHERE r IS NOT NULL]" + _EXPLICIT,
    "marac_meeting": "UNWIND $ids AS id MATCH (o:MaracMeeting {id: id}) "
                     "RETURN o.id AS id, o.area AS area, {date: o.date} AS fields, [r IN ["
                     "CASE WHEN EXISTS { (o)-[:CHAIRED_BY]->(:User {id: $user}) } THEN 'chair' END,"
                     "CASE WHEN EXISTS { (o)-[:ATTENDED_BY]->(:Agency {id: $agency}) } THEN 'party' END] "
                     "WHERE r IS NOT NULL]" + _EXPLICIT,
    # Support objects hang off a case: its area, its party rule and its local roles (graph_model/support/facts.py).
    "support_plan": "UNWIND $ids AS id MATCH (o:SupportPlan {id: id}) " + VIA_CASE,
    "target_hardening": "UNWIND $ids AS id MATCH (o:TargetHardening {id: id}) " + VIA_CASE,
    "refuge_referral": "UNWIND $ids AS id MATCH (o:RefugeReferral {id: id}) " + VIA_CASE,
    "perpetrator_record": "UNWIND $ids AS id MATCH (o:PerpetratorRecord {id: id}) " + VIA_CASE,
    "perpetrator_programme": "UNWIND $ids AS id MATCH (o:PerpetratorReferral {id: id}) " + VIA_CASE,
}
FACTS.update(option_types.FACTS)  # housing options (graph_model/support/option_types.py)
OBJECT_TYPES = frozenset(FACTS)

# Local roles a user holds anywhere (granted links, chairing a meeting): lets a worklist skip a user who can
# hold none of the roles its states grant.
HELD_ANYWHERE: LiteralString = (
    "MATCH (u:User {id: $user}) RETURN [(u)-[l:LOCAL_ROLE]->() | l.role] + "
    "CASE WHEN EXISTS { (:MaracMeeting)-[:CHAIRED_BY]->(u) } THEN ['chair'] ELSE [] END AS roles")
AGENCY_AREA: LiteralString = "MATCH (a:Agency {id: $agency}) RETURN a.area AS area"


@dataclass(frozen=True)
class ObjectFacts:
    """What access and deadlines need to know of one object, for one user."""

    type: str
    id: str
    area: str | None
    local_roles: frozenset[str]
    fields: dict[str, Any] = field(default_factory=dict)


def facts(tx: ManagedTransaction, object_type: str, ids: list[str], user_id: str,
          agency_id: str | None) -> dict[str, ObjectFacts]:
    """Return the facts of each existing object (missing ids are absent from the result)."""
    found: dict[str, ObjectFacts] = {}
    for row in tx.run(FACTS[object_type], ids=ids, user=user_id, agency=agency_id):  # records, not .data(): faster
        values = {k: db.native(v) for k, v in (row["fields"] or {}).items()}
        found[row["id"]] = ObjectFacts(object_type, row["id"], row["area"], frozenset(row["roles"]), values)
    return found


def agency_area(tx: ManagedTransaction, agency_id: str | None) -> str | None:
    """Return the area of an agency (None: county-wide, or no agency)."""
    if agency_id is None:
        return None
    record = tx.run(AGENCY_AREA, agency=agency_id).single()
    return record["area"] if record else None


def roles_held_anywhere(tx: ManagedTransaction, user_id: str, agency_id: str | None) -> frozenset[str]:
    """Return the local roles a user could hold on some object: granted ones, chair, and, with an agency, the
    agency-derived ones."""
    record = tx.run(HELD_ANYWHERE, user=user_id).single()
    held = set(record["roles"]) if record else set()
    if agency_id is not None:
        held |= DERIVED_LOCAL_ROLES - {"chair"}
    return frozenset(held)
