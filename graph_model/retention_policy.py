"""The retention policy: a versioned YAML file (policy/retention.yaml, or HEARTH_RETENTION_POLICY), validated.

One rule per record kind (a case has one per state it can be closed in): how long after its date the record is
kept, and what then happens to it (`erase`, `pseudonymise`, or `keep` with a reason). docs/retention.md says
what each kind counts from and what each action does.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph_model.config import PROJECT_ROOT
from graph_model.errors import ConfigurationError

DEFAULT = PROJECT_ROOT / "policy" / "retention.yaml"
# What each kind may have done to it. The audit is append-only (docs/audit.md): it can only be kept. A history
# entry is never deleted (that would break its chain): it can only be pseudonymised or kept.
ACTIONS: dict[str, frozenset[str]] = {
    "case": frozenset({"erase", "pseudonymise", "keep"}),
    "person": frozenset({"erase", "pseudonymise", "keep"}),
    "referral": frozenset({"erase", "keep"}),
    "marac_meeting": frozenset({"erase", "keep"}),
    "nomination": frozenset({"erase", "keep"}),
    "screening": frozenset({"erase", "pseudonymise", "keep"}),
    "safe_contact": frozenset({"erase", "keep"}),
    "audit_event": frozenset({"keep"}),
    "workflow_history": frozenset({"pseudonymise", "keep"}),
}
KINDS = tuple(ACTIONS)
# Kinds that follow their object rather than a clock of their own: no period.
FOLLOWERS = frozenset({"audit_event", "workflow_history"})
# da_case states in which a case is no longer active (everything else, or no status at all, is an open case).
CASE_STATES = ("closed", "recorded_only")
PERIOD = re.compile(r"^P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass(frozen=True)
class Rule:
    """How long one kind (of a case: in one state) is kept, and what happens to it then."""

    kind: str
    action: str
    period: str | None = None
    reason: str = ""
    state: str | None = None

    @property
    def name(self) -> str:
        """Return the rule's name as the file spells it, e.g. `person` or `case.closed`."""
        return f"{self.kind}.{self.state}" if self.state else self.kind


@dataclass(frozen=True)
class Policy:
    """Every rule, the policy's version, and the file it came from."""

    version: int
    rules: dict[str, Rule] = field(default_factory=dict)
    source: str = ""

    def rule(self, name: str) -> Rule:
        """Return the rule of a kind (or `case.<state>`)."""
        return self.rules[name]

    def case_rules(self) -> list[Rule]:
        """Return the case rules, one per closed state."""
        return [r for r in self.rules.values() if r.kind == "case"]


def parse(raw: Any, source: str) -> Policy:
    """Validate parsed policy data; raise ConfigurationError naming the file, each kind and its problem."""
    if not isinstance(raw, dict):
        raise ConfigurationError(f"{source}: the retention policy must be a mapping with `version` and `kinds`")
    problems: list[str] = []
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(f"version: {version!r} is not a positive whole number")
    unknown = set(raw) - {"version", "kinds"}
    if unknown:
        problems.append(f"unknown setting(s) {', '.join(sorted(unknown))}; known: version, kinds")
    kinds = raw.get("kinds")
    rules: dict[str, Rule] = {}
    if not isinstance(kinds, dict):
        problems.append("kinds: must be a mapping of record kind to rule")
    else:
        for kind in sorted(set(kinds) - set(KINDS)):
            problems.append(f"kinds.{kind}: unknown record kind; known: {', '.join(KINDS)}")
        for kind in KINDS:
            if kind not in kinds:
                problems.append(f"kinds.{kind}: missing (every kind needs a rule, `keep` with a reason at least)")
            elif kind == "case":
                rules.update(_case_rules(kinds[kind], problems))
            else:
                found = _rule(kind, None, kinds[kind], problems)
                if found:
                    rules[kind] = found
    if problems:
        raise ConfigurationError(f"{source}: " + "; ".join(problems))
    return Policy(int(raw["version"]), rules, source)


def _case_rules(raw: Any, problems: list[str]) -> dict[str, Rule]:
    states = raw.get("states") if isinstance(raw, dict) else None
    if not isinstance(states, dict) or set(raw) != {"states"}:
        problems.append("kinds.case: must have `states:`, a rule per state a case ends in "
                        f"({', '.join(CASE_STATES)})")
        return {}
    found: dict[str, Rule] = {}
    for state in sorted(set(states) - set(CASE_STATES)):
        problems.append(f"kinds.case.states.{state}: a case in state {state!r} is active or unknown and is never "
                        f"due; rules are for {', '.join(CASE_STATES)}")
    for state in CASE_STATES:
        if state not in states:
            problems.append(f"kinds.case.states.{state}: missing")
            continue
        rule = _rule("case", state, states[state], problems)
        if rule:
            found[rule.name] = rule
    return found


def _rule(kind: str, state: str | None, raw: Any, problems: list[str]) -> Rule | None:
    where = f"kinds.{kind}" + (f".states.{state}" if state else "")
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be a mapping with `action` (and `period`, `reason`)")
        return None
    before = len(problems)
    unknown = set(raw) - {"action", "period", "reason"}
    if unknown:
        problems.append(f"{where}: unknown setting(s) {', '.join(sorted(unknown))}; known: action, period, reason")
    action, period, reason = raw.get("action"), raw.get("period"), raw.get("reason") or ""
    allowed = ACTIONS[kind]
    if action not in allowed:
        problems.append(f"{where}.action: {action!r} is not allowed for {kind}; one of: {', '.join(sorted(allowed))}")
    if not isinstance(reason, str):
        problems.append(f"{where}.reason: must be text")
    elif action == "keep" and not reason.strip():
        problems.append(f"{where}.reason: `keep` needs a reason (the law or agreement that requires it)")
    if kind in FOLLOWERS and period is not None:
        problems.append(f"{where}.period: {kind} follows its object and has no period of its own")
    elif kind not in FOLLOWERS and action in ("erase", "pseudonymise") and not valid_period(period):
        problems.append(f"{where}.period: {period!r} is not an ISO 8601 period such as P6Y, P18M, P3M or P90D")
    elif period is not None and not valid_period(period):
        problems.append(f"{where}.period: {period!r} is not an ISO 8601 period such as P6Y, P18M, P3M or P90D")
    if len(problems) > before:
        return None
    return Rule(kind, str(action), period, reason.strip(), state)


def valid_period(value: Any) -> bool:
    """Return True for an ISO 8601 period of years, months, weeks and days (P6Y, P1Y6M, P90D)."""
    return isinstance(value, str) and PERIOD.match(value) is not None


def load(path: Path | None = None) -> Policy:
    """Read and validate the policy file (HEARTH_RETENTION_POLICY, else policy/retention.yaml)."""
    chosen = path or Path(os.environ.get("HEARTH_RETENTION_POLICY") or DEFAULT)
    try:
        raw = yaml.safe_load(chosen.read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"cannot read the retention policy {chosen}: {exc}") from exc
    return parse(raw, str(chosen))
