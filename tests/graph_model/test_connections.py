"""Personal connection (DA Act 2021 ss.1-2, FLA 1996 s.63) against the contract, docs/personal-connection.md.

Every expectation is derived from the spec's tables by hand (tests/graph_model/connection_cases.py), not read
off the engine: the exact set of ground identities (limb, relation, via, blood, relative, of, child).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from typing import Any

import pytest

from graph_model import users
from graph_model.config import PROJECT_ROOT
from graph_model.connections import ConnectionVerdict, Ground, check, connected_people
from graph_model.errors import HearthError, InvalidInput, PermissionDenied, UnknownPerson
from graph_model.interchange.load import load
from graph_model.users import Actor
from graph_model.vocabulary import LINK_TYPES, RELATIONS, SYMMETRIC_LINKS
from tests.graph_model.connection_cases import (
    CASES,
    Case,
    Doc,
    Identity,
    document,
    g,
    limb,
    link,
    married,
    par,
)

LIMB_LINKS = {"s2(1)(a)": {"MARRIED"}, "s2(1)(b)": {"CIVIL_PARTNERS"}, "s2(1)(c)": {"AGREED_TO_MARRY"},
              "s2(1)(d)": {"CIVIL_PARTNERSHIP_AGREEMENT"}, "s2(1)(e)": {"INTIMATE_RELATIONSHIP", "COHABITING"}}
VIA_LINKS = {"spouse": "MARRIED", "former_spouse": "MARRIED", "civil_partner": "CIVIL_PARTNERS",
             "former_civil_partner": "CIVIL_PARTNERS", "cohabitant": "COHABITING", "former_cohabitant": "COHABITING"}
VIAS = {"self", *VIA_LINKS}
BLOODS = {None, "full", "half", "marriage"}


def identity(ground: Ground) -> Identity:
    """The identity of a ground for assertions."""
    return (ground.limb, ground.relation, ground.via, ground.blood, ground.relative, ground.of, ground.child)


def identities(verdict: ConnectionVerdict) -> set[Identity]:
    return {identity(ground) for ground in verdict.grounds}


def show(found: set[Identity], expected: frozenset[Identity] | set[Identity]) -> str:
    """Say which grounds are missing and which are unexpected, for a readable failure."""
    return f"missing {sorted(expected - found, key=str)}; unexpected {sorted(found - expected, key=str)}"


def age_on(born: str | None, on: date) -> int | None:
    if born is None:
        return None
    birth = date.fromisoformat(born)
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def doc_links(doc: Doc) -> set[tuple[str, str, str]]:
    """Every link of the document as (type, a, b), symmetric links in both orders."""
    found: set[tuple[str, str, str]] = set()
    for record in doc.get("links", []):
        found.add((record["type"], record["a"], record["b"]))
        if record["type"] in SYMMETRIC_LINKS:
            found.add((record["type"], record["b"], record["a"]))
    return found


def assert_path(ground: Ground, a: str, b: str, doc: Doc) -> None:
    """The path runs from a to b, alternating people and links, each link a real one joining its neighbours."""
    check_path(list(ground.path), identity(ground), a, b, doc)


def assert_path_data(data: dict[str, Any], a: str, b: str, doc: Doc) -> None:
    """The same for a ground of to_dict(), which must be JSON."""
    json.dumps(data)
    ground = (data["limb"], data["relation"], data["via"], data["blood"], data["relative"], data["of"], data["child"])
    check_path(list(data["path"]), ground, a, b, doc)


def check_path(path: list[Any], ground: Identity, a: str, b: str, doc: Doc) -> None:
    limb_, child, via = ground[0], ground[6], ground[2]
    label = f"{ground} path {path}"
    assert all(isinstance(step, dict) for step in path), label
    assert path and len(path) % 2 == 1, label
    assert path[0].get("person") == a and path[-1].get("person") == b, label
    real = doc_links(doc)
    types: list[str] = []
    for index, step in enumerate(path):
        if index % 2 == 0:
            assert "person" in step and "link" not in step, label
            continue
        assert step.get("link") in LINK_TYPES, label
        before, after = path[index - 1]["person"], path[index + 1]["person"]
        assert {step["a"], step["b"]} == {before, after}, label
        assert (step["link"], step["a"], step["b"]) in real, f"{label}: not a link of the family"
        types.append(step["link"])
    if limb_ in LIMB_LINKS:
        assert len(types) == 1 and types[0] in LIMB_LINKS[limb_], label
    if limb_ == "s2(1)(f)":
        assert child in [step.get("person") for step in path[2:-2:2]], label
    if limb_ == "s2(1)(g)" and via in VIA_LINKS and types != ["RELATIVE_OF"]:
        assert VIA_LINKS[via] in types, label


def assert_ground_fields(ground: Ground) -> None:
    """Field values are from the spec's vocabularies, and only the limb's own fields are set."""
    assert isinstance(ground.explanation, str) and ground.explanation.strip(), ground
    if ground.limb == "s2(1)(g)":
        assert ground.relation in RELATIONS and ground.via in VIAS and ground.blood in BLOODS, ground
        assert ground.relative and ground.of and ground.child is None, ground
    elif ground.limb == "s2(1)(f)":
        assert ground.child and (ground.relation, ground.via, ground.blood) == (None, None, None), ground
    else:
        assert ground.limb in LIMB_LINKS, ground
        assert (ground.relation, ground.via, ground.blood, ground.child) == (None, None, None, None), ground


# ---------------------------------------------------------------------------------------------------- the table


def test_the_table_is_big_enough() -> None:
    """At least 40 named situations, with unique names."""
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_family_situation(admin: Actor, case: Case) -> None:
    """check(a, b, on) gives exactly the spec's grounds, both ways round, each with a path a professional can follow."""
    doc = case.doc()
    load(admin, doc)
    verdict = check(admin, case.a, case.b, on=case.on)
    assert isinstance(verdict, ConnectionVerdict)
    found = identities(verdict)
    assert found == set(case.expected), show(found, case.expected)
    assert verdict.personally_connected is bool(case.expected)
    assert len(verdict.grounds) == len(found), f"a ground is repeated: {verdict.grounds}"
    for name, value in case.extra.items():
        assert getattr(verdict, name) == value, f"{name}: expected {value!r}, got {getattr(verdict, name)!r}"
    born_a, born_b = case.people[case.a], case.people[case.b]
    if all(born is None or date.fromisoformat(born) <= case.on for born in (born_a, born_b)):
        assert_age_rule(verdict, age_on(born_a, case.on), age_on(born_b, case.on))
    for ground in verdict.grounds:
        assert isinstance(ground, Ground)
        assert_ground_fields(ground)
    back = check(admin, case.b, case.a, on=case.on)
    assert identities(back) == found, show(identities(back), found)
    assert back.personally_connected is verdict.personally_connected


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES if c.expected])
def test_family_situation_paths(admin: Actor, case: Case) -> None:
    """Every ground's path runs from a to b (and from b to a when asked the other way) over the family's links."""
    doc = case.doc()
    load(admin, doc)
    for a, b in ((case.a, case.b), (case.b, case.a)):
        verdict = check(admin, a, b, on=case.on)
        assert verdict.grounds
        for data in verdict.to_dict()["grounds"]:
            assert_path_data(data, a, b, doc)


