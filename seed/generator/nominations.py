"""Pending nominations to vacant social homes: a controlled share built to conflict, the rest clear."""

from __future__ import annotations

import math

from seed.generator.casework import Casework
from seed.generator.context import Context, years
from seed.generator.geography import haversine_m, offset

# conflict kind -> what it tests; the applicant and the property are built so that exactly this holds
KINDS = (
    "refuse_victim_within_1km",  # applicant is a perpetrator; a victim of theirs lives within 1 km
    "refer_victim_1_to_3km",  # ... a victim lives 1-3 km away, nobody they must keep away from is nearer
    "refuse_same_building",  # ... a victim lives in the same block of flats
    "refuse_exclusion_zone",  # ... the property is inside the exclusion zone of an order against them
    "refuse_child_within_1km",  # ... a child in one of their cases lives within 1 km
    "refuse_protected_within_1km",  # ... a person protected by an order against them lives within 1 km
    "victim_near_perpetrator",  # applicant is a victim; their perpetrator lives within 1 km
)
MARGIN_M = 100  # built distances stay this far from the 1 km and 3 km thresholds (A)


class Screen:
    """Distances from a property to the people an applicant must be kept away from (or from their abuser)."""

    def __init__(self, ctx: Context, work: Casework) -> None:
        self.ctx, self.work = ctx, work

    def _near(self, people: list[int], lat: float, lon: float) -> float:
        """Return the distance to the nearest current home of the people."""
        ctx, best = self.ctx, math.inf
        for person in people:
            home = ctx.home[person]
            if home >= 0:
                best = min(best, haversine_m(lat, lon, ctx.lat[home], ctx.lon[home]))
        return best

    def protected(self, applicant: int) -> list[int]:
        """Return victims and children of the applicant's cases and people protected by orders against them."""
        people = list(self.work.keep_away.get(applicant, []))
        for protected, _, _ in self.work.orders.get(applicant, []):
            people.extend(protected)
        return people

    def nearest(self, applicant: int, lat: float, lon: float, building: str | None) -> float:
        """Return the distance to the nearest such person (0 if in the same building or an exclusion zone)."""
        ctx = self.ctx
        people = self.protected(applicant)
        if building is not None and any(ctx.home[p] >= 0 and ctx.building[ctx.home[p]] == building for p in people):
            return 0.0
        for _, prop, radius in self.work.orders.get(applicant, []):
            if prop >= 0 and haversine_m(lat, lon, ctx.lat[prop], ctx.lon[prop]) <= radius:
                return 0.0
        return min(self._near(people, lat, lon), self._near(self.work.abusers.get(applicant, []), lat, lon))


