"""Every number the generator uses, with its source: domain.md (D), source document 002 (S2), or an assumption (A)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

AS_OF = date(2026, 11, 1)  # the reference "today" of generated data, fixed so output is deterministic (A)


@dataclass(frozen=True)
class Family:
    """Demography of the synthetic population."""

    # age today of each family's oldest recorded member: (from, to, weight); older founders give 3-4 generations,
    # younger ones stand for families whose elders are not recorded. Tuned to the ONS mid-2022 age pyramid (A)
    founder_age: tuple[tuple[float, float, float], ...] = ((25, 50, 0.3), (50, 78, 0.55), (78, 95, 0.15))
    generations: int = 4  # founders, children, grandchildren, great-grandchildren (brief)
    partner_share: float = 0.87  # adults 25+ who have had a co-resident partner; ONS: ~60% live as a couple now (A)
    young_partner_share: float = 0.35  # adults 18-24 who have (A)
    first_union_age: tuple[float, float] = (19.0, 36.0)  # years; ONS median age at first marriage ~33 (A)
    # union kinds: married, cohabiting, engaged, civil, cp_agreement, dating (a non-resident partner with a child)
    union_kinds: tuple[tuple[str, float], ...] = (
        ("married", 0.50), ("cohabiting", 0.36), ("engaged", 0.06), ("civil", 0.03), ("cp_agreement", 0.01),
        ("dating", 0.04))  # ONS Families and households 2023: ~2/3 of couple families married or CP (A)
    same_sex_share: float = 0.02  # ONS: same-sex couples ~1-2% of couple families
    union_end_share: dict[str, float] = field(default_factory=lambda: {
        "married": 0.33, "cohabiting": 0.45, "engaged": 0.25, "civil": 0.2, "cp_agreement": 0.15, "dating": 0.8,
    })  # ONS: ~42% of marriages end in divorce over a lifetime; cohabitations end more often (A)
    children: dict[str, tuple[float, ...]] = field(default_factory=lambda: {
        "married": (0.1, 0.15, 0.38, 0.24, 0.13), "cohabiting": (0.2, 0.3, 0.32, 0.13, 0.05),
        "engaged": (0.55, 0.3, 0.15), "civil": (0.85, 0.1, 0.05), "cp_agreement": (1.0,), "dating": (0.0, 1.0),
    })  # weights of 0, 1, 2, ... children; ONS completed family size ~1.9 (A)
    mother_age: tuple[float, float] = (18.0, 44.0)  # parents 18-45 years older than children (brief)
    birth_age: tuple[float, float] = (30.5, 5.5)  # mother's age at a birth, mean and sd; ONS mean 30.9 (2022)
    repartner_share: tuple[float, ...] = (0.65, 0.4)  # after a 1st, 2nd union ended, a new one forms (A)
    baggage_share: tuple[float, float] = (0.07, 0.3)  # an incoming partner brings children: 1st / later union (A)
    resident_mother: float = 0.85  # children of separated parents live with their mother (ONS ~ 90% lone mothers)
    adoption_share: float = 0.3  # same-sex couples who adopt (A); opposite-sex couples: 1% (A)
    kinship_care: float = 0.012  # children living with grandparents (Kinship charity: ~1 in 70 children)
    special_guardian: float = 0.004  # children under a special guardianship order (A)
    step_pr: float = 0.25  # step-parents who acquire parental responsibility (A)
    relative_records: float = 0.04  # incoming partners with a relative recorded without a tree (A)
    home_young_adult: tuple[float, float] = (0.6, 0.2)  # 18-24s / single 25-34s living with a parent (ONS)
    no_address: float = 0.02  # adults with no recorded home (A)
    previous_address: float = 0.08  # adults with one earlier recorded address (A)
    dating_share: float = 0.14  # single people 16-45 with a short intimate relationship in the last 6 years (A)
    serial_dater: float = 0.15  # of those, people with 2-4 such relationships (A)
    sexes_other: tuple[float, float] = (0.003, 0.004)  # adults recorded as sex "other" / "unknown" (A)


@dataclass(frozen=True)
class Housing:
    """Tenure, flats and nominations."""

    tenure: tuple[tuple[str, float], ...] = (("owner", 0.63), ("private", 0.19), ("social", 0.18))  # EHS 2022-23
    flat_share: dict[str, float] = field(default_factory=lambda: {"owner": 0.08, "private": 0.35, "social": 0.5})
    building_size: tuple[int, int] = (4, 24)  # flats in a block (A)
    providers_per_district: int = 2  # housing providers (registered providers) per district (A)
    nomination_window: tuple[int, int] = (-28, 14)  # days around as_of: pending nominations (brief)
    conflict_share: float = 0.10  # nominations built to conflict (brief: "a controlled share, e.g. 10%")
    refuse_m: int = 1000  # a protected person within 1 km: refuse (brief)
    refer_m: int = 3000  # within 1-3 km: refer to the DA lead (brief)


@dataclass(frozen=True)
class Abuse:
    """Domestic-abuse cases, incidents, risk and the agencies' response."""

    intimate_share: float = 0.8  # partner / ex-partner abuse; CSEW: most DA is by a partner or ex-partner (A)
    male_victim_share: float = 0.025  # + counter-allegations, family abuse: ~6.5% male victims (D: SafeLives 6.5%)
    police_callout_share: float = 0.8  # incidents reported to police; the rest reach other agencies only (A)
    incidents: dict[str, tuple[float, float]] = field(default_factory=lambda: {
        "standard": (1.6, 60.0), "medium": (2.4, 45.0), "high": (3.4, 30.0),
    })  # mean incidents a case, mean days between them; risk escalates with frequency (D: DASH q10) (A)
    dash_shares: tuple[float, float, float] = (0.55, 0.25, 0.20)  # standard/medium/high of assessed cases (A)
    assessed_share: float = 0.75  # cases with a DASH risk assessment (A)
    judgement_share: float = 0.06  # standard/medium assessments marked professional judgement high (A)
    reassess_days: tuple[int, int] = (42, 56)  # re-assessed every 6-8 weeks (D)
    children_share: dict[str, float] = field(default_factory=lambda: {
        "standard": 0.35, "medium": 0.45, "high": 0.65})  # of partner cases; D: ~half of high-risk cases
    serial_share: float = 0.3  # perpetrators with another partner who abuse them too (A)
    repeat_victim_share: float = 0.06  # a later new case for the same victim (A)
    counter_share: float = 0.04  # intimate cases with a counter-allegation (A)
    order_share: dict[str, float] = field(default_factory=lambda: {"standard": 0.04, "medium": 0.1, "high": 0.3})
    exclusion_share: float = 0.45  # orders with an exclusion zone around the victim's home (A)
    exclusion_radii: tuple[int, ...] = (100, 200, 250, 500, 1000, 1500, 2000)  # metres (A)
    consent: tuple[float, float, float] = (0.78, 0.14, 0.08)  # given / refused / withdrawn (A)
    refuge_share: float = 0.025  # S2: 105 refuge users a year against ~4,000 cases a year
    history_years: int = 4  # years of incidents before as_of (A)
    history_weights: tuple[float, ...] = (1.0, 0.6, 0.4, 0.25)  # recorded volume relative to the last year (A)