def test_ground_path_is_people_and_links_alternating(admin: Actor) -> None:
    """Ground.path itself (the Python API, not only to_dict) is the tuple of alternating person and link dicts."""
    case = next(c for c in CASES if c.name == "uncle-by-marriage")
    doc = case.doc()
    load(admin, doc)
    verdict = check(admin, case.a, case.b, on=case.on)
    by_identity = {(d["limb"], d["relation"], d["via"], d["blood"], d["relative"], d["of"], d["child"]): d["path"]
                   for d in verdict.to_dict()["grounds"]}
    for ground in verdict.grounds:
        assert isinstance(ground.path, tuple)
        assert_path(ground, case.a, case.b, doc)
        assert json.loads(json.dumps(list(ground.path), default=str)) == by_identity[identity(ground)]


def assert_age_rule(verdict: ConnectionVerdict, age_a: int | None, age_b: int | None) -> None:
    """Ages in whole years; s.1(2)(a) needs both 16+; unknown is null, never a guess; not connected is false."""
    assert (verdict.age_a, verdict.age_b) == (age_a, age_b)
    both = None if age_a is None or age_b is None else age_a >= 16 and age_b >= 16
    assert verdict.both_16_or_over is both
    if not verdict.personally_connected:
        assert verdict.domestic_abuse_relationship is False
    else:
        assert verdict.domestic_abuse_relationship is both


