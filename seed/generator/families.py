"""Family trees over up to four generations: couples, children, step- and half-families, kinship carers, kin."""

from __future__ import annotations

import random
from datetime import date

from seed.generator import names
from seed.generator.context import Context, years
from seed.generator.model import CORESIDENT, LINKS, Member, Union

DURATION = {"married": (1.5, 25.0), "cohabiting": (0.5, 12.0), "engaged": (0.3, 3.0), "civil": (1.5, 15.0),
            "cp_agreement": (0.3, 2.0), "dating": (0.2, 2.5)}  # years a union lasts when it ends (A)
CP_FROM = date(2005, 12, 21).toordinal()  # first civil partnerships (Civil Partnership Act 2004)
SAME_SEX_MARRIAGE_FROM = date(2014, 3, 29).toordinal()  # Marriage (Same Sex Couples) Act 2013
MIXED_CP_FROM = date(2019, 12, 31).toordinal()  # opposite-sex civil partnerships (2019 regulations)
RELATIVES = (("uncle_or_aunt", 15.0, 35.0), ("first_cousin", -10.0, 10.0), ("sibling", -8.0, 8.0),
             ("grandparent", 40.0, 60.0), ("parent", 20.0, 40.0))  # relation, years older than the person


def _lawful(kind: str, same: bool, start: int) -> str:
    """Return the union kind the law allowed the couple on the day it began."""
    if kind in ("civil", "cp_agreement") and (start < CP_FROM or (not same and start < MIXED_CP_FROM)):
        return "cohabiting" if same else "married" if kind == "civil" else "engaged"
    if kind in ("married", "engaged") and same and start < SAME_SEX_MARRIAGE_FROM:
        return "civil" if kind == "married" and start >= CP_FROM else "cohabiting"
    return kind


def _opposite(sex: str, rng: random.Random) -> str:
    """Return the other sex (a random one for other or unknown)."""
    if sex == "female":
        return "male"
    if sex == "male":
        return "female"
    return rng.choice(("female", "male"))


