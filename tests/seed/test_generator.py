"""The synthetic data generator: valid, deterministic, the right volumes and shares, conflicts where planned."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from graph_model.interchange.validate import validate
from graph_model.vocabulary import AGENCY_KINDS, ROLES
from seed.generator import AS_OF, DEMO_PASSWORD, PRESETS, conflict_plan, generate
from tests.seed.helpers import (
    SMALL_COUNTY,
    Screening,
    day,
    first_assessments,
    in_last_year,
    run,
    yes_band,
)


def test_interface() -> None:
    """The names the CLI codes against exist with the agreed values."""
    assert set(PRESETS) == {"demo", "county", "national-sample"}
    assert AS_OF.isoformat() == "2026-11-01"
    assert DEMO_PASSWORD == "hearth-demo"
    with pytest.raises(ValueError, match="unknown preset"):
        generate("nowhere")


def test_demo_validates() -> None:
    """The demo document passes the project's validator with no database lookups."""
    validate(run("demo").document, today=AS_OF)


def test_scaled_county_validates() -> None:
    """A scaled-down county (the full one is timed separately) passes the validator too."""
    validate(run("county", 1, SMALL_COUNTY).document, today=AS_OF)


def test_same_seed_gives_identical_json() -> None:
    """Same preset and seed: byte-identical JSON (a fresh run, not the cached one)."""
    again = generate("demo", 1)
    assert json.dumps(again, sort_keys=True) == json.dumps(run("demo").document, sort_keys=True)


def test_different_seed_differs() -> None:
    """Another seed gives another document, and a valid one."""
    other = run("demo", 2).document
    assert json.dumps(other, sort_keys=True) != json.dumps(run("demo").document, sort_keys=True)
    validate(other, today=AS_OF)


def test_document_is_json_ready() -> None:
    """Plain JSON types only: it round-trips through json unchanged."""
    doc = run("demo").document
    assert json.loads(json.dumps(doc)) == doc


def test_demo_volumes_within_bands() -> None:
    """Demo volumes: ~2,000 people, the preset's police call-outs and MARAC cases in the last year."""
    doc, preset = run("demo").document, PRESETS["demo"]
    assert 1_950 <= len(doc["people"]) <= 2_150
    police = [i for i in doc["incidents"] if i["police_callout"] and in_last_year(i["date"])]
    assert len(police) == preset.police_incidents_last_year
    maracs = [m for m in doc["marac_cases"] if in_last_year(m["referred"])]
    assert abs(len(maracs) - preset.marac_cases_last_year) <= 3
    assert len(doc["nominations"]) == preset.nominations
    bands = {"links": (2_500, 4_500), "properties": (1_000, 2_000), "tenancies": (2_200, 3_500),
             "cases": (300, 600), "incidents": (600, 1_200), "risk_assessments": (350, 800),
             "referrals": (250, 600), "consents": (250, 600), "marac_meetings": (35, 50),
             "marac_actions": (150, 450), "court_orders": (20, 90), "agencies": (78, 78)}
    for section, (lo, hi) in bands.items():
        assert lo <= len(doc[section]) <= hi, section


def test_scaled_county_hits_its_yearly_figures() -> None:
    """County figures scale: police call-outs exactly, MARAC cases exactly, 32% repeats, 36% non-police."""
    doc, preset = run("county", 1, SMALL_COUNTY).document, PRESETS["county"].scaled(SMALL_COUNTY)
    police = [i for i in doc["incidents"] if i["police_callout"] and in_last_year(i["date"])]
    assert len(police) == preset.police_incidents_last_year
    maracs = [m for m in doc["marac_cases"] if in_last_year(m["referred"])]
    assert len(maracs) == preset.marac_cases_last_year
    repeats = sum(m["criterion"] == "repeat" for m in maracs) / len(maracs)
    assert 0.28 <= repeats <= 0.36
    kinds = {a["id"]: a["kind"] for a in doc["agencies"]}
    every = doc["marac_cases"]  # all years: enough listings for a share
    non_police = sum(kinds[m["referring_agency"]] != "police" for m in every) / len(every)
    assert 0.28 <= non_police <= 0.44
    assert set(Counter(m["criterion"] for m in maracs)) == {"visible_high_risk", "professional_judgement",
                                                           "potential_escalation", "repeat"}


def test_dash_band_shares() -> None:
    """First assessments: ~55% standard, ~25% medium, ~20% high (domain.md bands 0-9 / 10-13 / 14+)."""
    doc = run("county", 1, SMALL_COUNTY).document
    bands = Counter(yes_band(r["answers"]) for r in first_assessments(doc).values())
    total = sum(bands.values())
    for band, share in (("standard", 0.55), ("medium", 0.25), ("high", 0.20)):
        assert abs(bands[band] / total - share) <= 0.05, (band, bands)
    assert all(len(r["answers"]) == 24 for r in doc["risk_assessments"])
    assert any(r.get("professional_judgement_high") for r in doc["risk_assessments"])


def test_assessors_are_idvas_or_police() -> None:
    """Every assessor is an IDVA or a police officer."""
    doc = run("demo").document
    roles = {u["id"]: set(u["roles"]) for u in doc["users"]}
    assert all(roles[r["assessor"]] & {"idva", "police_officer"} for r in doc["risk_assessments"])


