"""The loader fuzzed with hypothesis (issue #10 item 5).

Invalid documents: mutations of a valid hand-built document (required fields dropped, wrong types, unknown
words, dangling references, duplicate ids, impossible dates, coordinates off the globe, a wrong format, hostile
strings, unknown fields and sections). Every one must be refused with a problem naming the section and field
that was broken, and leave the graph's fingerprint (counts and a checksum of every property) unchanged.
Valid documents generated from scratch must load and export back equal. Derandomized, so a failure reproduces.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph_model import db, users, vocabulary
from graph_model.config import Settings
from graph_model.errors import ImportValidationError
from graph_model.interchange import export as exporter
from graph_model.interchange import load as loader
from graph_model.interchange.spec import SECTIONS
from tests.conftest import _reset
from tests.security.hostile_graph import REJECTED, fingerprint

INVALID_EXAMPLES = 150
VALID_EXAMPLES = 40
FUZZ = settings(deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

VALID: dict[str, Any] = {
    "format": "hearth/1",
    "people": [
        {"id": "P1", "given_name": "Amy", "family_name": "Stone", "date_of_birth": "1990-04-01", "sex": "female",
         "synthetic": True},
        {"id": "P2", "given_name": "Ben", "family_name": "Stone", "date_of_birth": "1988-02-03", "sex": "male",
         "synthetic": True},
        {"id": "P3", "given_name": "Cal", "date_of_birth": "2015-06-07", "synthetic": True},
        {"id": "P9", "given_name": "Dee", "synthetic": True},
    ],
    "links": [
        {"type": "MARRIED", "a": "P1", "b": "P2", "start": "2012-06-01", "end": "2019-01-01"},
        {"type": "PARENT_OF", "a": "P1", "b": "P3", "kind": "birth"},
        {"type": "RELATIVE_OF", "a": "P9", "b": "P1", "relation": "uncle_or_aunt"},
    ],
    "agencies": [{"id": "A1", "name": "Fuzz Police", "kind": "police", "area": "Fuzzshire"},
                 {"id": "A2", "name": "Fuzz IDVA", "kind": "idva_service", "area": "Fuzzshire"},
                 {"id": "A3", "name": "Fuzz Homes", "kind": "housing_provider"}],
    "users": [{"id": "U1", "username": "fuzz-lettings", "display_name": "Lettings", "agency": "A3",
               "roles": ["lettings_officer"]},
              {"id": "U2", "username": "fuzz-idva", "agency": "A2", "roles": ["idva"]}],
    "properties": [{"id": "H1", "address": "1 Mill Road", "postcode": "CB1 2AA", "latitude": 52.199,
                    "longitude": 0.138, "building": "B1", "area": "Fuzzshire", "landlord": "A3"},
                   {"id": "H7", "latitude": 52.21, "longitude": 0.12}],
    "tenancies": [{"id": "T1", "person": "P1", "property": "H1", "start": "2020-01-01", "end": None}],
    "cases": [{"id": "C1", "area": "Fuzzshire", "opened": "2024-01-05", "victims": ["P1"], "perpetrators": ["P2"],
               "children": ["P3"], "counter_allegation": False}],
    "incidents": [{"id": "I1", "case": "C1", "date": "2024-01-02", "by": "P2", "towards": "P1",
                   "behaviours": ["physical_or_sexual"], "police_callout": True}],
    "risk_assessments": [{"id": "R1", "case": "C1", "date": "2024-01-06", "tool": "DASH",
                          "answers": {"1": True, "2": False}, "assessor": "U2"}],
    "referrals": [{"id": "F1", "case": "C1", "kind": "idva", "from_agency": "A3", "to_agency": "A2",
                   "date": "2024-01-07", "basis": "consent"}],
    "consents": [{"id": "K1", "person": "P1", "scope": "share_with_idva", "status": "given", "date": "2024-01-06",
                  "recorded_by": "U2"}],
    "marac_meetings": [{"id": "M1", "area": "Fuzzshire", "date": "2024-01-18", "chair": "U2",
                        "agencies_attending": ["A1", "A2"]}],
    "marac_cases": [{"id": "MC1", "case": "C1", "meeting": "M1", "criterion": "visible_high_risk",
                     "referred": "2024-01-08", "referring_agency": "A3"}],
    "marac_actions": [{"id": "X1", "marac_case": "MC1", "owner_agency": "A3", "description": "Fit door locks",
                       "due": "2024-02-01", "status": "open"}],
    "nominations": [{"id": "N1", "applicant": "P9", "property": "H7", "nominated_by": "A3", "date": "2024-03-01"}],
    "court_orders": [{"id": "O1", "kind": "non_molestation", "respondent": "P2", "protected": ["P1"],
                      "start": "2024-02-01", "end": "2025-02-01", "exclusion_property": "H1",
                      "exclusion_radius_m": 500}],
}

# Values of the wrong JSON type for each kind of field.
WRONG_TYPES: dict[str, list[Any]] = {
    "text": [1, 2.5, True, [], {}, ["a"]], "ref": [7, False, ["P1"], {"id": "P1"}],
    "date": [20240101, True, ["2024-01-01"], {}], "bool": ["true", 1, 0, "yes", []],
    "latitude": ["52.1", True, [], None], "longitude": ["0.1", False, {}, None],
    "radius": ["500", 1.5, 0, -3, True], "word": [3, True, ["x"], {}], "words": ["x", 3, {}, True],
    "refs": ["P1", 3, {}, True, [[]]], "answers": [[True], "yes", 24, {"25": True}, {"1": "yes"}],
}
BAD_DATES = ["2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "01/02/2024", "2024-1-5", "", " 2024-01-01",
             "2024-01-01T00:00:00", "+2024-01-01", "２０２４-01-01", "2024-01-01\n"]
BAD_COORDINATES = {"latitude": [90.0001, -91, 1e308, math.inf, -math.inf, math.nan],
                   "longitude": [180.5, -181, 1e308, math.inf, math.nan]}
BAD_FORMATS = ["hearth/2", "hearth/1 ", "HEARTH/1", "", None, 1, ["hearth/1"]]
ODD_TEXT = st.one_of(
    st.sampled_from(sorted(REJECTED.values())),
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=20), st.sampled_from(["\x00", "\x1b", "\x7f", "\x85",
                                                                                  "\ud8ff", "\udc00"]),
              st.text(max_size=20)),
    st.integers(10_001, 60_000).map(lambda n: "z" * n))


@dataclass(frozen=True)
class Broken:
    """A mutation applied: the place a problem must be reported at (section, field)."""

    kind: str
    section: str
    field: str | None


def _records(doc: dict[str, Any], section: str) -> list[dict[str, Any]]:
    return [r for r in doc[section] if isinstance(r, dict)]


def _live(doc: dict[str, Any]) -> list[str]:
    """Return the sections an earlier break left as lists holding records (later breaks pick among them)."""
    return sorted(s for s in SECTIONS if isinstance(doc.get(s), list) and _records(doc, s))


def _fields(doc: dict[str, Any], kind: str | None = None, required: bool | None = None) -> list[tuple[str, str]]:
    return [(s, n) for s in _live(doc) for n, f in SECTIONS[s].items()
            if (kind is None or f.kind == kind) and (required is None or f.required == required)]


@st.composite
def mutation(draw: st.DrawFn, doc: dict[str, Any]) -> Broken:
    """Break the document in one way; return where the break must be reported."""
    kind = draw(st.sampled_from(["drop_required", "wrong_type", "unknown_word", "dangling", "duplicate_id",
                                 "bad_date", "bad_coordinate", "odd_text", "unknown_field", "unknown_section",
                                 "not_an_object", "not_a_list"]))
    if kind == "unknown_section":
        name = draw(st.text(min_size=1, max_size=12).filter(lambda s: s not in SECTIONS and s != "format"))
        doc[name] = []
        return Broken(kind, name, None)
    if kind in ("drop_required", "wrong_type", "odd_text", "bad_date", "dangling", "unknown_word"):
        pool = {"drop_required": _fields(doc, required=True), "wrong_type": _fields(doc),
                "odd_text": _fields(doc, "text"), "bad_date": _fields(doc, "date"),
                "dangling": _fields(doc, "ref") + _fields(doc, "refs"),
                "unknown_word": _fields(doc, "word") + _fields(doc, "words")}[kind]
        if not pool:
            kind = "unknown_section"
            doc["no-such-section"] = []
            return Broken(kind, "no-such-section", None)
        section, name = draw(st.sampled_from(sorted(pool)))
        record = draw(st.sampled_from(_records(doc, section)))
        fld = SECTIONS[section][name]
        if kind == "drop_required":
            record.pop(name, None)
        elif kind == "wrong_type":
            record[name] = draw(st.sampled_from(WRONG_TYPES[fld.kind]))
            if record[name] is None and not fld.required:
                record[name] = "not-a-number"
        elif kind == "odd_text":
            record[name] = draw(ODD_TEXT)
        elif kind == "bad_date":
            record[name] = draw(st.sampled_from(BAD_DATES))
        elif kind == "dangling":
            missing = "MISSING-" + draw(st.text(alphabet="abcxyz019", min_size=1, max_size=8))
            record[name] = [missing] if fld.kind == "refs" else missing
        else:
            words = fld.words or frozenset()
            bad = draw(st.text(max_size=15).filter(lambda s: s not in words))
            record[name] = [bad] if fld.kind == "words" else bad
        return Broken(kind, section, name)
    if kind == "bad_coordinate":
        name = draw(st.sampled_from(["latitude", "longitude"]))
        if "properties" in _live(doc):
            draw(st.sampled_from(_records(doc, "properties")))[name] = draw(st.sampled_from(BAD_COORDINATES[name]))
            return Broken(kind, "properties", name)
        kind = "duplicate_id"
    live = _live(doc)
    if not live:
        doc["no-such-section"] = []
        return Broken("unknown_section", "no-such-section", None)
    if kind == "duplicate_id":
        section = draw(st.sampled_from([s for s in live if s != "links"] or live))
        doc[section].append(copy.deepcopy(draw(st.sampled_from(_records(doc, section)))))
        return Broken(kind, section, "b" if section == "links" else "id")
    if kind == "unknown_field":
        section = draw(st.sampled_from(live))
        name = draw(st.text(min_size=1, max_size=10).filter(lambda s: s not in SECTIONS[section]))
        draw(st.sampled_from(_records(doc, section)))[name] = "x"
        return Broken(kind, section, name)
    section = draw(st.sampled_from(live))
    if kind == "not_an_object":
        doc[section].append(draw(st.sampled_from([None, "P1", 3, [], True])))
    else:
        doc[section] = draw(st.sampled_from([{}, "people", 3, True]))
    return Broken(kind, section, None)


@st.composite
def invalid_documents(draw: st.DrawFn) -> tuple[dict[str, Any], list[Broken]]:
    """Return a mutated copy of VALID (one to three breaks, or a wrong format) and the breaks."""
    doc = copy.deepcopy(VALID)
    if draw(st.integers(0, 9)) == 0:
        value = draw(st.sampled_from(BAD_FORMATS + ["absent"]))
        if value == "absent":
            del doc["format"]
        else:
            doc["format"] = value
        return doc, [Broken("bad_format", "document", "format")]
    breaks = [draw(mutation(doc)) for _ in range(draw(st.integers(1, 3)))]
    return doc, breaks


def _reported(problems: list[Any], broken: Broken, doc: dict[str, Any]) -> bool:
    places = {(p.section, p.field) for p in problems}
    if broken.kind in ("not_an_object", "not_a_list") or (broken.kind, broken.section) == ("duplicate_id", "links"):
        return any(p.section == broken.section for p in problems)
    if broken.kind == "duplicate_id" and broken.section in ("users",):  # a copied user also repeats its username
        return bool(places & {("users", "id"), ("users", "username")})
    return (broken.section, broken.field) in places or (
        # A later break may replace the section or the record this one was in; then that one is reported.
        not isinstance(doc.get(broken.section), list) and any(p.section == broken.section for p in problems))


@pytest.fixture(scope="module")
def hostile_loaded(neo4j_server: Settings) -> Iterator[users.Actor]:
    """Load VALID once for the module (so references could resolve to the database), then reset the graph."""
    admin = users.actor(users.BUILTIN_ADMIN)
    loader.load(admin, copy.deepcopy(VALID))
    yield admin
    _reset()


@settings(FUZZ, max_examples=INVALID_EXAMPLES)
@given(case=invalid_documents())
def test_every_invalid_document_is_refused_and_writes_nothing(hostile_loaded: users.Actor,
                                                              case: tuple[dict[str, Any], list[Broken]]) -> None:
    """Each mutated document is refused, every break is reported at its section and field, nothing is written."""
    doc, breaks = case
    for broken in breaks:
        event(f"break: {broken.kind}")  # --hypothesis-show-statistics shows how often each kind was tried
    before = fingerprint()
    with pytest.raises(ImportValidationError) as caught:
        loader.load(hostile_loaded, doc)
    problems = caught.value.problems
    for broken in breaks:
        assert _reported(problems, broken, doc), (broken, [str(p) for p in problems])
    assert all(p.message for p in problems)
    assert fingerprint() == before


NAME = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
DAY = st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31))


@st.composite
def valid_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Return a valid document of people, links, agencies, properties and cases with generated values."""
    tag = f"V{draw(st.integers(0, 10**9))}-"
    people = []
    for n in range(draw(st.integers(2, 6))):
        person: dict[str, Any] = {"id": f"{tag}P{n}", "synthetic": True}
        for name in ("given_name", "family_name"):
            if draw(st.booleans()):
                person[name] = draw(NAME)
        if draw(st.booleans()):
            person["sex"] = draw(st.sampled_from(sorted(vocabulary.SEX)))
        people.append(person)
    ids = [p["id"] for p in people]
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda t: t[0] < t[1]),
                          max_size=5, unique=True))
    links = [{"type": draw(st.sampled_from(sorted(vocabulary.SYMMETRIC_LINKS))), "a": a, "b": b}
             for a, b in pairs]
    for link in links:
        if draw(st.booleans()):
            start = draw(DAY)
            link["start"] = start.isoformat()
            if draw(st.booleans()):
                link["end"] = draw(st.dates(min_value=start, max_value=date(2025, 12, 31))).isoformat()
    agency = {"id": f"{tag}A", "name": draw(NAME.filter(str.strip)), "kind": draw(st.sampled_from(
        sorted(vocabulary.AGENCY_KINDS)))}
    properties = [{"id": f"{tag}H{n}", "latitude": draw(st.floats(-90, 90)), "longitude": draw(st.floats(-180, 180)),
                   "address": draw(NAME), "landlord": agency["id"]} for n in range(draw(st.integers(0, 2)))]
    victim, perpetrator = ids[0], ids[1]
    case = {"id": f"{tag}C", "victims": [victim], "perpetrators": [perpetrator],
            "counter_allegation": draw(st.booleans()), "opened": draw(DAY).isoformat(), "area": draw(NAME)}
    return {"format": "hearth/1", "people": people, "links": links, "agencies": [agency],
            "properties": properties, "cases": [case]}


