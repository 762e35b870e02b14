"""Every kind of error a hearth/1 document can hold is reported with its place, and nothing is written."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from graph_model import db, users
from graph_model.errors import ImportValidationError, PermissionDenied, ValidationProblem
from graph_model.interchange import load
from graph_model.users import Actor
from tests.conftest import graph_size

Doc = dict[str, Any]
Where = tuple[str, str | None, str | None]

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


def base() -> Doc:
    """Return a fresh, small, valid hearth/1 document touching every section."""
    return copy.deepcopy({
        "format": "hearth/1",
        "people": [
            {"id": "P1", "given_name": "Amy", "family_name": "Stone", "date_of_birth": "1990-04-01",
             "sex": "female", "synthetic": True},
            {"id": "P2", "given_name": "Ben", "family_name": "Stone", "date_of_birth": "1988-02-03",
             "sex": "male", "synthetic": True},
            {"id": "P3", "given_name": "Cal", "family_name": "Stone", "date_of_birth": "2015-05-06",
             "sex": "male", "synthetic": True},
            {"id": "P4", "given_name": "Dee", "family_name": "Ward", "date_of_birth": "1960-01-01",
             "sex": "female", "synthetic": True},
            {"id": "P5", "given_name": "Eve", "family_name": "Hart", "date_of_birth": "1995-07-08",
             "sex": "other", "synthetic": True},
        ],
        "links": [
            {"type": "MARRIED", "a": "P1", "b": "P2", "start": "2012-06-01", "end": "2019-01-01"},
            {"type": "PARENT_OF", "a": "P1", "b": "P3", "kind": "birth"},
            {"type": "PARENT_OF", "a": "P2", "b": "P3", "kind": "adoptive", "start": "2016-01-01"},
            {"type": "RELATIVE_OF", "a": "P4", "b": "P1", "relation": "uncle_or_aunt"},
            {"type": "COHABITING", "a": "P2", "b": "P1", "start": "2019-06-01"},
        ],
        "agencies": [
            {"id": "A1", "name": "County Police", "kind": "police", "area": "Cambridge"},
            {"id": "A2", "name": "IDVA Service", "kind": "idva_service", "area": "Cambridge"},
            {"id": "A3", "name": "Mill Homes", "kind": "housing_provider", "area": "Cambridge"},
        ],
        "users": [
            {"id": "U1", "username": "lettings1", "display_name": "Lettings Officer 1", "agency": "A3",
             "roles": ["lettings_officer"]},
            {"id": "U2", "username": "idva1", "display_name": "IDVA 1", "agency": "A2", "roles": ["idva"]},
            {"id": "U5", "username": "chair1", "display_name": "MARAC Chair", "agency": "A1",
             "roles": ["marac_chair", "police_officer"]},
        ],
        "properties": [
            {"id": "H1", "address": "1 Mill Road", "postcode": "CB1 2AA", "latitude": 52.199,
             "longitude": 0.138, "building": "B1", "area": "Cambridge", "landlord": "A3"},
            {"id": "H2", "address": "2 Mill Road", "postcode": "CB1 2AB", "latitude": 52.1991,
             "longitude": 0.1382, "area": "Cambridge", "landlord": "A3"},
        ],
        "tenancies": [{"id": "T1", "person": "P1", "property": "H1", "start": "2020-01-01",
                       "end": "2023-06-30"}],
        "cases": [{"id": "C1", "area": "Cambridge", "opened": "2024-01-05", "victims": ["P1"],
                   "perpetrators": ["P2"], "children": ["P3"], "counter_allegation": False}],
        "incidents": [{"id": "I1", "case": "C1", "date": "2024-01-02", "by": "P2", "towards": "P1",
                       "behaviours": ["physical_or_sexual", "controlling_or_coercive"],
                       "police_callout": True}],
        "risk_assessments": [{"id": "R1", "case": "C1", "date": "2024-01-06", "tool": "DASH",
                              "answers": {"1": True, "2": False, "24": True},
                              "professional_judgement_high": False, "assessor": "U2"}],
        "referrals": [{"id": "F1", "case": "C1", "kind": "idva", "from_agency": "A3", "to_agency": "A2",
                       "date": "2024-01-07", "basis": "consent"}],
        "consents": [{"id": "K1", "person": "P1", "scope": "share_with_idva", "status": "given",
                      "date": "2024-01-06", "recorded_by": "U2"}],
        "marac_meetings": [{"id": "M1", "area": "Cambridge", "date": "2024-01-18", "chair": "U5",
                            "agencies_attending": ["A1", "A2", "A3"]}],
        "marac_cases": [{"id": "MC1", "case": "C1", "meeting": "M1", "criterion": "visible_high_risk",
                         "referred": "2024-01-08", "referring_agency": "A3"}],
        "marac_actions": [{"id": "X1", "marac_case": "MC1", "owner_agency": "A3",
                           "description": "Fit door locks", "due": "2024-02-01", "status": "open"}],
        "nominations": [{"id": "N1", "applicant": "P5", "property": "H2", "nominated_by": "A3",
                         "date": "2024-03-01"}],
        "court_orders": [{"id": "O1", "kind": "non_molestation", "respondent": "P2",
                          "protected": ["P1", "P3"], "start": "2024-02-01", "end": "2025-02-01",
                          "exclusion_property": "H1", "exclusion_radius_m": 500}],
    })


# --- changes: each breaks exactly one thing in a document, and knows where the error should be reported -----

@dataclass(frozen=True)
class Change:
    """One edit to a document and the place (section, record id, field) its error should be reported at."""

    apply: Callable[[Doc], None]
    where: Where


def _label(section: str, key: str | int) -> str:
    return f"#{key + 1}" if isinstance(key, int) else key


def _record(doc: Doc, section: str, key: str | int) -> dict[str, Any]:
    if isinstance(key, int):
        return doc[section][key]
    return next(r for r in doc[section] if r.get("id") == key)


def put(section: str, key: str | int, name: str, value: Any, where: Where | None = None) -> Change:
    """Set one field of one record (key: its id, or for links its 0-based index); error expected there."""
    def apply(doc: Doc) -> None:
        _record(doc, section, key)[name] = value
    return Change(apply, where or (section, _label(section, key), name))


def drop(section: str, key: str | int, name: str) -> Change:
    """Remove one field of one record."""
    def apply(doc: Doc) -> None:
        del _record(doc, section, key)[name]
    return Change(apply, (section, _label(section, key), name))


def top(name: str, value: Any, where: Where) -> Change:
    """Set one top-level key of the document."""
    def apply(doc: Doc) -> None:
        doc[name] = value
    return Change(apply, where)


def untop(name: str, where: Where) -> Change:
    """Remove one top-level key of the document."""
    def apply(doc: Doc) -> None:
        del doc[name]
    return Change(apply, where)


def append(section: str, record: Any, at: str | None) -> Change:
    """Append a record to a section; the error is expected on that record (by id, else position)."""
    label = record["id"] if section != "links" and isinstance(record, dict) and "id" in record \
        else f"#{len(base()[section]) + 1}"

    def apply(doc: Doc) -> None:
        doc[section].append(copy.deepcopy(record))
    return Change(apply, (section, label, at))


def replace(section: str, index: int, record: Any) -> Change:
    """Replace a whole record of a section with something else."""
    def apply(doc: Doc) -> None:
        doc[section][index] = record
    return Change(apply, (section, f"#{index + 1}", None))


def broken(*changes: Change) -> Doc:
    """Return the base document with the changes applied."""
    doc = base()
    for change in changes:
        change.apply(doc)
    return doc


def places(problems: list[ValidationProblem]) -> list[Where]:
    """Return where each problem is, as (section, record id, field)."""
    return [(p.section, p.record_id, p.field) for p in problems]


def assert_rejected(actor: Actor, doc: Any, where: Where, count: int | None = 1) -> list[ValidationProblem]:
    """Load doc, expect ImportValidationError naming `where` (and `count` problems), and nothing written."""
    before = graph_size()
    with pytest.raises(ImportValidationError) as info:
        load.load(actor, doc)
    problems = info.value.problems
    assert where in places(problems), f"{where} not among {problems}"
    if count is not None:
        assert len(problems) == count, problems
    assert graph_size() == before
    return problems


def case(name: str, change: Change, count: int = 1) -> Any:
    """Return one parametrize row with a readable id."""
    return pytest.param(change, count, id=name)


def check(actor: Actor, change: Change, count: int) -> list[ValidationProblem]:
    """Apply one change to the base document and assert it is rejected at the change's place."""
    return assert_rejected(actor, broken(change), change.where, count)