class Cluster:
    """One extended family, built depth-first from a founding couple."""

    def __init__(self, ctx: Context, rng: random.Random) -> None:
        self.ctx = ctx
        self.rng = rng
        self.fam = ctx.preset.family
        self.today = ctx.today
        self.members: list[Member] = []
        self.by_idx: dict[int, Member] = {}
        self.unions: list[Union] = []

    def person(self, dob: int, sex: str, family: str, gen: int, district: int, tree: bool) -> Member:
        """Add a person to the run and to this cluster."""
        idx = self.ctx.add_person(self.rng, dob, sex, family, district)
        member = Member(idx, gen, district, tree)
        self.members.append(member)
        self.by_idx[idx] = member
        return member

    def recorded(self, sex: str) -> str:
        """Return the sex recorded for an adult joining the family: a few are "other" or "unknown"."""
        u, (other, unknown) = self.rng.random(), self.fam.sexes_other
        return "other" if u < other else "unknown" if u < other + unknown else sex

    def grow(self) -> None:
        """Build the whole cluster from one founder."""
        district = self.ctx.pick_district(self.rng)
        lo, hi, _ = self.rng.choices(self.fam.founder_age, [w for _, _, w in self.fam.founder_age])[0]
        age = self.rng.uniform(lo, hi)
        founder = self.person(self.today - years(age), "female", names.family_name(self.rng), 0, district, True)
        self.life(founder, forced=True)

    def life(self, m: Member, forced: bool = False) -> None:
        """Give a family member their partnerships in turn, each with its children."""
        ctx, rng, fam = self.ctx, self.rng, self.fam
        age_now = ctx.age(m.idx, self.today)
        if age_now < 18.3:
            return
        if not forced and rng.random() > (fam.partner_share if age_now >= 25 else fam.young_partner_share):
            return
        if m.gen > 0 and rng.random() < 0.25:  # grown-up children who moved to another district (A)
            m.district = ctx.pick_district(rng)
        lo, hi = fam.first_union_age
        start = min(ctx.dob[m.idx] + years(rng.uniform(lo, max(lo, min(hi, age_now)))), self.today - 60)
        start = max(start, ctx.dob[m.idx] + years(18))
        for n in range(len(fam.repartner_share) + 1):
            union = self.union(m, start, later=n > 0)
            if union.current or n >= len(fam.repartner_share) or rng.random() > fam.repartner_share[n]:
                return
            start = union.end + years(rng.uniform(0.3, 6.0))
            if start > self.today - 60 or ctx.age(m.idx, start) > 62:
                return

    def union(self, m: Member, start: int, later: bool) -> Union:
        """Form a union of m with someone joining the family; add their children and step-children."""
        ctx, rng, fam = self.ctx, self.rng, self.fam
        kinds, weights = zip(*fam.union_kinds, strict=True)
        kind = rng.choices(kinds, weights)[0]
        same = rng.random() < (0.5 if kind in ("civil", "cp_agreement") else fam.same_sex_share)
        msex = ctx.sex[m.idx]
        psex = msex if same and msex in ("female", "male") else _opposite(msex, rng)
        same = psex == msex
        kind = _lawful(kind, same, start)
        gap = rng.gauss(0.0 if same else 2.5, 4.0)
        pdob = ctx.dob[m.idx] - years(gap if psex == "male" else -gap)
        pdob = min(max(pdob, self.today - years(99)), start - years(18) - rng.randint(0, 400))
        joins_name = kind == "married" and psex == "female" and msex == "male" and rng.random() < 0.75
        family = ctx.doc["people"][m.idx]["family_name"] if joins_name else names.family_name(rng)
        partner = self.person(pdob, self.recorded(psex), family, m.gen, m.district, False)
        end = 0
        if rng.random() < fam.union_end_share[kind]:
            end = start + years(rng.uniform(*DURATION[kind]))
            end = 0 if end >= self.today - 30 else end
        if kind == "dating" and end == 0 and rng.random() < 0.5:
            end = max(start + 90, self.today - rng.randint(200, 2000))
            end = 0 if end >= self.today - 30 else end
        union = Union(m.idx, partner.idx, kind, start, end, m.district)
        self.record(union, [m, partner])
        if rng.random() < fam.baggage_share[1 if later else 0]:
            self.baggage(partner, union, m)
        if rng.random() < fam.relative_records:
            self.relative(partner, m if kind in ("married", "civil") else None)
        children = self.children(union, m, partner, same) if m.gen < fam.generations - 1 else []
        for child in children:
            self.kinship(child, m)
        for child in children:
            self.life(child)
        return union

    def record(self, union: Union, members: list[Member]) -> None:
        """Register a union and write its links."""
        ctx, rng = self.ctx, self.rng
        self.unions.append(union)
        ctx.unions.append(union)
        for member in members:
            member.unions.append(union)
            if union.end and union.kind in CORESIDENT:
                member.moved = max(member.moved, union.end)
        for kind in LINKS[union.kind]:
            ctx.link(kind, union.a, union.b, union.start, union.end)
        if union.kind in ("married", "civil"):  # some engagements before the wedding (A)
            floor = max(ctx.dob[union.a], ctx.dob[union.b]) + years(17)
            before = union.start - rng.randint(120, 900)
            if rng.random() < 0.25 and before > floor and (union.kind == "married" or before >= CP_FROM):
                agreed = "AGREED_TO_MARRY" if union.kind == "married" else "CIVIL_PARTNERSHIP_AGREEMENT"
                ctx.link(agreed, union.a, union.b, before, union.start)
            before = union.start - rng.randint(200, 1500)
            if rng.random() < 0.35 and before > floor:
                ctx.link("COHABITING", union.a, union.b, before, union.start)

    def children(self, union: Union, m: Member, partner: Member, same: bool) -> list[Member]:
        """Add the couple's birth (or adopted) children and their PARENT_OF links."""
        ctx, rng, fam = self.ctx, self.rng, self.fam
        weights = fam.children[union.kind]
        count = rng.choices(range(len(weights)), weights)[0]
        adoptive = same or rng.random() < 0.01
        if adoptive:
            count = rng.choice((1, 2)) if (same and rng.random() < fam.adoption_share) or not same else 0
        pair = sorted((m, partner), key=lambda p: ctx.sex[p.idx] != "female")
        mother, father = pair[0], pair[1]
        lo = max(union.start + (0 if union.kind == "dating" else 60), *(ctx.dob[p.idx] + years(fam.mother_age[0])
                                                                        for p in pair))
        hi = min(self.today - 1, (union.end + 270) if union.end else self.today - 1,
                 *(ctx.dob[p.idx] + years(fam.mother_age[1]) for p in pair))
        if lo > hi:
            return []
        births = sorted(b for b in (self._birth(mother.idx, lo, hi) for _ in range(count)) if b)
        made: list[Member] = []
        for born in births:
            if made and born - ctx.dob[made[-1].idx] < 300:
                continue
            sex = "male" if rng.random() < 0.51 else "female"
            mname, fname = (ctx.doc["people"][p.idx]["family_name"] for p in (mother, father))
            u = rng.random()
            family = fname if u < 0.7 else mname if u < 0.9 or mname == fname else f"{fname}-{mname}"
            child = self.person(born, sex, family, m.gen + 1, m.district, True)
            child.parents = (mother.idx, father.idx)
            at_home = union.current and union.kind in CORESIDENT
            child.resident = mother.idx if at_home or rng.random() < fam.resident_mother else father.idx
            for parent in pair:
                if adoptive:
                    ctx.link("PARENT_OF", parent.idx, child.idx, min(self.today, born + rng.randint(120, 1500)),
                             kind="adoptive")
                else:
                    ctx.link("PARENT_OF", parent.idx, child.idx, kind="birth")
            union.children.append(child.idx)
            made.append(child)
        for older, younger in zip(made, made[1:], strict=False):
            ctx.kin_pairs.append((older.idx, younger.idx, "sibling"))
        for child in made:
            for parent in pair:
                ctx.kin_pairs.append((parent.idx, child.idx, "parent"))
        return made

    def _birth(self, mother: int, lo: int, hi: int) -> int:
        """Return a birth day in [lo, hi] around the mother's typical age, or 0 if it has not happened (yet)."""
        mean, spread = self.fam.birth_age
        born = self.ctx.dob[mother] + years(self.rng.gauss(mean, spread))
        if born < lo:
            born = lo + self.rng.randint(0, min(900, hi - lo))
        if born > hi and hi < self.ctx.today - 1:  # the couple parted or the mother is past 44: born earlier
            born = self.rng.randint(lo, hi)
        return born if born <= hi else 0

    def baggage(self, partner: Member, union: Union, m: Member) -> None:
        """Give the joining partner an ex and children who may live with the new couple (a step-family)."""
        ctx, rng = self.ctx, self.rng
        floor = ctx.dob[partner.idx] + years(18.5)
        ex_end = union.start - rng.randint(120, 1500)
        ex_start = ex_end - years(rng.uniform(1.0, 8.0))
        ex_start = max(ex_start, floor)
        if ex_end - ex_start < 300:
            return
        gap = rng.gauss(0.0, 4.0)
        exdob = min(max(ctx.dob[partner.idx] - years(gap), self.today - years(99)),
                    ex_start - years(18) - rng.randint(0, 300))
        district = partner.district if rng.random() < 0.6 else ctx.pick_district(rng)
        ex = self.person(exdob, self.recorded(_opposite(ctx.sex[partner.idx], rng)), names.family_name(rng),
                         partner.gen, district, False)
        kind = rng.choice(("married", "cohabiting", "cohabiting", "dating"))
        ex_union = Union(partner.idx, ex.idx, kind, ex_start, ex_end, district)
        self.record(ex_union, [partner, ex])
        for child in self.children(ex_union, partner, ex, False):
            child.tree = False
            if child.resident == partner.idx:
                union.children.append(child.idx)
                self.step_pr(m, child, union)

    def step_pr(self, step: Member, child: Member, union: Union) -> None:
        """Sometimes give a step-parent parental responsibility for a step-child (ending at 18)."""
        ctx, rng = self.ctx, self.rng
        if union.kind not in ("married", "civil") or rng.random() > self.fam.step_pr:
            return
        if ctx.dob[step.idx] >= ctx.dob[child.idx] - years(14):
            return
        start = max(union.start, ctx.dob[child.idx] + 1) + rng.randint(30, 700)
        if start >= self.today:
            return
        end = ctx.dob[child.idx] + years(18)
        ctx.link("PARENTAL_RESPONSIBILITY_FOR", step.idx, child.idx, start, end if start < end < self.today else 0)

    def kinship(self, child: Member, parent: Member) -> None:
        """Place a few children with a grandparent or a special guardian holding parental responsibility."""
        ctx, rng, fam = self.ctx, self.rng, self.fam
        born = ctx.dob[child.idx]
        if ctx.age(child.idx, self.today) >= 17 or born > self.today - 30:
            return
        u = rng.random()
        if u < fam.kinship_care and parent.parents:
            carer = self.by_idx[rng.choice(parent.parents)]
            ctx.link("PARENTAL_RESPONSIBILITY_FOR", carer.idx, child.idx, rng.randint(born + 1, self.today - 1))
            child.carer = carer.idx
        elif u < fam.kinship_care + fam.special_guardian:
            guardian = self.person(born - years(rng.uniform(25.0, 55.0)), rng.choice(("female", "male")),
                                   names.family_name(rng), parent.gen, parent.district, False)
            ctx.link("PARENTAL_RESPONSIBILITY_FOR", guardian.idx, child.idx, rng.randint(born + 1, self.today - 1))
            if rng.random() < 0.5:
                ctx.link("RELATIVE_OF", guardian.idx, child.idx, relation="uncle_or_aunt")
            child.carer = guardian.idx

    def relative(self, partner: Member, spouse: Member | None) -> None:
        """Record a relative of the joining partner whose own family tree is unknown."""
        ctx, rng = self.ctx, self.rng
        relation, lo, hi = rng.choice(RELATIVES)
        dob = ctx.dob[partner.idx] - years(rng.uniform(lo, hi))
        dob = min(dob, self.today - years(16.5))
        if dob < self.today - years(98) or (relation in ("parent", "grandparent") and dob >= ctx.dob[partner.idx]):
            return
        district = partner.district if rng.random() < 0.7 else ctx.pick_district(rng)
        kin = self.person(dob, self.recorded(rng.choice(("female", "male"))), names.family_name(rng), partner.gen,
                          district, False)
        ctx.link("RELATIVE_OF", kin.idx, partner.idx, relation=relation)
        ctx.kin_pairs.append((kin.idx, partner.idx, relation))
        if spouse is not None and relation in ("sibling", "parent"):
            ctx.link("RELATIVE_OF", kin.idx, spouse.idx, relation=f"{relation}_in_law")
