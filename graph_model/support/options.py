"""The housing options a case's workers run: emergency transfers, managed reciprocal moves, joint tenancy
changes and rehousing the perpetrator (each a `:HousingOption` with its own label, `FOR_CASE` its case)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db

# Every option: id, kind (its object type), status, the case's area, who asked and when; FROM_TENANCY the home
# it starts from (the victim's, or for rehousing the perpetrator's).
CREATE_TRANSFER: LiteralString = (
    "MATCH (c:Case {id: $case}), (t:Tenancy {id: $tenancy}) "
    "CREATE (o:HousingOption:EmergencyTransfer {id: $id, kind: 'emergency_transfer', status: 'requested', "
    "area: c.area, requested_on: $on, by: $by, at: $at, reason: $reason, tenure: $tenure}) "
    "CREATE (o)-[:FOR_CASE]->(c) CREATE (o)-[:FROM_TENANCY]->(t)")
CREATE_RECIPROCAL: LiteralString = (
    "MATCH (c:Case {id: $case}), (t:Tenancy {id: $tenancy}), (l:Agency {id: $receiving}) "
    "CREATE (o:HousingOption:ReciprocalMove {id: $id, kind: 'reciprocal_move', status: 'drafted', area: c.area, "
    "requested_on: $on, by: $by, at: $at, tenure: $tenure, adults: $adults, children: $children, "
    "bedrooms: $bedrooms, needs: $needs, areas_to_avoid: $avoid}) "
    "CREATE (o)-[:FOR_CASE]->(c) CREATE (o)-[:FROM_TENANCY]->(t) CREATE (o)-[:TO_LANDLORD]->(l)")
CREATE_CHANGE: LiteralString = (
    "MATCH (c:Case {id: $case}), (t:Tenancy {id: $tenancy}), (x:Tenancy {id: $other}) "
    "CREATE (o:HousingOption:TenancyChange {id: $id, kind: 'tenancy_change', status: 'requested', area: c.area, "
    "requested_on: $on, by: $by, at: $at, tenure: $tenure, reason: $reason}) "
    "CREATE (o)-[:FOR_CASE]->(c) CREATE (o)-[:FROM_TENANCY]->(t) CREATE (o)-[:PERPETRATOR_TENANCY]->(x)")
CREATE_REHOUSING: LiteralString = (
    "MATCH (c:Case {id: $case}), (t:Tenancy {id: $tenancy})-[:TENANT]->(p:Person) "
    "CREATE (o:HousingOption:PerpetratorRehousing {id: $id, kind: 'perpetrator_rehousing', status: 'requested', "
    "area: c.area, requested_on: $on, by: $by, at: $at, reason: $reason, victim_wishes_to_remain: true}) "
    "CREATE (o)-[:FOR_CASE]->(c) CREATE (o)-[:FROM_TENANCY]->(t) CREATE (o)-[:REHOUSES]->(p)")
OPTION: LiteralString = (
    "MATCH (o:HousingOption {id: $id})-[:FOR_CASE]->(c:Case) "
    "OPTIONAL MATCH (o)-[:FROM_TENANCY]->(t:Tenancy)-[:TENANT]->(p:Person) "
    "RETURN o {.*} AS o, c.id AS case, t.id AS tenancy, p.id AS tenant, "
    "[(o)-[:PROPOSED]->(h) | h.id][0] AS proposed, [(o)-[:TO_LANDLORD]->(l) | l.id][0] AS receiving, "
    "[(o)-[:PERPETRATOR_TENANCY]->(x) | x.id][0] AS perpetrator_tenancy, "
    "[(o)-[:ON_ORDER]->(k) | k.id][0] AS order, [(o)-[:NEW_TENANCY]->(n) | n.id] AS new_tenancies")
PROPOSE: LiteralString = (
    "MATCH (o:HousingOption {id: $id}) OPTIONAL MATCH (o)-[old:PROPOSED]->() DELETE old "
    "WITH DISTINCT o MATCH (h:Property {id: $property}) CREATE (o)-[:PROPOSED]->(h) "
    "SET o.proposed_tenure = $tenure, o.screening = $screening")
# Only names the code fixes (never a user's key) reach `$fields`.
RECORD: LiteralString = "MATCH (o:HousingOption {id: $id}) SET o += $fields"
ON_ORDER: LiteralString = (
    "MATCH (o:HousingOption {id: $id}), (k:CourtOrder {id: $order}) OPTIONAL MATCH (o)-[old:ON_ORDER]->() "
    "DELETE old CREATE (o)-[:ON_ORDER]->(k)")
# Words that would identify the people of a case or where the victim lives (kept out of a reciprocal referral).
IDENTIFIERS: LiteralString = (
    "MATCH (c:Case {id: $case})<-[:VICTIM_IN|CHILD_IN|PERPETRATOR_IN]-(p:Person) "
    "WITH c, collect(p) AS people "
    "OPTIONAL MATCH (:Tenancy {id: $tenancy})-[:OF_PROPERTY]->(h:Property) "
    "RETURN [p IN people | p.id] + [p IN people WHERE p.given_name IS NOT NULL | p.given_name] "
    "+ [p IN people WHERE p.family_name IS NOT NULL | p.family_name] "
    "+ [x IN [h.id, h.address, h.postcode] WHERE x IS NOT NULL] AS words")
AGENCY_NAMES: LiteralString = "MATCH (a:Agency) WHERE a.id IN $ids RETURN a.id AS id, a.name AS name"
USER_AGENCY: LiteralString = (
    "MATCH (u:User {username: $username}) OPTIONAL MATCH (u)-[:MEMBER_OF]->(a:Agency) RETURN a.name AS name")
# Counts by workflow and state: never an id, a case or a home.
OVERVIEW: LiteralString = (
    "MATCH (s:WorkflowStatus) WHERE s.workflow IN $workflows "
    "RETURN s.workflow AS workflow, s.state AS state, count(*) AS n ORDER BY workflow, state")


def create_transfer(tx: ManagedTransaction, option_id: str, case_id: str, tenancy_id: str, reason: str,
                    tenure: str, on: date, by: str, at: datetime) -> None:
    """Create an emergency transfer request from the victim's tenancy."""
    tx.run(CREATE_TRANSFER, id=option_id, case=case_id, tenancy=tenancy_id, reason=reason, tenure=tenure, on=on,
           by=by, at=at).consume()