# --- the base document itself -------------------------------------------------------------------------------

def test_base_document_loads(admin: Actor) -> None:
    """The base document is valid: every record loads and the graph grows."""
    before = graph_size()
    result = load.load(admin, base())
    assert result.counts == {section: len(rs) for section, rs in base().items() if section != "format"}
    assert graph_size()[0] == before[0] + result.total - len(base()["links"]) + 1  # + the audit event


# --- the document and its sections --------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "count"), [
    case("unknown-format", top("format", "hearth/2", ("document", None, "format"))),
    case("format-not-string", top("format", 1, ("document", None, "format"))),
    case("missing-format", untop("format", ("document", None, "format"))),
    case("unknown-section", top("pets", [{"id": "D1"}], ("pets", None, None))),
    case("section-not-list", top("nominations", {"id": "N1"}, ("nominations", None, None))),
    case("section-is-null", top("marac_actions", None, ("marac_actions", None, None))),
    case("record-not-object", replace("marac_actions", 0, "X1")),
    case("record-is-list", replace("nominations", 0, ["N1"])),
])
def test_document_shape(admin: Actor, change: Change, count: int) -> None:
    """A malformed document or section is reported at its place and nothing is written."""
    check(admin, change, count)


def test_document_not_an_object(admin: Actor) -> None:
    """A JSON array as the whole document is rejected at the document level."""
    assert_rejected(admin, [base()], ("document", None, None))


