"""Every screening situation of the issue, on hand-built worlds, from the service and from the rules."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph_model import db, users
from graph_model.interchange import load as loader
from graph_model.screening import screen as screening
from tests.screening.situations import ON, home, lives, world

DAY = date.fromisoformat(ON)


def _screen(admin: Any, doc: dict[str, Any], applicant: str = "P2") -> screening.ScreeningResult:
    loader.load(admin, doc, today=date(2026, 11, 25))
    return screening.screen_adhoc(users.actor("lead1"), applicant, "H0", DAY)


def _close(case: str, years_ago: float) -> None:
    # As if the case's da_case workflow had closed it `years_ago` before the nomination date.
    db.write(lambda tx: tx.run(
        "MATCH (c:Case {id: $case}) CREATE (c)-[:WORKFLOW_STATUS]->(:WorkflowStatus {key: 'case/da_case/' + $case, "
        "workflow: 'da_case', state: 'closed', entered_at: datetime($on) - duration({days: toInteger($days)})})",
        case=case, on=ON + "T00:00:00Z", days=years_ago * 365.25).consume())


SITUATIONS: list[tuple[str, dict[str, Any], str, str, tuple[str, ...]]] = [
    # name, world, applicant, outcome, reasons
    ("inner radius", world(victim_at=600), "P2", "refuse", ("PERPETRATOR_NEAR_VICTIM",)),
    ("on the inner boundary", world(victim_at=999), "P2", "refuse", ("PERPETRATOR_NEAR_VICTIM",)),
    ("outer radius", world(victim_at=2000), "P2", "refer", ("PERPETRATOR_WITHIN_OUTER_RADIUS",)),
    ("outside both radii", world(victim_at=3100), "P2", "clear", ()),
    ("same building, far apart on paper", world(victim_at=1500, building="B1"), "P2", "refuse",
     ("PERPETRATOR_SAME_BUILDING",)),
    ("moved out before the nomination", world(victim_at=300, replace={"tenancies": [lives("T1", "P1", "HV",
                                                                                           "2026-10-01")]}),
     "P2", "clear", ()),
    ("moves out after the nomination date", world(victim_at=300, replace={"tenancies": [lives("T1", "P1", "HV",
                                                                                               "2026-12-01")]}),
     "P2", "refuse", ("PERPETRATOR_NEAR_VICTIM",)),
    ("child victim", world(properties=[home("HC", 500)], tenancies=[lives("T3", "P3", "HC")]), "P2", "refuse",
     ("PERPETRATOR_NEAR_VICTIM",)),
    ("protected person", world(properties=[home("HP", 500)], tenancies=[lives("T5", "P5", "HP")],
                               court_orders=[{"id": "O1", "kind": "non_molestation", "respondent": "P2",
                                              "protected": ["P5"], "start": "2026-01-01"}]),
     "P2", "refuse", ("PERPETRATOR_NEAR_VICTIM",)),
    ("protected by an expired order", world(properties=[home("HP", 500)], tenancies=[lives("T5", "P5", "HP")],
                                            court_orders=[{"id": "O1", "kind": "non_molestation", "respondent": "P2",
                                                           "protected": ["P5"], "start": "2025-01-01",
                                                           "end": "2026-01-01"}]),
     "P2", "clear", ()),
    ("serial perpetrator, a victim elsewhere", world(
        properties=[home("H6", 700)], tenancies=[lives("T6", "P6", "H6")],
        cases=[{"id": "C2", "area": "Testshire", "victims": ["P6"], "perpetrators": ["P2"]}]),
     "P2", "refuse", ("PERPETRATOR_NEAR_VICTIM",)),
    ("reverse: the applicant is the victim", world(properties=[home("HP2", 2500)],
                                                   tenancies=[lives("T2", "P2", "HP2")]),
     "P1", "refer", ("VICTIM_NEAR_PERPETRATOR",)),
    ("exclusion zone", world(properties=[home("HX", 300)],
                             court_orders=[{"id": "O2", "kind": "occupation", "respondent": "P2", "protected": ["P1"],
                                            "start": "2026-01-01", "exclusion_property": "HX",
                                            "exclusion_radius_m": 500}]),
     "P2", "refuse", ("ORDER_EXCLUSION_ZONE",)),
    ("outside the exclusion zone", world(properties=[home("HX", 600)],
                                         court_orders=[{"id": "O2", "kind": "occupation", "respondent": "P2",
                                                        "protected": ["P1"], "start": "2026-01-01",
                                                        "exclusion_property": "HX", "exclusion_radius_m": 500}]),
     "P2", "clear", ()),
    ("counter-allegation", world(victim_at=600, replace={"cases": [
        {"id": "C1", "area": "Testshire", "victims": ["P1"], "perpetrators": ["P2"], "counter_allegation": True}]}),
     "P2", "refer", ("WEAK_LINK_NEAR_VICTIM",)),
    ("personally connected person", world(
        victim_at=600, people=[], links=[{"type": "RELATIVE_OF", "a": "P7", "b": "P2", "relation": "sibling"}]),
     "P7", "refer", ("CONNECTED_PERSON_NEAR_VICTIM",)),
    ("a stranger applies", world(victim_at=600), "P8", "clear", ()),
    ("wider radii in a rural area", world(victim_at=1200, area="Fenland"), "P2", "refuse",
     ("PERPETRATOR_NEAR_VICTIM",)),
]


@pytest.mark.parametrize(("name", "doc", "applicant", "expected", "reasons"), SITUATIONS,
                         ids=[s[0] for s in SITUATIONS])
def test_situation(graph: Any, admin: Any, name: str, doc: dict[str, Any], applicant: str, expected: str,
                   reasons: tuple[str, ...]) -> None:
    result = _screen(admin, doc, applicant)
    assert (result.outcome, result.reasons) == (expected, reasons)


@pytest.mark.parametrize(("years", "expected"), [(2, ("refer", ("WEAK_LINK_NEAR_VICTIM",))), (6, ("clear", ()))])
def test_closed_case_inside_and_outside_the_window(graph: Any, admin: Any, years: float,
                                                   expected: tuple[str, tuple[str, ...]]) -> None:
    loader.load(admin, world(victim_at=600), today=date(2026, 11, 25))
    _close("C1", years)
    result = screening.screen_adhoc(users.actor("lead1"), "P2", "H0", DAY)
    assert (result.outcome, result.reasons) == expected


def test_the_da_lead_sees_who_which_case_and_how_far(graph: Any, admin: Any) -> None:
    result = _screen(admin, world(victim_at=600))
    assert result.detail is not None
    [finding] = result.detail
    assert (finding.person_id, finding.case_id, finding.role) == ("P1", "C1", "victim")
    assert 590 < finding.distance_m < 610
