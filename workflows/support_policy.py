"""Support vocabularies (safe contact, needs areas, the safety plan checklist) and the support policy files:
the directory of helplines (policy/support_directory.yaml) and safe accommodation with the sanctuary budget
(policy/safe_accommodation.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph_model.config import PROJECT_ROOT
from graph_model.errors import ConfigurationError

POLICY = PROJECT_ROOT / "policy"

# How the victim says they may safely be contacted, and the warnings everyone who contacts them must heed.
CONTACT_WAYS = ("phone", "text", "email", "letter", "in_person_at_agency", "via_spoc", "via_safe_friend")
WARNINGS = ("never_at_home", "no_voicemail", "no_letters_home", "no_texts", "phone_monitored",
            "only_at_safe_times", "perpetrator_lives_there", "do_not_identify_service")
# Interpretation is independent or not needed: never a family or community member (003 para 62).
INTERPRETER = ("not_needed", "independent")
# The areas a needs assessment may cover (IDVA statutory guidance para 23).
NEEDS_AREAS = ("age", "care_experience", "employment_education", "disability", "finances",
               "friends_family_community", "future_plans", "health_wellbeing", "immigration_residence",
               "other_support", "safeguarding", "safety_planning", "other")
# The safety planning prompts of the Housing IDVA leaflet (source document 000).
SAFETY_ITEMS = {
    "documents": "Important documents (ID, bank cards, birth certificates, bills) in one place to grab and go",
    "emergency_bag": "An emergency bag hidden safely or left with a friend or family member",
    "safe_person": "A safe person to call in an emergency",
    "code_words": "Code words agreed with friends or family to call the police",
    "safe_place_money": "A safe place to go in an emergency, and emergency money",
    "phone": "Phone kept charged, or a spare one kept somewhere safe",
    "children_call_police": "Children have a code word and know how to phone the police",
    "escape_routes": "Escape routes from the home, and a spare set of keys",
}
ACTION_KINDS = ("idva", "onward_referral", "safeguarding", "housing", "legal", "exit")


@dataclass(frozen=True)
class Service:
    """A refuge or dispersed safe-accommodation service and its places (no address, ever)."""

    id: str
    name: str
    kind: str
    adults: int
    children: int


@dataclass(frozen=True)
class SupportPolicy:
    """The directory, the safe accommodation services and the sanctuary budgets."""

    directory: dict[str, list[dict[str, str]]]
    services: tuple[Service, ...]
    default_budget: int
    budgets: dict[str, int] = field(default_factory=dict)
    year_start: tuple[int, int] = (4, 1)

    def budget(self, area: str | None) -> int:
        """Return an area's sanctuary budget for a budget year, in pounds."""
        return self.budgets.get(area or "", self.default_budget)

    def budget_year(self, day: date) -> tuple[date, date]:
        """Return the budget year holding a day: [start, end)."""
        month, dom = self.year_start
        start = date(day.year if (day.month, day.day) >= (month, dom) else day.year - 1, month, dom)
        return start, date(start.year + 1, month, dom)

    def service(self, service_id: str) -> Service | None:
        """Return a safe accommodation service by id."""
        return next((s for s in self.services if s.id == service_id), None)


def _read(path: Path) -> dict[str, Any]:
    try:
        return dict(yaml.safe_load(path.read_text()) or {})
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"{path}: cannot read: {exc}") from exc


def load(folder: Path = POLICY) -> SupportPolicy:
    """Read the support policy files; raise ConfigurationError on a missing or malformed one."""
    directory = _read(folder / "support_directory.yaml")
    housing = _read(folder / "safe_accommodation.yaml")
    try:
        services = tuple(Service(str(s["id"]), str(s["name"]), str(s["kind"]), int(s["adults"]),
                                 int(s.get("children", 0))) for s in housing.get("services", []))
        budget = housing["sanctuary_budget"]
        month, dom = (int(x) for x in str(budget.get("budget_year_start", "04-01")).split("-"))
        return SupportPolicy({k: [{kk: str(vv) for kk, vv in e.items()} for e in v] for k, v in directory.items()},
                             services, int(budget["default"]),
                             {str(k): int(v) for k, v in (budget.get("areas") or {}).items()}, (month, dom))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigurationError(f"{folder}: support policy malformed: {exc}") from exc


@cache
def default() -> SupportPolicy:
    """Return the shipped support policy (read once per process)."""
    return load()


def directory_lines(policy: SupportPolicy) -> list[str]:
    """Return the directory as lines: heading, then name, number and who it is for."""
    lines = []
    for group, entries in policy.directory.items():
        lines.append(f"{group.capitalize()}:")
        lines += [f"  {e['name']}: {e['number']} ({e['for']})" for e in entries]
    return lines
