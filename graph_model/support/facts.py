"""The access facts of support objects, which all hang off a case (`FOR_CASE`): the case's area, the user's
agency involvement in the case (`party`), and local roles held on the case or on the object itself."""

from __future__ import annotations

from typing import LiteralString

# Appended to "UNWIND $ids AS id MATCH (o:Label {id: id}) " in graph_model/workflow/objects.py FACTS; the party
# rule is the case's own (a referral from or to the agency, a MARAC listing, an assessment, a colleague's role).
VIA_CASE: LiteralString = (
    "MATCH (o)-[:FOR_CASE]->(c:Case) "
    "RETURN o.id AS id, c.area AS area, {status: o.status} AS fields, [r IN ["
    "CASE WHEN $agency IS NOT NULL AND ("
    " EXISTS { (c)<-[:REFERS]-(:Referral)-[:FROM_AGENCY|TO_AGENCY]->(:Agency {id: $agency}) } OR"
    " EXISTS { (c)<-[:MARAC_FOR]-(:MaracCase)-[:REFERRED_BY]->(:Agency {id: $agency}) } OR"
    " EXISTS { (c)<-[:MARAC_FOR]-(:MaracCase)-[:LISTED_AT]->(:MaracMeeting)-[:ATTENDED_BY]->"
    "(:Agency {id: $agency}) } OR"
    " EXISTS { (c)<-[:ASSESSES]-(:RiskAssessment)-[:ASSESSED_BY]->(:User)-[:MEMBER_OF]->(:Agency {id: $agency}) } OR"
    " EXISTS { (c)<-[:LOCAL_ROLE]-(:User)-[:MEMBER_OF]->(:Agency {id: $agency}) }) THEN 'party' END] "
    "WHERE r IS NOT NULL] + [(c)<-[l:LOCAL_ROLE]-(:User {id: $user}) | l.role] "
    "+ [(o)<-[l:LOCAL_ROLE]-(:User {id: $user}) | l.role] AS roles")
