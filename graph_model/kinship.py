"""Who is whose relative under FLA 1996 s.63(1), worked out from a family graph held in memory (no Cypher).

See docs/personal-connection.md for the statute, the table each rule implements and the choices made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

PARTNER_TYPES = {"MARRIED": ("spouse", "former_spouse"), "CIVIL_PARTNERS": ("civil_partner", "former_civil_partner"),
                 "COHABITING": ("cohabitant", "former_cohabitant")}
MARRIAGE_LIKE = ("MARRIED", "CIVIL_PARTNERS")
Add = Callable[[str, str, "str | None", list[str], list["Link"]], None]
INVERSE = {"parent": "child", "child": "parent", "step_parent": "step_child", "step_child": "step_parent",
           "grandparent": "grandchild", "grandchild": "grandparent", "sibling": "sibling",
           "uncle_or_aunt": "niece_or_nephew", "niece_or_nephew": "uncle_or_aunt", "first_cousin": "first_cousin"}


@dataclass(frozen=True)
class Link:
    """A person-to-person link as stored: `a` is the ___ of `b` for directed types."""

    type: str
    a: str
    b: str
    start: date | None = None
    end: date | None = None
    kind: str | None = None
    relation: str | None = None

    def other(self, person: str) -> str:
        """Return the person at the other end from `person`."""
        return self.b if person == self.a else self.a


@dataclass(frozen=True)
class Kin:
    """`relative` is the `relation` of `of`, proved by `people` (from `of` to `relative`) and `links`."""

    relative: str
    of: str
    relation: str
    blood: str | None
    via: str
    people: tuple[str, ...]
    links: tuple[Link, ...]


class Family:
    """The links that exist on a date among some people, indexed for the s.63 rules."""

    def __init__(self, births: dict[str, date | None], links: list[Link], on: date) -> None:
        self.births, self.on = births, on
        self.parents: dict[str, list[tuple[str, Link]]] = defaultdict(list)
        self.children: dict[str, list[tuple[str, Link]]] = defaultdict(list)
        self.partners: dict[str, list[tuple[str, str, Link]]] = defaultdict(list)
        self.recorded: dict[str, list[tuple[str, str, Link]]] = defaultdict(list)
        self.responsibility: dict[str, list[tuple[str, Link]]] = defaultdict(list)
        self.between: dict[frozenset[str], list[Link]] = defaultdict(list)
        for link in links:
            if self._exists(link):
                self._index(link)
        self._own: dict[str, dict[tuple[str, str, str | None], Kin]] = {}

    def _exists(self, link: Link) -> bool:
        if link.start is not None and link.start > self.on:
            return False
        return all(self.births.get(p) is None or self.births[p] <= self.on for p in (link.a, link.b))  # type: ignore[operator]

    def _index(self, link: Link) -> None:
        self.between[frozenset((link.a, link.b))].append(link)
        if link.type == "PARENT_OF":
            self.parents[link.b].append((link.a, link))
            self.children[link.a].append((link.b, link))
        elif link.type in PARTNER_TYPES:
            current, former = PARTNER_TYPES[link.type]
            via = former if link.end is not None and link.end <= self.on else current
            self.partners[link.a].append((link.b, via, link))
            self.partners[link.b].append((link.a, via, link))
        elif link.type == "RELATIVE_OF" and link.relation:
            self.recorded[link.b].append((link.a, link.relation, link))  # a is the relation of b
            if link.relation in INVERSE:
                self.recorded[link.a].append((link.b, INVERSE[link.relation], link))
        elif link.type == "PARENTAL_RESPONSIBILITY_FOR":
            self.responsibility[link.a].append((link.b, link))

    def parent_ids(self, person: str) -> set[str]:
        """Return the ids of a person's parents (birth and adoptive)."""
        return {p for p, _ in self.parents.get(person, [])}

    def siblings(self, person: str) -> dict[str, tuple[str | None, str, Link, Link]]:
        """Return each sibling with (blood, a shared parent, link to that parent, parent's link to sibling)."""
        mine = self.parent_ids(person)
        found: dict[str, tuple[str | None, str, Link, Link]] = {}
        for parent, up in self.parents.get(person, []):
            for sibling, down in self.children.get(parent, []):
                if sibling == person or sibling in found:
                    continue
                theirs = self.parent_ids(sibling)
                shared = mine & theirs
                # Half blood only when each has another parent on record and they differ; else it cannot be told.
                blood = "full" if len(shared) >= 2 else "half" if (mine - shared) and (theirs - shared) else None
                found[sibling] = (blood, parent, up, down)
        return found

    def spouses(self, person: str) -> list[tuple[str, str, Link]]:
        """Return married or civil partners, now or before."""
        return [(p, via, link) for p, via, link in self.partners.get(person, []) if link.type in MARRIAGE_LIKE]

    def ended_before_birth(self, link: Link, person: str) -> bool:
        """Return True when the link ended before the person was born (so no step relation arose)."""
        born = self.births.get(person)
        return link.end is not None and born is not None and link.end < born

    def own_list(self, x: str) -> dict[tuple[str, str, str | None], Kin]:
        """Return x's own relatives (s.63(1)(a) and (b) "of that person"), keyed by (relative, relation, blood)."""
        if x not in self._own:
            self._own[x] = _own_list(self, x)
        return self._own[x]

    def relatives(self, x: str) -> list[Kin]:
        """Return x's relatives: x's own list, and each partner's list with the word suffixed _in_law."""
        found = [_recorded_in_law(kin) for kin in self.own_list(x).values()]
        for partner, via, link in self.partners.get(x, []):
            for kin in self.own_list(partner).values():
                if kin.relative == x or kin.relation.endswith("_in_law"):
                    continue
                found.append(Kin(kin.relative, x, f"{kin.relation}_in_law", kin.blood, via,
                                 (x, *kin.people), (link, *kin.links)))
        return found