def test_intimate_relationship_connects_from_its_start(admin: Actor) -> None:
    """The same pair is not connected the day before the relationship starts, and is from that day on."""
    load(admin, document({"A": "1990-01-01", "B": "1991-01-01"},
                         [link("INTIMATE_RELATIONSHIP", "A", "B", "2023-06-01", "2023-09-01")]))
    assert not check(admin, "A", "B", on=date(2023, 5, 31)).personally_connected
    for on in (date(2023, 6, 1), date(2023, 9, 1), date(2025, 1, 1)):
        assert identities(check(admin, "A", "B", on=on)) == {limb("e")}, on


def test_on_defaults_to_today(admin: Actor) -> None:
    """on=None judges at today's date, with ages on today."""
    load(admin, document({"A": "1990-01-01", "B": "1991-01-01", "C": None},
                         [married("A", "B", "2015-01-01")]))
    today = date.today()
    verdict = check(admin, "A", "B")
    assert identities(verdict) == {limb("a")}
    assert (verdict.age_a, verdict.age_b) == (age_on("1990-01-01", today), age_on("1991-01-01", today))
    assert verdict.domestic_abuse_relationship is True
    stranger = check(admin, "A", "C")
    assert not stranger.personally_connected and stranger.grounds == ()
    assert stranger.both_16_or_over is None and stranger.domestic_abuse_relationship is False


def test_verdict_to_dict_is_json(admin: Actor) -> None:
    """to_dict() is JSON-ready and carries every field of the verdict and of each ground."""
    load(admin, document({"P": "1965-01-01", "T": "1966-01-01", "A": "1990-01-01"},
                         [par("P", "A"), married("P", "T", "2000-01-01")]))
    verdict = check(admin, "T", "A", on=date(2024, 1, 1))
    data = json.loads(json.dumps(verdict.to_dict()))
    assert data["personally_connected"] is True and data["both_16_or_over"] is True
    assert data["domestic_abuse_relationship"] is True
    assert (data["age_a"], data["age_b"]) == (58, 34)
    grounds = {(d["limb"], d["relation"], d["via"], d["blood"], d["relative"], d["of"], d["child"])
               for d in data["grounds"]}
    assert grounds == identities(verdict)
    for ground in data["grounds"]:
        assert ground["path"][0]["person"] == "T" and ground["path"][-1]["person"] == "A"
        assert isinstance(ground["explanation"], str) and ground["explanation"]


def test_recorded_link_without_start_is_taken_to_exist(admin: Actor) -> None:
    """An unknown start is taken to exist on any date (after both births)."""
    load(admin, document({"X": "1965-01-01", "Y": "1990-01-01"}, [link("RELATIVE_OF", "X", "Y", relation="parent")]))
    verdict = check(admin, "X", "Y", on=date(1995, 1, 1))
    assert identities(verdict) == {g("X", "parent", "Y"), g("Y", "child", "X")}


