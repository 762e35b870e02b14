"""The equality report: counts per area and period only, cells under 5 shown as "<5" (and a second cell hidden
where the total would give one back), compared with the national MARAC profile, never a person; and only for
analysts, DA leads, MARAC coordinators and administrators."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from graph_model.errors import PermissionDenied
from tests.workflows.world import BASE
from workflows import support_equality
from workflows.support_equality import suppress

PERIOD = (date(2026, 1, 1), date(2027, 1, 1))


def _people(prefix: str, n: int) -> list[dict[str, Any]]:
    return [{"id": f"{prefix}{i}", "given_name": f"Given{prefix}{i}", "family_name": "Monitored",
             "date_of_birth": "1990-01-01", "sex": "female", "synthetic": True} for i in range(1, n + 1)]


def _case(case_id: str, area: str, opened: str, victims: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": case_id, "area": area, "opened": opened, "victims": [v["id"] for v in victims],
            "perpetrators": ["P2"]}


def _world(load: Any, who: Any, clock: Any) -> None:
    """Twelve victims in Testshire this year, three Elsewhere, one in Testshire long before the period."""
    here, there, old = _people("V", 12), _people("W", 3), _people("X", 1)
    cases = [BASE["cases"][0], _case("E1", "Testshire", "2026-06-01", here),
             _case("E2", "Elsewhere", "2026-07-01", there), _case("E3", "Testshire", "2024-01-01", old)]
    load(people=here + there + old, cases=cases, referrals=[
        {"id": f"F{c['id']}", "case": c["id"], "kind": "other", "from_agency": "A4", "to_agency": "A4",
         "date": c["opened"], "basis": "consent"} for c in cases])
    for i, v in enumerate(here):
        answers = {"sex": "female" if i < 7 else "male", "age_band": "16_17" if i < 2 else "25_34",
                   "disability": "yes" if i < 5 else "prefer_not_to_say"}
        support_equality.record("E1", v["id"], who("options1"), answers, consent_given=True, clock=clock)
    for v in there:
        support_equality.record("E2", v["id"], who("options1"), {"sex": "male"}, consent_given=True, clock=clock)
    support_equality.record("E3", "X1", who("options1"), {"sex": "male"}, consent_given=True, clock=clock)


def test_the_report_counts_per_area_and_period_and_suppresses_small_numbers(load: Any, who: Any,
                                                                            clock: Any) -> None:
    _world(load, who, clock)
    report = support_equality.report(who("analyst1"), *PERIOD)
    areas = {a.area: a for a in report.areas}
    assert areas["Elsewhere"].total == "<5" and areas["Elsewhere"].characteristics == ()
    here = areas["Testshire"]
    assert here.total == "12"  # X1's case opened before the period
    chars = {c.name: c for c in here.characteristics}
    assert {c.answer: c.shown for c in chars["sex"].cells} == {
        "female": "7", "male": "5", "prefer_not_to_say": "<5", "not_recorded": "<5"}
    assert chars["sex"].comparison == (("male", "41.7%", "6.5%"),)
    assert {c.answer: c.shown for c in chars["age_band"].cells}["16_17"] == "<5"
    assert {c.answer: c.shown for c in chars["age_band"].cells}["25_34"] == "10"
    assert chars["age_band"].comparison == (("16_17", "not shown (small numbers)", "1.3%"),)
    assert {c.answer: c.shown for c in chars["disability"].cells} == {
        "yes": "5", "no": "<5", "prefer_not_to_say": "7", "not_recorded": "<5"}
    assert {c.answer: c.shown for c in chars["religion_belief"].cells}["not_recorded"] == "12"
    assert chars["religion_belief"].comparison == ()  # the national profile has no figure for it
    later = support_equality.report(who("lead1"), date(2023, 1, 1), date(2025, 1, 1), area="Testshire")
    assert [(a.area, a.total) for a in later.areas] == [("Testshire", "<5")]


def test_the_report_holds_no_individual_and_is_for_the_roles_that_commission(load: Any, who: Any,
                                                                             clock: Any) -> None:
    _world(load, who, clock)
    shown = str(dataclasses.asdict(support_equality.report(who("coord1"), *PERIOD)))
    for secret in ("V1", "W1", "X1", "GivenV", "Monitored", "E1", "E2", "E3", "P2", "equality-"):
        assert secret not in shown
    for username in ("admin", "analyst1", "lead1"):
        assert support_equality.report(who(username), *PERIOD).areas
    for username in ("idva1", "options1", "lettings1", "police1", "chair1"):
        with pytest.raises(PermissionDenied, match="equality_report"):
            support_equality.report(who(username), *PERIOD)


@pytest.mark.parametrize(("values", "hidden"), [
    ({"a": 10, "b": 7}, set()),
    ({"a": 10, "b": 3, "c": 0}, {"b", "c"}),  # two hidden, 3 between them: either could be 0-3
    ({"a": 10, "b": 3}, {"a", "b"}),  # one hidden: the total gives it back, so the smallest shown goes too
    ({"a": 10, "b": 4, "c": 4}, {"a", "b", "c"}),  # 8 between two cells under 5: both are 4
    ({"a": 10, "b": 0}, {"b"}),  # a hidden zero gives no one away
])
def test_small_numbers_are_suppressed_so_the_total_gives_none_back(values: dict[str, int], hidden: set[str]) -> None:
    assert {k for k, h in suppress(values, sum(values.values())).items() if h} == hidden