@pytest.mark.parametrize("person", [pytest.param("P9", id="not-object"),
                                    pytest.param({"given_name": "Nobody"}, id="missing-id"),
                                    pytest.param({"id": 9}, id="id-not-string")])
def test_bad_person_record_is_a_validation_error(admin: Actor, person: Any) -> None:
    """A person that is not an object or has no string id is a validation error, not a crash."""
    field = None if isinstance(person, str) else "id"
    assert_rejected(admin, broken(append("people", person, field)), ("people", "#6", field))


@pytest.mark.parametrize("section", ["links", "court_orders"])
def test_non_object_record_in_rule_checked_section(admin: Actor, section: str) -> None:
    """A record that is not an object in links or court_orders is a validation error, not a crash."""
    change = append(section, "oops", None)
    assert_rejected(admin, broken(change), (section, f"#{len(base()[section]) + 1}", None))


# --- fields -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "count"), [
    case("people", put("people", "P1", "nickname", "Ames")),
    case("links", put("links", 0, "since", "2012-06-01")),
    case("cases", put("cases", "C1", "risk", "high")),
    case("court_orders", put("court_orders", "O1", "radius", 500)),
])
def test_unknown_field(admin: Actor, change: Change, count: int) -> None:
    """A field the format does not define is reported by name."""
    check(admin, change, count)


@pytest.mark.parametrize(("change", "count"), [
    case("links-a", drop("links", 0, "a")),
    case("links-type", drop("links", 4, "type")),
    case("links-relation", drop("links", 3, "relation")),
    case("agencies-name", drop("agencies", "A1", "name")),
    case("agencies-kind", drop("agencies", "A2", "kind")),
    case("users-username", drop("users", "U1", "username")),
    case("users-roles", drop("users", "U1", "roles")),
    case("properties-latitude", drop("properties", "H1", "latitude")),
    case("tenancies-start", drop("tenancies", "T1", "start")),
    case("cases-perpetrators", drop("cases", "C1", "perpetrators")),
    case("incidents-date", drop("incidents", "I1", "date")),
    case("risk-answers", drop("risk_assessments", "R1", "answers")),
    case("referrals-basis", drop("referrals", "F1", "basis")),
    case("consents-scope", drop("consents", "K1", "scope")),
    case("meetings-area", drop("marac_meetings", "M1", "area")),
    case("marac-cases-referred", drop("marac_cases", "MC1", "referred")),
    case("actions-due", drop("marac_actions", "X1", "due")),
    case("nominations-date", drop("nominations", "N1", "date")),
    case("orders-protected", drop("court_orders", "O1", "protected")),
    case("null-counts-as-missing", put("agencies", "A3", "name", None)),
    case("blank-text", put("consents", "K1", "scope", "  ")),
])
def test_missing_required_field(admin: Actor, change: Change, count: int) -> None:
    """A missing required field is reported with its section, record and field."""
    check(admin, change, count)


