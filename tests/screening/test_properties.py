"""Invariants of the rules: moving the property away never makes the outcome stricter; adding a victim never
makes it more lenient."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from graph_model.screening.policy import Policy
from graph_model.screening.rules import apply, outcome

POLICY = Policy(1, 1000.0, 3000.0, 5)
ON = date(2026, 11, 1)
RANK = {"clear": 0, "refer": 1, "refuse": 2}

row = st.fixed_dictionaries({
    "side": st.sampled_from(["perpetrator", "victim", "exclusion"]),
    "role": st.sampled_from(["victim", "child", "protected"]),
    "person_id": st.just("X"), "person_name": st.just("X"),
    "case": st.sampled_from(["C1", None]),
    "counter": st.booleans(),
    "case_state": st.sampled_from([None, "open", "closed"]),
    "state_since": st.none(),
    "order": st.just(None),
    "radius": st.sampled_from([None, 200, 500]),
    "at_property": st.just("Q"),
    "distance": st.floats(min_value=0, max_value=6000, allow_nan=False),
    "same_building": st.booleans(),
})


def _fix(r: dict[str, Any]) -> dict[str, Any]:
    if r["side"] == "victim":
        r = {**r, "role": "perpetrator"}
    return r


def _rank(rows: list[dict[str, Any]]) -> int:
    return RANK[outcome(apply([_fix(r) for r in rows], [], POLICY, ON))[0]]


@given(st.lists(row, max_size=6), st.floats(min_value=0, max_value=5000, allow_nan=False))
def test_moving_the_property_farther_never_makes_it_stricter(rows: list[dict[str, Any]], extra: float) -> None:
    farther = [{**r, "distance": r["distance"] + extra, "same_building": False} for r in rows]
    assert _rank(farther) <= _rank(rows)


@given(st.lists(row, max_size=6), row)
def test_adding_a_victim_never_makes_it_more_lenient(rows: list[dict[str, Any]], new: dict[str, Any]) -> None:
    assert _rank(rows + [new]) >= _rank(rows)
