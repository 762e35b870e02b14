"""Shared, cached generator runs and lookups for the seed tests (no database: run with --noconftest)."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from functools import cache
from typing import Any

from seed.generator import AS_OF, Generated, build

Doc = dict[str, Any]
SMALL_COUNTY = 0.1  # the county preset scaled to ~10,000 people: big enough for shares, fast enough for tests


@cache
def run(preset: str, seed: int = 1, scale: float = 1.0) -> Generated:
    """Generate once per (preset, seed, scale) for the whole test session."""
    return build(preset, seed, AS_OF, scale)


def day(text: str) -> date:
    """Parse an ISO date."""
    return date.fromisoformat(text)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (the test's own, independent of the generator's)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def in_last_year(text: str) -> bool:
    """Whether a date falls in the 365 days up to AS_OF."""
    return 0 <= (AS_OF - day(text)).days < 365


def homes(doc: Doc) -> dict[str, dict[str, Any]]:
    """Map each person to the property of their current tenancy."""
    props = {p["id"]: p for p in doc["properties"]}
    return {t["person"]: props[t["property"]] for t in doc["tenancies"] if t.get("end") is None}


def yes_band(answers: dict[str, bool]) -> str:
    """The DASH band of a set of answers (domain.md: 0-9 standard, 10-13 medium, 14+ high)."""
    yes = sum(answers.values())
    return "standard" if yes <= 9 else "medium" if yes <= 13 else "high"


def first_assessments(doc: Doc) -> dict[str, dict[str, Any]]:
    """Each assessed case's first DASH assessment."""
    first: dict[str, dict[str, Any]] = {}
    for record in sorted(doc["risk_assessments"], key=lambda r: (r["date"], r["id"])):
        first.setdefault(record["case"], record)
    return first


class Screening:
    """Who an applicant must be kept away from, by the document alone."""

    def __init__(self, doc: Doc) -> None:
        self.home = homes(doc)
        self.keep_away: dict[str, set[str]] = defaultdict(set)
        self.children: dict[str, set[str]] = defaultdict(set)
        self.victims: dict[str, set[str]] = defaultdict(set)
        self.abusers: dict[str, set[str]] = defaultdict(set)
        self.protected: dict[str, set[str]] = defaultdict(set)
        self.zones: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self.props = {p["id"]: p for p in doc["properties"]}
        for case in doc["cases"]:
            for perp in case["perpetrators"]:
                self.victims[perp].update(case["victims"])
                self.children[perp].update(case.get("children", []))
                for victim in case["victims"]:
                    self.abusers[victim].add(perp)
        for order in doc["court_orders"]:
            self.protected[order["respondent"]].update(order["protected"])
            if "exclusion_property" in order:
                self.zones[order["respondent"]].append((order["exclusion_property"], order["exclusion_radius_m"]))

    def distances(self, people: set[str], prop: dict[str, Any]) -> list[float]:
        """Distances from the property to the current homes of the people who have one."""
        return [haversine_m(prop["latitude"], prop["longitude"], h["latitude"], h["longitude"])
                for h in (self.home.get(p) for p in sorted(people)) if h is not None]

    def same_building(self, people: set[str], prop: dict[str, Any]) -> bool:
        """Whether any of the people lives in the property's building."""
        building = prop.get("building")
        return building is not None and any(
            (self.home.get(p) or {}).get("building") == building for p in people)

    def in_zone(self, applicant: str, prop: dict[str, Any]) -> bool:
        """Whether the property lies in an exclusion zone of an order against the applicant."""
        for centre, radius in self.zones.get(applicant, []):
            c = self.props[centre]
            if haversine_m(prop["latitude"], prop["longitude"], c["latitude"], c["longitude"]) <= radius:
                return True
        return False

    def everyone(self, applicant: str) -> set[str]:
        """Victims, children and protected people of the applicant, and their abusers if a victim."""
        return (self.victims[applicant] | self.children[applicant] | self.protected[applicant]
                | self.abusers[applicant])
