"""How are two people connected: the shortest typed paths, each link in words, with the s.2 verdict."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import audit, connections, db, permissions, text
from graph_model.connection_verdict import ConnectionVerdict
from graph_model.errors import InvalidInput, UnknownPerson
from graph_model.users import Actor

MAX_HOPS = 8
# Person-to-person links, roles in cases (through the case), and living at the same property (through the
# tenancy and the property). Hop counts are literal in Cypher, so there is one query per limit.
_PATHS = ("MATCH (a:Person {id: $a}), (b:Person {id: $b}) MATCH p = allShortestPaths((a)-[:MARRIED|CIVIL_PARTNERS|"
          "AGREED_TO_MARRY|CIVIL_PARTNERSHIP_AGREEMENT|INTIMATE_RELATIONSHIP|COHABITING|PARENT_OF|"
          "PARENTAL_RESPONSIBILITY_FOR|RELATIVE_OF|VICTIM_IN|PERPETRATOR_IN|CHILD_IN|TENANT|OF_PROPERTY")
_RETURN = ("]-(b)) WITH p LIMIT $limit RETURN [n IN nodes(p) | {id: n.id, label: labels(n)[0], "
           "name: trim(coalesce(n.given_name, '') + ' ' + coalesce(n.family_name, ''))}] AS nodes, "
           "[r IN relationships(p) | {type: type(r), from: startNode(r).id, to: endNode(r).id, start: r.start, "
           "end: r.end}] AS links")
PATH_QUERIES: dict[int, LiteralString] = {
    1: _PATHS + "*..1" + _RETURN, 2: _PATHS + "*..2" + _RETURN, 3: _PATHS + "*..3" + _RETURN,
    4: _PATHS + "*..4" + _RETURN, 5: _PATHS + "*..5" + _RETURN, 6: _PATHS + "*..6" + _RETURN,
    7: _PATHS + "*..7" + _RETURN, 8: _PATHS + "*..8" + _RETURN,
}
EXISTS: LiteralString = "UNWIND $ids AS id OPTIONAL MATCH (p:Person {id: id}) RETURN id, p IS NOT NULL AS found"

WORDS = {
    "MARRIED": "married to", "CIVIL_PARTNERS": "civil partner of", "AGREED_TO_MARRY": "engaged to",
    "CIVIL_PARTNERSHIP_AGREEMENT": "agreed a civil partnership with",
    "INTIMATE_RELATIONSHIP": "in an intimate relationship with", "COHABITING": "lived together as a couple with",
    "PARENT_OF": "parent of", "PARENTAL_RESPONSIBILITY_FOR": "holds parental responsibility for",
    "RELATIVE_OF": "recorded relative of", "VICTIM_IN": "victim in", "PERPETRATOR_IN": "perpetrator in",
    "CHILD_IN": "child in", "TENANT": "tenant under", "OF_PROPERTY": "tenancy of",
}


@dataclass(frozen=True)
class Step:
    """One link of a path, with the sentence that names it ("Amy (P1) married to Ben (P2)")."""

    type: str
    source: str
    target: str
    words: str


@dataclass(frozen=True)
class Path:
    """A shortest path: the nodes (people, cases, tenancies, properties) and the links in order."""

    nodes: tuple[dict[str, Any], ...]
    steps: tuple[Step, ...]

    @property
    def length(self) -> int:
        """Return the number of links."""
        return len(self.steps)


@dataclass(frozen=True)
class PathsAnswer:
    """The shortest paths between two people within the hop limit, and their s.2 verdict."""

    a: str
    b: str
    max_hops: int
    paths: tuple[Path, ...]
    verdict: ConnectionVerdict


def how_connected(actor: Actor, a: str, b: str, max_hops: int = 4, on: date | None = None,
                  limit: int = 10, purpose: str | None = None) -> PathsAnswer:
    """Return the shortest typed paths (up to max_hops links) between two people, with the legal verdict."""
    text.check_id("person A's id", a)
    text.check_id("person B's id", b)
    with audit.consultation(actor, "analyse_path", purpose, audit.people([a, b])) as seen:
        permissions.check(actor, "analyse")  # analysts' roles all hold check_connection too
        if not 1 <= max_hops <= MAX_HOPS:
            raise InvalidInput(f"max_hops must be between 1 and {MAX_HOPS}, not {max_hops}")
        if not 1 <= limit <= 100:
            raise InvalidInput(f"limit must be between 1 and 100, not {limit}")
        verdict = connections.judge(a, b, on=on)  # also refuses a == b and unknown people
        rows = db.read(lambda tx: _paths(tx, PATH_QUERIES[max_hops], a, b, limit))
        answer = PathsAnswer(a, b, max_hops, tuple(_path(row) for row in rows), verdict)
        seen.add(*(audit.subject(str(n["label"]).lower(), str(n["id"])) for p in answer.paths for n in p.nodes))
        return answer


def _paths(tx: ManagedTransaction, query: LiteralString, a: str, b: str, limit: int) -> list[dict[str, Any]]:
    missing = [r["id"] for r in tx.run(EXISTS, ids=[a, b]) if not r["found"]]
    if missing:
        raise UnknownPerson(f"no person {missing[0]!r} in the graph")
    return [record.data() for record in tx.run(query, a=a, b=b, limit=limit)]


def _label(node: dict[str, Any]) -> str:
    if node["label"] == "Person":
        return f"{node['name'] or node['id']} ({node['id']})" if node["name"] else str(node["id"])
    return f"{node['label'].lower()} {node['id']}"


def _path(row: dict[str, Any]) -> Path:
    nodes = tuple(row["nodes"])
    by_id = {n["id"]: n for n in nodes}
    steps = []
    for link in row["links"]:
        source, target = by_id.get(link["from"], {}), by_id.get(link["to"], {})
        words = f"{_label(source)} {WORDS.get(link['type'], link['type'])} {_label(target)}"
        if link.get("start") or link.get("end"):
            words += f" ({link.get('start') or '?'} to {link.get('end') or 'now'})"
        steps.append(Step(link["type"], link["from"], link["to"], words))
    return Path(nodes, tuple(steps))
