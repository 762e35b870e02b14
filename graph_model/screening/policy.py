"""The screening policy: a versioned YAML file (policy/screening.yaml, or HEARTH_SCREENING_POLICY)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph_model.config import PROJECT_ROOT
from graph_model.errors import ConfigurationError

DEFAULT = PROJECT_ROOT / "policy" / "screening.yaml"
ROLES = frozenset({"victim", "child"})
NUMBERS = ("inner_radius_m", "outer_radius_m", "closed_case_years")


@dataclass(frozen=True)
class Policy:
    """Radii, what counts, and per-area overrides."""

    version: int
    inner_radius_m: float
    outer_radius_m: float
    closed_case_years: int
    closed_states: tuple[str, ...] = ("closed",)
    ignored_states: tuple[str, ...] = ()
    protected_roles: tuple[str, ...] = ("victim", "child")
    court_orders_protect: bool = True
    areas: dict[str, dict[str, float]] = field(default_factory=dict)
    source: str = ""
    # False: users who may not see the detail are told PERPETRATOR_NEAR_VICTIM instead of
    # PERPETRATOR_SAME_BUILDING (the outcome is the same), so the result does not narrow a victim's home to a building.
    reveal_same_building: bool = True

    def for_area(self, area: str | None) -> Policy:
        """Return the policy with the overrides of a property's area applied."""
        override = self.areas.get(area or "")
        if not override:
            return self
        return replace(self, inner_radius_m=float(override.get("inner_radius_m", self.inner_radius_m)),
                       outer_radius_m=float(override.get("outer_radius_m", self.outer_radius_m)),
                       closed_case_years=int(override.get("closed_case_years", self.closed_case_years)))

    def as_dict(self) -> dict[str, Any]:
        """Return the policy as plain data (for the dashboard and --json)."""
        return {"version": self.version, "inner_radius_m": self.inner_radius_m, "outer_radius_m": self.outer_radius_m,
                "closed_case_years": self.closed_case_years, "closed_states": list(self.closed_states),
                "ignored_states": list(self.ignored_states), "protected_roles": list(self.protected_roles),
                "court_orders_protect": self.court_orders_protect, "areas": self.areas,
                "reveal_same_building": self.reveal_same_building}


def parse(raw: Any, source: str) -> Policy:
    """Validate parsed policy data; raise ConfigurationError naming every problem."""
    if not isinstance(raw, dict):
        raise ConfigurationError(f"{source}: the policy must be a mapping")
    problems = []
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(f"version: {version!r} is not a positive whole number")
    for key in NUMBERS:
        value = raw.get(key)
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            problems.append(f"{key}: {value!r} must be a positive number")
    areas = raw.get("areas") or {}
    for area, override in areas.items():
        unknown = set(override or {}) - set(NUMBERS)
        if unknown:
            problems.append(f"areas.{area}: unknown setting(s) {', '.join(sorted(unknown))}")
    for key in ("court_orders_protect", "reveal_same_building"):
        if key in raw and not isinstance(raw[key], bool):
            problems.append(f"{key}: {raw[key]!r} must be true or false")
    bad_roles = set(raw.get("protected_roles", ROLES)) - ROLES
    if bad_roles:
        problems.append(f"protected_roles: unknown role(s) {', '.join(sorted(bad_roles))}")
    if not problems:
        checked = [parse_radii(raw, "")] + [parse_radii({**raw, **(o or {})}, f"areas.{a}.") for a, o in areas.items()]
        problems += [p for p in checked if p]
    if problems:
        raise ConfigurationError(f"{source}: " + "; ".join(problems))
    return Policy(int(raw["version"]), float(raw["inner_radius_m"]), float(raw["outer_radius_m"]),
                  int(raw["closed_case_years"]), tuple(raw.get("closed_states", ["closed"])),
                  tuple(raw.get("ignored_states", [])), tuple(raw.get("protected_roles", ["victim", "child"])),
                  bool(raw.get("court_orders_protect", True)), {k: dict(v or {}) for k, v in areas.items()}, source,
                  bool(raw.get("reveal_same_building", True)))


def parse_radii(raw: dict[str, Any], where: str) -> str:
    """Return a problem when the inner radius is not inside the outer one."""
    if float(raw["inner_radius_m"]) > float(raw["outer_radius_m"]):
        return f"{where}inner_radius_m must not exceed outer_radius_m"
    return ""


def load(path: Path | None = None) -> Policy:
    """Read the policy file (HEARTH_SCREENING_POLICY, else policy/screening.yaml)."""
    chosen = path or Path(os.environ.get("HEARTH_SCREENING_POLICY") or DEFAULT)
    try:
        raw = yaml.safe_load(chosen.read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"cannot read the screening policy {chosen}: {exc}") from exc
    return parse(raw, str(chosen))


@cache
def current() -> Policy:
    """Return the configured policy (read once per process)."""
    return load()
