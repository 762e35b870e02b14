"""Personal connection (DA Act 2021 s.2, FLA 1996 s.63) between people, with every ground and its proof.

The family around the people asked about is fetched with bounded, typed traversals; the statute's rules
run in graph_model.kinship. docs/personal-connection.md maps each limb to the graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import audit, db, permissions, text
from graph_model.connection_verdict import ConnectionVerdict, Ground, age_on, verdict
from graph_model.errors import InvalidInput, UnknownPerson
from graph_model.kinship import Family, Link
from graph_model.users import Actor

__all__ = ["ConnectionVerdict", "Ground", "check", "connected_people"]

# Hop limits are literal in Cypher, so the two traversals share everything but the limit.
_FAMILY: LiteralString = (
    "UNWIND $ids AS id MATCH (c:Person {id: id}) "
    "MATCH (c)-[:PARENT_OF|MARRIED|CIVIL_PARTNERS|COHABITING|RELATIVE_OF|PARENTAL_RESPONSIBILITY_FOR"
)
_ANY_LINK: LiteralString = (
    "(x)-[r:MARRIED|CIVIL_PARTNERS|AGREED_TO_MARRY|CIVIL_PARTNERSHIP_AGREEMENT|"
    "INTIMATE_RELATIONSHIP|COHABITING|PARENT_OF|PARENTAL_RESPONSIBILITY_FOR|RELATIVE_OF]-(:Person) ")
_LINK_FIELDS: LiteralString = (
    "type(r) AS type, s.id AS a, t.id AS b, r.start AS start, r.end AS end, r.kind AS kind, "
    "r.relation AS relation, s.date_of_birth AS a_born, t.date_of_birth AS b_born, "
    "trim(coalesce(s.given_name, '') + ' ' + coalesce(s.family_name, '')) AS a_name, "
    "trim(coalesce(t.given_name, '') + ' ' + coalesce(t.family_name, '')) AS b_name")
_LINKS: LiteralString = (
    "]-(x:Person) WITH DISTINCT x MATCH " + _ANY_LINK +
    "WITH DISTINCT r WITH r, startNode(r) AS s, endNode(r) AS t RETURN " + _LINK_FIELDS)
# The same, kept apart per starting person (`root`), for many people at once (screening a batch).
_LINKS_BY_ROOT: LiteralString = (
    "]-(x:Person) WITH DISTINCT id, x MATCH " + _ANY_LINK +
    "WITH DISTINCT id, r WITH id, r, startNode(r) AS s, endNode(r) AS t RETURN id AS root, " + _LINK_FIELDS)
# Everyone within 3 family links of either person (a proof chain is at most 6 links long: a spouse's first
# cousin by marriage), then every link touching them, so each chain between the two is complete.
NEAR: LiteralString = _FAMILY + "*0..3" + _LINKS
# For everyone connected to one person: within 5 family links, plus the links touching them (6).
WIDE: LiteralString = _FAMILY + "*0..5" + _LINKS
WIDE_BY_ROOT: LiteralString = _FAMILY + "*0..5" + _LINKS_BY_ROOT
PEOPLE: LiteralString = (
    "UNWIND $ids AS id MATCH (p:Person {id: id}) "
    "RETURN p.id AS id, p.date_of_birth AS born, trim(coalesce(p.given_name, '') + ' ' + "
    "coalesce(p.family_name, '')) AS name"
)
DIRECT = {"MARRIED": "s2(1)(a)", "CIVIL_PARTNERS": "s2(1)(b)", "AGREED_TO_MARRY": "s2(1)(c)",
          "CIVIL_PARTNERSHIP_AGREEMENT": "s2(1)(d)", "INTIMATE_RELATIONSHIP": "s2(1)(e)", "COHABITING": "s2(1)(e)"}


def _fetch(tx: ManagedTransaction, query: LiteralString, ids: list[str]) -> tuple[list[Link], dict[str, Any]]:
    links, people = [], {}
    for r in tx.run(query, ids=ids):
        start, end = db.native(r["start"]), db.native(r["end"])
        links.append(Link(r["type"], r["a"], r["b"], start, end, r["kind"], r["relation"]))
        people[r["a"]] = {"born": db.native(r["a_born"]), "name": r["a_name"]}
        people[r["b"]] = {"born": db.native(r["b_born"]), "name": r["b_name"]}
    alone = [i for i in ids if i not in people]  # people with no links at all (or no such person)
    if alone:
        people.update({r["id"]: {"born": db.native(r["born"]), "name": r["name"]} for r in tx.run(PEOPLE, ids=alone)})
    return links, people


def _load(query: LiteralString, ids: list[str], on: date) -> tuple[Family, dict[str, Any]]:
    links, people = db.read(lambda tx: _fetch(tx, query, ids))
    missing = [i for i in ids if i not in people]
    if missing:
        raise UnknownPerson(f"no person {missing[0]!r} in the graph")
    return Family({p: info["born"] for p, info in people.items()}, links, on), people


def connected_in(tx: ManagedTransaction, a_id: str, b_id: str, on: date) -> bool:
    """Return True when a and b are personally connected on `on`, inside tx (for workflow guards)."""
    links, people = _fetch(tx, NEAR, [a_id, b_id])
    if a_id not in people or b_id not in people:
        return False
    family = Family({p: info["born"] for p, info in people.items()}, links, on)
    return bool(grounds_between(family, a_id, b_id))


@dataclass(frozen=True)
class Circle:
    """The people who could be personally connected to one person on one date, with the family to judge them."""

    person: str
    family: Family | None  # None: the person has no family links at all (or does not exist)
    candidates: tuple[str, ...]

    def connected(self, other: str) -> bool:
        """Return True when `other` is personally connected to the person (the statute's grounds hold)."""
        return self.family is not None and other in self.candidates and \
            bool(grounds_between(self.family, self.person, other))


def circles_many(tx: ManagedTransaction, asked: list[tuple[str, date]]) -> dict[tuple[str, date], Circle]:
    """Return, for each (person, date), the candidates for a personal connection and the family to judge them:
    one query for all. Judging is left to the caller, for the few candidates that matter to it."""
    roots = sorted({person for person, _ in asked})
    links: dict[str, list[Link]] = {r: [] for r in roots}
    born: dict[str, dict[str, Any]] = {r: {} for r in roots}
    for r in tx.run(WIDE_BY_ROOT, ids=roots):
        links[r["root"]].append(Link(r["type"], r["a"], r["b"], db.native(r["start"]), db.native(r["end"]),
                                     r["kind"], r["relation"]))
        born[r["root"]].update({r["a"]: db.native(r["a_born"]), r["b"]: db.native(r["b_born"])})
    found: dict[tuple[str, date], Circle] = {}
    for person, on in asked:
        if not links[person]:
            found[(person, on)] = Circle(person, None, ())
            continue
        family = Family(born[person], links[person], on)
        found[(person, on)] = Circle(person, family, tuple(_candidates(family, person)))
    return found


def connected_ids_in(tx: ManagedTransaction, person_id: str, on: date) -> set[str]:
    """Return the ids of everyone personally connected to a person on `on`, inside tx (no verdicts built)."""
    circle = circles_many(tx, [(person_id, on)])[(person_id, on)]
    return {other for other in circle.candidates if circle.connected(other)}


def check(actor: Actor, a_id: str, b_id: str, on: date | None = None,
          purpose: str | None = None) -> ConnectionVerdict:
    """Say whether a and b are personally connected on `on` (default today), with every ground and its path."""
    text.check_id("the first person's id", a_id)
    text.check_id("the second person's id", b_id)
    with audit.consultation(actor, "check_connection", purpose, audit.people([a_id, b_id])) as seen:
        permissions.check(actor, "check_connection")
        found = judge(a_id, b_id, on)
        seen.add(*audit.people(p for g in found.grounds for p in g.route[0]))
        return found


def judge(a_id: str, b_id: str, on: date | None = None) -> ConnectionVerdict:
    """Return the verdict for a and b, neither checked nor audited: for services that have done both."""
    if a_id == b_id:
        raise InvalidInput(f"{a_id!r} is the same person twice; a connection needs two people")
    on = on or date.today()
    family, people = _load(NEAR, [a_id, b_id], on)
    return verdict(a_id, b_id, on, grounds_between(family, a_id, b_id), people)


def connected_people(actor: Actor, person_id: str, on: date | None = None,
                     purpose: str | None = None) -> list[ConnectionVerdict]:
    """Return a verdict for everyone personally connected to the person on `on`, nearest grounds first."""
    text.check_id("the person's id", person_id)
    with audit.consultation(actor, "connected_people", purpose, audit.people([person_id])) as seen:
        permissions.check(actor, "check_connection")
        on = on or date.today()
        family, people = _load(WIDE, [person_id], on)
        verdicts = []
        for other in _candidates(family, person_id):
            grounds = grounds_between(family, person_id, other)
            if grounds:
                verdicts.append(verdict(person_id, other, on, grounds, people))
        seen.add(*audit.people(v.b for v in verdicts))
        return sorted(verdicts, key=lambda v: (min(len(g.route[1]) for g in v.grounds), v.b))


def _candidates(family: Family, person: str) -> list[str]:
    """Everyone who could be connected: direct partners, co-parents, relatives, and relatives' partners."""
    found = {other for pair in family.between if person in pair for other in pair}
    found |= {kin.relative for kin in family.relatives(person)}
    for relative in list(found):
        found |= {p for p, _, _ in family.partners.get(relative, [])}
    for child in _parental(family, person):
        found |= set(_parental_holders(family, child))
    found.discard(person)
    return sorted(found)


def grounds_between(family: Family, a: str, b: str) -> list[Ground]:
    """Return every ground connecting a and b in the family, each with its path from a to b."""
    grounds: list[Ground] = []
    for link in family.between.get(frozenset((a, b)), []):
        if link.type in DIRECT:
            grounds.append(Ground(DIRECT[link.type], route=((a, b), (link,))))
    for child in sorted(set(_parental(family, a)) & set(_parental(family, b))):
        for span_a in _parental(family, a)[child]:
            for span_b in _parental(family, b)[child]:
                if _overlap(span_a, span_b):
                    path = ((a, child, b), (span_a[2], span_b[2]))
                    grounds.append(Ground("s2(1)(f)", child=child, route=path))
    for x, y in ((a, b), (b, a)):
        for kin in family.relatives(x):
            if kin.relative == y:
                people, links = kin.people, kin.links
                if x != a:
                    people, links = tuple(reversed(people)), tuple(reversed(links))
                grounds.append(Ground("s2(1)(g)", kin.relation, kin.via, kin.blood, kin.relative, kin.of,
                                      route=(people, links)))
    unique: dict[tuple[Any, ...], Ground] = {}
    for ground in grounds:
        unique.setdefault(ground.identity, ground)
    return list(unique.values())


Span = tuple[date | None, date | None, Link]


def _parental(family: Family, person: str) -> dict[str, list[Span]]:
    """Return each child the person has (or had) a parental relationship with (s.2(2)) and when."""
    spans: dict[str, list[Span]] = {}
    for child, link in family.children.get(person, []):
        start = max((d for d in (link.start, family.births.get(child)) if d is not None), default=None)
        spans.setdefault(child, []).append((start, None, link))
    for child, link in family.responsibility.get(person, []):
        spans.setdefault(child, []).append((link.start, link.end, link))
    for other, relation, link in family.recorded.get(person, []):
        if relation == "child":  # `other` is the person's child, recorded without a tree
            spans.setdefault(other, []).append((family.births.get(other), None, link))
    return spans


def _parental_holders(family: Family, child: str) -> list[str]:
    """Everyone with a parental relationship to the child: parents in the tree, holders of parental
    responsibility, and parents recorded directly (RELATIVE_OF child/parent), found by the same rule."""
    holders = [p for p, _ in family.parents.get(child, [])]
    holders += [holder for holder, spans in family.responsibility.items() if any(c == child for c, _ in spans)]
    holders += [p for p in family.recorded if p not in holders and child in _parental(family, p)]
    return holders


def _overlap(first: Span, second: Span) -> bool:
    starts = [d for d in (first[0], second[0]) if d is not None]
    ends = [d for d in (first[1], second[1]) if d is not None]
    return not starts or not ends or max(starts) <= min(ends)


__all__ += ["age_on", "grounds_between"]
