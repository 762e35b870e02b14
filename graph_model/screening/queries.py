"""The screening's graph questions, applicant first: the people an applicant must be kept away from (and the
people personally connected to them) are few, so the distances from their homes are computed directly.
Starting from the property instead (the point index: everyone living within the radius) reads hundreds of
homes per screening; docs/screening.md compares the two."""

from __future__ import annotations

from typing import LiteralString

_OPEN_TENANCY: LiteralString = "t.start <= $on AND (t.end IS NULL OR t.end > $on)"
# The same conditions for one row of a batch (`row`: key, applicant, on, point, building, orders, inner, ...).
_OPEN_ON_ROW: LiteralString = "t.start <= row.on AND (t.end IS NULL OR t.end > row.on)"
_ACTIVE_ON_ROW: LiteralString = "o.start <= row.on AND (o.end IS NULL OR o.end >= row.on)"
_WHERE: LiteralString = (
    "q.id AS at_property, point.distance(q.location, row.point) AS distance, "
    "(q.building IS NOT NULL AND q.building = row.building) AS same_building")

# The properties and whether the applicants exist, for a batch in one round trip (rows: key, applicant,
# property).
TARGETS: LiteralString = (
    "UNWIND $rows AS row OPTIONAL MATCH (h:Property {id: row.property}) "
    "OPTIONAL MATCH (a:Person {id: row.applicant}) "
    "RETURN row.key AS key, h IS NOT NULL AS found, a IS NOT NULL AS applicant, h.location AS point, "
    "h.building AS building, h.area AS area")
NOMINATIONS: LiteralString = (
    "UNWIND $ids AS id MATCH (n:Nomination {id: id})-[:APPLICANT]->(a:Person), (n)-[:FOR_PROPERTY]->(h:Property) "
    "RETURN n.id AS id, a.id AS applicant, h.id AS property, n.date AS on")

# For each row of a batch: everyone the applicant must be kept away from (victims and children of their cases,
# people protected by orders against them), the exclusion zones of those orders, and, the other way round, the
# perpetrators of the applicant's own cases; each with the distance from their current home to the property.
# One screening is a batch of one.
LINKS: LiteralString = (
    "UNWIND $rows AS row MATCH (a:Person {id: row.applicant}) CALL (a, row) {"
    " MATCH (a)-[:PERPETRATOR_IN]->(c:Case)<-[r:VICTIM_IN|CHILD_IN]-(v:Person) WHERE v <> a"
    " OPTIONAL MATCH (c)-[:WORKFLOW_STATUS]->(s:WorkflowStatus {workflow: 'da_case'})"
    " MATCH (v)<-[:TENANT]-(t:Tenancy)-[:OF_PROPERTY]->(q:Property) WHERE " + _OPEN_ON_ROW +
    " RETURN 'perpetrator' AS side, CASE type(r) WHEN 'VICTIM_IN' THEN 'victim' ELSE 'child' END AS role,"
    " v AS person, c.id AS case, coalesce(c.counter_allegation, false) AS counter, s.state AS case_state,"
    " s.entered_at AS state_since, null AS order, null AS radius, " + _WHERE +
    " UNION ALL"
    " MATCH (o:CourtOrder)-[:RESPONDENT]->(a) WHERE row.orders AND " + _ACTIVE_ON_ROW +
    " MATCH (o)-[:PROTECTS]->(v:Person)<-[:TENANT]-(t:Tenancy)-[:OF_PROPERTY]->(q:Property) WHERE " + _OPEN_ON_ROW +
    " RETURN 'perpetrator' AS side, 'protected' AS role, v AS person, null AS case, false AS counter,"
    " null AS case_state, null AS state_since, o.id AS order, null AS radius, " + _WHERE +
    " UNION ALL"
    " MATCH (o:CourtOrder)-[:RESPONDENT]->(a) WHERE " + _ACTIVE_ON_ROW +
    " MATCH (o)-[:EXCLUSION_AROUND]->(q:Property)"
    " RETURN 'exclusion' AS side, 'zone' AS role, null AS person, null AS case, false AS counter,"
    " null AS case_state, null AS state_since, o.id AS order, o.exclusion_radius_m AS radius, " + _WHERE +
    " UNION ALL"
    " MATCH (a)-[:VICTIM_IN]->(c:Case)<-[:PERPETRATOR_IN]-(v:Person) WHERE v <> a"
    " OPTIONAL MATCH (c)-[:WORKFLOW_STATUS]->(s:WorkflowStatus {workflow: 'da_case'})"
    " MATCH (v)<-[:TENANT]-(t:Tenancy)-[:OF_PROPERTY]->(q:Property) WHERE " + _OPEN_ON_ROW +
    " RETURN 'victim' AS side, 'perpetrator' AS role, v AS person, c.id AS case,"
    " coalesce(c.counter_allegation, false) AS counter, s.state AS case_state, s.entered_at AS state_since,"
    " null AS order, null AS radius, " + _WHERE + " } "
    "RETURN row.key AS key, side, role, person.id AS person_id, trim(coalesce(person.given_name, '') + ' ' + "
    "coalesce(person.family_name, '')) AS person_name, case, counter, case_state, state_since, order, radius, "
    "at_property, distance, same_building")

