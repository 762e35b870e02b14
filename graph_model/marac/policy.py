"""MARAC configuration: the gap rules (policy/marac_gaps.yaml) and adult women per area (policy/marac_areas.yaml)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graph_model import vocabulary
from graph_model.config import PROJECT_ROOT
from graph_model.errors import ConfigurationError

GAPS_FILE = PROJECT_ROOT / "policy" / "marac_gaps.yaml"
AREAS_FILE = PROJECT_ROOT / "policy" / "marac_areas.yaml"
FACTS = ("children_in_household", "high_risk", "perpetrator_supervised", "victim_social_tenant", "substance_misuse")
EDGE_KINDS = ("referral_from", "referral_to", "action_owner", "practitioner", "assessor", "attended", "consent",
              "lawful_basis")


@dataclass(frozen=True)
class GapRule:
    """When a case shows `when`, an agency of one of the `expect` kinds should be involved."""

    id: str
    when: str
    expect: tuple[str, ...]
    says: str


@dataclass(frozen=True)
class GapPolicy:
    """The gap rules and the values the facts they test are judged by."""

    version: int
    high_risk_threshold: int
    social_landlord_kinds: tuple[str, ...]
    supervision_kinds: tuple[str, ...]
    counts_as_involved: tuple[str, ...]
    rules: tuple[GapRule, ...]


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"{path}: cannot read it ({exc})") from exc


def _kinds(raw: Any, where: str, allowed: frozenset[str] | tuple[str, ...], problems: list[str]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or any(k not in allowed for k in raw):
        problems.append(f"{where}: {raw!r} must be a non-empty list of: {', '.join(sorted(allowed))}")
        return ()
    return tuple(raw)


def parse_gaps(raw: Any, source: str) -> GapPolicy:
    """Validate parsed gap rules; raise ConfigurationError naming every problem."""
    if not isinstance(raw, dict):
        raise ConfigurationError(f"{source}: the gap rules must be a mapping")
    problems: list[str] = []
    threshold = raw.get("high_risk_threshold")
    if not isinstance(threshold, int) or isinstance(threshold, bool) or not 1 <= threshold <= 24:
        problems.append(f"high_risk_threshold: {threshold!r} is not a whole number from 1 to 24")
    kinds = vocabulary.AGENCY_KINDS
    landlords = _kinds(raw.get("social_landlord_kinds"), "social_landlord_kinds", kinds, problems)
    supervision = _kinds(raw.get("supervision_kinds"), "supervision_kinds", kinds, problems)
    involved = _kinds(raw.get("counts_as_involved"), "counts_as_involved", EDGE_KINDS, problems)
    rules = []
    for n, item in enumerate(raw.get("rules") or []):
        if not isinstance(item, dict) or item.get("when") not in FACTS or not item.get("id"):
            problems.append(f"rules[{n}]: needs an id and `when` one of {', '.join(FACTS)}")
            continue
        expect = _kinds(item.get("expect"), f"rules[{n}].expect", kinds, problems)
        rules.append(GapRule(str(item["id"]), item["when"], expect, str(item.get("says") or item["id"])))
    if problems:
        raise ConfigurationError(f"{source}: " + "; ".join(problems))
    return GapPolicy(int(raw.get("version") or 1), int(threshold or 0), landlords, supervision, involved, tuple(rules))


def gap_policy(path: Path | None = None) -> GapPolicy:
    """Return the gap rules from `path`, $HEARTH_MARAC_GAPS, or policy/marac_gaps.yaml."""
    chosen = path or Path(os.environ.get("HEARTH_MARAC_GAPS") or GAPS_FILE)
    return parse_gaps(_read(chosen), str(chosen))


def adult_women(path: Path | None = None) -> dict[str, int]:
    """Return the adult female population per MARAC area from `path`, $HEARTH_MARAC_AREAS, or the policy file."""
    chosen = path or Path(os.environ.get("HEARTH_MARAC_AREAS") or AREAS_FILE)
    raw = _read(chosen)
    table = raw.get("adult_women") if isinstance(raw, dict) else None
    if not isinstance(table, dict) or any(not isinstance(v, int) or v <= 0 for v in table.values()):
        raise ConfigurationError(f"{chosen}: adult_women must map each area to a positive whole number")
    return {str(k): int(v) for k, v in table.items()}