def test_serial_perpetrators_exist() -> None:
    """Some people are perpetrators in two or more cases against different victims."""
    for doc in (run("demo").document, run("county", 1, SMALL_COUNTY).document):
        victims: dict[str, set[str]] = {}
        for case in doc["cases"]:
            for perp in case["perpetrators"]:
                victims.setdefault(perp, set()).update(case["victims"])
        assert sum(len(v) >= 2 for v in victims.values()) >= 5


def test_children_in_about_half_of_high_risk_cases() -> None:
    """Children are listed in roughly half of the cases whose first DASH is high risk."""
    doc = run("county", 1, SMALL_COUNTY).document
    cases = {c["id"]: c for c in doc["cases"]}
    high = [cases[cid] for cid, r in first_assessments(doc).items() if yes_band(r["answers"]) == "high"]
    share = sum(bool(c["children"]) for c in high) / len(high)
    assert 0.4 <= share <= 0.6, share


def test_every_agency_kind_in_every_district() -> None:
    """Each district has an agency of every kind."""
    doc = run("demo").document
    kinds: dict[str, set[str]] = {}
    for agency in doc["agencies"]:
        kinds.setdefault(agency["area"], set()).add(agency["kind"])
    assert len(kinds) == 6
    assert all(found == AGENCY_KINDS for found in kinds.values())


def test_every_role_present_and_usernames_sane() -> None:
    """Every role has a user; usernames are unique, lowercase, role.place.n, never 'admin'."""
    doc = run("demo").document
    assert {r for u in doc["users"] for r in u["roles"]} == ROLES
    names = [u["username"] for u in doc["users"]]
    assert len(set(names)) == len(names)
    assert all(n == n.lower() and n.count(".") == 2 and n != "admin" for n in names)
    assert "idva.cambridge.1" in names
    assert all(u["id"] != "hearth-admin" for u in doc["users"])
    kinds = {a["id"]: a["kind"] for a in doc["agencies"]}
    fitting = {"lettings_officer": "housing_provider", "idva": "idva_service", "police_officer": "police",
               "housing_options_officer": "local_authority_housing", "marac_chair": "police"}
    for user in doc["users"]:
        for role in user["roles"]:
            assert kinds[user["agency"]] == fitting.get(role, kinds[user["agency"]])


def test_every_person_synthetic() -> None:
    """Every person is marked synthetic and has a name, a birth date and a sex."""
    for person in run("demo").document["people"]:
        assert person["synthetic"] is True
        assert person["given_name"] and person["family_name"] and person["date_of_birth"] and person["sex"]


@pytest.mark.parametrize("preset,scale", [("demo", 1.0), ("county", SMALL_COUNTY)])
def test_planned_conflicts_really_conflict(preset: str, scale: float) -> None:
    """Each nomination built to conflict is near (or in the building / zone of) whom its kind says."""
    generated = run(preset, 1, scale)
    doc, plan = generated.document, generated.conflicts
    assert plan == conflict_plan(preset, 1, scale=scale)
    assert len(plan) == round(PRESETS[preset].scaled(scale).nominations * PRESETS[preset].housing.conflict_share)
    if preset == "demo":
        assert len(set(plan.values())) == 7
    screen = Screening(doc)
    nominations = {n["id"]: n for n in doc["nominations"]}
    for nid, kind in plan.items():
        applicant, prop = nominations[nid]["applicant"], screen.props[nominations[nid]["property"]]
        near = {"refuse_victim_within_1km": screen.victims, "refer_victim_1_to_3km": screen.victims,
                "refuse_child_within_1km": screen.children, "refuse_protected_within_1km": screen.protected,
                "victim_near_perpetrator": screen.abusers}
        if kind == "refuse_same_building":
            assert screen.same_building(screen.victims[applicant], prop), nid
        elif kind == "refuse_exclusion_zone":
            assert screen.in_zone(applicant, prop), nid
        elif kind == "refer_victim_1_to_3km":
            assert any(1_000 < d <= 3_000 for d in screen.distances(screen.victims[applicant], prop)), nid
            assert min(screen.distances(screen.everyone(applicant), prop)) > 1_000, nid
            assert not screen.in_zone(applicant, prop) and not screen.same_building(screen.everyone(applicant), prop)
        else:
            assert min(screen.distances(near[kind][applicant], prop)) <= 1_000, (nid, kind)


@pytest.mark.parametrize("preset,scale", [("demo", 1.0), ("county", SMALL_COUNTY)])
def test_other_nominations_are_clear(preset: str, scale: float) -> None:
    """No nomination outside the plan has anyone to keep away within 3 km, in its building or zone."""
    generated = run(preset, 1, scale)
    doc, plan = generated.document, generated.conflicts
    screen = Screening(doc)
    for nomination in doc["nominations"]:
        if nomination["id"] in plan:
            continue
        applicant, prop = nomination["applicant"], screen.props[nomination["property"]]
        assert min(screen.distances(screen.everyone(applicant), prop), default=1e9) > 3_000, nomination
        assert not screen.in_zone(applicant, prop)


def test_nomination_dates_and_applicants() -> None:
    """Nominations are pending: from 4 weeks before as_of to 2 weeks after; applicants are adults."""
    doc = run("demo").document
    born = {p["id"]: day(p["date_of_birth"]) for p in doc["people"]}
    for nomination in doc["nominations"]:
        assert -14 <= (AS_OF - day(nomination["date"])).days <= 28
        assert (AS_OF - born[nomination["applicant"]]).days >= 18 * 365
