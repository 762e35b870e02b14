"""Aggregate figures per area against national benchmarks, on a hand-built two-area world (year 2025)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph_model import users
from graph_model.analytics.figures import ALL_AREAS, UNRECORDED, AreaFigures, figures
from graph_model.errors import InvalidInput, PermissionDenied
from graph_model.interchange import load
from graph_model.users import Actor

START, END = date(2025, 1, 1), date(2025, 12, 31)


def _person(pid: str, given: str, family: str, born: str | None, sex: str = "female") -> dict[str, Any]:
    found = {"id": pid, "given_name": given, "family_name": family, "sex": sex, "synthetic": True}
    return found | ({"date_of_birth": born} if born else {})


def _dash(rid: str, case: str, day: str, yes: int, judged_high: bool = False) -> dict[str, Any]:
    return {"id": rid, "case": case, "date": day, "tool": "DASH", "professional_judgement_high": judged_high,
            "answers": {str(q): q <= yes for q in range(1, 25)}}


def _tenancy(tid: str, person: str, prop: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {"id": tid, "person": person, "property": prop, "start": start, "end": end}


def _incident(iid: str, case: str, day: str, by: str, towards: str, kinds: list[str], callout: bool) -> dict[str, Any]:
    return {"id": iid, "case": case, "date": day, "by": by, "towards": towards, "behaviours": kinds,
            "police_callout": callout}


def _marac(mid: str, case: str, criterion: str, referred: str, meeting: str | None = None,
           agency: str | None = None) -> dict[str, Any]:
    found = {"id": mid, "case": case, "criterion": criterion, "referred": referred}
    return found | ({"meeting": meeting} if meeting else {}) | ({"referring_agency": agency} if agency else {})


# Northtown's adult women on 2025-12-31 (female, 16+, a tenancy that day in a Northtown property): W1 (two such
# tenancies, counted once), W2 (16 since June), W7, W8 (moved in that very day) = 4. Not: W3 (15 until 2026),
# W4 (moved out in June), W5 (moves in 2026), W6 (no date of birth), M1 (male). Southvale has no tenancies.
DOCUMENT: dict[str, Any] = {
    "format": "hearth/1",
    "people": [
        _person("W1", "Ann", "Quorley", "1980-02-03"), _person("W2", "Bea", "Brandt", "2009-06-01"),
        _person("W3", "Cat", "Ostrow", "2010-01-01"), _person("W4", "Dot", "Pellam", "1970-07-08"),
        _person("W5", "Eve", "Garrick", "1990-09-10"), _person("W6", "Fay", "Hollin", None),
        _person("W7", "Gia", "Marlow", "1985-11-12"), _person("W8", "Hal", "Ickworth", "1995-03-04"),
        _person("M1", "Ivo", "Quorley", "1979-05-06", "male"), _person("P2", "Jon", "Kessel", "1983-08-09", "male"),
        _person("P4", "Kai", "Lomax", "2005-01-02", "male"), _person("V3", "Lou", "Mercer", "1990-04-05", "male"),
        _person("V4", "Mia", "Nuttall", "2008-03-01"), _person("K1", "Ned", "Quorley", "2015-06-07", "male"),
        _person("K2", "Ola", "Quorley", "2017-10-11"), _person("K3", "Pip", "Marlow", "2016-12-13"),
        _person("A1", "Rex", "Tolland", "1975-01-20", "male"),
    ],
    "agencies": [{"id": "POL", "name": "Northtown Police", "kind": "police", "area": "Northtown"},
                 {"id": "IDVA", "name": "IDVA Service", "kind": "idva_service", "area": "Northtown"},
                 {"id": "HOU", "name": "Northtown Homes", "kind": "housing_provider", "area": "Northtown"}],
    "users": [{"id": "U1", "username": "analyst1", "roles": ["analyst"]},
              {"id": "U2", "username": "lettings1", "roles": ["lettings_officer"], "agency": "HOU"},
              {"id": "U3", "username": "idva1", "roles": ["idva"], "agency": "IDVA"}],
    "properties": [
        {"id": "H1", "address": "12 Elm Row", "postcode": "NT1 4AB", "latitude": 52.2, "longitude": 0.12,
         "area": "Northtown", "landlord": "HOU"},
        {"id": "H2", "address": "7 Quay Lane", "postcode": "SV9 8ZZ", "latitude": 52.5, "longitude": -0.24,
         "area": "Southvale"},
        {"id": "H3", "address": "3 Mill Court", "postcode": "NT2 5CD", "latitude": 52.21, "longitude": 0.13,
         "area": "Northtown"},
    ],
    "tenancies": [
        _tenancy("T1", "W1", "H1", "2020-01-01"), _tenancy("T11", "W1", "H3", "2021-01-01"),
        _tenancy("T2", "W2", "H1", "2020-01-01"), _tenancy("T3", "W3", "H1", "2020-01-01"),
        _tenancy("T4", "W4", "H3", "2015-01-01", "2025-06-01"), _tenancy("T5", "W5", "H3", "2026-01-01"),
        _tenancy("T6", "M1", "H3", "2019-01-01"), _tenancy("T7", "W6", "H3", "2019-01-01"),
        _tenancy("T8", "W7", "H3", "2019-01-01"), _tenancy("T9", "W8", "H3", "2025-12-31"),
    ],
    "cases": [
        {"id": "C1", "area": "Northtown", "opened": "2024-11-20", "victims": ["W1"], "perpetrators": ["M1"],
         "children": ["K1", "K2"]},
        {"id": "C2", "area": "Northtown", "opened": "2025-03-15", "victims": ["W7"], "perpetrators": ["P2"],
         "children": ["K3"]},
        {"id": "C3", "area": "Northtown", "opened": "2024-04-01", "victims": ["V3"], "perpetrators": ["W8"]},
        {"id": "C4", "area": "Southvale", "opened": "2025-05-01", "victims": ["V4"], "perpetrators": ["P4"]},
        {"id": "C5", "area": "Northtown", "opened": "2025-08-20", "victims": ["W1"], "perpetrators": ["M1"]},
        {"id": "C6", "opened": "2025-07-01", "victims": ["W4"], "perpetrators": ["A1"]},
    ],
    "incidents": [
        _incident("I1", "C1", "2025-02-01", "M1", "W1", ["physical_or_sexual", "controlling_or_coercive"], True),
        _incident("I2", "C1", "2025-03-01", "M1", "W1", ["economic"], False),
        _incident("I3", "C2", "2025-04-01", "P2", "W7", [], True),
        _incident("I4", "C3", "2025-12-31", "W8", "V3", ["psychological_or_emotional", "violent_or_threatening"],
                  True),
        _incident("I5", "C1", "2024-12-31", "M1", "W1", ["physical_or_sexual"], True),
        _incident("I6", "C4", "2025-06-01", "P4", "V4", ["violent_or_threatening"], False),
        _incident("I7", "C2", "2026-01-01", "P2", "W7", ["economic"], True),
        _incident("I8", "C6", "2025-07-01", "A1", "W4", ["economic"], True),
    ],
    "risk_assessments": [
        _dash("R1", "C1", "2025-02-02", 9), _dash("R2", "C1", "2025-03-02", 10), _dash("R3", "C2", "2025-04-02", 13),
        _dash("R4", "C2", "2025-05-02", 14), _dash("R5", "C3", "2025-06-02", 3, judged_high=True),
        _dash("R6", "C4", "2025-06-03", 0), _dash("R7", "C1", "2024-06-01", 20),
    ],
    "marac_meetings": [{"id": "M0", "area": "Northtown MARAC", "date": "2024-12-20"},
                       {"id": "MM1", "area": "Northtown MARAC", "date": "2025-03-10"},
                       {"id": "MM2", "area": "Northtown MARAC", "date": "2025-06-10"}],
    # In 2025, Northtown: MC1 (repeat: MC0 for the same case 3 months before), MC2 (criterion repeat), MC3 (its
    # earlier MC7 is 13 months before: not a repeat), MC4 (repeat: W1's MC1 in another case 6 months before).
    "marac_cases": [
        _marac("MC0", "C1", "visible_high_risk", "2024-12-01", "M0", "POL"),
        _marac("MC7", "C3", "visible_high_risk", "2024-05-01", "M0", "POL"),
        _marac("MC1", "C1", "visible_high_risk", "2025-03-01", "MM1", "POL"),
        _marac("MC2", "C2", "repeat", "2025-05-01", "MM2", "IDVA"),
        _marac("MC3", "C3", "professional_judgement", "2025-06-05", "MM2", "HOU"),
        _marac("MC4", "C5", "potential_escalation", "2025-09-01"),
        _marac("MC5", "C4", "visible_high_risk", "2025-05-15", "MM2", "POL"),
    ],
    "nominations": [{"id": "N1", "applicant": "W5", "property": "H1", "nominated_by": "HOU", "date": "2025-07-01"},
                    {"id": "N2", "applicant": "W5", "property": "H1", "date": "2026-02-01"},
                    {"id": "N3", "applicant": "A1", "property": "H2", "date": "2025-01-01"}],
}


@pytest.fixture()
def analyst(admin: Actor) -> Actor:
    """Load the document and return an analyst."""
    load.load(admin, DOCUMENT)
    return users.actor("analyst1")


def _values(row: AreaFigures) -> dict[str, float | None]:
    return {f.name: f.value for f in row.all()}


def test_rows_per_area_and_the_unrecorded_area(analyst: Actor) -> None:
    """Every area of a case or property has a row; a case without an area gets its own row; the total sums them."""
    result = figures(analyst, None, START, END)
    assert [r.area for r in result.areas] == ["Northtown", "Southvale", UNRECORDED]
    assert result.total.area == ALL_AREAS and result.area is None
    assert [r.incidents.value for r in result.areas] == [4, 1, 1] and result.total.incidents.value == 6


def test_incidents_by_behaviour_and_police_callouts(analyst: Actor) -> None:
    """In-period incidents only (both ends inclusive); one incident counts once per behaviour kind it has."""
    north = figures(analyst, None, START, END).areas[0]
    values = _values(north)
    assert {k: values[f"behaviour:{k}"] for k in ("physical_or_sexual", "violent_or_threatening",
            "controlling_or_coercive", "economic", "psychological_or_emotional", "none_recorded")} == {
        "physical_or_sexual": 1, "violent_or_threatening": 1, "controlling_or_coercive": 1, "economic": 1,
        "psychological_or_emotional": 1, "none_recorded": 1}
    assert values["police_callouts"] == 3
    total = _values(figures(analyst, None, START, END).total)
    assert (total["behaviour:violent_or_threatening"], total["behaviour:economic"], total["police_callouts"]) == (
        2, 2, 4)


def test_dash_risk_bands(analyst: Actor) -> None:
    """9 yes standard, 10 and 13 medium, 14 high, 3 with professional judgement high; R7 is out of period."""
    rows = {r.area: _values(r) for r in figures(analyst, None, START, END).areas}
    assert [rows["Northtown"][f"risk:{b}"] for b in ("standard", "medium", "high")] == [1, 2, 2]
    assert [rows["Southvale"][f"risk:{b}"] for b in ("standard", "medium", "high")] == [1, 0, 0]


def test_marac_figures_beside_benchmarks(analyst: Actor) -> None:
    """Northtown: 4 MARAC cases, 3 repeats, 3 children, 2 of 3 known referrers not police, 1 male victim."""
    north = figures(analyst, None, START, END).areas[0]
    assert north.marac_cases.value == 4 and north.adult_women.value == 4
    assert (north.marac_per_10k_adult_women.value, north.marac_per_10k_adult_women.benchmark) == (10_000, 45)
    assert (north.repeat_rate.value, north.repeat_rate.benchmark, north.repeat_rate.unit) == (75, 32, "%")
    assert (north.repeat_rate.numerator, north.repeat_rate.denominator) == (3, 4)
    assert (north.children_per_case.value, north.children_per_case.benchmark) == (0.75, 1.27)
    assert north.non_police_referrals.value == pytest.approx(200 / 3) and north.non_police_referrals.benchmark == 36
    assert "1 MARAC case(s) with no referring agency" in north.non_police_referrals.note
    assert (north.male_victims.value, north.male_victims.benchmark) == (25, 6.5)
    assert (north.victims_aged_16_17.value, north.victims_aged_16_17.benchmark) == (0, 1.3)
    assert "SafeLives" in north.repeat_rate.source and "June 2023" in north.repeat_rate.source
    assert north.nominations.value == 1 and "screening outcomes arrive with the screening issue" in \
        north.nominations.note


def test_area_without_tenancy_data_and_the_total(analyst: Actor) -> None:
    """Southvale has no tenancies: no rate, said so; the total's rate leaves such areas out."""
    result = figures(analyst, None, START, END)
    south = result.areas[1]
    assert south.marac_cases.value == 1 and south.adult_women.value == 0
    assert south.marac_per_10k_adult_women.value is None and "no current tenancy data" in \
        south.marac_per_10k_adult_women.note
    assert (south.victims_aged_16_17.value, south.male_victims.value, south.non_police_referrals.value) == (100, 0, 0)
    assert south.nominations.value == 1  # N3 on the period's first day
    total = result.total
    assert (total.marac_cases.value, total.repeat_rate.value, total.children_per_case.value) == (5, 60, 0.6)
    assert total.marac_per_10k_adult_women.value == 10_000  # Northtown's 4 cases over its 4 women
    assert (total.non_police_referrals.value, total.male_victims.value, total.victims_aged_16_17.value) == (50, 20, 20)
    assert any("adult women" in note for note in result.notes)