# ------------------------------------------------------------------------------------------------------- errors


def test_unknown_person_is_named(admin: Actor) -> None:
    """An unknown id, on either side, raises UnknownPerson naming it."""
    load(admin, document({"A": "1990-01-01"}, []))
    for a, b in (("A", "NOBODY"), ("NOBODY", "A")):
        with pytest.raises(UnknownPerson, match="NOBODY") as caught:
            check(admin, a, b, on=date(2024, 1, 1))
        assert isinstance(caught.value, HearthError) and isinstance(caught.value, LookupError)
    with pytest.raises(UnknownPerson, match="NOBODY"):
        connected_people(admin, "NOBODY")


def test_same_person_is_invalid(admin: Actor) -> None:
    """Asking whether someone is connected to themself is invalid input."""
    load(admin, document({"A": "1990-01-01"}, []))
    with pytest.raises(InvalidInput):
        check(admin, "A", "A", on=date(2024, 1, 1))


def test_lettings_officer_may_not_ask(admin: Actor) -> None:
    """A lettings officer learns screening outcomes, never family trees."""
    doc = document({"A": "1990-01-01", "B": "1990-01-01"}, [married("A", "B", "2015-01-01")])
    doc["agencies"] = [{"id": "AG1", "name": "Housing Co", "kind": "housing_provider"}]
    doc["users"] = [{"id": "UL1", "username": "lettings1", "roles": ["lettings_officer"], "agency": "AG1"},
                    {"id": "UA1", "username": "analyst1", "roles": ["analyst"], "agency": "AG1"}]
    load(admin, doc)
    officer = users.actor("lettings1")
    with pytest.raises(PermissionDenied):
        check(officer, "A", "B", on=date(2024, 1, 1))
    with pytest.raises(PermissionDenied):
        connected_people(officer, "A", on=date(2024, 1, 1))
    assert check(users.actor("analyst1"), "A", "B", on=date(2024, 1, 1)).personally_connected


# ------------------------------------------------------------------------------------------- connected_people


def wide_family() -> Doc:
    """A's family out to the six-link chain of the spec (a spouse's first cousin by marriage), and strangers."""
    people = {"GG": "1915-01-01", "G1": "1940-01-01", "G2": "1941-01-01", "P": "1965-01-01", "Q": "1965-01-01",
              "U": "1966-01-01", "A": "1990-01-01", "S": "1992-01-01", "K": "1991-01-01", "KW": "1991-01-01",
              "KWP": "1965-01-01", "M": "1992-01-01", "X": "1990-01-01", "XP": "1965-01-01", "SP": "1990-01-01",
              "SPP": "1965-01-01", "SPG1": "1940-01-01", "SPG2": "1941-01-01", "SPA": "1966-01-01",
              "SPK": "1992-01-01", "SPKW": "1992-01-01", "Z": "1990-01-01"}
    links = [par("GG", "G1"), par("G1", "P", "U"), par("G2", "P", "U"), married("P", "Q", "1988-01-01"),
             par("P", "A", "S"), par("Q", "A", "S"), par("U", "K"), married("K", "KW", "2015-01-01"), par("KWP", "KW"),
             married("S", "M", "2016-01-01"), link("INTIMATE_RELATIONSHIP", "A", "X", "2010-01-01", "2011-01-01"),
             par("XP", "X"), married("A", "SP", "2015-01-01"), par("SPP", "SP"), par("SPG1", "SPP", "SPA"),
             par("SPG2", "SPP", "SPA"), par("SPA", "SPK"), married("SPK", "SPKW", "2018-01-01")]
    return document(people, links)


CONNECTED_TO_A = {"P", "Q", "G1", "G2", "U", "K", "KW", "S", "M", "X", "SP", "SPP", "SPG1", "SPG2", "SPA", "SPK",
                  "SPKW"}


