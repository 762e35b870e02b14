"""Where each family lives today and where couples lived before they parted: households, homes, tenancies."""

from __future__ import annotations

import random

from seed.generator.context import Context, years
from seed.generator.dating import DatingPool
from seed.generator.families import Cluster
from seed.generator.model import CORESIDENT, Member


class Household:
    """People sharing one home since a day."""

    __slots__ = ("district", "since", "members")

    def __init__(self, district: int, since: int) -> None:
        self.district = district
        self.since = since
        self.members: list[int] = []


def _tenure(ctx: Context, rng: random.Random) -> tuple[str, bool]:
    """Return a random tenure and whether the home is a flat."""
    housing = ctx.preset.housing
    kinds, weights = zip(*housing.tenure, strict=True)
    tenure = rng.choices(kinds, weights)[0]
    return tenure, rng.random() < housing.flat_share[tenure]


def new_home(ctx: Context, rng: random.Random, district: int) -> int:
    """Add a property of a random tenure in the district; return its index."""
    tenure, flat = _tenure(ctx, rng)
    return ctx.add_property(rng, district, tenure, flat)


class Settler:
    """Assigns one cluster's members to households, then writes homes and tenancies."""

    def __init__(self, ctx: Context, rng: random.Random, cluster: Cluster) -> None:
        self.ctx, self.rng, self.cluster = ctx, rng, cluster
        self.fam = ctx.preset.family
        self.homes: dict[int, Household | None] = {}
        self.households: list[Household] = []
        self.dependants: set[int] = set()
        for m in cluster.members:
            if ctx.age(m.idx, ctx.today) < 18:
                self.dependants.add(m.carer if m.carer >= 0 else m.resident)

    def settle(self) -> None:
        """Place everyone, then record current homes, past family homes and earlier addresses."""
        ctx, rng = self.ctx, self.rng
        for union in self.cluster.unions:
            if union.current and union.kind in CORESIDENT and union.a not in self.homes and union.b not in self.homes:
                home = self._household(union.district, union.start)
                for person in (union.a, union.b):
                    self.homes[person] = home
                    home.members.append(person)
        for member in self.cluster.members:
            self._resolve(member)
        left: dict[int, int] = {}  # the day each person left a past family home
        for union in self.cluster.unions:
            if union.end and union.kind in CORESIDENT:
                prop = new_home(ctx, rng, union.district)
                for person in (union.a, union.b, *union.children):
                    own = [u.start for u in self.cluster.by_idx[person].unions if u.kind in CORESIDENT]
                    start = max(ctx.dob[person], union.start)
                    end = min([union.end, *own]) if person not in (union.a, union.b) else union.end
                    if start < end:  # a child who set up home with a partner first left then
                        ctx.add_tenancy(person, prop, start, end)
                        left[person] = max(left.get(person, 0), end)
        moved_in: dict[int, int] = {}
        for home in self.households:
            prop = new_home(ctx, rng, home.district)
            for person in home.members:
                moved_in[person] = max(ctx.dob[person], home.since, left.get(person, 0))
                ctx.add_tenancy(person, prop, moved_in[person])
        for member in self.cluster.members:
            if member.idx in moved_in:
                self._earlier_address(member, moved_in[member.idx], left.get(member.idx, 0))

    def _household(self, district: int, since: int) -> Household:
        """Start a household in the district from a day."""
        home = Household(district, since)
        self.households.append(home)
        return home

    def _resolve(self, m: Member) -> Household | None:
        """Return the member's household (None: no recorded home), placing dependants with their carer."""
        if m.idx in self.homes:
            return self.homes[m.idx]
        ctx, rng = self.ctx, self.rng
        age = ctx.age(m.idx, ctx.today)
        by_idx = self.cluster.by_idx
        home: Household | None
        if m.carer >= 0:
            home = self._resolve(by_idx[m.carer])
        elif age < 18 and m.resident >= 0:
            home = self._resolve(by_idx[m.resident])
        elif age < 35 and m.resident >= 0 and rng.random() < self.fam.home_young_adult[0 if age < 25 else 1] and (
                not m.unions):
            home = self._resolve(by_idx[m.resident])
        else:
            home = None
        if home is None and (age < 18 or m.idx in self.dependants or rng.random() > self.fam.no_address):
            lower = max(ctx.dob[m.idx] + years(18), m.moved) if age >= 18 else ctx.dob[m.idx]
            home = self._household(m.district, rng.randint(lower, ctx.today - 1) if lower < ctx.today else lower)
        self.homes[m.idx] = home
        if home is not None:
            home.members.append(m.idx)
        return home

    def _earlier_address(self, m: Member, since: int, left: int) -> None:
        """Sometimes record an earlier address, ending the day the member moved to this one."""
        ctx, rng = self.ctx, self.rng
        if rng.random() > self.fam.previous_address:
            return
        lower = max(ctx.dob[m.idx] + years(18), m.moved, left)
        if since - lower < 400:
            return
        start = rng.randint(max(lower, since - years(8)), since - 200)
        ctx.add_tenancy(m.idx, new_home(ctx, rng, ctx.pdistrict[m.idx]), start, since)


def offer_dating(ctx: Context, rng: random.Random, cluster: Cluster, pool: DatingPool) -> None:
    """Offer single people aged 16-45 to the pool of short intimate relationships."""
    fam = ctx.preset.family
    for m in cluster.members:
        age = ctx.age(m.idx, ctx.today)
        if not 16.2 <= age <= 45 or any(u.current and u.kind in CORESIDENT for u in m.unions):
            continue
        if rng.random() < fam.dating_share:
            count = rng.randint(2, 4) if rng.random() < fam.serial_dater else 1
            free = max(ctx.dob[m.idx] + years(16), m.moved, ctx.today - years(6))
            pool.offer(m.idx, free, ctx.pdistrict[m.idx], count)