# The connected-person rule for each row of a batch: from the people who could be personally connected to the
# applicant (`row.people`, a few dozen; the statute's grounds are judged afterwards, for the few found) outward to
# the victims and children of their cases living within the inner radius. Starting from the homes within the
# radius by the point index instead reads 25 times as much at county density (docs/screening.md, "Query plans");
# given both starts, the planner picks this one too.
CONNECTED_LINKS: LiteralString = (
    "UNWIND $rows AS row UNWIND row.people AS pid "
    "MATCH (p:Person {id: pid})-[:PERPETRATOR_IN]->(c:Case)<-[r:VICTIM_IN|CHILD_IN]-(v:Person) "
    "WHERE v.id <> row.applicant "
    "MATCH (v)<-[:TENANT]-(t:Tenancy)-[:OF_PROPERTY]->(q:Property) WHERE " + _OPEN_ON_ROW + " "
    "AND point.distance(q.location, row.point) <= row.inner "
    "OPTIONAL MATCH (c)-[:WORKFLOW_STATUS]->(s:WorkflowStatus {workflow: 'da_case'}) "
    "RETURN DISTINCT row.key AS key, p.id AS perpetrator, v.id AS person_id, "
    "trim(coalesce(v.given_name, '') + ' ' + coalesce(v.family_name, '')) AS person_name, "
    "CASE type(r) WHEN 'VICTIM_IN' THEN 'victim' ELSE 'child' END AS role, c.id AS case, "
    "coalesce(c.counter_allegation, false) AS counter, s.state AS case_state, s.entered_at AS state_since, "
    "q.id AS at_property, point.distance(q.location, row.point) AS distance")
# The spatial form of the same rule (everyone living within the inner radius, by the point index), kept for
# the benchmark that compares the two: it reads hundreds of homes where the applicant-first form reads a few.
NEARBY_PERPETRATORS: LiteralString = (
    "MATCH (q:Property) WHERE point.distance(q.location, $point) <= $inner "
    "MATCH (q)<-[:OF_PROPERTY]-(t:Tenancy)-[:TENANT]->(v:Person) WHERE " + _OPEN_TENANCY + " "
    "MATCH (v)-[r:VICTIM_IN|CHILD_IN]->(c:Case)<-[:PERPETRATOR_IN]-(p:Person) WHERE p.id <> $applicant "
    "RETURN DISTINCT p.id AS perpetrator, v.id AS person_id, q.id AS at_property, "
    "point.distance(q.location, $point) AS distance")

# Store a batch of results (rows: id, on, outcome, reasons, policy, applicant, property, nomination, detail).
STORE: LiteralString = (
    "UNWIND $rows AS r CREATE (s:Screening {id: r.id, at: $at, on: r.on, outcome: r.outcome, reasons: r.reasons, "
    "policy_version: r.policy, applicant: r.applicant, property: r.property, by: $by, detail: r.detail}) "
    "WITH s, r OPTIONAL MATCH (n:Nomination {id: r.nomination}) "
    "FOREACH (_ IN CASE WHEN n IS NULL THEN [] ELSE [1] END | CREATE (s)-[:SCREENS]->(n))")
READ: LiteralString = (
    "MATCH (s:Screening {id: $id}) RETURN s {.*, nomination: [(s)-[:SCREENS]->(n) | n.id][0]} AS s")
# A DA lead sees a screening's detail in their own area only (workflows/role_scopes.yaml: da_lead is area-scoped).
AGENCY_AREA: LiteralString = "MATCH (a:Agency {id: $agency}) RETURN a.area AS area"
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
