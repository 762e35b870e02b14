"""Properties of personal connection on generated small families (docs/personal-connection.md).

Each example builds a random family the loader accepts (parents older than children, link starts not before
births, no repeated link, no link to oneself) and checks laws that hold whatever the family:
symmetry of the grounds, monotonicity in time ("are, or have been"), adding a link never removes a ground,
and connected_people agreeing with check.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations
from typing import Any

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from graph_model import users
from graph_model.connections import ConnectionVerdict, check, connected_people
from graph_model.interchange.load import load
from graph_model.vocabulary import RELATIONS, SYMMETRIC_LINKS
from tests.conftest import _reset

Identity = tuple[Any, ...]
Family = tuple[dict[str, date | None], list[dict[str, Any]]]

LINK_TYPES = ("PARENT_OF", "PARENT_OF", "PARENT_OF", "MARRIED", "COHABITING", "INTIMATE_RELATIONSHIP",
              "CIVIL_PARTNERS", "RELATIVE_OF", "PARENTAL_RESPONSIBILITY_FOR", "AGREED_TO_MARRY",
              "CIVIL_PARTNERSHIP_AGREEMENT")
PARENTAL = ("PARENT_OF", "PARENTAL_RESPONSIBILITY_FOR")
LAST_DAY = date(2025, 12, 31)
PROPERTY = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def identity(ground: Any) -> Identity:
    return (ground.limb, ground.relation, ground.via, ground.blood, ground.relative, ground.of, ground.child)


def identities(verdict: ConnectionVerdict) -> set[Identity]:
    return {identity(ground) for ground in verdict.grounds}


@st.composite
def families(draw: st.DrawFn, min_people: int = 4, max_people: int = 10) -> Family:
    """A small family the loader accepts: four to ten people and up to three links each."""
    n = draw(st.integers(min_people, max_people))
    years = sorted(draw(st.lists(st.integers(1930, 2015), min_size=n, max_size=n)))
    births: list[date | None] = [date(y, draw(st.integers(1, 12)), draw(st.integers(1, 28))) for y in years]
    if draw(st.booleans()) and draw(st.booleans()):
        births[draw(st.integers(0, n - 1))] = None  # sometimes one date of birth is unknown
    people = {f"p{i}": born for i, born in enumerate(births)}
    links: list[dict[str, Any]] = []
    seen: set[tuple[str, ...]] = set()
    parents: dict[int, int] = {}
    for _ in range(draw(st.integers(1, 3 * n))):
        kind = draw(st.sampled_from(LINK_TYPES))
        i, j = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        if i == j:
            continue
        if kind in PARENTAL:
            first, second = births[i], births[j]
            if first is None or second is None:
                continue
            if first > second:
                i, j, first, second = j, i, second, first
            if (second - first).days < 14 * 365:
                continue  # a parent at least 14 years older than the child
            if kind == "PARENT_OF" and parents.get(j, 0) >= 2 and not draw(st.booleans()):
                continue  # mostly at most two parents, sometimes an adoptive third
        a, b = f"p{i}", f"p{j}"
        key = (kind, *sorted((a, b))) if kind in SYMMETRIC_LINKS else (kind, a, b)
        if key in seen or (kind == "PARENT_OF" and ("PARENT_OF", b, a) in seen):
            continue
        record: dict[str, Any] = {"type": kind, "a": a, "b": b}
        known = [born for born in (births[i], births[j]) if born is not None]
        earliest = max(known) if known else date(1930, 1, 1)
        adoptive = kind == "PARENT_OF" and draw(st.integers(0, 3)) == 0
        dated = kind != "PARENT_OF" or adoptive
        if dated and draw(st.integers(0, 5)) > 0:
            start = min(earliest + timedelta(days=draw(st.integers(0, 40 * 365))), max(earliest, LAST_DAY))
            record["start"] = start.isoformat()
            if kind != "PARENT_OF" and draw(st.booleans()):
                record["end"] = (start + timedelta(days=draw(st.integers(0, 20 * 365)))).isoformat()
        if adoptive:
            record["kind"] = "adoptive"
        if kind == "RELATIVE_OF":
            record["relation"] = draw(st.sampled_from(sorted(RELATIONS)))
        if kind == "PARENT_OF":
            parents[j] = parents.get(j, 0) + 1
        seen.add(key)
        links.append(record)
    return people, links


def document(people: dict[str, date | None], links: list[dict[str, Any]], with_people: bool = True) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": "hearth/1", "links": links}
    if with_people:
        doc["people"] = [{"id": pid, "synthetic": True, **({"date_of_birth": born.isoformat()} if born else {})}
                         for pid, born in people.items()]
    return doc


def fresh(family: Family) -> users.Actor:
    """Reset the database (hypothesis runs many examples in one test) and load the family."""
    _reset()
    admin = users.actor(users.BUILTIN_ADMIN)
    load(admin, document(*family))
    return admin


def describe(family: Family) -> str:
    people, links = family
    return f"people {people}; links {links}"


@PROPERTY
@given(family=families(), on=st.sampled_from([date(1990, 1, 1), date(2005, 6, 1), date(2025, 6, 1)]))
def test_grounds_are_symmetric(graph: object, family: Family, on: date) -> None:
    """check(a, b) and check(b, a) give the same grounds, for every pair of the family."""
    admin = fresh(family)
    for a, b in combinations(sorted(family[0]), 2):
        there, back = check(admin, a, b, on=on), check(admin, b, a, on=on)
        assert identities(there) == identities(back), f"{a}-{b} on {on}: {describe(family)}"
        assert there.personally_connected is back.personally_connected is bool(there.grounds)
        assert (there.age_a, there.age_b) == (back.age_b, back.age_a)
        assert there.domestic_abuse_relationship is back.domestic_abuse_relationship


@PROPERTY
@given(family=families(), on=st.sampled_from([date(1980, 1, 1), date(1995, 6, 1), date(2008, 3, 1)]))
def test_connection_holds_on_every_later_date(graph: object, family: Family, on: date) -> None:
    """Every limb says "are, or have been": connected on a date means connected on every later date."""
    admin = fresh(family)
    later = [on + timedelta(days=1), on + timedelta(days=3653), date(2025, 6, 1)]
    for a, b in combinations(sorted(family[0]), 2):
        before = check(admin, a, b, on=on)
        if not before.personally_connected:
            continue
        kept = {ground for ground in identities(before) if ground[0] != "s2(1)(g)"}
        for day in later:
            after = check(admin, a, b, on=day)
            where = f"{a}-{b} connected on {on} but not the same on {day}: {describe(family)}"
            assert after.personally_connected, where
            assert {g[0] for g in identities(before)} <= {g[0] for g in identities(after)}, where
            assert kept <= identities(after), where


def coarse(ground: Identity) -> Identity:
    """A ground without the words a new parent link may refine (blood; step_parent -> parent...)."""
    limb, _relation, via, _blood, relative, of, child = ground
    return (limb, via, relative, of, child)


@PROPERTY
@given(family=families(), pick=st.integers(0, 10_000), on=st.sampled_from([date(2000, 1, 1), date(2025, 6, 1)]))
def test_adding_a_link_never_removes_a_ground(graph: object, family: Family, pick: int, on: date) -> None:
    """Load the family without one link, then load that link: every ground found before is still found.

    A new PARENT_OF link may only refine a ground's words (a null blood becomes half or full, a step-parent
    becomes a parent), so for it the grounds are compared without relation and blood.
    """
    people, links = family
    assume(links)
    extra = links[pick % len(links)]
    rest = [record for record in links if record is not extra]
    admin = fresh((people, rest))
    pairs = list(combinations(sorted(people), 2))
    before = {pair: identities(check(admin, *pair, on=on)) for pair in pairs}
    load(admin, document(people, [extra], with_people=False))
    for pair in pairs:
        after = identities(check(admin, *pair, on=on))
        lost = before[pair] - after
        if extra["type"] == "PARENT_OF":
            lost = {g for g in lost if coarse(g) not in {coarse(h) for h in after}}
        assert not lost, f"{pair} lost {lost} when {extra} was added to: {describe((people, rest))}"


# Found by this test: a co-parent recorded only as a relative ("p3 is p0's child") was missed by the list.
_RECORDED_CO_PARENT = ({"p0": date(1930, 1, 1), "p1": date(1930, 1, 1), "p3": date(1944, 1, 1)},
                       [{"type": "PARENT_OF", "a": "p1", "b": "p3", "kind": "adoptive"},
                        {"type": "RELATIVE_OF", "a": "p3", "b": "p0", "relation": "child"}])


@PROPERTY
@given(family=families(), on=st.sampled_from([date(2000, 1, 1), date(2025, 6, 1)]))
@example(family=_RECORDED_CO_PARENT, on=date(2000, 1, 1))
def test_connected_people_agrees_with_check(graph: object, family: Family, on: date) -> None:
    """connected_people(a) is exactly the people check(a, b) finds connected, with the same grounds."""
    admin = fresh(family)
    people = sorted(family[0])
    for a in people:
        listed = {verdict.b: verdict for verdict in connected_people(admin, a, on=on)}
        for b in people:
            if b == a:
                continue
            verdict = check(admin, a, b, on=on)
            where = f"{a}-{b} on {on}: {describe(family)}"
            assert (b in listed) is verdict.personally_connected, where
            if b in listed:
                assert identities(listed[b]) == identities(verdict), where
        assert a not in listed
