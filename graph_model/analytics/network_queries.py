"""The network analysis's Cypher and the reads and writes that run it: cases, people, links, metrics."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model.errors import InvalidInput

WRITE_BATCH = 10_000

# Cases opened in the period (either bound may be open), in one area or in all of them.
CASES_BY_PERIOD: LiteralString = (
    "MATCH (c:Case) WHERE ($area IS NULL OR c.area = $area) "
    "AND ($start IS NULL OR c.opened >= $start) AND ($end IS NULL OR c.opened <= $end) "
    "RETURN collect(c.id) AS ids"
)
CASES_BY_ID: LiteralString = "UNWIND $ids AS id MATCH (c:Case {id: id}) RETURN collect(c.id) AS ids"

# Each query returns one row holding a list: tens of thousands of records cost the driver 3-5 times more.
# Everyone with a role in the chosen cases: [case id, role, person id].
ROLES: LiteralString = (
    "UNWIND $cases AS case_id MATCH (c:Case {id: case_id})<-[r:VICTIM_IN|PERPETRATOR_IN|CHILD_IN]-(p:Person) "
    "RETURN collect([case_id, type(r), p.id]) AS rows"
)

# Every person-to-person link touching these people, [type, a, b] (once per end of it in the list).
LINKS_OF: LiteralString = (
    "UNWIND $people AS person_id MATCH (p:Person {id: person_id})"
    "-[r:MARRIED|CIVIL_PARTNERS|AGREED_TO_MARRY|CIVIL_PARTNERSHIP_AGREEMENT|INTIMATE_RELATIONSHIP|COHABITING|"
    "PARENT_OF|PARENTAL_RESPONSIBILITY_FOR|RELATIVE_OF]-(q:Person) "
    "RETURN collect([type(r), p.id, q.id]) AS rows"
)
# The links among the people one hop out (their own family ties), both ends in the list.
LINKS_AMONG: LiteralString = (
    "UNWIND $people AS person_id MATCH (p:Person {id: person_id})"
    "-[r:MARRIED|CIVIL_PARTNERS|AGREED_TO_MARRY|CIVIL_PARTNERSHIP_AGREEMENT|INTIMATE_RELATIONSHIP|COHABITING|"
    "PARENT_OF|PARENTAL_RESPONSIBILITY_FOR|RELATIVE_OF]->(q:Person) WHERE q.id IN $people "
    "RETURN collect([type(r), p.id, q.id]) AS rows"
)

# One run's metrics replace the last run's everywhere, so the dashboard never mixes two runs.
CLEAR_METRICS: LiteralString = (
    "MATCH (p:Person) WHERE p.hearth_component IS NOT NULL OR p.hearth_community IS NOT NULL "
    "OR p.hearth_betweenness IS NOT NULL REMOVE p.hearth_component, p.hearth_community, p.hearth_betweenness"
)
WRITE_METRICS: LiteralString = (
    "UNWIND $rows AS row MATCH (p:Person {id: row.id}) "
    "SET p.hearth_component = row.component, p.hearth_community = row.community, "
    "p.hearth_betweenness = row.betweenness RETURN count(p) AS written"
)


Links = set[tuple[str, str, str]]  # (type, smaller id, larger id): undirected, each link once


def fetch(tx: ManagedTransaction, cases: tuple[str, ...], area: str | None, start: date | None,
          end: date | None) -> tuple[list[list[str]], Links]:
    """Return [case, role, person] of the chosen cases, and the links of their people and one hop out."""
    if cases:
        found = _one(tx, CASES_BY_ID, ids=list(cases))
        missing = sorted(set(cases) - set(found))
        if missing:
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            raise InvalidInput(f"no case {missing[0]!r} in the graph{more}")
    else:
        found = _one(tx, CASES_BY_PERIOD, area=area, start=start, end=end)
        if not found:
            where = f"in {area!r}" if area else "in any area"
            raise InvalidInput(f"no case {where} opened from {start or 'any time'} to {end or 'now'}")
    roles = _one(tx, ROLES, cases=found)
    seeds = {person for _, _, person in roles}
    links = _links(_one(tx, LINKS_OF, people=sorted(seeds)))
    ring = {p for _, a, b in links for p in (a, b)} - seeds
    return roles, links | _links(_one(tx, LINKS_AMONG, people=sorted(ring)))


def write_metrics(tx: ManagedTransaction, rows: list[dict[str, Any]]) -> int:
    """Clear the last run's metrics, write these rows' (in batches); return the people written."""
    tx.run(CLEAR_METRICS).consume()
    written = 0
    for begin in range(0, len(rows), WRITE_BATCH):
        record = tx.run(WRITE_METRICS, rows=rows[begin:begin + WRITE_BATCH]).single()
        written += int(record["written"]) if record else 0
    return written


def _one(tx: ManagedTransaction, query: LiteralString, **params: Any) -> list[Any]:
    """Run a query returning one row of one list, and return the list."""
    record = tx.run(query, params).single()
    return list(record[0]) if record else []


def _links(rows: Iterable[list[str]]) -> Links:
    return {(kind, min(a, b), max(a, b)) for kind, a, b in rows}
