"""Districts and towns with real centres, MARAC areas, and points sampled inside a town."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8
M_PER_DEG_LAT = 111_195.0


@dataclass(frozen=True)
class Town:
    """A town centre (real coordinates), the radius its homes lie within, its share of the district."""

    name: str
    lat: float
    lon: float
    radius_km: float
    weight: float
    postcodes: tuple[str, ...]


@dataclass(frozen=True)
class District:
    """A local-authority district: `area` of its properties, cases and agencies."""

    name: str
    slug: str
    population_k: int  # ONS mid-2022 estimates, rounded (thousands); only the relative sizes matter
    towns: tuple[Town, ...]
    marac_area: str
    force: str  # the police force whose district unit serves it
    county: str  # the council providing social care


def _cambs(name: str, slug: str, pop: int, towns: tuple[Town, ...], marac: str) -> District:
    """Return a Cambridgeshire & Peterborough district."""
    county = "Peterborough City Council" if slug == "peterborough" else "Cambridgeshire County Council"
    return District(name, slug, pop, towns, marac, "Cambridgeshire Constabulary", county)


CAMBS: tuple[District, ...] = (
    _cambs("Cambridge", "cambridge", 146, (Town("Cambridge", 52.2053, 0.1218, 4.0, 1.0, ("CB1", "CB2", "CB3", "CB4",
                                                                                          "CB5")),),
           "Cambridge & South Cambs"),
    _cambs("Peterborough", "peterborough", 219,
           (Town("Peterborough", 52.5695, -0.2405, 4.0, 1.0, ("PE1", "PE2", "PE3", "PE4", "PE7")),), "Peterborough"),
    _cambs("Huntingdonshire", "huntingdonshire", 182,
           (Town("Huntingdon", 52.3311, -0.1830, 2.5, 0.5, ("PE29", "PE28")),
            Town("St Neots", 52.2284, -0.2707, 2.5, 0.5, ("PE19",))), "Hunts, Fenland & East Cambs"),
    _cambs("East Cambridgeshire", "east-cambridgeshire", 90,
           (Town("Ely", 52.3990, 0.2624, 2.0, 0.6, ("CB6", "CB7")), Town("Soham", 52.3340, 0.3364, 1.5, 0.4, ("CB7",))),
           "Hunts, Fenland & East Cambs"),
    _cambs("Fenland", "fenland", 103,
           (Town("Wisbech", 52.6660, 0.1590, 2.2, 0.55, ("PE13", "PE14")),
            Town("March", 52.5511, 0.0884, 2.0, 0.45, ("PE15",))), "Hunts, Fenland & East Cambs"),
    _cambs("South Cambridgeshire", "south-cambridgeshire", 164,
           (Town("Cambourne", 52.2206, -0.0700, 3.0, 0.5, ("CB23",)),
            Town("Sawston", 52.1240, 0.1710, 3.0, 0.5, ("CB22",))), "Cambridge & South Cambs"),
)


def _city(name: str, lat: float, lon: float, pop: int, force: str, postcodes: tuple[str, ...]) -> District:
    """Return a city of the national sample: one district, one town, one MARAC area."""
    town = Town(name, lat, lon, 5.0, 1.0, postcodes)
    return District(name, name.lower().replace(" ", "-"), pop, (town,), name, force, f"{name} Council")


OTHERS: tuple[District, ...] = (  # real city centres, one MARAC area each; used by the national sample
    _city("Norwich", 52.6309, 1.2974, 145, "Norfolk Constabulary", ("NR1", "NR2", "NR3", "NR4", "NR5")),
    _city("Ipswich", 52.0567, 1.1482, 140, "Suffolk Constabulary", ("IP1", "IP2", "IP3", "IP4")),
    _city("Leicester", 52.6369, -1.1398, 370, "Leicestershire Police", ("LE1", "LE2", "LE3", "LE4", "LE5")),
    _city("Nottingham", 52.9548, -1.1581, 320, "Nottinghamshire Police", ("NG1", "NG2", "NG3", "NG5", "NG7")),
    _city("Birmingham", 52.4862, -1.8904, 1150, "West Midlands Police", ("B1", "B5", "B11", "B23", "B29", "B44")),
    _city("Bristol", 51.4545, -2.5879, 470, "Avon and Somerset Police", ("BS1", "BS3", "BS5", "BS7", "BS16")),
    _city("Leeds", 53.8008, -1.5491, 810, "West Yorkshire Police", ("LS1", "LS6", "LS8", "LS11", "LS17")),
    _city("Manchester", 53.4808, -2.2426, 550, "Greater Manchester Police", ("M1", "M8", "M13", "M20", "M40")),
    _city("Sheffield", 53.3811, -1.4701, 580, "South Yorkshire Police", ("S1", "S2", "S6", "S10", "S14")),
    _city("Newcastle upon Tyne", 54.9783, -1.6178, 300, "Northumbria Police", ("NE1", "NE2", "NE4", "NE6")),
    _city("Plymouth", 50.3755, -4.1427, 265, "Devon and Cornwall Police", ("PL1", "PL2", "PL4", "PL6")),
    _city("Southampton", 50.9097, -1.4044, 250, "Hampshire Constabulary", ("SO14", "SO15", "SO16", "SO19")),
    _city("Liverpool", 53.4084, -2.9916, 490, "Merseyside Police", ("L1", "L4", "L8", "L15", "L25")),
    _city("Exeter", 50.7184, -3.5339, 130, "Devon and Cornwall Police", ("EX1", "EX2", "EX4")),
)

GEOGRAPHIES: dict[str, tuple[District, ...]] = {"cambs": CAMBS, "national": CAMBS + OTHERS}
SINGLE_MARAC = "Cambridgeshire & Peterborough"


def marac_areas(districts: tuple[District, ...], scheme: str) -> list[tuple[str, list[int]]]:
    """Return the MARAC areas (name, district indexes) in first-seen order."""
    areas: dict[str, list[int]] = {}
    for index, district in enumerate(districts):
        name = SINGLE_MARAC if scheme == "single" and district in CAMBS else district.marac_area
        areas.setdefault(name, []).append(index)
    return list(areas.items())


def point_in_town(rng: random.Random, town: Town) -> tuple[float, float]:
    """Return a point uniformly inside the town's disc, rounded to ~0.1 m."""
    distance = town.radius_km * 1000.0 * math.sqrt(rng.random())
    return offset(town.lat, town.lon, distance, rng.random() * 2 * math.pi)


def offset(lat: float, lon: float, distance_m: float, bearing: float) -> tuple[float, float]:
    """Return the point distance_m from (lat, lon) along bearing (radians from north), rounded."""
    dlat = distance_m * math.cos(bearing) / M_PER_DEG_LAT
    dlon = distance_m * math.sin(bearing) / (M_PER_DEG_LAT * math.cos(math.radians(lat)))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))