@dataclass(frozen=True)
class Marac:
    """MARAC conferences."""

    repeat_share: float = 0.32  # D: 32% repeats (SafeLives, 12 months to June 2023)
    non_police_share: float = 0.36  # D: 36% referred by agencies other than police
    per_meeting: int = 16  # D: ~16 cases a meeting; used to pick a cadence per area
    cadence: int = 0  # meetings every 28 days (1, 2, 4, 8 or 12); 0: per area, the fewest giving <= 20 a meeting
    actions: tuple[int, int] = (2, 5)  # SMART actions a case (A)
    due_days: tuple[int, int] = (14, 56)  # actions due before the next meeting or two (A)
    done_share: float = 0.8  # past-due actions completed; ~15% overdue, 5% cancelled (A)
    horizon_days: int = 14  # meetings scheduled up to two weeks after as_of (brief)


@dataclass(frozen=True)
class Preset:
    """A named volume: how many people, incidents, MARAC cases and nominations, over which geography."""

    name: str
    people: int
    police_incidents_last_year: int  # police call-outs with a DA flag in the 365 days to as_of
    marac_cases_last_year: int  # MARAC listings referred in the 365 days to as_of
    nominations: int  # pending nominations
    geography: str = "cambs"  # "cambs": Cambridgeshire & Peterborough; "national": it plus 14 other areas
    marac_scheme: str = "areas"  # "areas": each district's MARAC area; "single": one county-wide MARAC
    staff: int = 1  # multiplier of users per district
    family: Family = field(default_factory=Family)
    housing: Housing = field(default_factory=Housing)
    abuse: Abuse = field(default_factory=Abuse)
    marac: Marac = field(default_factory=Marac)

    def scaled(self, scale: float) -> Preset:
        """Return the preset with every volume multiplied by scale (for quick smoke tests)."""
        if scale == 1.0:
            return self
        return replace(self, people=max(200, round(self.people * scale)),
                       police_incidents_last_year=max(10, round(self.police_incidents_last_year * scale)),
                       marac_cases_last_year=max(3, round(self.marac_cases_last_year * scale)),
                       nominations=max(10, round(self.nominations * scale)))


PRESETS: dict[str, Preset] = {
    # ~2,000 people at twice the county's DA density per person, so that a small demo holds every kind of
    # record; one county-wide MARAC, monthly (short agendas of 3-4 cases); a quarter of nominations conflict
    # so that every conflict kind appears (A).
    "demo": Preset("demo", people=2_000, police_incidents_last_year=330, marac_cases_last_year=44,
                   nominations=40, marac_scheme="single", housing=Housing(conflict_share=0.25),
                   abuse=Abuse(history_years=3, history_weights=(1.0, 0.6, 0.4))),
    # S2 / D: 8,247 police DA incidents and 1,077 MARAC cases in a county year (Cambridgeshire 2022/23),
    # placed in ~100,000 synthetic people (brief); nominations: ~ a year's lettings pipeline (A).
    "county": Preset("county", people=100_000, police_incidents_last_year=8_247, marac_cases_last_year=1_077,
                     nominations=400, staff=2, marac=Marac(cadence=2)),  # fortnightly (brief)
    # The county's rates x10 over Cambridgeshire & Peterborough and 14 other English areas (brief).
    "national-sample": Preset("national-sample", people=1_000_000, police_incidents_last_year=82_470,
                              marac_cases_last_year=10_770, nominations=4_000, geography="national", staff=2),
}
