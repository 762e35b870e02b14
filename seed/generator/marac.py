"""MARAC: which cases are referred and when, the meetings of each area, the listed cases and their actions."""

from __future__ import annotations

import bisect
import random

from seed.generator.casework import CaseInfo, Casework
from seed.generator.context import Context

CADENCES = {1: (0,), 2: (0, 14), 4: (0, 7, 14, 21), 8: (0, 3, 7, 10, 14, 17, 21, 24),
            12: (0, 2, 4, 7, 9, 11, 14, 16, 18, 21, 23, 25)}  # meetings in 28 days -> day offsets
NON_POLICE = (("idva_service", 0.3), ("housing_provider", 0.15), ("childrens_social_care", 0.15), ("health", 0.12),
              ("specialist_da_service", 0.1), ("local_authority_housing", 0.06), ("adult_social_care", 0.04),
              ("probation", 0.05), ("substance_misuse", 0.03))  # who else refers (A)
ALWAYS = ("police", "idva_service", "local_authority_housing", "childrens_social_care", "health")
ACTIONS = {
    "police": ("Flag the victim's address for a priority police response", "Review bail conditions and report any "
               "breach to the MARAC coordinator", "Carry out a welfare visit to the victim within 7 days"),
    "idva_service": ("Complete a safety plan with the victim and report back to the next MARAC",
                     "Support the victim to apply for a non-molestation order", "Re-assess risk (DASH) within 6 weeks"),
    "housing_provider": ("Fit additional locks and a door viewer (sanctuary scheme) within 14 days",
                         "Place a restricted warning marker on the tenancy file", "Consider a management transfer"),
    "local_authority_housing": ("Assess the victim for a homelessness application on grounds of domestic abuse",
                                "Explore a reciprocal move to another district"),
    "childrens_social_care": ("Complete a child and family assessment for the children in the household",
                              "Hold a strategy discussion about the children within 5 working days"),
    "health": ("Flag the GP records of the victim and children with the MARAC risk",
               "Share the risk with the health visitor and midwife"),
    "probation": ("Review the perpetrator's licence conditions and consider recall",
                  "Refer the perpetrator to a behaviour change programme"),
    "substance_misuse": ("Offer the perpetrator an assessment with the recovery service",),
    "education": ("Inform the designated safeguarding lead at the children's school",),
    "adult_social_care": ("Complete a care and support needs assessment for the victim",),
    "specialist_da_service": ("Offer the victim a place on a recovery programme",
                              "Offer refuge or dispersed accommodation if the victim wants to move"),
}


class Listing:
    """A case referred to MARAC on a day, under a criterion, by an agency kind."""

    __slots__ = ("info", "day", "criterion", "source")

    def __init__(self, info: CaseInfo, day: int, criterion: str, source: str) -> None:
        self.info, self.day, self.criterion, self.source = info, day, criterion, source


