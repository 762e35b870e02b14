"""The screening's graph questions, applicant first: the people an applicant must be kept away from (and the
people personally connected to them) are few, so the distances from their homes are computed directly.
Starting from the property instead (the point index: everyone living within the radius) reads hundreds of
homes per screening; docs/screening.md compares the two."""

from __future__ import annotations

from typing import LiteralString

_OPEN_TENANCY: LiteralString = "t.start <= $on AND (t.end IS NULL OR t.end > $on)"
_ACTIVE_ORDER: LiteralString = "o.start <= $on AND (o.end IS NULL OR o.end >= $on)"
_WHERE: LiteralString = (
    "q.id AS at_property, point.distance(q.location, $point) AS distance, "
    "(q.building IS NOT NULL AND q.building = $building) AS same_building")

# The property and whether the applicant exists, in one round trip.
TARGET: LiteralString = (
    "OPTIONAL MATCH (h:Property {id: $property}) OPTIONAL MATCH (a:Person {id: $applicant}) "
    "RETURN h IS NOT NULL AS found, a IS NOT NULL AS applicant, h.location AS point, h.building AS building, "
    "h.area AS area")
NOMINATION: LiteralString = (
    "MATCH (n:Nomination {id: $id})-[:APPLICANT]->(a:Person), (n)-[:FOR_PROPERTY]->(h:Property) "
    "RETURN a.id AS applicant, h.id AS property, n.date AS on")

# Everyone the applicant must be kept away from (victims and children of their cases, people protected by
# orders against them), the exclusion zones of those orders, and, the other way round, the perpetrators of
# the applicant's own cases; each with the distance from their current home to the property.
LINKS: LiteralString = (
    "MATCH (a:Person {id: $applicant}) CALL (a) {"
    " MATCH (a)-[:PERPETRATOR_IN]->(c:Case)<-[r:VICTIM_IN|CHILD_IN]-(v:Person) WHERE v <> a"
    " OPTIONAL MATCH (c)-[:WORKFLOW_STATUS]->(s:WorkflowStatus {workflow: 'da_case'})"
    " MATCH (v)<-[:TENANT]-(t:Tenancy)-[:OF_PROPERTY]->(q:Property) WHERE " + _OPEN_TENANCY +
    " RETURN 'perpetrator' AS side, CASE type(r) WHEN 'VICTIM_IN' THEN 'victim' ELSE 'child' END AS role,"
    " v AS person, c.id AS case, coalesce(c.counter_allegation, false) AS counter, s.state AS case_state,"
    " s.entered_at AS state_since, null AS order, null AS radius, " + _WHERE +
    " UNION ALL"
    " MATCH (o:CourtOrder)-[:RESPONDENT]->(a) WHERE $orders AND " + _ACTIVE_ORDER +
    " MATCH (o)-[:PROTECTS]->(v:Person)<-[:TENANT]-(t:Tenancy)-[:OF_PROPERTY]->(q:Property) WHERE " + _OPEN_TENANCY +
    " RETURN 'perpetrator' AS side, 'protected' AS role, v AS person, null AS case, false AS counter,"
    " null AS case_state, null AS state_since, o.id AS order, null AS radius, " + _WHERE +
    " UNION ALL"
    " MATCH (o:CourtOrder)-[:RESPONDENT]->(a) WHERE " + _ACTIVE_ORDER +
    " MATCH (o)-[:EXCLUSION_AROUND]->(q:Property)"
    " RETURN 'exclusion' AS side, 'zone' AS role, null AS person, null AS case, false AS counter,"
    " null AS case_state, null AS state_since, o.id AS order, o.exclusion_radius_m AS radius, " + _WHERE +
    " UNION ALL"
    " MATCH (a)-[:VICTIM_IN]->(c:Case)<-[:PERPETRATOR_IN]-(v:Person) WHERE v <> a"
    " OPTIONAL MATCH (c)-[:WORKFLOW_STATUS]->(s:WorkflowStatus {workflow: 'da_case'})"
    " MATCH (v)<-[:TENANT]-(t:Tenancy)-[:OF_PROPERTY]->(q:Property) WHERE " + _OPEN_TENANCY +
    " RETURN 'victim' AS side, 'perpetrator' AS role, v AS person, c.id AS case,"
    " coalesce(c.counter_allegation, false) AS counter, s.state AS case_state, s.entered_at AS state_since,"
    " null AS order, null AS radius, " + _WHERE + " } "
    "RETURN side, role, person.id AS person_id, trim(coalesce(person.given_name, '') + ' ' + "
    "coalesce(person.family_name, '')) AS person_name, case, counter, case_state, state_since, order, radius, "
    "at_property, distance, same_building")

