"""A person's neighbourhood to N hops: people and cases, typed links, and each person's roles in cases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import audit, db, permissions, text
from graph_model.errors import InvalidInput, UnknownPerson
from graph_model.users import Actor

MAX_HOPS = 3
START: LiteralString = "MATCH (p:Person {id: $id}) RETURN elementId(p) AS eid"
# One breadth-first hop over people and cases (elementIds, so people and cases never collide on `id`).
HOP: LiteralString = (
    "UNWIND $frontier AS eid MATCH (n) WHERE elementId(n) = eid "
    "MATCH (n)-[r:MARRIED|CIVIL_PARTNERS|AGREED_TO_MARRY|CIVIL_PARTNERSHIP_AGREEMENT|INTIMATE_RELATIONSHIP|"
    "COHABITING|PARENT_OF|PARENTAL_RESPONSIBILITY_FOR|RELATIVE_OF|VICTIM_IN|PERPETRATOR_IN|CHILD_IN]-(m) "
    "RETURN elementId(startNode(r)) AS source, elementId(endNode(r)) AS target, type(r) AS type, "
    "r.start AS start, r.end AS end, elementId(m) AS other"
)
NODES: LiteralString = (
    "UNWIND $eids AS eid MATCH (n) WHERE elementId(n) = eid "
    "RETURN eid, labels(n)[0] AS label, n.id AS id, "
    "trim(coalesce(n.given_name, '') + ' ' + coalesce(n.family_name, '')) AS name, n.date_of_birth AS born, "
    "n.area AS area, n.opened AS opened, "
    "CASE WHEN n:Person THEN [(n)-[x:VICTIM_IN|PERPETRATOR_IN|CHILD_IN]->(c:Case) | {role: type(x), case: c.id}] "
    "ELSE [] END AS roles"
)


@dataclass(frozen=True)
class EgoNode:
    """A person or case in the neighbourhood, with its distance from the centre and (people) case roles."""

    id: str
    label: str
    name: str
    hops: int
    roles: tuple[tuple[str, str], ...]
    detail: dict[str, Any]


@dataclass(frozen=True)
class EgoLink:
    """A typed link between two nodes of the neighbourhood (ids of the nodes' records)."""

    type: str
    source: str
    target: str
    start: str | None
    end: str | None


@dataclass(frozen=True)
class EgoNetwork:
    """A person's neighbourhood to `hops` links."""

    centre: str
    hops: int
    nodes: tuple[EgoNode, ...]
    links: tuple[EgoLink, ...]


def ego_network(actor: Actor, person_id: str, hops: int = 2, max_nodes: int = 5000,
                purpose: str | None = None) -> EgoNetwork:
    """Return the people and cases within `hops` typed links of a person, with roles in cases (audited)."""
    text.check_id("the person's id", person_id)
    with audit.consultation(actor, "analyse_ego", purpose, audit.people([person_id])) as seen:
        permissions.check(actor, "analyse")
        if not 1 <= hops <= MAX_HOPS:
            raise InvalidInput(f"hops must be between 1 and {MAX_HOPS}, not {hops}")
        found = db.read(lambda tx: _walk(tx, person_id, hops, max_nodes))
        seen.add(*(audit.subject(n.label.lower(), n.id) for n in found.nodes))
        seen.detail["hops"] = hops
        return found


def _walk(tx: ManagedTransaction, person_id: str, hops: int, max_nodes: int) -> EgoNetwork:
    start = tx.run(START, id=person_id).single()
    if start is None:
        raise UnknownPerson(f"no person {person_id!r} in the graph")
    distance = {start["eid"]: 0}
    links: dict[tuple[str, str, str], dict[str, Any]] = {}
    frontier = [start["eid"]]
    for hop in range(1, hops + 1):
        rows = tx.run(HOP, frontier=frontier).data()
        frontier = []
        for row in rows:
            links[(row["source"], row["target"], row["type"])] = row
            if row["other"] not in distance:
                distance[row["other"]] = hop
                frontier.append(row["other"])
        if len(distance) > max_nodes:
            raise InvalidInput(f"more than {max_nodes} people and cases within {hops} hops; ask for fewer hops")
    info = {row["eid"]: row.data() for row in tx.run(NODES, eids=list(distance))}
    nodes = tuple(EgoNode(info[e]["id"], info[e]["label"], info[e]["name"], d,
                          tuple((r["role"], r["case"]) for r in info[e]["roles"]), _detail(info[e]))
                  for e, d in sorted(distance.items(), key=lambda item: (item[1], info[item[0]]["id"])))
    edges = tuple(EgoLink(row["type"], info[s]["id"], info[t]["id"], _iso(row["start"]), _iso(row["end"]))
                  for (s, t, _), row in sorted(links.items()) if s in info and t in info)
    return EgoNetwork(person_id, hops, nodes, edges)


def _iso(value: Any) -> str | None:
    return value.iso_format() if hasattr(value, "iso_format") else None


def _detail(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _iso(row[k]) if hasattr(row[k], "iso_format") else row[k]
            for k in ("born", "area", "opened") if row[k] is not None}
