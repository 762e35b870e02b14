"""Short intimate relationships (months) between single people of different families, paired as they stream by."""

from __future__ import annotations

import random

from seed.generator.context import Context
from seed.generator.model import Union

AGE_BAND = 5.0  # years: people pair with someone in their own or a neighbouring age band (A)


class DatingPool:
    """Waiting single people by (district, sex, age band); each new one pairs with a waiting one if it can."""

    def __init__(self, ctx: Context, rng: random.Random) -> None:
        self.ctx, self.rng = ctx, rng
        self.waiting: dict[tuple[int, str, int], list[list[int]]] = {}
        self.paired: set[tuple[int, int]] = set()

    def offer(self, person: int, free: int, district: int, count: int) -> None:
        """Pair the person with up to count waiting people; wait with whatever is left."""
        ctx = self.ctx
        sex = ctx.sex[person]
        if sex not in ("female", "male"):
            sex = self.rng.choice(("female", "male"))
        want = "male" if sex == "female" else "female"
        band = int(ctx.age(person, ctx.today) / AGE_BAND)
        for shift in (0, -1, 1):
            queue = self.waiting.get((district, want, band + shift))
            while queue and count:
                entry = queue[-1]
                other, other_free = entry[0], entry[1]
                key = (min(person, other), max(person, other))
                if key in self.paired:
                    break
                if self._relationship(person, other, max(free, other_free), district):
                    self.paired.add(key)
                    count -= 1
                entry[2] -= 1
                if entry[2] <= 0:
                    queue.pop()
        if count:
            self.waiting.setdefault((district, sex, band), []).append([person, free, count])

    def _relationship(self, a: int, b: int, free: int, district: int) -> bool:
        """Write a short relationship after both were free; return whether one fitted."""
        ctx, rng = self.ctx, self.rng
        latest = ctx.today - 45
        if latest - free < 30:
            return False
        start = rng.randint(free, latest)
        end = start + rng.randint(30, 420)
        if end >= ctx.today - 14:
            end = 0 if rng.random() < 0.5 else ctx.today - rng.randint(14, 30)
            end = max(end, start) if end else 0
        union = Union(a, b, "dating", start, end, district)
        ctx.unions.append(union)
        ctx.link("INTIMATE_RELATIONSHIP", a, b, start, end)
        return True

    def pending(self) -> int:
        """Return how many people are still waiting (for statistics)."""
        return sum(len(q) for q in self.waiting.values())

