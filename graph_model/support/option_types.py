"""The four housing option object types (emergency transfer, managed reciprocal move, joint tenancy change,
rehousing the perpetrator) as the workflow machinery sees them: access facts, status links, enrolment, the
fields hooks may set and the case each belongs to. The shared per-type tables (graph_model/workflow/) take these
in with one `update` line each.

Every option is a `:HousingOption` node with its own label, hanging off its case (`FOR_CASE`). Access facts are
the case's (area, `party`, local roles on the case or the object) plus two derived local roles:
- `landlord`: the user's agency lets the home the option starts from (`FROM_TENANCY`'s property): the landlord's
  housing management decides transfers and tenancy changes;
- `receiving`: the user's agency is the receiving landlord of a reciprocal move (`TO_LANDLORD`).
Both also make the agency `party` to the option (never to the case).
"""

from __future__ import annotations

from typing import LiteralString

# The case's party rule (as graph_model/support/facts.py), the landlord and receiving roles.
_OPTION_FACTS: LiteralString = (
    "MATCH (o)-[:FOR_CASE]->(c:Case) "
    "WITH o, c, $agency IS NOT NULL AND EXISTS { (o)-[:FROM_TENANCY]->(:Tenancy)-[:OF_PROPERTY]->(:Property)"
    "-[:LET_BY]->(:Agency {id: $agency}) } AS landlord, "
    "$agency IS NOT NULL AND EXISTS { (o)-[:TO_LANDLORD]->(:Agency {id: $agency}) } AS receiving "
    "RETURN o.id AS id, c.area AS area, {status: o.status} AS fields, [r IN ["
    "CASE WHEN landlord THEN 'landlord' END, CASE WHEN receiving THEN 'receiving' END, "
    "CASE WHEN landlord OR receiving OR ($agency IS NOT NULL AND ("
    " EXISTS { (c)<-[:REFERS]-(:Referral)-[:FROM_AGENCY|TO_AGENCY]->(:Agency {id: $agency}) } OR"
    " EXISTS { (c)<-[:MARAC_FOR]-(:MaracCase)-[:REFERRED_BY]->(:Agency {id: $agency}) } OR"
    " EXISTS { (c)<-[:MARAC_FOR]-(:MaracCase)-[:LISTED_AT]->(:MaracMeeting)-[:ATTENDED_BY]->"
    "(:Agency {id: $agency}) } OR"
    " EXISTS { (c)<-[:ASSESSES]-(:RiskAssessment)-[:ASSESSED_BY]->(:User)-[:MEMBER_OF]->(:Agency {id: $agency}) } OR"
    " EXISTS { (c)<-[:LOCAL_ROLE]-(:User)-[:MEMBER_OF]->(:Agency {id: $agency}) })) THEN 'party' END] "
    "WHERE r IS NOT NULL] + [(c)<-[l:LOCAL_ROLE]-(:User {id: $user}) | l.role] "
    "+ [(o)<-[l:LOCAL_ROLE]-(:User {id: $user}) | l.role] AS roles")

# Object type -> node label (each node also carries :HousingOption and `kind` = the type).
LABELS = {"emergency_transfer": "EmergencyTransfer", "reciprocal_move": "ReciprocalMove",
          "tenancy_change": "TenancyChange", "perpetrator_rehousing": "PerpetratorRehousing"}