@pytest.mark.parametrize(("change", "count"), [
    case("people", append("people", {"id": "P1", "given_name": "Again"}, "id")),
    case("agencies", append("agencies", {"id": "A1", "name": "Twin", "kind": "other"}, "id")),
    case("nominations", append("nominations", {"id": "N1", "applicant": "P5", "property": "H1",
                                               "date": "2024-03-02"}, "id")),
])
def test_duplicate_id(admin: Actor, change: Change, count: int) -> None:
    """An id used twice in one section is reported."""
    check(admin, change, count)


# --- references ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "count"), [
    case("link-b", put("links", 0, "b", "P99")),
    case("user-agency", put("users", "U1", "agency", "A99")),
    case("property-landlord", put("properties", "H2", "landlord", "A99")),
    case("tenancy-property", put("tenancies", "T1", "property", "H99")),
    case("case-victims-list", put("cases", "C1", "victims", ["P1", "P99"])),
    case("case-children-list", put("cases", "C1", "children", ["P99"])),
    case("incident-case", put("incidents", "I1", "case", "C99")),
    case("incident-towards", put("incidents", "I1", "towards", "P99")),
    case("assessment-assessor", put("risk_assessments", "R1", "assessor", "U99")),
    case("referral-to-agency", put("referrals", "F1", "to_agency", "A99")),
    case("consent-recorded-by", put("consents", "K1", "recorded_by", "U99")),
    case("meeting-attending-list", put("marac_meetings", "M1", "agencies_attending", ["A1", "A99"])),
    case("marac-case-meeting", put("marac_cases", "MC1", "meeting", "M99")),
    case("action-marac-case", put("marac_actions", "X1", "marac_case", "MC99")),
    case("nomination-property", put("nominations", "N1", "property", "H99")),
    case("order-protected-list", put("court_orders", "O1", "protected", ["P1", "P99"])),
    case("order-exclusion-property", put("court_orders", "O1", "exclusion_property", "H99")),
    case("id-of-wrong-section", put("incidents", "I1", "by", "A1")),
])
def test_unknown_reference(admin: Actor, change: Change, count: int) -> None:
    """A reference to an id neither in the file nor in the database is reported."""
    problems = check(admin, change, count)
    assert "neither in the file nor in the database" in problems[0].message


def test_reference_to_database_only_id_is_accepted(admin: Actor) -> None:
    """A record may refer to an id that only the database holds."""
    load.load(admin, {"format": "hearth/1", "people": [{"id": "PX", "date_of_birth": "1980-01-01"}]})
    doc = {"format": "hearth/1", "people": [{"id": "PY"}],
           "properties": [{"id": "HX", "latitude": 1.0, "longitude": 2.0}],
           "cases": [{"id": "CX", "victims": ["PY"], "perpetrators": ["PX"]}],
           "nominations": [{"id": "NX", "applicant": "PX", "property": "HX", "date": "2024-01-01"}]}
    result = load.load(admin, doc)
    assert result.counts["cases"] == 1
    perpetrators = db.read(lambda tx: tx.run("MATCH (p:Person)-[:PERPETRATOR_IN]->(:Case {id: 'CX'}) "
                                             "RETURN collect(p.id) AS ids").single(strict=True)["ids"])
    assert perpetrators == ["PX"]


def test_reference_to_builtin_admin_is_accepted(admin: Actor) -> None:
    """A record may refer to the built-in admin user by its id."""
    result = load.load(admin, broken(put("risk_assessments", "R1", "assessor", users.BUILTIN_ADMIN_ID)))
    assert result.counts["risk_assessments"] == 1


# --- dates --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "count"), [
    case("impossible-date", put("people", "P5", "date_of_birth", "2023-02-29")),
    case("slashes", put("people", "P5", "date_of_birth", "01/02/2020")),
    case("number", put("people", "P5", "date_of_birth", 20200101)),
    case("compact-string", put("people", "P5", "date_of_birth", "19950708")),
    case("datetime", put("incidents", "I1", "date", "2024-01-02T10:00:00+00:00")),
    case("month-13", put("tenancies", "T1", "start", "2020-13-01")),
    case("link-start", put("links", 2, "start", "2016-02-30")),
])
def test_bad_date(admin: Actor, change: Change, count: int) -> None:
    """An impossible or malformed date is reported."""
    check(admin, change, count)