def test_connected_people_is_exactly_the_connected(admin: Actor) -> None:
    """connected_people(A) names every connected person once, each with grounds, and nobody else."""
    load(admin, wide_family())
    on = date(2024, 1, 1)
    verdicts = connected_people(admin, "A", on=on)
    others = [v.b for v in verdicts]
    assert sorted(others) == sorted(set(others)), "a person is listed twice"
    missing, extra = CONNECTED_TO_A - set(others), set(others) - CONNECTED_TO_A
    assert not missing and not extra, f"missing {missing}; extra {extra}"
    for verdict in verdicts:
        assert verdict.personally_connected and verdict.grounds, verdict
        assert identities(verdict) == identities(check(admin, "A", verdict.b, on=on)), verdict.b
    for stranger in ("GG", "KWP", "XP", "Z"):
        assert not check(admin, "A", stranger, on=on).personally_connected, stranger
    far = check(admin, "A", "SPKW", on=on)
    assert identities(far) == {g("SPKW", "first_cousin_in_law", "A", via="spouse", blood="marriage"),
                               g("A", "first_cousin_in_law", "SPKW", via="spouse", blood="marriage")}


def test_connected_people_on_an_earlier_date(admin: Actor) -> None:
    """Before A's marriage (2015) the spouse's family is not yet A's; the ended intimate relationship still is."""
    load(admin, wide_family())
    others = {v.b for v in connected_people(admin, "A", on=date(2012, 1, 1))}
    assert others == {"P", "Q", "G1", "G2", "U", "K", "S", "X"}


# -------------------------------------------------------------------------------------------------------- CLI


def hearth(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hearth", *args], env=env, cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=180, check=False)


def cli_family(admin: Actor) -> None:
    load(admin, document({"P": "1965-01-01", "T": "1966-01-01", "A": "2010-01-01"},
                         [par("P", "A"), married("P", "T", "2012-01-01", "2015-01-01")]))


def test_cli_connection_json(admin: Actor, cli_env: dict[str, str]) -> None:
    """`hearth connection A B --json` prints the verdict with its grounds and paths."""
    cli_family(admin)
    result = hearth("connection", "T", "A", "--on", "2024-01-01", "--json", env=cli_env)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    assert data["personally_connected"] is True
    assert data["both_16_or_over"] is False and data["domestic_abuse_relationship"] is False
    found = set()
    for ground in data["grounds"]:
        assert {"limb", "relation", "via", "blood", "path"} <= ground.keys(), ground
        assert ground["path"][0]["person"] == "T" and ground["path"][-1]["person"] == "A"
        found.add((ground["limb"], ground["relation"], ground["via"], ground["blood"]))
    assert found == {("s2(1)(g)", "step_parent", "self", None), ("s2(1)(g)", "step_child", "self", None),
                     ("s2(1)(g)", "child_in_law", "former_spouse", None)}


def test_cli_connection_text(admin: Actor, cli_env: dict[str, str]) -> None:
    """Without --json, the verdict is printed for people and names the limb."""
    cli_family(admin)
    result = hearth("connection", "P", "T", "--on", "2024-01-01", env=cli_env)
    assert result.returncode == 0, result.stderr
    assert "s2(1)(a)" in result.stdout


def test_cli_connection_bad_date_is_one_line(admin: Actor, cli_env: dict[str, str]) -> None:
    """An impossible --on date fails with one error line and no traceback."""
    cli_family(admin)
    result = hearth("connection", "P", "T", "--on", "2024-02-30", env=cli_env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "2024-02-30" in lines[0], result.stderr
    assert result.stdout == ""


def test_cli_connection_unknown_person_is_one_line(admin: Actor, cli_env: dict[str, str]) -> None:
    """An unknown person fails with one line naming the id, and no traceback."""
    cli_family(admin)
    result = hearth("connection", "P", "NOBODY", env=cli_env)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "NOBODY" in lines[0], result.stderr