def test_one_area_and_a_short_period_annualised(analyst: Actor) -> None:
    """One area gives that area only; a half-year's MARAC volume is annualised and said to be."""
    one = figures(analyst, "Northtown", START, END)
    assert one.total.area == "Northtown" and [r.area for r in one.areas] == ["Northtown"]
    assert _values(one.total) == _values(figures(analyst, None, START, END).areas[0])
    half = figures(analyst, "Northtown", START, date(2025, 6, 30))
    # On 2025-06-30: W1, W2, W7 (W4 left on 06-01, W8 not yet in); MC1, MC2, MC3 in the half year.
    assert (half.total.marac_cases.value, half.total.adult_women.value) == (3, 3)
    assert half.total.marac_per_10k_adult_women.value == pytest.approx(10_000 * 365 / 181)
    assert any("annualised" in note for note in half.notes)


def test_bad_input(analyst: Actor) -> None:
    """A period ending before it starts, and an area no case or property is in, are refused by name."""
    with pytest.raises(InvalidInput, match="before it starts"):
        figures(analyst, None, END, START)
    with pytest.raises(InvalidInput, match="unknown area 'Atlantis'.*Northtown, Southvale"):
        figures(analyst, "Atlantis", START, END)


def test_denied_to_lettings_officers_and_idvas(analyst: Actor) -> None:
    """Lettings officers and IDVAs may not see analysts' figures."""
    for name in ("lettings1", "idva1"):
        with pytest.raises(PermissionDenied, match="analyse"):
            figures(users.actor(name), None, START, END)