def test_iso_week_date_is_rejected(admin: Actor) -> None:
    """A date in another ISO 8601 form than YYYY-MM-DD is rejected."""
    check(admin, put("people", "P5", "date_of_birth", "2020-W01-1"), 1)


@pytest.mark.parametrize(("change", "count"), [
    case("link", put("links", 0, "end", "2011-01-01")),
    case("tenancy", put("tenancies", "T1", "end", "2019-12-31")),
    case("court-order", put("court_orders", "O1", "end", "2024-01-31")),
])
def test_end_before_start(admin: Actor, change: Change, count: int) -> None:
    """An end date before its start date is reported on the end."""
    check(admin, change, count)


@pytest.mark.parametrize(("change", "count"), [
    case("date-of-birth", put("people", "P5", "date_of_birth", TOMORROW)),
    case("incident", put("incidents", "I1", "date", TOMORROW)),
    case("risk-assessment", put("risk_assessments", "R1", "date", TOMORROW)),
])
def test_date_in_future(admin: Actor, change: Change, count: int) -> None:
    """A birth, incident or assessment dated in the future is reported."""
    check(admin, change, count)


# --- closed vocabularies ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "count"), [
    case("sex", put("people", "P1", "sex", "f")),
    case("behaviours", put("incidents", "I1", "behaviours", ["economic", "hitting"])),
    case("agency-kind", put("agencies", "A1", "kind", "army")),
    case("roles", put("users", "U1", "roles", ["superuser"])),
    case("referral-kind", put("referrals", "F1", "kind", "friend")),
    case("basis", put("referrals", "F1", "basis", "because")),
    case("consent-status", put("consents", "K1", "status", "maybe")),
    case("criterion", put("marac_cases", "MC1", "criterion", "gut_feeling")),
    case("action-status", put("marac_actions", "X1", "status", "overdue")),
    case("court-order-kind", put("court_orders", "O1", "kind", "injunction")),
    case("risk-tool", put("risk_assessments", "R1", "tool", "dash")),
    case("link-type", put("links", 0, "type", "ENGAGED")),
    case("parent-kind", put("links", 1, "kind", "foster")),
    # An unknown relation is also missing for the RELATIVE_OF rule, so it is reported twice.
    case("relation", put("links", 3, "relation", "cousin"), 2),
    case("word-not-string", put("people", "P1", "sex", 1)),
    case("words-not-list", put("users", "U1", "roles", "idva")),
    case("word-twice", put("users", "U1", "roles", ["idva", "idva"])),
])
def test_unknown_vocabulary_word(admin: Actor, change: Change, count: int) -> None:
    """A word outside a closed vocabulary is reported."""
    check(admin, change, count)


# --- coordinates --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "count"), [
    case("latitude-91", put("properties", "H1", "latitude", 91)),
    case("latitude--90.5", put("properties", "H1", "latitude", -90.5)),
    case("longitude--181", put("properties", "H1", "longitude", -181)),
    case("latitude-string", put("properties", "H1", "latitude", "52.199")),
    case("latitude-nan", put("properties", "H1", "latitude", float("nan"))),
    case("longitude-inf", put("properties", "H1", "longitude", float("inf"))),
    case("latitude-nan-string", put("properties", "H1", "latitude", "NaN")),
    case("latitude-bool", put("properties", "H1", "latitude", True)),
])
def test_bad_coordinate(admin: Actor, change: Change, count: int) -> None:
    """A latitude or longitude out of range or not a finite number is reported."""
    check(admin, change, count)


def test_nan_from_json_text_is_rejected(admin: Actor, tmp_json: Path) -> None:
    """A NaN literal in the JSON text (which Python's parser accepts) is still rejected."""
    tmp_json.write_text(json.dumps(base()).replace("52.199,", "NaN,", 1), encoding="utf-8")
    assert_rejected(admin, load.read_document(tmp_json), ("properties", "H1", "latitude"))


