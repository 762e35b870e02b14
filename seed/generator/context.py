"""One generation run's state: random streams, the document under construction, compact per-person arrays."""

from __future__ import annotations

import itertools
import random
from datetime import date
from typing import Any

from seed.generator import names
from seed.generator.geography import GEOGRAPHIES, District, marac_areas, point_in_town
from seed.generator.model import Union
from seed.generator.presets import Preset

Record = dict[str, Any]
SECTIONS = ("people", "links", "agencies", "users", "properties", "tenancies", "cases", "incidents",
            "risk_assessments", "referrals", "consents", "marac_meetings", "marac_cases", "marac_actions",
            "nominations", "court_orders")
YEAR = 365.25


def years(n: float) -> int:
    """Return n years as a whole number of days."""
    return int(n * YEAR)


class Context:
    """The state shared by every stage of one run."""

    def __init__(self, preset: Preset, seed: int, as_of: date) -> None:
        self.preset = preset
        self.seed = seed
        self.today = as_of.toordinal()
        self.districts: tuple[District, ...] = GEOGRAPHIES[preset.geography]
        self.marac_areas = marac_areas(self.districts, preset.marac_scheme)
        self.area_of_district = [0] * len(self.districts)
        for area, (_name, members) in enumerate(self.marac_areas):
            for d in members:
                self.area_of_district[d] = area
        total = sum(d.population_k for d in self.districts)
        self.district_weights = [d.population_k / total for d in self.districts]
        self._district_cum = list(itertools.accumulate(self.district_weights))
        self._district_range = range(len(self.districts))
        self.doc: dict[str, list[Record]] = {s: [] for s in SECTIONS}
        self._dates: dict[int, str] = {}
        # people: ids, birth dates (ordinals), sex, current home (property index or -1), district
        self.pid: list[str] = []
        self.dob: list[int] = []
        self.sex: list[str] = []
        self.home: list[int] = []
        self.pdistrict: list[int] = []
        # properties: ids, coordinates, building id, district
        self.hid: list[str] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.building: list[str | None] = []
        self.hdistrict: list[int] = []
        # couples (for cases between partners) and (elder, younger, relation) relatives (for family abuse)
        self.unions: list[Union] = []
        self.kin_pairs: list[tuple[int, int, str]] = []
        # agencies and users by district, filled by agencies.py
        self.agency: list[dict[str, list[str]]] = [{} for _ in self.districts]
        self.staff: list[dict[str, list[str]]] = [{} for _ in self.districts]
        self.area_staff: list[dict[str, list[str]]] = [{} for _ in self.marac_areas]
        self.agency_kind: dict[str, str] = {}
        self._buildings: dict[tuple[int, int], tuple[str, float, float, str, str, int]] = {}
        self._buildings_all: dict[str, list[float | str | int]] = {}

    def rng(self, stage: str) -> random.Random:
        """Return the random stream of one stage, derived from the seed only."""
        return random.Random(f"hearth-seed/{self.seed}/{stage}")

    def ds(self, ordinal: int) -> str:
        """Return the ISO date of an ordinal, one shared string per day."""
        text = self._dates.get(ordinal)
        if text is None:
            text = self._dates[ordinal] = date.fromordinal(ordinal).isoformat()
        return text

    def pick_district(self, rng: random.Random) -> int:
        """Return a district index weighted by population."""
        return rng.choices(self._district_range, cum_weights=self._district_cum)[0]

    def add_person(self, rng: random.Random, dob: int, sex: str, family: str, district: int) -> int:
        """Record a person; return their index."""
        index = len(self.pid)
        pid = f"P{index + 1}"
        self.pid.append(pid)
        self.dob.append(dob)
        self.sex.append(sex)
        self.home.append(-1)
        self.pdistrict.append(district)
        self.doc["people"].append({"id": pid, "given_name": names.given_name(rng, sex), "family_name": family,
                                   "date_of_birth": self.ds(dob), "sex": sex, "synthetic": True})
        return index

    def link(self, link_type: str, a: int, b: int, start: int = 0, end: int = 0, **extra: str) -> None:
        """Record a person-to-person link; 0 means no date."""
        record: Record = {"type": link_type, "a": self.pid[a], "b": self.pid[b]}
        if start:
            record["start"] = self.ds(start)
        if end:
            record["end"] = self.ds(end)
        record.update(extra)
        self.doc["links"].append(record)

    def add_property(self, rng: random.Random, district: int, tenure: str, flat: bool,
                     at: tuple[float, float] | None = None, building: str | None = None) -> int:
        """Record a property in the district (at a point, or in a block of flats, or anywhere in a town)."""
        d = self.districts[district]
        if at is not None:  # the town nearest the point, for the address
            town_index = min(range(len(d.towns)), key=lambda t: (d.towns[t].lat - at[0]) ** 2 + (
                d.towns[t].lon - at[1]) ** 2)
        else:
            town_index = rng.choices(range(len(d.towns)), [t.weight for t in d.towns])[0]
        town = d.towns[town_index]
        index = len(self.hid)
        hid = f"H{index + 1}"
        if building is not None:
            lat, lon, block_name, code, number = self._flat_in(building)
            address = f"Flat {number}, {block_name}"
        elif flat:
            lat, lon, block_name, code, building, number = self._next_flat(rng, district, town_index)
            address = f"Flat {number}, {block_name}"
        else:
            lat, lon = at if at else point_in_town(rng, town)
            code = names.postcode(rng, town.postcodes)
            address = f"{rng.randint(1, 180)} {names.street(rng)}, {town.name}"
        record: Record = {"id": hid, "address": address, "postcode": code, "latitude": lat, "longitude": lon,
                          "area": d.name}
        if building is not None:
            record["building"] = building
        if tenure == "social":
            record["landlord"] = rng.choice(self.agency[district]["housing_provider"])
        self.hid.append(hid)
        self.lat.append(lat)
        self.lon.append(lon)
        self.building.append(building)
        self.hdistrict.append(district)
        self.doc["properties"].append(record)
        return index

    def _next_flat(self, rng: random.Random, district: int, town: int) -> tuple[float, float, str, str, str, int]:
        """Return a flat in the district's current block in the town, starting a new block when full."""
        key = (district, town)
        current = self._buildings.get(key)
        if current is None or current[5] <= 0:
            lo, hi = self.preset.housing.building_size
            t = self.districts[district].towns[town]
            lat, lon = point_in_town(rng, t)
            bid = f"B{len(self._buildings_all) + 1}"
            current = (bid, lat, lon, f"{names.block(rng)}, {names.street(rng)}, {t.name}",
                       names.postcode(rng, t.postcodes), rng.randint(lo, hi))
            self._buildings_all[bid] = [current[1], current[2], current[3], current[4], 0]
        bid, lat, lon, block_name, code, left = current
        self._buildings[key] = (bid, lat, lon, block_name, code, left - 1)
        flat_lat, flat_lon, _, _, number = self._flat_in(bid)
        return flat_lat, flat_lon, block_name, code, bid, number

    def _flat_in(self, bid: str) -> tuple[float, float, str, str, int]:
        """Return the coordinates, name, postcode and next flat number of a block."""
        entry = self._buildings_all[bid]
        entry[4] = int(entry[4]) + 1
        return float(entry[0]), float(entry[1]), str(entry[2]), str(entry[3]), int(entry[4])

    def add_tenancy(self, person: int, prop: int, start: int, end: int = 0) -> None:
        """Record that a person lives (end 0) or lived at a property; a current one becomes their home."""
        record: Record = {"id": f"T{len(self.doc['tenancies']) + 1}", "person": self.pid[person],
                          "property": self.hid[prop], "start": self.ds(start), "end": self.ds(end) if end else None}
        self.doc["tenancies"].append(record)
        if not end:
            self.home[person] = prop
            self.pdistrict[person] = self.hdistrict[prop]

    def age(self, person: int, on: int) -> float:
        """Return a person's age in years on a day."""
        return (on - self.dob[person]) / YEAR