def create_reciprocal(tx: ManagedTransaction, option_id: str, case_id: str, tenancy_id: str, receiving: str,
                      household: dict[str, Any], on: date, by: str, at: datetime) -> None:
    """Create a managed reciprocal move to a receiving landlord (household: tenure, adults, children, bedrooms,
    needs, avoid)."""
    tx.run(CREATE_RECIPROCAL, id=option_id, case=case_id, tenancy=tenancy_id, receiving=receiving, on=on, by=by,
           at=at, **household).consume()


def create_change(tx: ManagedTransaction, option_id: str, case_id: str, tenancy_id: str, other_id: str,
                  tenure: str, reason: str, on: date, by: str, at: datetime) -> None:
    """Create a joint tenancy change: the victim's tenancy and the perpetrator's of the same home."""
    tx.run(CREATE_CHANGE, id=option_id, case=case_id, tenancy=tenancy_id, other=other_id, tenure=tenure,
           reason=reason, on=on, by=by, at=at).consume()


def create_rehousing(tx: ManagedTransaction, option_id: str, case_id: str, tenancy_id: str, reason: str, on: date,
                     by: str, at: datetime) -> None:
    """Create a request to rehouse the perpetrator away from the family home (their tenancy there)."""
    tx.run(CREATE_REHOUSING, id=option_id, case=case_id, tenancy=tenancy_id, reason=reason, on=on, by=by,
           at=at).consume()


def option(tx: ManagedTransaction, option_id: str) -> dict[str, Any] | None:
    """Return a housing option's fields and the ids it links to, or None."""
    row = tx.run(OPTION, id=option_id).single()
    if row is None:
        return None
    found = {k: db.native(v) for k, v in row.data().items() if k != "o"}
    return {**{k: db.native(v) for k, v in row["o"].items()}, **found}


def propose(tx: ManagedTransaction, option_id: str, property_id: str, tenure: str | None,
            screening: str | None) -> None:
    """Record the home proposed (and the tenure offered, the screening that checked it); replaces any earlier."""
    tx.run(PROPOSE, id=option_id, property=property_id, tenure=tenure, screening=screening).consume()


def record(tx: ManagedTransaction, option_id: str, fields: dict[str, Any]) -> None:
    """Set fields of an option that the service functions own (legal basis, effective day)."""
    tx.run(RECORD, id=option_id, fields=fields).consume()


def link_order(tx: ManagedTransaction, option_id: str, order_id: str) -> None:
    """Link the court order a tenancy change rests on."""
    tx.run(ON_ORDER, id=option_id, order=order_id).consume()


def identifiers(tx: ManagedTransaction, case_id: str, tenancy_id: str) -> list[str]:
    """Return the ids and names of the case's people and the id, address and postcode of the victim's home."""
    row = tx.run(IDENTIFIERS, case=case_id, tenancy=tenancy_id).single()
    return [str(w) for w in (row["words"] if row else []) if str(w).strip()]


def agency_names(tx: ManagedTransaction, ids: list[str]) -> dict[str, str]:
    """Return {agency id: name}."""
    return {r["id"]: r["name"] for r in db.rows(tx, AGENCY_NAMES, ids=ids)}


def user_agency(tx: ManagedTransaction, username: str) -> str | None:
    """Return the name of a user's agency."""
    row = tx.run(USER_AGENCY, username=username).single()
    return row["name"] if row else None


def overview(tx: ManagedTransaction, workflows: list[str]) -> list[tuple[str, str, int]]:
    """Return (workflow, state, how many) for the workflows named."""
    return [(r["workflow"], r["state"], int(r["n"])) for r in db.rows(tx, OVERVIEW, workflows=workflows)]
