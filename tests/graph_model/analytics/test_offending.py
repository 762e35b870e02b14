"""Serial perpetrators and repeats on a hand-built world."""

from __future__ import annotations

from datetime import date

import pytest

from graph_model import users
from graph_model.analytics import offending
from graph_model.errors import InvalidInput, PermissionDenied
from graph_model.interchange import load
from graph_model.users import Actor
from tests.graph_model.analytics.world import WORLD

AS_OF = date(2026, 11, 1)


@pytest.fixture()
def world(admin: Actor) -> Actor:
    """Load the world and return an analyst."""
    load.load(admin, WORLD)
    return users.actor("analyst1")


def test_serial_perpetrator_found_with_score_and_victim_risks(world: Actor) -> None:
    """Sid abused two victims in two areas: he is the only serial perpetrator, scored R+F+G."""
    ranked = offending.serial_perpetrators(world, as_of=AS_OF)
    assert [s.id for s in ranked] == ["S"]
    sid = ranked[0]
    assert [(v.id, v.risk) for v in sid.victims] == [("V1", "standard"), ("V2", "high")]
    assert sid.areas == ("Cambridge", "Peterborough") and sid.cases == ("C1", "C2")
    # Last incident 2026-10-01 (1 month: 40); 2 incidents in 24 months (10); gravity 3 + 1 + one high victim 5.
    assert (sid.recency, sid.frequency, sid.gravity, sid.score) == (40, 10, 9, 59)
    assert sid.last_incident == date(2026, 10, 1) and sid.incidents_24_months == 2


def test_serial_by_area_needs_two_victims_in_that_area(world: Actor) -> None:
    """Within Cambridge alone Sid has one victim, so no one is listed."""
    assert offending.serial_perpetrators(world, area="Cambridge", as_of=AS_OF) == []


def test_recency_falls_with_time(world: Actor) -> None:
    """Two years after his last incident Sid's recency and frequency are zero."""
    later = offending.serial_perpetrators(world, as_of=date(2028, 11, 1))[0]
    assert (later.recency, later.frequency) == (0, 0)


def test_repeats_per_area(world: Actor) -> None:
    """Xena has two cases in Cambridge: a repeat victim; MC2 follows MC1 within 12 months: a repeat MARAC."""
    rows = {r.area: r for r in offending.repeats(world, date(2026, 1, 1), date(2026, 11, 1))}
    cambridge = rows["Cambridge"]
    assert (cambridge.victims, cambridge.repeat_victims, cambridge.repeat_victim_ids) == (1, 1, ("X",))
    assert (cambridge.marac_cases, cambridge.repeat_marac_cases) == (2, 1)
    assert cambridge.repeat_marac_rate == 0.5
    peterborough = rows["Peterborough"]
    assert (peterborough.victims, peterborough.repeat_victims) == (1, 1)  # two incidents towards Wendy


def test_reversed_period_and_denied_roles(world: Actor) -> None:
    """A period ending before it starts is refused; lettings and IDVA users may not analyse."""
    with pytest.raises(InvalidInput, match="before it starts"):
        offending.repeats(world, date(2026, 2, 1), date(2026, 1, 1))
    for name in ("lettings1", "idva1"):
        with pytest.raises(PermissionDenied):
            offending.serial_perpetrators(users.actor(name))


def test_same_case_referred_again_within_a_year_is_a_repeat(world: Actor, admin: Actor) -> None:
    """A second MARAC referral of the same case within 12 months counts as a repeat."""
    load.load(admin, {"format": "hearth/1", "marac_cases": [
        {"id": "MC3", "case": "C2", "criterion": "visible_high_risk", "referred": "2026-06-01"},
        {"id": "MC4", "case": "C2", "criterion": "professional_judgement", "referred": "2026-10-01"}]})
    rows = {r.area: r for r in offending.repeats(world, date(2026, 1, 1), date(2026, 11, 1))}
    assert (rows["Peterborough"].marac_cases, rows["Peterborough"].repeat_marac_cases) == (2, 1)
