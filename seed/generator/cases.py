"""Who abuses whom and when: cases drawn from couples and relatives until each year's police incidents are met."""

from __future__ import annotations

from seed.generator.casework import CaseInfo, Casework
from seed.generator.context import Context, years
from seed.generator.model import Union

BANDS = ("standard", "medium", "high")
AFTER_PARTING = 3.0  # years after a couple parted in which abuse by the ex-partner is still drawn (A)


class CaseMaker:
    """Draws cases year by year; serial perpetrators, repeat victims and counter-allegations come in groups."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("cases")
        self.abuse = ctx.preset.abuse
        self.work = Casework(ctx)
        self.with_children = [u for u in ctx.unions if u.children]
        self.without_children = [u for u in ctx.unions if not u.children]
        self.partners: dict[int, list[Union]] = {}
        for union in ctx.unions:
            self.partners.setdefault(union.a, []).append(union)
            self.partners.setdefault(union.b, []).append(union)
        self.done: set[tuple[int, int]] = set()

    def build(self, target: int) -> Casework:
        """Open cases until each year holds its share of `target` police call-outs; trim the last year exactly."""
        work, rng = self.work, self.rng
        targets = [round(target * w) for w in self.abuse.history_weights]
        for k in reversed(range(len(targets))):
            lo, hi = work.year_start[k], work.year_start[k] + 364
            for _ in range(targets[k] * 20):
                if work.police[k] >= targets[k]:
                    break
                self.group(rng.randint(lo, hi))
        for info in reversed(work.cases):  # hit the last year exactly: the latest surplus call-outs become reports
            if work.police[0] <= targets[0]:
                break
            for record, day in zip(reversed(info.incidents), reversed(info.days), strict=True):
                if work.police[0] > targets[0] and record["police_callout"] and work.year_of(day) == 0:
                    record["police_callout"] = False
                    work.police[0] -= 1
        return work

    def group(self, day: int) -> None:
        """Open one case on `day` and, sometimes, the perpetrator's other cases and a counter-allegation."""
        rng, abuse = self.rng, self.abuse
        band = rng.choices(BANDS, abuse.dash_shares)[0]
        drawn = self.draw(day, band)
        if drawn is None:
            return
        victim, perp, union = drawn
        info = self.open(victim, perp, day, band, union)
        if rng.random() < abuse.serial_share:
            others = [u for u in self.partners.get(perp, []) if u.other(perp) != victim]
            if others:
                self.again(rng.choice(others), perp)
        if rng.random() < abuse.repeat_victim_share:
            others = [u for u in self.partners.get(victim, []) if u.other(victim) != perp]
            if others:
                self.again(rng.choice(others), victim, as_victim=True)
            elif info.days[-1] + 400 < self.ctx.today:
                later = rng.randint(info.days[-1] + 400, min(self.ctx.today, info.days[-1] + 900))
                self.open(victim, perp, later, rng.choices(BANDS, abuse.dash_shares)[0], union, repeat=True)
        if union is not None and rng.random() < abuse.counter_share:
            when = min(self.ctx.today, day + rng.randint(0, 30))
            self.work.open(perp, victim, when, "standard", [], counter=True, most=2)

    def open(self, victim: int, perp: int, day: int, band: str, union: Union | None, repeat: bool = False) -> CaseInfo:
        """Open a case between the two with the couple's children under 18 on that day."""
        ctx = self.ctx
        if not repeat:
            self.done.add((victim, perp))
        kids = [c for c in (union.children if union else []) if ctx.dob[c] < day < ctx.dob[c] + years(18)]
        return self.work.open(victim, perp, day, band, kids, counter=False)

    def again(self, union: Union, person: int, as_victim: bool = False) -> None:
        """Open a case in another of the person's relationships, at a day that relationship allows."""
        ctx, rng = self.ctx, self.rng
        other = union.other(person)
        victim, perp = (person, other) if as_victim else (other, person)
        if (victim, perp) in self.done:
            return
        lo = max(union.start, ctx.dob[victim] + years(16), ctx.dob[perp] + years(16), self.work.year_start[-1])
        hi = min(ctx.today, union.end + years(AFTER_PARTING) if union.end else ctx.today)
        if lo > hi:
            return
        band = rng.choices(BANDS, self.abuse.dash_shares)[0]
        self.open(victim, perp, rng.randint(lo, hi), band, union)

    def draw(self, day: int, band: str) -> tuple[int, int, Union | None] | None:
        """Return (victim, perpetrator, union or None) personally connected and both 16+ on the day."""
        rng, abuse, ctx = self.rng, self.abuse, self.ctx
        male_victim = rng.random() < abuse.male_victim_share
        family = rng.random() > abuse.intimate_share
        want_children = not family and rng.random() < abuse.children_share[band]
        pool = self.with_children if want_children else self.without_children
        for attempt in range(60):
            strict = attempt < 40
            union: Union | None = None
            if family and ctx.kin_pairs:
                elder, younger, relation = rng.choice(ctx.kin_pairs)
                victim, perp = (elder, younger) if relation == "parent" and rng.random() < 0.85 else (
                    (younger, elder) if rng.random() < 0.5 else (elder, younger))
            elif pool:
                union = rng.choice(pool)
                if union.start > day or (union.end and day > union.end + years(AFTER_PARTING)):
                    continue
                male_a = ctx.sex[union.a] == "male"
                victim, perp = (union.a, union.b) if male_a == male_victim else (union.b, union.a)
            else:
                return None
            if strict and (ctx.sex[victim] == "male") != male_victim:
                continue
            if day < ctx.dob[victim] + years(16) or day < ctx.dob[perp] + years(16) or (victim, perp) in self.done:
                continue
            if want_children and union is not None and strict and not any(
                    ctx.dob[c] < day < ctx.dob[c] + years(18) for c in union.children):
                continue
            return victim, perp, union
        return None


def build(ctx: Context) -> Casework:
    """Add every case and its records to the document; return the casework indexes."""
    return CaseMaker(ctx).build(ctx.preset.police_incidents_last_year)