# --- links between people -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "count"), [
    # P3 born before both parents: both PARENT_OF links (#2 and #3) are wrong.
    case("parent-born-after-child",
         put("people", "P3", "date_of_birth", "1980-01-01", where=("links", "#2", "a")), 2),
    case("parent-same-birthday",
         put("people", "P3", "date_of_birth", "1990-04-01", where=("links", "#2", "a"))),
    case("link-to-oneself", put("links", 0, "b", "P1")),
    case("start-before-birth", put("links", 0, "start", "1989-01-01")),
    case("kind-on-married", put("links", 0, "kind", "birth")),
    case("relation-on-married", put("links", 0, "relation", "sibling")),
    case("duplicate-link", append("links", base()["links"][0], "b")),
    case("duplicate-symmetric-reversed",
         append("links", {"type": "MARRIED", "a": "P2", "b": "P1", "start": "2012-06-01"}, "b")),
    case("duplicate-without-start", append("links", {"type": "PARENT_OF", "a": "P1", "b": "P3"}, "b")),
])
def test_bad_link(admin: Actor, change: Change, count: int) -> None:
    """A link that breaks a rule about people or links is reported."""
    check(admin, change, count)


def test_parent_in_database_born_after_child(admin: Actor) -> None:
    """A parent already in the database who is younger than the child in the file is reported."""
    load.load(admin, {"format": "hearth/1", "people": [{"id": "Q1", "date_of_birth": "2000-01-01"}]})
    doc = {"format": "hearth/1", "people": [{"id": "Q2", "date_of_birth": "1990-01-01"}],
           "links": [{"type": "PARENT_OF", "a": "Q1", "b": "Q2"}]}
    assert_rejected(admin, doc, ("links", "#1", "a"))


def test_link_start_before_database_persons_birth(admin: Actor) -> None:
    """A link starting before a person in the database was born is reported."""
    load.load(admin, {"format": "hearth/1", "people": [{"id": "Q1", "date_of_birth": "2000-01-01"}]})
    doc = {"format": "hearth/1", "people": [{"id": "Q2"}],
           "links": [{"type": "INTIMATE_RELATIONSHIP", "a": "Q2", "b": "Q1", "start": "1999-01-01"}]}
    assert_rejected(admin, doc, ("links", "#1", "start"))


# --- records' own rules -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "count"), [
    case("key-25", put("risk_assessments", "R1", "answers", {"1": True, "25": True})),
    case("key-0", put("risk_assessments", "R1", "answers", {"0": False})),
    case("key-01", put("risk_assessments", "R1", "answers", {"01": False})),
    case("value-string", put("risk_assessments", "R1", "answers", {"1": "yes"})),
    case("value-number", put("risk_assessments", "R1", "answers", {"1": 1})),
    case("not-object", put("risk_assessments", "R1", "answers", [True, False])),
])
def test_bad_dash_answers(admin: Actor, change: Change, count: int) -> None:
    """DASH answers with unknown questions, non-boolean values or the wrong shape are reported."""
    check(admin, change, count)


@pytest.mark.parametrize(("change", "count"), [
    case("case-counter-allegation", put("cases", "C1", "counter_allegation", "true")),
    case("incident-police-callout", put("incidents", "I1", "police_callout", "false")),
    case("person-synthetic-number", put("people", "P1", "synthetic", 1)),
    case("assessment-judgement", put("risk_assessments", "R1", "professional_judgement_high", "yes")),
])
def test_boolean_given_as_other_type(admin: Actor, change: Change, count: int) -> None:
    """A boolean field given as a string or number is reported."""
    check(admin, change, count)


@pytest.mark.parametrize(("change", "count"), [
    case("property-without-radius", drop("court_orders", "O1", "exclusion_radius_m")),
    case("radius-without-property", drop("court_orders", "O1", "exclusion_property")),
    # An invalid radius also counts as missing for the "come together" rule, so it is reported twice.
    case("radius-0", put("court_orders", "O1", "exclusion_radius_m", 0), 2),
    case("radius-negative", put("court_orders", "O1", "exclusion_radius_m", -5), 2),
    case("radius-float", put("court_orders", "O1", "exclusion_radius_m", 500.5), 2),
    case("radius-string", put("court_orders", "O1", "exclusion_radius_m", "500"), 2),
    case("radius-bool", put("court_orders", "O1", "exclusion_radius_m", True), 2),
    case("respondent-protected", put("court_orders", "O1", "protected", ["P1", "P2"])),
])
def test_bad_court_order(admin: Actor, change: Change, count: int) -> None:
    """A court order with half an exclusion zone, a bad radius or a self-protecting respondent is reported."""
    check(admin, change, count)


