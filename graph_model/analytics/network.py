"""Network metrics over the people in chosen cases: components, sampled betweenness, Louvain communities.

Nodes are keyed pseudonyms (analytics.pseudonym); real ids stay in a private map used only to write metrics
back. Background runs are in network_job. docs/analytics-network.md says what is computed and how fast.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx
from neo4j import ManagedTransaction

from graph_model import audit, db, permissions
from graph_model.analytics import network_queries as q
from graph_model.analytics.pseudonym import key, pseudonym
from graph_model.errors import InvalidInput
from graph_model.users import Actor

Progress = Callable[[str, float], None]  # told (stage, fraction of the whole run done, 0-1)
ROLE_NAMES = {"VICTIM_IN": "victim", "PERPETRATOR_IN": "perpetrator", "CHILD_IN": "child"}
CASE = "case"  # the edge kind of a victim and a perpetrator of the same chosen case
# An edge standing for several links is named by the first of its kinds in this order.
KIND_ORDER = (CASE, "MARRIED", "CIVIL_PARTNERS", "COHABITING", "INTIMATE_RELATIONSHIP", "AGREED_TO_MARRY",
              "CIVIL_PARTNERSHIP_AGREEMENT", "PARENT_OF", "PARENTAL_RESPONSIBILITY_FOR", "RELATIVE_OF")
STAGES = {"select": 0.0, "components": 0.3, "betweenness": 0.4, "communities": 0.8, "ranking": 0.95, "done": 1.0}
SPLITTABLE = 4  # components smaller than this are one community each


@dataclass(frozen=True)
class Selection:
    """Which cases: those in `area` (all areas if None) opened in [start, end], or the listed case ids."""

    area: str | None = None
    start: date | None = None
    end: date | None = None
    cases: tuple[str, ...] = ()

    def arguments(self) -> dict[str, Any]:
        """Return the selection as keyword arguments of select and analyse."""
        if self.cases:
            return {"cases": list(self.cases)}
        return {"area": self.area, "start": self.start, "end": self.end}

    def as_dict(self) -> dict[str, Any]:
        """Return the selection as JSON-ready data."""
        return {"area": self.area, "start": _iso(self.start), "end": _iso(self.end), "cases": list(self.cases)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Selection:
        """Rebuild a selection from as_dict's data."""
        return cls(data.get("area"), _day(data.get("start")), _day(data.get("end")), tuple(data.get("cases") or ()))


@dataclass(frozen=True)
class Ranked:
    """A pseudonymous person and their score (betweenness, or degree)."""

    person: str
    value: float


@dataclass(frozen=True)
class PersonMetrics:
    """One pseudonymous person's metrics, and their roles in the chosen cases."""

    person: str
    component: int  # 0 is the largest component (ties: the smallest pseudonym first)
    community: int  # numbered the same way
    betweenness: float
    degree: int
    victim: int
    perpetrator: int
    child: int


