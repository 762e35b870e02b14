"""Definitions are validated on load: every mistake named with where it is; durations parse exactly."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import yaml

from workflows import hooks, predicates, registry
from workflows.durations import parse_duration
from workflows.errors import DefinitionError
from workflows.loader import load_file, parse

GOOD = """
id: demo
version: 1
title: Demo
permissions: [view, manage]
roles: [idva, da_lead, assigned_idva]
initial_state: a
settings: {limit: P2D}
states:
  a: {permissions: {view: [idva], manage: [idva]}}
  b: {permissions: {view: [idva]}}
transitions:
  go: {source: [a], dest: b, guard: {roles: [idva], permissions: [manage], predicates: [consent_given]}}
  note: {source: [a, b], dest: null}
worklists:
  todo: {states: [a], permission: view, deadline: soon}
deadlines:
  soon: {states: [a], from: entered, after: $limit}
"""


def _parse(text: str) -> Any:
    return parse(yaml.safe_load(text), "demo.yaml", set(predicates.REGISTRY), set(hooks.REGISTRY))


def test_every_shipped_definition_loads_and_each_chain_is_bound() -> None:
    reg = registry.load()
    assert set(reg.current) == {"da_case", "information_sharing", "idva_referral", "marac_case", "marac_action",
                                "marac_meeting", "nomination", "support_plan", "target_hardening", "refuge_referral",
                                "emergency_transfer", "reciprocal_move", "tenancy_change", "perpetrator_rehousing",
                                "perpetrator_record", "perpetrator_programme"}
    assert reg.chain("case") == ("da_case", "information_sharing")


def test_a_good_definition_parses() -> None:
    d = _parse(GOOD)
    assert [t.id for t in d.exits("a")] == ["go", "note"]
    assert d.transitions["note"].dest is None


@pytest.mark.parametrize(("old", "new", "message"), [
    ("dest: b,", "dest: z,", "transitions.go.dest: leads to unknown state 'z' (a transition to nowhere)"),
    ("source: [a], dest: b", "source: [q], dest: b", "transitions.go.source: names unknown state 'q'"),
    ("roles: [idva], permissions", "roles: [chef], permissions", "transitions.go.guard.roles: names unknown role"),
    ("permissions: [manage], predicates", "permissions: [fly], predicates", "names unknown permission 'fly'"),
    ("predicates: [consent_given]", "predicates: [moon_is_full]", "names unknown predicate 'moon_is_full'"),
    ("dest: b,", "dest: a,", "states.b: has no way in"),
    ("initial_state: a", "initial_state: nowhere", "initial_state: names unknown state 'nowhere'"),
    ("after: $limit", "after: 3 days", "'3 days' is not an ISO 8601 duration"),
    ("after: $limit", "after: $nothing", "$nothing is not a setting"),
    ("deadline: soon", "deadline: later", "names unknown deadline 'later'"),
    ("roles: [idva, da_lead, assigned_idva]", "roles: [idva, da_lead, boss]", "roles.boss: is neither"),
    ("b: {permissions: {view: [idva]}}", "b: {permissions: {edit: [idva]}}", "not a permission this workflow"),
    ("note: {source: [a, b], dest: null}", "note: {source: [a, b], dest: null, trigger: automatic}",
     "an automatic transition must lead to another state"),
    ("note: {source: [a, b], dest: null}", "note: {source: [a, b], dest: null, after: [{hook: explode}]}",
     "names unknown hook 'explode'"),
    ("version: 1", "version: one", "version: 'one' is not a positive whole number"),
])
def test_each_mistake_is_named(old: str, new: str, message: str) -> None:
    assert old in GOOD
    with pytest.raises(DefinitionError) as raised:
        _parse(GOOD.replace(old, new))
    assert message in str(raised.value)
    assert str(raised.value).startswith("demo.yaml: ")


def test_missing_sections_and_bad_yaml(tmp_path: Any) -> None:
    with pytest.raises(DefinitionError, match="states: is required"):
        _parse("id: x\nversion: 1\ntitle: X\ninitial_state: a\ntransitions: {}\n")
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n")
    with pytest.raises(DefinitionError, match="not valid YAML"):
        load_file(path, set(), set())


@pytest.mark.parametrize(("text", "start", "end"), [
    ("PT24H", "2026-01-01T10:00", "2026-01-02T10:00"),
    ("P42D", "2026-01-01T10:00", "2026-02-12T10:00"),
    ("P6W", "2026-01-01T10:00", "2026-02-12T10:00"),
    ("P12M", "2025-10-20T00:00", "2026-10-20T00:00"),
    ("P1M", "2026-01-31T00:00", "2026-02-28T00:00"),
    ("P1Y", "2024-02-29T00:00", "2025-02-28T00:00"),
])
def test_durations(text: str, start: str, end: str) -> None:
    moment = datetime.fromisoformat(start).replace(tzinfo=UTC)
    assert parse_duration(text).after(moment) == datetime.fromisoformat(end).replace(tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "P", "PT", "24H", "P1.5D", "P-1D"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_duration(text)