# People personally connected to the applicant who are perpetrators in a case whose victim or child lives
# within the inner radius: the connected-person rule, from the (few) connected people outward.
CONNECTED_LINKS: LiteralString = (
    "UNWIND $people AS pid MATCH (p:Person {id: pid})-[:PERPETRATOR_IN]->(c:Case)<-[r:VICTIM_IN|CHILD_IN]-(v:Person) "
    "WHERE v.id <> $applicant "
    "MATCH (v)<-[:TENANT]-(t:Tenancy)-[:OF_PROPERTY]->(q:Property) WHERE " + _OPEN_TENANCY + " "
    "AND point.distance(q.location, $point) <= $inner "
    "OPTIONAL MATCH (c)-[:WORKFLOW_STATUS]->(s:WorkflowStatus {workflow: 'da_case'}) "
    "RETURN DISTINCT p.id AS perpetrator, v.id AS person_id, "
    "trim(coalesce(v.given_name, '') + ' ' + coalesce(v.family_name, '')) AS person_name, "
    "CASE type(r) WHEN 'VICTIM_IN' THEN 'victim' ELSE 'child' END AS role, c.id AS case, "
    "coalesce(c.counter_allegation, false) AS counter, s.state AS case_state, s.entered_at AS state_since, "
    "q.id AS at_property, point.distance(q.location, $point) AS distance")
# The spatial form of the same rule (everyone living within the inner radius, by the point index), kept for
# the benchmark that compares the two: it reads hundreds of homes where the applicant-first form reads a few.
NEARBY_PERPETRATORS: LiteralString = (
    "MATCH (q:Property) WHERE point.distance(q.location, $point) <= $inner "
    "MATCH (q)<-[:OF_PROPERTY]-(t:Tenancy)-[:TENANT]->(v:Person) WHERE " + _OPEN_TENANCY + " "
    "MATCH (v)-[r:VICTIM_IN|CHILD_IN]->(c:Case)<-[:PERPETRATOR_IN]-(p:Person) WHERE p.id <> $applicant "
    "RETURN DISTINCT p.id AS perpetrator, v.id AS person_id, q.id AS at_property, "
    "point.distance(q.location, $point) AS distance")

STORE: LiteralString = (
    "CREATE (s:Screening {id: $id, at: $at, on: $on, outcome: $outcome, reasons: $reasons, "
    "policy_version: $policy, applicant: $applicant, property: $property, by: $by, detail: $detail}) "
    "WITH s OPTIONAL MATCH (n:Nomination {id: $nomination}) "
    "FOREACH (_ IN CASE WHEN n IS NULL THEN [] ELSE [1] END | CREATE (s)-[:SCREENS]->(n))")
READ: LiteralString = (
    "MATCH (s:Screening {id: $id}) RETURN s {.*, nomination: [(s)-[:SCREENS]->(n) | n.id][0]} AS s")
# A DA lead sees a screening's detail in their own area only (workflows/role_scopes.yaml: da_lead is area-scoped).
DETAIL_AREAS: LiteralString = (
    "OPTIONAL MATCH (p:Property {id: $property}) OPTIONAL MATCH (a:Agency {id: $agency}) "
    "RETURN p.area AS property_area, a.area AS agency_area")
LATEST: LiteralString = (
    "MATCH (:Nomination {id: $id})<-[:SCREENS]-(s:Screening) RETURN s {.*} AS s ORDER BY s.at DESC LIMIT 1")
PENDING: LiteralString = (
    "MATCH (n:Nomination) WHERE NOT EXISTS { (n)-[:WORKFLOW_STATUS]->(:WorkflowStatus {workflow: 'nomination'}) } "
    "OR EXISTS { (n)-[:WORKFLOW_STATUS]->(:WorkflowStatus {workflow: 'nomination', state: 'received'}) } "
    "RETURN n.id AS id ORDER BY n.date, n.id")
# The naive method, for the benchmark only: every open tenancy, distances computed in Python.
ALL_OPEN_TENANCIES: LiteralString = (
    "MATCH (t:Tenancy)-[:OF_PROPERTY]->(q:Property) WHERE " + _OPEN_TENANCY + " "
    "MATCH (t)-[:TENANT]->(v:Person) RETURN v.id AS person, q.location.latitude AS lat, "
    "q.location.longitude AS lon, q.building AS building")
