"""Named family situations with the exact grounds docs/personal-connection.md gives for them.

Each case is a small hearth/1 family, the pair to check, the date, and the exact set of ground identities
(limb, relation, via, blood, relative, of, child) the spec derives, worked out by hand from its tables:
"relative is the relation of of", reported in each direction that holds, in-law grounds via every partner.
Generations: grandparents born 1940, parents 1965, children 1990, grandchildren 2015; default date 2024-01-01.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

Identity = tuple[str, str | None, str | None, str | None, str | None, str | None, str | None]
Doc = dict[str, Any]

ON = date(2024, 1, 1)


def limb(letter: str) -> Identity:
    """A ground of limbs (a)-(e): nothing but the limb."""
    return (f"s2(1)({letter})", None, None, None, None, None, None)


def f(child: str) -> Identity:
    """A (f) ground: both have (had) a parental relationship with this child."""
    return ("s2(1)(f)", None, None, None, None, None, child)


def g(relative: str, relation: str, of: str, via: str = "self", blood: str | None = None) -> Identity:
    """A (g) ground: `relative` is the `relation` of `of`, via `via`, of `blood`."""
    return ("s2(1)(g)", relation, via, blood, relative, of, None)


def link(link_type: str, a: str, b: str, start: str | None = None, end: str | None = None,
         **extra: str) -> dict[str, Any]:
    """One person-to-person link record."""
    record: dict[str, Any] = {"type": link_type, "a": a, "b": b, **extra}
    if start:
        record["start"] = start
    if end:
        record["end"] = end
    return record


def par(parent: str, *children: str, kind: str | None = None, start: str | None = None) -> list[dict[str, Any]]:
    """PARENT_OF links from one parent to each child."""
    extra = {"kind": kind} if kind else {}
    return [link("PARENT_OF", parent, child, start, **extra) for child in children]


def married(a: str, b: str, start: str | None = "2000-01-01", end: str | None = None) -> dict[str, Any]:
    return link("MARRIED", a, b, start, end)


def civil(a: str, b: str, start: str | None = "2000-01-01", end: str | None = None) -> dict[str, Any]:
    return link("CIVIL_PARTNERS", a, b, start, end)


def cohab(a: str, b: str, start: str | None = "2000-01-01", end: str | None = None) -> dict[str, Any]:
    return link("COHABITING", a, b, start, end)


def rel(a: str, relation: str, b: str, start: str | None = None) -> dict[str, Any]:
    """RELATIVE_OF: a is the `relation` of b."""
    return link("RELATIVE_OF", a, b, start, relation=relation)


def document(people: dict[str, str | None], links: list[Any]) -> Doc:
    """A hearth/1 document from {id: date of birth or None} and (lists of) links."""
    flat: list[dict[str, Any]] = []
    for item in links:
        flat.extend(item if isinstance(item, list) else [item])
    records = [{"id": pid, "synthetic": True, **({"date_of_birth": born} if born else {})}
               for pid, born in people.items()]
    return {"format": "hearth/1", "people": records, "links": flat}


@dataclass(frozen=True)
class Case:
    """One family situation and what the spec says check(a, b, on) answers."""

    name: str
    people: dict[str, str | None]
    links: list[Any]
    a: str
    b: str
    expected: frozenset[Identity]
    on: date = ON
    extra: dict[str, Any] = field(default_factory=dict)  # attribute -> expected value (ages, age rule)

    def doc(self) -> Doc:
        return document(self.people, self.links)


def case(name: str, people: dict[str, str | None], links: list[Any], a: str, b: str, *expected: Identity,
         on: date = ON, **extra: Any) -> Case:
    return Case(name, people, links, a, b, frozenset(expected), on, extra)


# Frequently used families.
GRAND = {"G1": "1940-01-01", "G2": "1941-01-01"}
GEN1 = "1965-01-01"
GEN2 = "1990-01-01"

CASES: list[Case] = [
    # ---- limbs (a)-(e): direct links between the two, "are or have been", never before they start
    case("married-current", {"A": GEN1, "B": GEN1}, [married("A", "B", "2010-06-01")], "A", "B", limb("a"),
         age_a=59, age_b=59, both_16_or_over=True, domestic_abuse_relationship=True),
    case("married-divorced-still-connected", {"A": GEN1, "B": GEN1},
         [married("A", "B", "2005-01-01", "2010-01-01")], "A", "B", limb("a")),
    case("married-on-before-start", {"A": GEN1, "B": GEN1}, [married("A", "B", "2020-06-01")], "A", "B",
         on=date(2020, 5, 31), personally_connected=False, domestic_abuse_relationship=False),
    case("married-on-the-wedding-day", {"A": GEN1, "B": GEN1}, [married("A", "B", "2020-06-01")], "A", "B",
         limb("a"), on=date(2020, 6, 1)),
    case("married-unknown-start", {"A": GEN1, "B": GEN1}, [married("A", "B", None)], "A", "B", limb("a")),
    case("civil-partners-dissolved", {"A": GEN1, "B": GEN1}, [civil("A", "B", "2010-01-01", "2015-01-01")],
         "A", "B", limb("b")),
    case("engagement-terminated", {"A": GEN1, "B": GEN1},
         [link("AGREED_TO_MARRY", "A", "B", "2010-01-01", "2011-01-01")], "A", "B", limb("c")),
    case("civil-partnership-agreement", {"A": GEN1, "B": GEN1},
         [link("CIVIL_PARTNERSHIP_AGREEMENT", "A", "B", "2015-01-01")], "A", "B", limb("d")),
    case("intimate-relationship-ended", {"A": GEN2, "B": GEN2},
         [link("INTIMATE_RELATIONSHIP", "A", "B", "2015-01-01", "2016-01-01")], "A", "B", limb("e")),
    case("intimate-started-after-on", {"A": GEN2, "B": GEN2},
         [link("INTIMATE_RELATIONSHIP", "A", "B", "2023-06-01")], "A", "B", on=date(2023, 1, 1),
         personally_connected=False, domestic_abuse_relationship=False),
    case("intimate-started-before-later-on", {"A": GEN2, "B": GEN2},
         [link("INTIMATE_RELATIONSHIP", "A", "B", "2023-06-01")], "A", "B", limb("e"), on=date(2023, 7, 1)),
    case("cohabiting-is-intimate", {"A": GEN2, "B": GEN2}, [cohab("A", "B", "2018-01-01")], "A", "B", limb("e")),
    case("strangers", {"A": GEN2, "B": GEN2}, [], "A", "B",
         personally_connected=False, both_16_or_over=True, domestic_abuse_relationship=False),
    case("first-cousins-who-married", {**GRAND, "P": GEN1, "U": GEN1, "A": GEN2, "B": GEN2},
         [par("G1", "P", "U"), par("G2", "P", "U"), par("P", "A"), par("U", "B"), married("A", "B", "2015-01-01")],
         "A", "B", limb("a"), g("B", "first_cousin", "A", blood="full"), g("A", "first_cousin", "B", blood="full")),

    # ---- (f) a parental relationship with the same child at a common time
    case("shared-child-two-birth-parents", {"P": GEN1, "Q": GEN1, "C": "2015-03-01"}, [par("P", "C"), par("Q", "C")],
         "P", "Q", f("C")),
    case("shared-child-not-yet-born", {"P": GEN1, "Q": GEN1, "C": "2015-03-01"}, [par("P", "C"), par("Q", "C")],
         "P", "Q", on=date(2014, 6, 1), personally_connected=False),
    case("married-parents", {"A": GEN1, "B": GEN1, "C": "2012-01-01"},
         [married("A", "B", "2010-01-01"), par("A", "C"), par("B", "C")], "A", "B", limb("a"), f("C")),
    case("cohabiting-parents", {"A": GEN1, "B": GEN1, "C": "2012-01-01"},
         [cohab("A", "B", "2010-01-01"), par("A", "C"), par("B", "C")], "A", "B", limb("e"), f("C")),
    case("parent-and-pr-holder-overlapping", {"P": GEN1, "X": GEN1, "C": "2010-01-01"},
         [par("P", "C"), link("PARENTAL_RESPONSIBILITY_FOR", "X", "C", "2015-01-01", "2016-01-01")],
         "P", "X", f("C")),
    case("pr-not-yet-begun", {"P": GEN1, "X": GEN1, "C": "2010-01-01"},
         [par("P", "C"), link("PARENTAL_RESPONSIBILITY_FOR", "X", "C", "2015-01-01", "2016-01-01")],
         "P", "X", on=date(2014, 12, 31), personally_connected=False),
    case("pr-ended-before-adoption", {"X": GEN1, "Y": GEN1, "C": "2010-01-01"},
         [link("PARENTAL_RESPONSIBILITY_FOR", "X", "C", "2010-06-01", "2011-01-01"),
          par("Y", "C", kind="adoptive", start="2013-01-01")], "X", "Y", personally_connected=False),
    case("birth-and-adoptive-parent", {"P": GEN1, "Y": GEN1, "C": "2010-01-01"},
         [par("P", "C"), par("Y", "C", kind="adoptive", start="2012-01-01")], "P", "Y", f("C")),
    case("recorded-parent-and-birth-parent", {"X": GEN1, "P": GEN1, "C": "2010-01-01"},
         [rel("X", "parent", "C"), par("P", "C")], "X", "P", f("C")),
    case("recorded-child-and-pr-holder", {"X": GEN1, "Y": GEN1, "C": "2010-01-01"},
         [rel("C", "child", "X"), link("PARENTAL_RESPONSIBILITY_FOR", "Y", "C", "2012-01-01")], "X", "Y", f("C")),

    # ---- (g) s.63(1)(a): parents, children, step-parents, step-children, grandparents, grandchildren
    case("birth-parent", {"P": GEN1, "A": GEN2}, [par("P", "A")], "P", "A",
         g("P", "parent", "A"), g("A", "child", "P")),
    case("adoptive-parent", {"Y": GEN1, "A": GEN2}, [par("Y", "A", kind="adoptive", start="1995-01-01")], "Y", "A",
         g("Y", "parent", "A"), g("A", "child", "Y")),
    case("adoptive-parent-before-adoption", {"Y": GEN1, "A": GEN2},
         [par("Y", "A", kind="adoptive", start="1995-01-01")], "Y", "A", on=date(1994, 12, 31),
         personally_connected=False),
    case("grandparent", {"G": "1940-01-01", "P": GEN1, "A": GEN2}, [par("G", "P"), par("P", "A")], "G", "A",
         g("G", "grandparent", "A"), g("A", "grandchild", "G")),
    case("grandchild-not-yet-born", {"G": "1940-01-01", "P": GEN1, "A": GEN2}, [par("G", "P"), par("P", "A")],
         "G", "A", on=date(1989, 12, 31), personally_connected=False),
    case("adoptive-grandparent", {"G": "1940-01-01", "Y": GEN1, "A": GEN2},
         [par("G", "Y"), par("Y", "A", kind="adoptive", start="1995-01-01")], "G", "A",
         g("G", "grandparent", "A"), g("A", "grandchild", "G")),
    case("great-grandparent-not-relative", {"GG": "1915-01-01", "G": "1940-01-01", "P": GEN1, "A": GEN2},
         [par("GG", "G"), par("G", "P"), par("P", "A")], "GG", "A", personally_connected=False),
    case("step-parent-married", {"P": GEN1, "T": GEN1, "A": GEN2}, [par("P", "A"), married("P", "T", "2000-01-01")],
         "T", "A", g("T", "step_parent", "A"), g("A", "step_child", "T"),
         g("A", "child_in_law", "T", via="spouse")),
    case("step-parent-after-divorce", {"P": GEN1, "T": GEN1, "A": GEN2},
         [par("P", "A"), married("P", "T", "2000-01-01", "2005-01-01")], "T", "A",
         g("T", "step_parent", "A"), g("A", "step_child", "T"), g("A", "child_in_law", "T", via="former_spouse")),
    case("step-parent-marriage-ended-before-birth", {"P": GEN1, "T": GEN1, "A": GEN2},
         [par("P", "A"), married("P", "T", "1985-01-01", "1988-01-01")], "T", "A",
         g("A", "child_in_law", "T", via="former_spouse")),
    case("step-parent-before-the-wedding", {"P": GEN1, "T": GEN1, "A": GEN2},
         [par("P", "A"), married("P", "T", "2020-01-01")], "T", "A", on=date(2019, 12, 31),
         personally_connected=False),
    case("step-parent-civil-partner", {"P": GEN1, "T": GEN1, "A": GEN2},
         [par("P", "A"), civil("P", "T", "2000-01-01")], "T", "A",
         g("T", "step_parent", "A"), g("A", "step_child", "T"), g("A", "child_in_law", "T", via="civil_partner")),
    case("parents-cohabitant-not-step-parent", {"P": GEN1, "T": GEN1, "A": GEN2},
         [par("P", "A"), cohab("P", "T", "2000-01-01")], "T", "A", g("A", "child_in_law", "T", via="cohabitant")),
    case("parents-former-cohabitant", {"P": GEN1, "T": GEN1, "A": GEN2},
         [par("P", "A"), cohab("P", "T", "2000-01-01", "2003-01-01")], "T", "A",
         g("A", "child_in_law", "T", via="former_cohabitant")),
    case("parent-of-child-with-spouse", {"A": GEN1, "B": GEN1, "C": "2012-01-01"},
         [married("A", "B", "2010-01-01"), par("A", "C"), par("B", "C")], "A", "C",
         g("A", "parent", "C"), g("C", "child", "A"), g("C", "child_in_law", "A", via="spouse")),

    # ---- (g) s.63(1)(b): siblings of the full blood, half blood, unknown blood, by marriage, step-siblings
    case("full-siblings", {"P": GEN1, "Q": GEN1, "A": GEN2, "B": "1992-01-01"},
         [par("P", "A", "B"), par("Q", "A", "B")], "A", "B",
         g("B", "sibling", "A", blood="full"), g("A", "sibling", "B", blood="full")),
    case("half-siblings", {"P": GEN1, "Q": GEN1, "R": GEN1, "A": GEN2, "B": "1992-01-01"},
         [par("P", "A", "B"), par("Q", "A"), par("R", "B")], "A", "B",
         g("B", "sibling", "A", blood="half"), g("A", "sibling", "B", blood="half")),
    # A's other parent is known (Q), B's is not: B's other parent may be Q, so the blood is unknown (null).
    case("siblings-other-parent-unknown", {"P": GEN1, "Q": GEN1, "A": GEN2, "B": "1992-01-01"},
         [par("P", "A", "B"), par("Q", "A")], "A", "B", g("B", "sibling", "A"), g("A", "sibling", "B")),
    case("sibling-by-marriage", {"P": GEN1, "Q": GEN1, "A": GEN2, "S": "1992-01-01", "B": GEN2},
         [par("P", "A", "S"), par("Q", "A", "S"), married("S", "B", "2015-01-01")], "A", "B",
         g("B", "sibling", "A", blood="marriage"), g("A", "sibling_in_law", "B", via="spouse", blood="full")),
    case("step-siblings", {"P": GEN1, "T": GEN1, "A": GEN2, "B": "1991-01-01"},
         [par("P", "A"), par("T", "B"), married("P", "T", "2000-01-01")], "A", "B",
         g("B", "sibling", "A", blood="marriage"), g("A", "sibling", "B", blood="marriage")),
    # R is A's half-sibling (mother P) and a child of A's step-parent T: a step-sibling shares no parent, so
    # R is a half-sibling only (spec: "a child of A's step-parent who shares no parent with A").
    case("blended-family-half-sibling", {"Q": GEN1, "P": GEN1, "T": GEN1, "A": GEN2, "R": "2002-01-01"},
         [par("Q", "A"), par("P", "A", "R"), par("T", "R"), married("P", "T", "2000-01-01")], "A", "R",
         g("R", "sibling", "A", blood="half"), g("A", "sibling", "R", blood="half")),

    # ---- uncles and aunts, nieces and nephews
    case("uncle-full-blood", {**GRAND, "P": GEN1, "U": GEN1, "A": GEN2},
         [par("G1", "P", "U"), par("G2", "P", "U"), par("P", "A")], "U", "A",
         g("U", "uncle_or_aunt", "A", blood="full"), g("A", "niece_or_nephew", "U", blood="full")),
    case("aunt-half-blood", {**GRAND, "G3": "1942-01-01", "P": GEN1, "U": GEN1, "A": GEN2},
         [par("G1", "P", "U"), par("G2", "P"), par("G3", "U"), par("P", "A")], "U", "A",
         g("U", "uncle_or_aunt", "A", blood="half"), g("A", "niece_or_nephew", "U", blood="half")),
    # Only one grandparent is recorded: U is certainly P's sibling (full or half, the records cannot tell).
    case("uncle-blood-unknown", {"G1": "1940-01-01", "P": GEN1, "U": GEN1, "A": GEN2},
         [par("G1", "P", "U"), par("P", "A")], "U", "A",
         g("U", "uncle_or_aunt", "A"), g("A", "niece_or_nephew", "U")),
    # Kinship adoption: aunt U adopts her sister P's child A. U is both A's (adoptive) parent and A's aunt,
    # and P both parent and aunt (spec choice 4 keeps the birth link); A is nobody's own cousin, so A's
    # spouse M is A's spouse (a), not also "married to a first cousin of A".
    case("kinship-adoption-aunt-is-parent-and-aunt", {**GRAND, "P": GEN1, "U": GEN1, "A": GEN2},
         [par("G1", "P", "U"), par("G2", "P", "U"), par("P", "A"), par("U", "A", kind="adoptive", start="1995-01-01")],
         "U", "A", g("U", "parent", "A"), g("A", "child", "U"), g("U", "uncle_or_aunt", "A", blood="full"),
         g("A", "niece_or_nephew", "U", blood="full")),
    case("kinship-adoption-spouse-not-own-cousin", {**GRAND, "P": GEN1, "U": GEN1, "A": GEN2, "M": GEN2},
         [par("G1", "P", "U"), par("G2", "P", "U"), par("P", "A"), par("U", "A", kind="adoptive", start="1995-01-01"),
          married("A", "M", "2015-01-01")], "A", "M", limb("a")),
    # Kinship adoption again: U adopts her sister's child A and has a child K with X. K is A's half-sibling
    # (shared parent U; P and X differ) and, through the birth link, also A's first cousin of the full blood.
    case("kinship-adoption-cousin-is-also-sibling",
         {**GRAND, "P": GEN1, "U": GEN1, "X": GEN1, "A": GEN2, "K": "1992-01-01"},
         [par("G1", "P", "U"), par("G2", "P", "U"), par("P", "A"), par("U", "A", kind="adoptive", start="1995-01-01"),
          par("U", "K"), par("X", "K")], "A", "K",
         g("K", "sibling", "A", blood="half"), g("A", "sibling", "K", blood="half"),
         g("K", "first_cousin", "A", blood="full"), g("A", "first_cousin", "K", blood="full")),
    case("uncle-by-marriage", {**GRAND, "P": GEN1, "U": GEN1, "W": GEN1, "A": GEN2},
         [par("G1", "P", "U"), par("G2", "P", "U"), par("P", "A"), married("U", "W", "1995-01-01")], "W", "A",
         g("W", "uncle_or_aunt", "A", blood="marriage"),
         g("A", "niece_or_nephew_in_law", "W", via="spouse", blood="full")),
    case("nephew-by-marriage", {**GRAND, "P": GEN1, "U": GEN1, "N": GEN2, "M": GEN2},
         [par("G1", "P", "U"), par("G2", "P", "U"), par("P", "N"), married("N", "M", "2015-01-01")], "U", "M",
         g("M", "niece_or_nephew", "U", blood="marriage"),
         g("U", "uncle_or_aunt_in_law", "M", via="spouse", blood="full")),
    case("great-aunt-not-relative", {"GG1": "1915-01-01", "GG2": "1916-01-01", "G": "1940-01-01",
                                     "GA": "1942-01-01", "P": GEN1, "A": GEN2},
         [par("GG1", "G", "GA"), par("GG2", "G", "GA"), par("G", "P"), par("P", "A")], "GA", "A",
         personally_connected=False),

    # ---- first cousins
    case("first-cousins-full", {**GRAND, "P": GEN1, "U": GEN1, "A": GEN2, "B": "1991-01-01"},
         [par("G1", "P", "U"), par("G2", "P", "U"), par("P", "A"), par("U", "B")], "A", "B",
         g("B", "first_cousin", "A", blood="full"), g("A", "first_cousin", "B", blood="full")),
    case("first-cousins-half", {**GRAND, "G3": "1942-01-01", "P": GEN1, "U": GEN1, "A": GEN2, "B": "1991-01-01"},
         [par("G1", "P", "U"), par("G2", "P"), par("G3", "U"), par("P", "A"), par("U", "B")], "A", "B",
         g("B", "first_cousin", "A", blood="half"), g("A", "first_cousin", "B", blood="half")),
    case("first-cousin-by-marriage", {**GRAND, "P": GEN1, "U": GEN1, "A": GEN2, "B": "1991-01-01", "M": GEN2},
         [par("G1", "P", "U"), par("G2", "P", "U"), par("P", "A"), par("U", "B"), married("B", "M", "2015-01-01")],
         "A", "M", g("M", "first_cousin", "A", blood="marriage"),
         g("A", "first_cousin_in_law", "M", via="spouse", blood="full")),
    case("second-cousins-not-relatives", {"GG1": "1915-01-01", "GG2": "1916-01-01", "G": "1940-01-01",
                                          "H": "1941-01-01", "P": GEN1, "K": GEN1, "A": GEN2, "B": GEN2},
         [par("GG1", "G", "H"), par("GG2", "G", "H"), par("G", "P"), par("H", "K"), par("P", "A"), par("K", "B")],
         "A", "B", personally_connected=False),
    case("first-cousin-once-removed-not-relative",
         {**GRAND, "P": GEN1, "U": GEN1, "A": GEN2, "B": "1991-01-01", "C": "2015-01-01"},
         [par("G1", "P", "U"), par("G2", "P", "U"), par("P", "A"), par("U", "B"), par("B", "C")], "A", "C",
         personally_connected=False),

    # ---- partners' relatives: every via, and the partners who do not extend relatives
    case("spouses-parent", {"A": GEN2, "B": GEN2, "M": GEN1}, [married("A", "B", "2015-01-01"), par("M", "B")],
         "A", "M", g("M", "parent_in_law", "A", via="spouse")),
    case("former-spouses-sibling", {"A": GEN2, "B": GEN2, "P": GEN1, "Q": GEN1, "S": "1992-01-01"},
         [married("A", "B", "2012-01-01", "2016-01-01"), par("P", "B", "S"), par("Q", "B", "S")], "A", "S",
         g("S", "sibling_in_law", "A", via="former_spouse", blood="full"), g("A", "sibling", "S", blood="marriage")),
    case("spouse-divorced-on-the-day", {"A": GEN2, "B": GEN2, "M": GEN1},
         [married("A", "B", "2015-01-01", "2020-01-01"), par("M", "B")], "A", "M",
         g("M", "parent_in_law", "A", via="former_spouse"), on=date(2020, 1, 1)),
    case("civil-partners-grandparent", {"A": GEN2, "B": GEN2, "G": "1940-01-01", "P": GEN1},
         [civil("A", "B", "2015-01-01"), par("G", "P"), par("P", "B")], "A", "G",
         g("G", "grandparent_in_law", "A", via="civil_partner")),
    case("former-civil-partners-cousin", {**GRAND, "P": GEN1, "U": GEN1, "B": GEN2, "K": "1991-01-01", "A": GEN2},
         [par("G1", "P", "U"), par("G2", "P", "U"), par("P", "B"), par("U", "K"),
          civil("A", "B", "2012-01-01", "2014-01-01")], "A", "K",
         g("K", "first_cousin_in_law", "A", via="former_civil_partner", blood="full"),
         g("A", "first_cousin", "K", blood="marriage")),
    case("cohabitants-parent", {"A": GEN2, "B": GEN2, "M": GEN1}, [cohab("A", "B", "2015-01-01"), par("M", "B")],
         "A", "M", g("M", "parent_in_law", "A", via="cohabitant")),
    case("former-cohabitants-sibling", {"A": GEN2, "B": GEN2, "P": GEN1, "Q": GEN1, "S": "1992-01-01"},
         [cohab("A", "B", "2010-01-01", "2012-01-01"), par("P", "B", "S"), par("Q", "B", "S")], "A", "S",
         g("S", "sibling_in_law", "A", via="former_cohabitant", blood="full")),
    case("cohabited-then-married", {"A": GEN2, "B": GEN2, "M": GEN1},
         [cohab("A", "B", "2010-01-01", "2015-01-01"), married("A", "B", "2015-01-01"), par("M", "B")], "A", "M",
         g("M", "parent_in_law", "A", via="former_cohabitant"), g("M", "parent_in_law", "A", via="spouse")),
    case("spouses-parent-before-the-wedding", {"A": GEN2, "B": GEN2, "M": GEN1},
         [married("A", "B", "2015-01-01"), par("M", "B")], "A", "M", on=date(2014, 12, 31),
         personally_connected=False),
    case("intimate-partners-parent-not-relative", {"A": GEN2, "B": GEN2, "M": GEN1},
         [link("INTIMATE_RELATIONSHIP", "A", "B", "2015-01-01"), par("M", "B")], "A", "M",
         personally_connected=False),
    case("engaged-partners-sibling-not-relative", {"A": GEN2, "B": GEN2, "P": GEN1, "Q": GEN1, "S": "1992-01-01"},
         [link("AGREED_TO_MARRY", "A", "B", "2015-01-01"), par("P", "B", "S"), par("Q", "B", "S")], "A", "S",
         personally_connected=False),

    # ---- recorded RELATIVE_OF, when the tree is unknown
    case("recorded-uncle", {"X": GEN1, "Y": GEN2}, [rel("X", "uncle_or_aunt", "Y")], "X", "Y",
         g("X", "uncle_or_aunt", "Y"), g("Y", "niece_or_nephew", "X")),
    case("recorded-first-cousin", {"X": GEN2, "Y": GEN2}, [rel("X", "first_cousin", "Y")], "Y", "X",
         g("X", "first_cousin", "Y"), g("Y", "first_cousin", "X")),
    # "X is the parent_in_law of Y" (X is a parent of Y's spouse). The spec's "and its inverse for b" cannot
    # apply to an _in_law word: Y is the spouse of X's child, which s.63(1) does not make X's relative
    # (child_in_law would say "a child of X's spouse", which is false). Only the recorded direction holds.
    case("recorded-in-law-via-spouse", {"X": GEN1, "Y": GEN2}, [rel("X", "parent_in_law", "Y")], "X", "Y",
         g("X", "parent_in_law", "Y", via="spouse")),
    case("recorded-sibling-extended-through-spouse", {"X": GEN2, "Y": GEN2, "Z": GEN2},
         [rel("X", "sibling", "Y"), married("Y", "Z", "2015-01-01")], "X", "Z",
         g("X", "sibling_in_law", "Z", via="spouse")),
    case("recorded-relations-not-combined", {"A": GEN2, "U": GEN1, "K": GEN2},
         [rel("U", "uncle_or_aunt", "A"), rel("K", "child", "U")], "A", "K", personally_connected=False),
    case("recorded-relative-after-on", {"X": GEN1, "Y": GEN2}, [rel("X", "uncle_or_aunt", "Y", start="2020-01-01")],
         "X", "Y", on=date(2019, 12, 31), personally_connected=False),

    # ---- the age rule of s.1(2)(a)
    case("fifteen-year-old-connected-not-da", {"P": GEN1, "A": "2008-06-01"}, [par("P", "A")], "P", "A",
         g("P", "parent", "A"), g("A", "child", "P"),
         age_a=59, age_b=15, both_16_or_over=False, domestic_abuse_relationship=False),
    case("sixteenth-birthday", {"A": "2008-01-01", "B": "2007-03-01"},
         [link("INTIMATE_RELATIONSHIP", "A", "B", "2023-01-01")], "A", "B", limb("e"),
         age_a=16, age_b=16, both_16_or_over=True, domestic_abuse_relationship=True),
    case("day-before-sixteenth-birthday", {"A": "2008-01-02", "B": "2007-03-01"},
         [link("INTIMATE_RELATIONSHIP", "A", "B", "2023-01-01")], "A", "B", limb("e"),
         age_a=15, age_b=16, both_16_or_over=False, domestic_abuse_relationship=False),
    case("date-of-birth-unknown", {"A": GEN1, "B": None}, [married("A", "B", "2010-01-01")], "A", "B", limb("a"),
         age_a=59, age_b=None, both_16_or_over=None, domestic_abuse_relationship=None),
]