class Nominator:
    """Builds each nomination and, for conflicts, the vacant property near the person it must not be near."""

    def __init__(self, ctx: Context, work: Casework) -> None:
        self.ctx, self.work = ctx, work
        self.rng = ctx.rng("nominations")
        self.screen = Screen(ctx, work)
        self.housing = ctx.preset.housing
        adult = ctx.today - years(18)
        self.pairs = [(i.perp, i.victim) for i in work.cases if ctx.dob[i.perp] < adult]
        self.child_pairs = [(i.perp, c) for i in work.cases for c in i.children if ctx.dob[i.perp] < adult]
        self.order_pairs = [(r, p, prop, radius) for r, entries in work.orders.items() if ctx.dob[r] < adult
                            for protected, prop, radius in entries for p in protected]

    def build(self) -> dict[str, str]:
        """Write the nominations; return {nomination id: conflict kind} for those built to conflict."""
        rng, total = self.rng, self.ctx.preset.nominations
        conflicts = round(total * self.housing.conflict_share)
        slots = ["clear"] * total
        for n, position in enumerate(sorted(rng.sample(range(total), conflicts))):
            slots[position] = KINDS[n % len(KINDS)]
        plan: dict[str, str] = {}
        for kind in slots:
            built = self._clear() if kind == "clear" else self._conflict(kind)
            if built is None:
                continue
            nid = self._nominate(*built)
            if kind != "clear":
                plan[nid] = kind
        return plan

    def _nominate(self, applicant: int, prop: int) -> str:
        """Write a nomination of the applicant to the property; return its id."""
        ctx = self.ctx
        nid = f"N{len(ctx.doc['nominations']) + 1}"
        lo, hi = self.housing.nomination_window
        ctx.doc["nominations"].append({
            "id": nid, "applicant": ctx.pid[applicant], "property": ctx.hid[prop],
            "nominated_by": ctx.agency[ctx.hdistrict[prop]]["local_authority_housing"][0],
            "date": ctx.ds(ctx.today + self.rng.randint(lo, hi))})
        return nid

    def _place(self, near: int, lo: float, hi: float) -> tuple[float, float]:
        """Return a point between lo and hi metres from a property."""
        ctx, rng = self.ctx, self.rng
        return offset(ctx.lat[near], ctx.lon[near], rng.uniform(lo, hi), rng.random() * 2 * math.pi)

    def _conflict(self, kind: str) -> tuple[int, int] | None:
        """Return (applicant, vacant property) built to conflict as `kind`, or None."""
        ctx, rng, refuse, refer = self.ctx, self.rng, self.housing.refuse_m, self.housing.refer_m
        close = (150.0, refuse - MARGIN_M)
        for _ in range(200):
            building: str | None = None
            pick = (-1, -1, -1, 0)
            if kind in ("refuse_victim_within_1km", "refer_victim_1_to_3km", "refuse_same_building"):
                applicant, person = rng.choice(self.pairs) if self.pairs else (-1, -1)
            elif kind == "refuse_child_within_1km":
                applicant, person = rng.choice(self.child_pairs) if self.child_pairs else (-1, -1)
            elif kind == "victim_near_perpetrator":
                person, applicant = rng.choice(self.pairs) if self.pairs else (-1, -1)
            else:
                pick = rng.choice(self.order_pairs) if self.order_pairs else pick
                applicant, person = pick[0], pick[1]
            if applicant < 0 or ctx.home[person] < 0 or ctx.dob[applicant] > ctx.today - years(18):
                continue
            home = ctx.home[person]
            if kind == "refer_victim_1_to_3km":
                lat, lon = self._place(home, refuse + 2 * MARGIN_M, refer - 2 * MARGIN_M)
            elif kind == "refuse_same_building":
                building = ctx.building[home]
                if building is None:
                    continue
                lat, lon = ctx.lat[home], ctx.lon[home]
            elif kind == "refuse_exclusion_zone":
                if pick[2] < 0:
                    continue
                lat, lon = self._place(pick[2], 0.2 * pick[3], 0.8 * pick[3])
            else:
                lat, lon = self._place(home, *close)
            nearest = self.screen.nearest(applicant, lat, lon, building)
            if kind == "refer_victim_1_to_3km" and not refuse + MARGIN_M < nearest < refer - MARGIN_M:
                continue
            district = ctx.hdistrict[home]
            return applicant, ctx.add_property(rng, district, "social", False, at=(lat, lon), building=building)
        return None

    def _clear(self) -> tuple[int, int] | None:
        """Return (applicant, vacant property) with nobody to keep away within 3 km, or None."""
        ctx, rng = self.ctx, self.rng
        perpetrators = list(self.work.keep_away)
        for _ in range(200):
            if perpetrators and rng.random() < 0.5:
                applicant = rng.choice(perpetrators)
            else:
                applicant = rng.randrange(len(ctx.pid))
            if ctx.dob[applicant] > ctx.today - years(18):
                continue
            district = ctx.pick_district(rng)
            town = rng.choice(ctx.districts[district].towns)
            lat, lon = offset(town.lat, town.lon, town.radius_km * 1000 * math.sqrt(rng.random()),
                              rng.random() * 2 * math.pi)
            if self.screen.nearest(applicant, lat, lon, None) > self.housing.refer_m + MARGIN_M:
                return applicant, ctx.add_property(rng, district, "social", False, at=(lat, lon))
        return None


def build(ctx: Context, work: Casework) -> dict[str, str]:
    """Add nominations (and their vacant properties); return the conflict plan."""
    return Nominator(ctx, work).build()