@pytest.mark.parametrize(("change", "count"), [
    case("victim-and-perpetrator", put("cases", "C1", "perpetrators", ["P2", "P1"])),
    case("empty-victims", put("cases", "C1", "victims", [])),
    case("victims-not-list", put("cases", "C1", "victims", "P1")),
    case("victim-twice", put("cases", "C1", "victims", ["P1", "P1"])),
    case("referred-after-meeting", put("marac_cases", "MC1", "referred", "2024-01-19")),
    case("incident-by-and-towards-same", put("incidents", "I1", "towards", "P2")),
    case("incident-before-birth", put("incidents", "I1", "date", "1989-01-01")),
])
def test_bad_case_record(admin: Actor, change: Change, count: int) -> None:
    """Case, incident and MARAC-case rules are applied."""
    check(admin, change, count)


# --- users --------------------------------------------------------------------------------------------------

def test_username_held_by_another_user_in_database(admin: Actor) -> None:
    """A username that already belongs to another user id in the database ('admin') is reported."""
    problems = check(admin, put("users", "U1", "username", users.BUILTIN_ADMIN), 1)
    assert users.BUILTIN_ADMIN_ID in problems[0].message


def test_username_kept_by_same_user_on_reload_is_accepted(admin: Actor) -> None:
    """Reloading a user with its own username is not a clash."""
    load.load(admin, base())
    assert load.load(admin, base()).counts["users"] == len(base()["users"])


def test_username_twice_in_file(admin: Actor) -> None:
    """Two users in one file with the same username are reported."""
    check(admin, put("users", "U2", "username", "lettings1"), 1)


def test_file_may_not_overwrite_builtin_admin(admin: Actor) -> None:
    """A user record with the built-in admin's id is rejected; the admin keeps its name and role."""
    doc = {"format": "hearth/1",
           "users": [{"id": users.BUILTIN_ADMIN_ID, "username": "boss", "roles": ["idva"]}]}
    before = graph_size()
    with pytest.raises(ImportValidationError) as info:
        load.load(admin, doc)
    assert any(p.section == "users" and p.record_id == users.BUILTIN_ADMIN_ID for p in info.value.problems)
    assert graph_size() == before
    assert users.actor(users.BUILTIN_ADMIN).has_role("admin")


def test_referred_after_meeting_in_database(admin: Actor) -> None:
    """A MARAC case referred after a meeting that is only in the database is reported."""
    load.load(admin, base())
    doc = {"format": "hearth/1", "marac_cases": [{"id": "MC2", "case": "C1", "meeting": "M1",
                                                  "criterion": "repeat", "referred": "2024-02-01"}]}
    assert_rejected(admin, doc, ("marac_cases", "MC2", "referred"))


def test_long_required_description_is_accepted(admin: Actor) -> None:
    """A 512-character MARAC action description loads (only ids should be capped at MAX_ID)."""
    result = load.load(admin, broken(put("marac_actions", "X1", "description", "Fit door locks. " * 32)))
    assert result.counts["marac_actions"] == 1


def test_overlong_id_is_rejected(admin: Actor) -> None:
    """An id longer than 200 characters is rejected."""
    long_id = "X" * 201
    assert_rejected(admin, broken(put("marac_actions", "X1", "id", long_id)),
                    ("marac_actions", long_id, "id"))


# --- many errors, errors at the end, unreadable files, permissions ----------------------------------------

def test_many_errors_all_reported(admin: Actor) -> None:
    """Every error in a document is reported, not only the first."""
    changes = [
        put("people", "P1", "sex", "f"),
        put("links", 0, "end", "2011-01-01"),
        drop("agencies", "A1", "name"),
        put("properties", "H1", "latitude", 91),
        put("cases", "C1", "children", ["P99"]),
        put("incidents", "I1", "date", TOMORROW),
        put("risk_assessments", "R1", "answers", {"25": True}),
        put("consents", "K1", "status", "maybe"),
        put("marac_actions", "X1", "colour", "red"),
        put("court_orders", "O1", "protected", ["P1", "P2"]),
    ]
    problems = assert_rejected(admin, broken(*changes), changes[-1].where, count=len(changes))
    assert sorted(places(problems), key=str) == sorted((c.where for c in changes), key=str)
    assert f"{len(changes)} error(s)" in str(ImportValidationError(problems))


