"""The retention policy file: the shipped one loads; a bad one is refused naming the file, the kind and the problem."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph_model import retention_policy
from graph_model.errors import ConfigurationError
from graph_model.workflow.redaction import SEALED
from workflows.history import HASHED

SHIPPED = yaml.safe_load(retention_policy.DEFAULT.read_text())


def _with(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    raw = copy.deepcopy(SHIPPED)
    node = raw
    for key in path[:-1]:
        node = node[key]
    if value is None:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return raw


def test_the_shipped_policy_has_a_rule_for_every_kind() -> None:
    policy = retention_policy.load()
    assert policy.version >= 1 and policy.source.endswith("policy/retention.yaml")
    assert {r.kind for r in policy.rules.values()} == set(retention_policy.KINDS)
    assert policy.rule("case.closed").period == "P6Y" and policy.rule("audit_event").action == "keep"
    assert [r.state for r in policy.case_rules()] == list(retention_policy.CASE_STATES)


@pytest.mark.parametrize(("path", "value", "message"), [
    (("version",), None, "version: None is not a positive whole number"),
    (("kinds", "person", "period"), "six years", "kinds.person.period: 'six years' is not an ISO 8601 period"),
    (("kinds", "person", "period"), "P", "kinds.person.period: 'P' is not an ISO 8601 period"),
    (("kinds", "person"), None, "kinds.person: missing"),
    (("kinds", "people"), {"period": "P1Y", "action": "erase"}, "kinds.people: unknown record kind"),
    (("kinds", "nomination", "action"), "shred", "kinds.nomination.action: 'shred' is not allowed for nomination"),
    (("kinds", "audit_event"), {"period": "P6Y", "action": "erase"},
     "kinds.audit_event.action: 'erase' is not allowed for audit_event; one of: keep"),
    (("kinds", "workflow_history", "action"), "erase", "kinds.workflow_history.action: 'erase' is not allowed"),
    (("kinds", "workflow_history", "period"), "P1Y", "kinds.workflow_history.period: workflow_history follows"),
    (("kinds", "referral"), {"action": "keep"}, "kinds.referral.reason: `keep` needs a reason"),
    (("kinds", "case", "states", "open"), {"period": "P1Y", "action": "erase"},
     "kinds.case.states.open: a case in state 'open' is active"),
    (("kinds", "case", "states", "recorded_only"), None, "kinds.case.states.recorded_only: missing"),
    (("kinds", "screening", "keep_for"), "P1Y", "kinds.screening: unknown setting(s) keep_for"),
])
def test_a_bad_policy_is_refused_naming_the_file_kind_and_problem(path: tuple[str, ...], value: Any,
                                                                  message: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        retention_policy.parse(_with(path, value), "policy/retention.yaml")
    assert str(refused.value).startswith("policy/retention.yaml: ")
    assert message in str(refused.value)


def test_a_policy_file_that_is_not_yaml_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "retention.yaml"
    bad.write_text("version: [1\n")
    with pytest.raises(ConfigurationError, match=f"cannot read the retention policy {bad}"):
        retention_policy.load(bad)
    bad.write_text("- just a list\n")
    with pytest.raises(ConfigurationError, match="must be a mapping"):
        retention_policy.load(bad)


def test_the_redaction_seal_covers_every_hashed_field() -> None:
    assert set(HASHED) <= set(SEALED) and "hash" in SEALED