class Maracs:
    """Selects listings to the preset's volumes, then writes meetings, listed cases, referrals and actions."""

    def __init__(self, ctx: Context, work: Casework) -> None:
        self.ctx, self.work = ctx, work
        self.rng = ctx.rng("marac")
        self.marac = ctx.preset.marac

    def _source(self) -> str:
        """Return the kind of agency referring a case: police, or (36%) another."""
        if self.rng.random() >= self.marac.non_police_share:
            return "police"
        kinds, weights = zip(*NON_POLICE, strict=True)
        return self.rng.choices(kinds, weights)[0]

    def _first(self, info: CaseInfo) -> Listing | None:
        """Return the case's first MARAC referral, if any criterion is met."""
        rng, today = self.rng, self.ctx.today
        if info.band == "high":
            return Listing(info, min(today, info.assessed + rng.randint(0, 5)), "visible_high_risk", self._source())
        if info.judgement:
            return Listing(info, min(today, info.assessed + rng.randint(0, 5)), "professional_judgement",
                           self._source())
        police = [d for d, r in zip(info.days, info.incidents, strict=True) if r["police_callout"]]
        for n in range(2, len(police)):
            if police[n] - police[n - 2] <= 365:  # SafeLives: 3 incidents in 12 months
                return Listing(info, min(today, police[n] + rng.randint(1, 7)), "potential_escalation",
                               self._source())
        return None

    def _select(self, listings: list[Listing], target: int) -> list[Listing]:
        """Keep exactly `target` of the last year's listings and the same share of earlier ones."""
        rng, work = self.rng, self.work
        last = [x for x in listings if work.year_of(x.day) == 0]
        share = min(1.0, target / len(last)) if last else 1.0
        keep = set(id(x) for x in rng.sample(last, min(target, len(last))))
        return [x for x in listings if id(x) in keep or (work.year_of(x.day) != 0 and rng.random() < share)]

    def listings(self) -> list[Listing]:
        """Return the chosen first and repeat listings, in day order."""
        rng, today, total = self.rng, self.ctx.today, self.ctx.preset.marac_cases_last_year
        repeats_wanted = round(total * self.marac.repeat_share)
        candidates = [x for x in (self._first(i) for i in self.work.cases if not i.counter) if x is not None]
        firsts = self._select(candidates, total - repeats_wanted)
        repeats: list[Listing] = []
        for first in firsts:  # SafeLives: further abuse within 12 months of the last referral is a repeat
            last = first.day
            for _ in range(3):
                after = [d for d in first.info.days if last + 3 < d <= last + 365]
                if not after:
                    break
                last = min(today, after[0] + rng.randint(1, 7))
                repeats.append(Listing(first.info, last, "repeat", self._source()))
        chosen = firsts + self._select(repeats, repeats_wanted)
        chosen.sort(key=lambda x: (x.day, x.info.cid))
        return chosen

    def meetings(self) -> list[list[tuple[int, str]]]:
        """Write each area's meetings over the history; return (day, id) per area in day order."""
        ctx, rng, marac = self.ctx, self.rng, self.marac
        first_day = self.work.year_start[-1] - 30
        found: list[list[tuple[int, str]]] = []
        for a, (name, districts) in enumerate(ctx.marac_areas):
            expected = ctx.preset.marac_cases_last_year * sum(ctx.district_weights[d] for d in districts)
            per_cycle = expected * 28 / 365
            cadence = marac.cadence or next((m for m in CADENCES if per_cycle / m <= marac.per_meeting * 1.25), 12)
            anchor = first_day + (2 + a % 3 - first_day % 7) % 7  # a Tuesday, Wednesday or Thursday
            days: list[tuple[int, str]] = []
            chairs = ctx.area_staff[a]["marac_chair"]
            cycle = 0
            while anchor + 28 * cycle <= ctx.today + marac.horizon_days:
                for shift in CADENCES[cadence]:
                    day = anchor + 28 * cycle + shift
                    if day > ctx.today + marac.horizon_days:
                        break
                    mid = f"M{len(ctx.doc['marac_meetings']) + 1}"
                    ctx.doc["marac_meetings"].append({"id": mid, "area": name, "date": ctx.ds(day),
                                                      "chair": chairs[len(days) % len(chairs)],
                                                      "agencies_attending": self._attending(rng, districts)})
                    days.append((day, mid))
                cycle += 1
            found.append(days)
        return found

    def _attending(self, rng: random.Random, districts: list[int]) -> list[str]:
        """Return the agencies attending a meeting of an area."""
        present: list[str] = []
        for d in districts:
            for kind, ids in self.ctx.agency[d].items():
                for n, aid in enumerate(ids):
                    if (kind in ALWAYS and n == 0) or rng.random() < 0.6:
                        present.append(aid)
        return present

    def build(self) -> None:
        """Write every MARAC record."""
        ctx, rng = self.ctx, self.rng
        schedule = self.meetings()
        held = {mid: day for days in schedule for day, mid in days}
        attending = {m["id"]: m["agencies_attending"] for m in ctx.doc["marac_meetings"]}
        for listing in self.listings():
            info = listing.info
            area = ctx.area_of_district[info.district]
            days = schedule[area]
            at = bisect.bisect_left(days, (listing.day + 1, ""))
            agencies = ctx.agency[info.district]
            mcid = f"MC{len(ctx.doc['marac_cases']) + 1}"
            record = {"id": mcid, "case": info.cid, "criterion": listing.criterion, "referred": ctx.ds(listing.day),
                      "referring_agency": agencies[listing.source][0]}
            if at < len(days):
                record["meeting"] = days[at][1]
            ctx.doc["marac_cases"].append(record)
            basis = "consent" if info.consent == "given" else "high_risk_safeguarding"
            self.work.referral(info, "marac", listing.source, "idva_service", listing.day, basis)
            if at < len(days) and days[at][0] <= ctx.today:
                self._actions(rng, mcid, info, held[days[at][1]], attending[days[at][1]])

    def _actions(self, rng: random.Random, mcid: str, info: CaseInfo, day: int, present: list[str]) -> None:
        """Write the actions agreed for a case heard at a meeting."""
        ctx, marac = self.ctx, self.marac
        owners = [a for a in present if ctx.agency_kind[a] in ACTIONS and a in ctx.agency[info.district].get(
            ctx.agency_kind[a], ())] or present
        for _ in range(rng.randint(*marac.actions)):
            owner = rng.choice(owners)
            due = day + rng.randint(*marac.due_days)
            u = rng.random()
            if due < ctx.today:
                status = "done" if u < marac.done_share else "cancelled" if u < marac.done_share + 0.05 else "open"
            else:
                status = "done" if u < 0.15 else "open"
            ctx.doc["marac_actions"].append({
                "id": f"X{len(ctx.doc['marac_actions']) + 1}", "marac_case": mcid, "owner_agency": owner,
                "description": rng.choice(ACTIONS.get(ctx.agency_kind[owner], ACTIONS["idva_service"])),
                "due": ctx.ds(due), "status": status})


def build(ctx: Context, work: Casework) -> None:
    """Add the MARAC meetings, listed cases, their referrals and actions."""
    Maracs(ctx, work).build()