def test_error_in_last_record_after_many_good_ones(admin: Actor) -> None:
    """A bad last record after thousands of good ones still means nothing at all is written."""
    doc = base()
    doc["people"] += [{"id": f"G{n}", "date_of_birth": "2000-01-01"} for n in range(3000)]
    doc["people"].append({"id": "BAD", "date_of_birth": "2023-02-29"})
    doc["court_orders"] += [dict(base()["court_orders"][0], id=f"O{n}") for n in range(2, 500)]
    doc["court_orders"].append(dict(base()["court_orders"][0], id="OLAST", end="2000-01-01"))
    problems = assert_rejected(admin, doc, ("people", "BAD", "date_of_birth"), count=2)
    assert ("court_orders", "OLAST", "end") in places(problems)


def test_error_only_in_last_record_after_many_good_ones(admin: Actor) -> None:
    """A single bad record at the very end of the last section, after many good ones, writes nothing."""
    doc = base()
    doc["people"] += [{"id": f"G{n}", "date_of_birth": "2000-01-01"} for n in range(2000)]
    doc["court_orders"] += [dict(base()["court_orders"][0], id=f"O{n}") for n in range(2, 300)]
    doc["court_orders"].append(dict(base()["court_orders"][0], id="OLAST", kind="injunction"))
    assert_rejected(admin, doc, ("court_orders", "OLAST", "kind"))


def test_rejected_document_leaves_earlier_data_untouched(admin: Actor) -> None:
    """A rejected reload of changed records leaves the loaded records exactly as they were."""
    load.load(admin, base())
    doc = broken(put("people", "P1", "given_name", "Changed"), put("people", "P5", "sex", "f"))
    assert_rejected(admin, doc, ("people", "P5", "sex"))
    name = db.read(lambda tx: tx.run("MATCH (p:Person {id: 'P1'}) RETURN p.given_name AS n")
                   .single(strict=True)["n"])
    assert name == "Amy"


def test_broken_json_names_line_and_column(tmp_json: Path) -> None:
    """A file that is not JSON raises ImportValidationError naming the line and column."""
    tmp_json.write_text('{"format": "hearth/1",\n  "people": [\n    {"id": "P1",}\n  ]\n}\n',
                        encoding="utf-8")
    with pytest.raises(ImportValidationError) as info:
        load.read_document(tmp_json)
    (problem,) = info.value.problems
    assert problem.section == "document"
    assert "line 3" in problem.message and "column 17" in problem.message


def test_missing_file_is_a_validation_error(tmp_path: Path) -> None:
    """A file that does not exist raises ImportValidationError naming it."""
    with pytest.raises(ImportValidationError, match="no such file"):
        load.read_document(tmp_path / "nope.json")


def test_non_utf8_file_is_a_validation_error(tmp_json: Path) -> None:
    """A file that is not UTF-8 raises ImportValidationError."""
    tmp_json.write_bytes(b'{"format": "hearth/1", "people": [{"id": "P\xff"}]}')
    with pytest.raises(ImportValidationError, match="UTF-8"):
        load.read_document(tmp_json)


def _idva(admin: Actor) -> Actor:
    load.load(admin, {"format": "hearth/1", "users": [{"id": "UI", "username": "idva9", "roles": ["idva"]}]})
    return users.actor("idva9")


def test_non_admin_may_not_load(admin: Actor) -> None:
    """A user without the admin role gets PermissionDenied and nothing is written."""
    idva = _idva(admin)
    before = graph_size()
    with pytest.raises(PermissionDenied) as info:
        load.load(idva, base())
    assert info.value.username == "idva9" and info.value.action == "load_data"
    assert graph_size() == (before[0] + 1, before[1])  # only the refusal's audit event


def test_non_admin_is_refused_before_validation(admin: Actor) -> None:
    """A non-admin loading an invalid document is refused for permission, not told about its contents."""
    idva = _idva(admin)
    before = graph_size()
    with pytest.raises(PermissionDenied):
        load.load(idva, {"format": "nope"})
    assert graph_size() == (before[0] + 1, before[1])  # only the refusal's audit event