FACTS: dict[str, LiteralString] = {
    "emergency_transfer": "UNWIND $ids AS id MATCH (o:EmergencyTransfer {id: id}) " + _OPTION_FACTS,
    "reciprocal_move": "UNWIND $ids AS id MATCH (o:ReciprocalMove {id: id}) " + _OPTION_FACTS,
    "tenancy_change": "UNWIND $ids AS id MATCH (o:TenancyChange {id: id}) " + _OPTION_FACTS,
    "perpetrator_rehousing": "UNWIND $ids AS id MATCH (o:PerpetratorRehousing {id: id}) " + _OPTION_FACTS,
}
LINK_MANY: dict[str, LiteralString] = {
    "emergency_transfer": "UNWIND $rows AS r MATCH (o:EmergencyTransfer {id: r.id}), (s:WorkflowStatus {key: r.key}) "
                          "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "reciprocal_move": "UNWIND $rows AS r MATCH (o:ReciprocalMove {id: r.id}), (s:WorkflowStatus {key: r.key}) "
                       "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "tenancy_change": "UNWIND $rows AS r MATCH (o:TenancyChange {id: r.id}), (s:WorkflowStatus {key: r.key}) "
                      "CREATE (o)-[:WORKFLOW_STATUS]->(s)",
    "perpetrator_rehousing": "UNWIND $rows AS r MATCH (o:PerpetratorRehousing {id: r.id}), "
                             "(s:WorkflowStatus {key: r.key}) CREATE (o)-[:WORKFLOW_STATUS]->(s)",
}
UNENROLLED: dict[str, LiteralString] = {
    "emergency_transfer": "MATCH (o:EmergencyTransfer) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                          "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, null AS value ORDER BY o.id "
                          "LIMIT $limit",
    "reciprocal_move": "MATCH (o:ReciprocalMove) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                       "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, null AS value ORDER BY o.id "
                       "LIMIT $limit",
    "tenancy_change": "MATCH (o:TenancyChange) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                      "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, null AS value ORDER BY o.id "
                      "LIMIT $limit",
    "perpetrator_rehousing": "MATCH (o:PerpetratorRehousing) WHERE NOT EXISTS { (o)-[:WORKFLOW_STATUS]->"
                             "(:WorkflowStatus {workflow: $workflow}) } RETURN o.id AS id, null AS value "
                             "ORDER BY o.id LIMIT $limit",
}
# The workflow keeps `status` in step; `band` (priority) and `temporary` (accommodation meanwhile) are set by
# the transfer's transitions.
SET_FIELDS: dict[str, LiteralString] = {
    "emergency_transfer": "MATCH (o:EmergencyTransfer {id: $id}) SET o.status = coalesce($f.status, o.status), "
                          "o.band = coalesce($f.band, o.band), o.temporary = coalesce($f.temporary, o.temporary)",
    "reciprocal_move": "MATCH (o:ReciprocalMove {id: $id}) SET o.status = coalesce($f.status, o.status)",
    "tenancy_change": "MATCH (o:TenancyChange {id: $id}) SET o.status = coalesce($f.status, o.status)",
    "perpetrator_rehousing": "MATCH (o:PerpetratorRehousing {id: $id}) SET o.status = coalesce($f.status, o.status)",
}
SETTABLE = {"emergency_transfer": frozenset({"status", "band", "temporary"}),
            "reciprocal_move": frozenset({"status"}), "tenancy_change": frozenset({"status"}),
            "perpetrator_rehousing": frozenset({"status"})}
CASE_OF: dict[str, LiteralString] = {
    "emergency_transfer": "MATCH (:EmergencyTransfer {id: $id})-[:FOR_CASE]->(c:Case) RETURN c.id AS case",
    "reciprocal_move": "MATCH (:ReciprocalMove {id: $id})-[:FOR_CASE]->(c:Case) RETURN c.id AS case",
    "tenancy_change": "MATCH (:TenancyChange {id: $id})-[:FOR_CASE]->(c:Case) RETURN c.id AS case",
    "perpetrator_rehousing": "MATCH (:PerpetratorRehousing {id: $id})-[:FOR_CASE]->(c:Case) RETURN c.id AS case",
}
# One lookup by id across the four labels (a uniqueness constraint in graph_model/schema.py backs it).
SCHEMA: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT housing_option_id IF NOT EXISTS FOR (o:HousingOption) REQUIRE o.id IS UNIQUE",
)