def _recorded_in_law(kin: Kin) -> Kin:
    # A recorded in-law word does not say which partner it runs through; it is reported via "spouse".
    if kin.relation.endswith("_in_law"):
        return Kin(kin.relative, kin.of, kin.relation, kin.blood, "spouse", kin.people, kin.links)
    return kin


def _own_list(family: Family, x: str) -> dict[tuple[str, str, str | None], Kin]:
    found: dict[tuple[str, str, str | None], Kin] = {}

    def add(relative: str, relation: str, blood: str | None, people: list[str], links: list[Link]) -> None:
        key = (relative, relation, blood)
        if relative != x and key not in found:
            found[key] = Kin(relative, x, relation, blood, "self", tuple(people), tuple(links))

    parents = family.parents.get(x, [])
    parent_ids = family.parent_ids(x)
    for parent, up in parents:
        add(parent, "parent", None, [x, parent], [up])
        for grandparent, up2 in family.parents.get(parent, []):
            add(grandparent, "grandparent", None, [x, parent, grandparent], [up, up2])
    for child, down in family.children.get(x, []):
        add(child, "child", None, [x, child], [down])
        for grandchild, down2 in family.children.get(child, []):
            add(grandchild, "grandchild", None, [x, child, grandchild], [down, down2])
    _steps(family, x, add, parent_ids)
    siblings = family.siblings(x)
    for sibling, (blood, via_parent, up, down) in siblings.items():
        add(sibling, "sibling", blood, [x, via_parent, sibling], [up, down])
        for partner, _, link in family.spouses(sibling):
            add(partner, "sibling", "marriage", [x, via_parent, sibling, partner], [up, down, link])
        for niece, down2 in family.children.get(sibling, []):
            add(niece, "niece_or_nephew", blood, [x, via_parent, sibling, niece], [up, down, down2])
            for partner, _, link in family.spouses(niece):
                add(partner, "niece_or_nephew", "marriage", [x, via_parent, sibling, niece, partner],
                    [up, down, down2, link])
    for parent, up in parents:
        for uncle, (blood, grandparent, up2, down) in family.siblings(parent).items():
            chain = [x, parent, grandparent, uncle]
            add(uncle, "uncle_or_aunt", blood, chain, [up, up2, down])
            for partner, _, link in family.spouses(uncle):
                add(partner, "uncle_or_aunt", "marriage", [*chain, partner], [up, up2, down, link])
            for cousin, down2 in family.children.get(uncle, []):
                if cousin == x:  # adopted by an aunt or uncle: not one's own cousin, nor is one's spouse
                    continue
                add(cousin, "first_cousin", blood, [*chain, cousin], [up, up2, down, down2])
                for partner, _, link in family.spouses(cousin):
                    add(partner, "first_cousin", "marriage", [*chain, cousin, partner], [up, up2, down, down2, link])
    for other, relation, link in family.recorded.get(x, []):
        add(other, relation, None, [x, other], [link])
    return found


def _steps(family: Family, x: str, add: Add, parent_ids: set[str]) -> None:
    """Add step-parents, step-children and step-siblings (siblings by marriage)."""
    for parent, up in family.parents.get(x, []):
        for step, _, link in family.spouses(parent):
            if step in parent_ids or step == x or family.ended_before_birth(link, x):
                continue
            add(step, "step_parent", None, [x, parent, step], [up, link])
            for step_sibling, down in family.children.get(step, []):
                if step_sibling != x and not (family.parent_ids(step_sibling) & parent_ids):
                    add(step_sibling, "sibling", "marriage", [x, parent, step, step_sibling], [up, link, down])
    own_children = {c for c, _ in family.children.get(x, [])}
    for partner, _, link in family.spouses(x):
        for child, down in family.children.get(partner, []):
            if child in own_children or child == x or family.ended_before_birth(link, child):
                continue
            add(child, "step_child", None, [x, partner, child], [link, down])