@dataclass(frozen=True)
class NetworkResult:
    """The metrics of one selection's network; pseudonymous throughout."""

    selection: Selection
    nodes: int
    edges: int
    component_sizes: tuple[int, ...]  # largest first
    community_sizes: tuple[int, ...]
    samples: int  # sources sampled for betweenness (all nodes: exact)
    seed: int
    top_betweenness: tuple[Ranked, ...]
    top_degree: tuple[Ranked, ...]
    people: tuple[PersonMetrics, ...]
    timings: tuple[tuple[str, float], ...] = field(default=(), compare=False)  # seconds per stage

    @property
    def components(self) -> int:
        """Return the number of connected components."""
        return len(self.component_sizes)

    @property
    def largest_component(self) -> int:
        """Return the size of the largest component."""
        return self.component_sizes[0] if self.component_sizes else 0

    @property
    def communities(self) -> int:
        """Return the number of Louvain communities."""
        return len(self.community_sizes)

    def members(self, grouping: str = "component") -> list[frozenset[str]]:
        """Return the pseudonyms in each component (or, with "community", each community), by number."""
        groups: dict[int, set[str]] = {}
        for p in self.people:
            groups.setdefault(p.component if grouping == "component" else p.community, set()).add(p.person)
        return [frozenset(groups[n]) for n in sorted(groups)]

    def as_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return {"selection": self.selection.as_dict(), "nodes": self.nodes, "edges": self.edges,
                "components": {"count": self.components, "sizes": list(self.component_sizes),
                               "largest": self.largest_component},
                "communities": {"count": self.communities, "sizes": list(self.community_sizes)},
                "betweenness": {"samples": self.samples, "seed": self.seed},
                "top_betweenness": [vars(r) for r in self.top_betweenness],
                "top_degree": [vars(r) for r in self.top_degree],
                "people": [vars(p) for p in self.people], "timings": dict(self.timings)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NetworkResult:
        """Rebuild a result from as_dict's data (a background job's JSON)."""
        return cls(Selection.from_dict(data["selection"]), data["nodes"], data["edges"],
                   tuple(data["components"]["sizes"]), tuple(data["communities"]["sizes"]),
                   data["betweenness"]["samples"], data["betweenness"]["seed"],
                   tuple(Ranked(**r) for r in data["top_betweenness"]), tuple(Ranked(**r) for r in data["top_degree"]),
                   tuple(PersonMetrics(**p) for p in data["people"]), tuple(data.get("timings", {}).items()))


# Pseudonym -> person id of each result analyse made, for write_back only; never part of the result.
_ID_MAPS: weakref.WeakKeyDictionary[NetworkResult, dict[str, str]] = weakref.WeakKeyDictionary()


def selection(area: str | None = None, start: date | None = None, end: date | None = None,
              cases: list[str] | None = None) -> Selection:
    """Check and return a selection: case ids, or an area and/or period; InvalidInput says what is wrong."""
    if cases is not None:
        if area is not None or start is not None or end is not None:
            raise InvalidInput("choose cases either by id or by area and period, not both")
        if not cases or not all(isinstance(c, str) and c for c in cases):
            raise InvalidInput("cases must be a non-empty list of case ids")
        return Selection(cases=tuple(sorted(set(cases))))
    if area is None and start is None and end is None:
        raise InvalidInput("choose the cases: an area, a period (start, end), or a list of case ids")
    if area is not None and not (isinstance(area, str) and area.strip()):
        raise InvalidInput(f"area must be an area's name, not {area!r}")
    if start is not None and end is not None and end < start:
        raise InvalidInput(f"the period ends ({end}) before it starts ({start})")
    return Selection(area, start, end)


def select(actor: Actor, area: str | None = None, start: date | None = None, end: date | None = None,
           cases: list[str] | None = None) -> nx.Graph:
    """Return the pseudonymous network of the chosen cases' people, their links and one hop of family."""
    permissions.check(actor, "analyse")
    chosen = selection(area, start, end, cases)
    graph, _ = _build(chosen)
    _audit(actor, "network selection", chosen, graph)
    return graph


def analyse(actor: Actor, area: str | None = None, start: date | None = None, end: date | None = None,
            cases: list[str] | None = None, betweenness_samples: int = 500, seed: int = 1, top: int = 10,
            progress: Progress | None = None) -> NetworkResult:
    """Select the network, then measure components, sampled betweenness and communities; pseudonymous."""
    permissions.check(actor, "analyse")
    chosen = selection(area, start, end, cases)
    check_settings(betweenness_samples, top)
    tell = progress or _silent
    tell("select", STAGES["select"])
    began = time.perf_counter()
    graph, ids = _build(chosen)
    result = measure(graph, chosen, betweenness_samples, seed, top, tell, {"select": time.perf_counter() - began})
    _ID_MAPS[result] = ids
    _audit(actor, "network analysis", chosen, graph)
    return result


def measure(graph: nx.Graph, chosen: Selection, betweenness_samples: int = 500, seed: int = 1, top: int = 10,
            progress: Progress | None = None, timings: dict[str, float] | None = None) -> NetworkResult:
    """Measure a pseudonymous network (no database): components, betweenness, communities, top people."""
    check_settings(betweenness_samples, top)
    if graph.number_of_nodes() == 0:
        raise InvalidInput("the selection holds no people")
    tell, clock = progress or _silent, dict(timings or {})

    def stage(name: str, work: Callable[[], Any]) -> Any:
        tell(name, STAGES[name])
        began = time.perf_counter()
        out = work()
        clock[name] = time.perf_counter() - began
        return out

    components, component_sizes = stage("components", lambda: _numbered(nx.connected_components(graph)))
    samples = min(betweenness_samples, graph.number_of_nodes())
    between = stage("betweenness", lambda: nx.betweenness_centrality(graph, k=samples, seed=seed))
    communities, community_sizes = stage("communities", lambda: _numbered(_louvain(graph, seed)))
    people = stage("ranking", lambda: _people(graph, components, communities, between))
    tell("done", STAGES["done"])
    degrees = {p.person: float(p.degree) for p in people}
    return NetworkResult(chosen, graph.number_of_nodes(), graph.number_of_edges(), component_sizes, community_sizes,
                         samples, seed, _top(between, top), _top(degrees, top), people, tuple(clock.items()))


def write_back(actor: Actor, result: NetworkResult, purpose: str = "network metrics for the dashboard") -> int:
    """Write hearth_component, hearth_community and hearth_betweenness onto the people; return how many."""
    permissions.check(actor, "analyse_write_back")
    if not purpose.strip():
        raise InvalidInput("write-back needs a purpose for the audit log")
    ids = _ID_MAPS.get(result)
    if ids is None:  # a result read back from a background job's JSON: find its people again
        ids = _build(result.selection)[1]
    rows = [{"id": ids[p.person], "component": p.component, "community": p.community, "betweenness": p.betweenness}
            for p in result.people if p.person in ids]
    detail = {"selection": result.selection.as_dict(), "people": len(rows), "components": result.components,
              "communities": result.communities, "samples": result.samples, "seed": result.seed}

    def work(tx: ManagedTransaction) -> int:
        written = q.write_metrics(tx, rows)
        audit.record(tx, actor, "analyse_write_back", purpose, {**detail, "written": written})
        return written
    return db.write(work)


def _build(chosen: Selection) -> tuple[nx.Graph, dict[str, str]]:
    """Fetch the chosen cases' people and links; return the pseudonymous graph and pseudonym -> id."""
    roles, links = db.read(lambda tx: q.fetch(tx, chosen.cases, chosen.area, chosen.start, chosen.end))
    secret = key()
    people = {person for _, _, person in roles} | {p for _, a, b in links for p in (a, b)}
    names = {pid: pseudonym(pid, "person", secret) for pid in people}
    counts = {pid: {"victim": 0, "perpetrator": 0, "child": 0} for pid in people}
    by_case: dict[str, dict[str, list[str]]] = {}
    for case, role, person in roles:
        counts[person][ROLE_NAMES[role]] += 1
        by_case.setdefault(case, {}).setdefault(role, []).append(person)
    kinds: dict[tuple[str, str], set[str]] = {}
    pairs = [(CASE, v, p) for parts in by_case.values()
             for v in parts.get("VICTIM_IN", []) for p in parts.get("PERPETRATOR_IN", [])]
    for kind, a, b in [*pairs, *links]:
        if a != b:
            kinds.setdefault((min(names[a], names[b]), max(names[a], names[b])), set()).add(kind)
    graph = nx.Graph()  # built in sorted order, so the seeded algorithms give the same answer every run
    graph.add_nodes_from(sorted((names[pid], {"roles": counts[pid]}) for pid in people))
    graph.add_edges_from((a, b, {"kind": next(k for k in KIND_ORDER if k in found), "kinds": tuple(sorted(found))})
                         for (a, b), found in sorted(kinds.items()))
    return graph, {name: pid for pid, name in names.items()}


def _louvain(graph: nx.Graph, seed: int) -> list[set[str]]:
    """Return Louvain communities found inside each component on its own.

    Over the whole graph modularity's resolution limit merges every small component into one community, so
    communities would only repeat the components; within a component they find its families and bridges.
    """
    found: list[set[str]] = []
    for component in nx.connected_components(graph):
        if len(component) < SPLITTABLE:
            found.append(component)  # a pair or a path of three is never split by modularity
            continue
        # A subgraph view iterates in set order, which varies per process: copy it in sorted order instead.
        members = sorted(component)
        part = nx.Graph()
        part.add_nodes_from(members)
        part.add_edges_from((a, b) for a in members for b in sorted(graph.adj[a]) if a < b)
        found.extend(nx.community.louvain_communities(part, seed=seed))
    return found


def _numbered(groups: Iterable[set[str]]) -> tuple[dict[str, int], tuple[int, ...]]:
    """Number groups largest first (ties: smallest member first); return node -> number, and the sizes."""
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    return {node: n for n, members in enumerate(ordered) for node in members}, tuple(len(g) for g in ordered)


def _people(graph: nx.Graph, components: dict[str, int], communities: dict[str, int],
            between: dict[str, float]) -> tuple[PersonMetrics, ...]:
    return tuple(PersonMetrics(node, components[node], communities[node], between[node], graph.degree[node],
                               **graph.nodes[node]["roles"]) for node in sorted(graph.nodes))


def _top(values: dict[str, float], top: int) -> tuple[Ranked, ...]:
    return tuple(Ranked(p, v) for p, v in sorted(values.items(), key=lambda item: (-item[1], item[0]))[:top])


def check_settings(betweenness_samples: int, top: int) -> None:
    """Raise InvalidInput unless betweenness_samples and top are at least 1."""
    for name, value in (("betweenness_samples", betweenness_samples), ("top", top)):
        if value < 1:
            raise InvalidInput(f"{name} must be at least 1, not {value}")


def _audit(actor: Actor, purpose: str, chosen: Selection, graph: nx.Graph) -> None:
    detail = {"selection": chosen.as_dict(), "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    db.write(lambda tx: audit.record(tx, actor, "analyse", purpose, detail))


def _silent(stage: str, fraction: float) -> None:
    return None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