def _ours(exported: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    tag = doc["agencies"][0]["id"][:-1]
    found: dict[str, Any] = {}
    for section in doc:
        if section == "format":
            continue
        found[section] = [r for r in exported.get(section, [])
                          if (r.get("id") or r.get("a", "")).startswith(tag)]
    return found


def _canonical_link(link: dict[str, Any]) -> tuple[Any, ...]:
    a, b = sorted((link["a"], link["b"]))
    return link["type"], a, b, link.get("start"), link.get("end")


@settings(FUZZ, max_examples=VALID_EXAMPLES)
@given(doc=valid_documents())
def test_valid_documents_load_and_export_back_equal(hostile_loaded: users.Actor, doc: dict[str, Any]) -> None:
    """A generated valid document loads, and its records come back from export exactly as given."""
    loader.load(hostile_loaded, copy.deepcopy(doc))
    try:
        ours = _ours(exporter.export(hostile_loaded), doc)
        for section in ("people", "agencies", "properties", "cases"):
            assert sorted(ours[section], key=lambda r: r["id"]) == sorted(doc[section], key=lambda r: r["id"])
        assert sorted(map(_canonical_link, ours["links"])) == sorted(map(_canonical_link, doc["links"]))
    finally:
        tag = doc["agencies"][0]["id"][:-1]
        db.write(lambda tx: tx.run("MATCH (n) WHERE n.id STARTS WITH $tag DETACH DELETE n", tag=tag).consume())
