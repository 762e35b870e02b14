"""The screening policy file: every mistake is named, and the shipped file is valid."""

from __future__ import annotations

from typing import Any

import pytest

from graph_model.errors import ConfigurationError
from graph_model.screening.policy import load, parse

GOOD: dict[str, Any] = {"version": 1, "inner_radius_m": 1000, "outer_radius_m": 3000, "closed_case_years": 5}


def test_the_shipped_policy_is_valid_and_reveals_the_same_building_code_by_default() -> None:
    policy = load()
    assert (policy.inner_radius_m, policy.outer_radius_m, policy.closed_case_years) == (1000, 3000, 5)
    assert policy.reveal_same_building is True and policy.for_area("Fenland").inner_radius_m == 1500


@pytest.mark.parametrize(("change", "named"), [
    ({"version": 0}, "version"),
    ({"inner_radius_m": -1}, "inner_radius_m"),
    ({"outer_radius_m": "far"}, "outer_radius_m"),
    ({"inner_radius_m": 4000}, "inner_radius_m must not exceed outer_radius_m"),
    ({"areas": {"Fenland": {"inner_radius_m": 5000}}}, "areas.Fenland.inner_radius_m must not exceed"),
    ({"areas": {"Fenland": {"radius": 5}}}, "areas.Fenland: unknown setting(s) radius"),
    ({"protected_roles": ["victim", "neighbour"]}, "protected_roles: unknown role(s) neighbour"),
    ({"reveal_same_building": "no"}, "reveal_same_building: 'no' must be true or false"),
    ({"court_orders_protect": 1}, "court_orders_protect: 1 must be true or false"),
])
def test_a_bad_policy_is_refused_naming_the_setting(change: dict[str, Any], named: str) -> None:
    with pytest.raises(ConfigurationError, match="test.yaml") as caught:
        parse({**GOOD, **change}, "test.yaml")
    assert named in str(caught.value)
