"""Agenda order, the repeat flag (incl. exactly on the 12-month boundary), children in the household, access."""

from __future__ import annotations

from typing import Any

import pytest

from graph_model.errors import PermissionDenied
from tests.workflows.world import dash
from workflows import marac


def test_agenda_is_children_then_adult_only_then_repeats(load: Any, who: Any, clock: Any) -> None:
    load(risk_assessments=[dash("R1", "C1", "2026-10-15", 15), dash("R2", "C2", "2026-10-05", 11, judgement=True)])
    a = marac.agenda("M1", who("chair1"), clock=clock)
    assert [(i.marac_case, i.group) for i in a.items] == [("MC1", "children"), ("MC2", "adult"), ("MC3", "repeat")]
    first, second, third = a.items
    assert first.label == "Case 1 (MC1)" and "Ava" not in first.label and first.children == ("P3",)
    assert (first.dash_yes, first.risk_band, second.risk_band, third.risk_band) == (15, "high", "high", "standard")
    assert third.repeat and "incident I3 on 2026-10-20" in third.repeat_evidence
    assert not first.repeat and a.hidden == 0
    assert "Test Housing Options" in first.agencies


def test_within_a_group_by_referral_date(load: Any, who: Any, clock: Any) -> None:
    later = {"id": "MC4", "case": "C4", "meeting": "M1", "criterion": "visible_high_risk", "referred": "2026-10-01"}
    case4 = {"id": "C4", "area": "Testshire", "victims": ["P4"], "perpetrators": ["P9"], "children": ["P3"]}
    from tests.marac.world import CASES
    load(cases=[*CASES, case4], marac_cases=[later])
    items = marac.agenda("M1", who("chair1"), clock=clock).items
    assert [i.marac_case for i in items] == ["MC4", "MC1", "MC2", "MC3"]


# MC0 referred 2025-10-20: an incident on 2026-10-20 (12 calendar months on) makes MC3 a repeat; the next day not.
@pytest.mark.parametrize(("day", "repeat"), [("2026-10-20", True), ("2026-10-21", False), ("2025-10-20", False),
                                             ("2025-10-21", True)])
def test_repeat_flag_boundary(load: Any, who: Any, clock: Any, day: str, repeat: bool) -> None:
    from tests.marac import world as w
    extra = {**w.EXTRA, "incidents": [{"id": "I3", "case": "C3", "date": day, "by": "P5", "towards": "P4"}]}
    original = w.EXTRA
    w.EXTRA = extra
    try:
        load()
    finally:
        w.EXTRA = original
    item = next(i for i in marac.agenda("M1", who("chair1"), clock=clock).items if i.marac_case == "MC3")
    assert item.repeat is repeat
    assert item.group == ("repeat" if repeat else "adult")


def test_an_incident_the_wrong_way_round_is_not_a_repeat(load: Any, who: Any, clock: Any) -> None:
    from tests.marac import world as w
    original = w.EXTRA
    w.EXTRA = {**w.EXTRA, "incidents": [{"id": "I3", "case": "C3", "date": "2026-10-20", "by": "P4",
                                         "towards": "P5"}]}
    try:
        load()
    finally:
        w.EXTRA = original
    assert not any(i.repeat for i in marac.agenda("M1", who("chair1"), clock=clock).items)


LIVES_WITH = [{"id": "H2", "latitude": 52.0, "longitude": 0.2, "area": "Testshire"},
              {"id": "H3", "latitude": 52.0, "longitude": 0.3, "area": "Testshire"}]


@pytest.mark.parametrize(("child", "tenancy", "counted"), [
    ({"date_of_birth": "2015-01-01"}, {"property": "H2", "start": "2020-01-01"}, True),
    ({"date_of_birth": "2015-01-01"}, {"property": "H3", "start": "2020-01-01"}, False),           # lives elsewhere
    ({"date_of_birth": "2015-01-01"}, {"property": "H2", "start": "2020-01-01", "end": "2026-01-01"}, False),
    ({"date_of_birth": "2000-01-01"}, {"property": "H2", "start": "2020-01-01"}, False),           # an adult
])
def test_children_of_the_adults_who_live_with_them(load: Any, who: Any, clock: Any, child: dict[str, str],
                                                   tenancy: dict[str, str], counted: bool) -> None:
    load(properties=LIVES_WITH, people=[{"id": "P6", **child}],
         links=[{"type": "PARENT_OF", "a": "P5", "b": "P6"}],
         tenancies=[{"id": "T1", "person": "P5", "property": "H2", "start": "2019-01-01"},
                    {"id": "T2", "person": "P6", **tenancy}])
    item = next(i for i in marac.agenda("M1", who("chair1"), clock=clock).items if i.marac_case == "MC3")
    assert (item.children == ("P6",)) is counted


def test_an_agency_not_party_sees_nothing(load: Any, who: Any, clock: Any) -> None:
    load()
    for username in ("outsider", "lettings1"):
        with pytest.raises(PermissionDenied):
            marac.agenda("M1", who(username), clock=clock)
        with pytest.raises(PermissionDenied):
            marac.agency_map(who(username), case="C3", clock=clock)
        with pytest.raises(PermissionDenied):
            marac.gaps(who(username), meeting="M1", clock=clock)
    # An attending agency hears every case; a coordinator of the area sees them all.
    assert len(marac.agenda("M1", who("idva1"), clock=clock).items) == 3
    assert len(marac.agenda("M1", who("coord1"), clock=clock).items) == 3
