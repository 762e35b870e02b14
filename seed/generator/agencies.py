"""Agencies of every kind in every district, and users of every role belonging to fitting agencies."""

from __future__ import annotations

import random
import re

from seed.generator import names
from seed.generator.context import Context

KINDS = ("police", "idva_service", "housing_provider", "local_authority_housing", "childrens_social_care",
         "adult_social_care", "health", "probation", "substance_misuse", "education", "specialist_da_service",
         "other")
# role -> (agency kind, username prefix, label, users per district (or per MARAC area) at staff 1)
DISTRICT_ROLES: dict[str, tuple[str, str, str, int]] = {
    "lettings_officer": ("housing_provider", "lettings", "Lettings Officer", 1),
    "da_lead": ("housing_provider", "da-lead", "DA Lead", 1),
    "housing_options_officer": ("local_authority_housing", "housing-options", "Housing Options Officer", 2),
    "idva": ("idva_service", "idva", "IDVA", 3),
    "police_officer": ("police", "police", "Police Officer", 3),
    "analyst": ("other", "analyst", "Analyst", 1),
}
AREA_ROLES: dict[str, tuple[str, str, str, int]] = {
    "marac_chair": ("police", "marac-chair", "MARAC Chair", 1),
    "marac_coordinator": ("idva_service", "marac-coord", "MARAC Coordinator", 1),
}


def slug(text: str) -> str:
    """Return a lowercase username part: letters and digits joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _names(district_name: str, kind: str, force: str, county: str, n: int) -> str:
    """Return an agency's synthetic name."""
    return {
        "police": f"{force} - {district_name} district",
        "idva_service": f"{district_name} IDVA Service",
        "housing_provider": f"{district_name} {names.PROVIDERS[n % len(names.PROVIDERS)]}",
        "local_authority_housing": f"{district_name} Council Housing Options",
        "childrens_social_care": f"{county} Children's Services ({district_name})",
        "adult_social_care": f"{county} Adult Social Care ({district_name})",
        "health": f"{district_name} Community Health NHS Services",
        "probation": f"Probation Service - {district_name}",
        "substance_misuse": f"{district_name} Drug and Alcohol Recovery Service",
        "education": f"{district_name} Schools Safeguarding Team",
        "specialist_da_service": f"{district_name} Domestic Abuse Outreach",
        "other": f"{district_name} Community Safety Partnership",
    }[kind]


def build(ctx: Context) -> None:
    """Add every agency and user; index them by district and MARAC area on the context."""
    rng = ctx.rng("agencies")
    agencies = ctx.doc["agencies"]
    for d, district in enumerate(ctx.districts):
        for kind in KINDS:
            count = ctx.preset.housing.providers_per_district if kind == "housing_provider" else 1
            for n in range(count):
                aid = f"A{len(agencies) + 1}"
                agencies.append({"id": aid, "name": _names(district.name, kind, district.force, district.county, n),
                                 "kind": kind, "area": district.name})
                ctx.agency[d].setdefault(kind, []).append(aid)
                ctx.agency_kind[aid] = kind
    _users(ctx, rng)


def _users(ctx: Context, rng: random.Random) -> None:
    """Add the users of each district and MARAC area, and one administrator."""
    users = ctx.doc["users"]
    staff = ctx.preset.staff

    def add(role: str, agency: str, prefix: str, place: str, label: str, number: int) -> str:
        """Add one user; return its id."""
        uid = f"U{len(users) + 1}"
        sex = rng.choice(("female", "male"))
        users.append({"id": uid, "username": f"{prefix}.{slug(place)}.{number}", "agency": agency, "roles": [role],
                      "display_name": f"{names.given_name(rng, sex)} {names.family_name(rng)} ({label}, {place})"})
        return uid

    for d, district in enumerate(ctx.districts):
        size = max(1.0, district.population_k / 150)
        for role, (kind, prefix, label, per) in DISTRICT_ROLES.items():
            agencies = ctx.agency[d][kind]
            count = max(1, round(per * staff * (size if role in ("idva", "police_officer") else 1)))
            count *= len(agencies)  # every housing provider has its own lettings officers and DA lead
            for n in range(count):
                uid = add(role, agencies[n % len(agencies)], prefix, district.name, label, n + 1)
                ctx.staff[d].setdefault(role, []).append(uid)
    for a, (area, members) in enumerate(ctx.marac_areas):
        for role, (kind, prefix, label, per) in AREA_ROLES.items():
            for n in range(max(1, per * staff)):
                uid = add(role, ctx.agency[members[0]][kind][0], prefix, area, label, n + 1)
                ctx.area_staff[a].setdefault(role, []).append(uid)
    add("admin", ctx.agency[0]["other"][0], "sysadmin", ctx.districts[0].name, "System Administrator", 1)
