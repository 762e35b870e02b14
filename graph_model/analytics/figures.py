"""Aggregate figures per area over a period, each beside its national benchmark (SafeLives, domain.md)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db, permissions
from graph_model.analytics.offending import band
from graph_model.errors import InvalidInput
from graph_model.users import Actor

ALL_AREAS = "all areas"
UNRECORDED = "(area not recorded)"
LOCAL = "Hearth records"
SAFELIVES = "SafeLives MARAC national dataset, 12 months to June 2023 (shared/domain.md)"
KINDS = ("physical_or_sexual", "violent_or_threatening", "controlling_or_coercive", "economic",
         "psychological_or_emotional")
BANDS = ("standard", "medium", "high")
APPROXIMATION = ("adult women = people recorded as sex 'female', aged 16 or over on the period's last day, whose "
                 "tenancy on that day is of a property in the area; people with no tenancy or no date of birth "
                 "are not counted, so the rate is only as good as the housing data")
SCREENING = "screening outcomes arrive with the screening issue; nominations are counted only"

AREAS: LiteralString = (
    "CALL () { MATCH (c:Case) WHERE c.area IS NOT NULL RETURN DISTINCT c.area AS area "
    "UNION MATCH (h:Property) WHERE h.area IS NOT NULL RETURN DISTINCT h.area AS area } "
    "RETURN area ORDER BY area"
)
AREA_KNOWN: LiteralString = (
    "RETURN EXISTS { MATCH (c:Case) WHERE c.area = $area } OR EXISTS { MATCH (h:Property) WHERE h.area = $area } "
    "AS known"
)
INCIDENTS: LiteralString = (
    "MATCH (i:Incident)-[:IN_CASE]->(c:Case) WHERE $start <= i.date <= $end AND ($area IS NULL OR c.area = $area) "
    "WITH coalesce(c.area, $unrecorded) AS area, i, coalesce(i.behaviours, []) AS kinds "
    "RETURN area, count(i) AS incidents, count(CASE WHEN i.police_callout THEN 1 END) AS police_callouts, "
    "count(CASE WHEN 'physical_or_sexual' IN kinds THEN 1 END) AS physical_or_sexual, "
    "count(CASE WHEN 'violent_or_threatening' IN kinds THEN 1 END) AS violent_or_threatening, "
    "count(CASE WHEN 'controlling_or_coercive' IN kinds THEN 1 END) AS controlling_or_coercive, "
    "count(CASE WHEN 'economic' IN kinds THEN 1 END) AS economic, "
    "count(CASE WHEN 'psychological_or_emotional' IN kinds THEN 1 END) AS psychological_or_emotional, "
    "count(CASE WHEN size(kinds) = 0 THEN 1 END) AS none_recorded"
)
# Grouped by (yes count, judgement) so the one banding rule, offending.band, stays in Python.
RISK: LiteralString = (
    "MATCH (r:RiskAssessment)-[:ASSESSES]->(c:Case) WHERE r.tool = 'DASH' AND $start <= r.date <= $end "
    "AND ($area IS NULL OR c.area = $area) "
    "RETURN coalesce(c.area, $unrecorded) AS area, r.yes_count AS yes, "
    "coalesce(r.professional_judgement_high, false) AS judged_high, count(r) AS n"
)
# A repeat: criterion 'repeat', or an earlier MARAC referral of the same case or of the same victim in another
# case within the 12 months before (domain.md). The same case needs its own test: a pattern may not use one
# relationship twice, so the victim's path never leads back to the case it started from.
MARAC: LiteralString = (
    "MATCH (m:MaracCase)-[:MARAC_FOR]->(c:Case) WHERE $start <= m.referred <= $end "
    "AND ($area IS NULL OR c.area = $area) "
    "WITH m, c, [(v:Person)-[:VICTIM_IN]->(c) | {sex: v.sex, "
    "age: CASE WHEN v.date_of_birth IS NULL THEN null ELSE duration.between(v.date_of_birth, m.referred).years END}"
    "] AS victims, [(m)-[:REFERRED_BY]->(a:Agency) | a.kind][0] AS referrer "
    "WITH coalesce(c.area, $unrecorded) AS area, victims, referrer, COUNT { (:Person)-[:CHILD_IN]->(c) } AS children, "
    "m.criterion = 'repeat' OR EXISTS { MATCH (e:MaracCase)-[:MARAC_FOR]->(c) "
    "WHERE m.referred - duration('P12M') <= e.referred < m.referred } "
    "OR EXISTS { MATCH (e:MaracCase)-[:MARAC_FOR]->(:Case)<-[:VICTIM_IN]-(:Person)-[:VICTIM_IN]->(c) "
    "WHERE m.referred - duration('P12M') <= e.referred < m.referred } AS repeat "
    "RETURN area, count(*) AS marac_cases, count(CASE WHEN repeat THEN 1 END) AS repeats, "
    "sum(children) AS children, count(referrer) AS referrer_known, "
    "count(CASE WHEN referrer <> 'police' THEN 1 END) AS non_police, "
    "sum(size([v IN victims WHERE v.sex IN ['female', 'male', 'other']])) AS victims_sex_known, "
    "sum(size([v IN victims WHERE v.sex = 'male'])) AS male_victims, "
    "sum(size([v IN victims WHERE v.age IS NOT NULL])) AS victims_age_known, "
    "sum(size([v IN victims WHERE 16 <= v.age <= 17])) AS victims_16_17"
)
ADULT_WOMEN: LiteralString = (
    "MATCH (t:Tenancy)-[:OF_PROPERTY]->(h:Property) WHERE t.start <= $end AND (t.end IS NULL OR t.end > $end) "
    "AND ($area IS NULL OR h.area = $area) "
    "MATCH (t)-[:TENANT]->(p:Person) WHERE p.sex = 'female' AND p.date_of_birth <= $end - duration('P16Y') "
    "RETURN coalesce(h.area, $unrecorded) AS area, count(DISTINCT p) AS adult_women"
)
NOMINATIONS: LiteralString = (
    "MATCH (n:Nomination)-[:FOR_PROPERTY]->(h:Property) WHERE $start <= n.date <= $end "
    "AND ($area IS NULL OR h.area = $area) "
    "RETURN coalesce(h.area, $unrecorded) AS area, count(n) AS nominations"
)


@dataclass(frozen=True)
class Figure:
    """One figure: its value (None when its base is zero), unit, national benchmark (None if none) and source."""

    name: str
    value: float | None
    unit: str
    benchmark: float | None = None
    source: str = LOCAL
    numerator: int | None = None
    denominator: int | None = None
    note: str = ""


@dataclass(frozen=True)
class AreaFigures:
    """The figures of one area (or of all areas together) over the period."""

    area: str
    incidents: Figure
    behaviours: tuple[Figure, ...]  # one per s.1(3) kind, then 'none_recorded'; an incident may count in several
    police_callouts: Figure
    risk_bands: tuple[Figure, ...]  # DASH assessments in the period: standard, medium, high
    marac_cases: Figure
    adult_women: Figure
    marac_per_10k_adult_women: Figure
    repeat_rate: Figure
    children_per_case: Figure
    non_police_referrals: Figure
    male_victims: Figure
    victims_aged_16_17: Figure
    nominations: Figure

    def all(self) -> tuple[Figure, ...]:
        """Return every figure in display order."""
        found: list[Figure] = []
        for f in fields(self):
            value = getattr(self, f.name)
            found.extend(value if isinstance(value, tuple) else [value] if isinstance(value, Figure) else [])
        return tuple(found)

    def get(self, name: str) -> Figure:
        """Return the figure with this name (e.g. 'repeat_rate', 'behaviour:economic', 'risk:high')."""
        for figure in self.all():
            if figure.name == name:
                return figure
        raise KeyError(name)


@dataclass(frozen=True)
class Figures:
    """Figures for the period: all areas together (or the one area asked for), and one row per area."""

    start: date
    end: date
    area: str | None
    total: AreaFigures
    areas: tuple[AreaFigures, ...]
    notes: tuple[str, ...]


@dataclass
class _Tally:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, row: dict[str, Any]) -> None:
        for name, value in row.items():
            if name != "area":
                self.counts[name] += int(value or 0)


def figures(actor: Actor, area: str | None, start: date, end: date) -> Figures:
    """Return the period's figures for one area or every area, each beside its national benchmark."""
    permissions.check(actor, "analyse")
    if end < start:
        raise InvalidInput(f"the period ends ({end}) before it starts ({start})")
    tallies, areas = db.read(lambda tx: _tally(tx, area, start, end))
    days = (end - start).days + 1
    rows = tuple(_area_figures(name, tallies.get(name, _Tally()), days) for name in areas)
    whole = _Tally()
    for tally in tallies.values():
        whole.add(dict(tally.counts))
    total = _area_figures(area or ALL_AREAS, whole, days)
    notes = [APPROXIMATION, SCREENING]
    if not whole.counts["adult_women"]:
        notes.append("no current tenancy data for adult women: MARAC volume per 10,000 adult women is not computed")
    if days < 360 or days > 370:
        notes.append(f"the period is {days} days: MARAC volume per 10,000 adult women is annualised (x 365/{days})")
    return Figures(start, end, area, total, rows, tuple(notes))


def check_area(tx: ManagedTransaction, area: str | None) -> None:
    """Raise InvalidInput unless the area is None or the area of some case or property."""
    if area is None:
        return
    row = tx.run(AREA_KNOWN, area=area).single()
    if row is None or not row["known"]:
        known = ", ".join(r["area"] for r in tx.run(AREAS))
        raise InvalidInput(f"unknown area {area!r}: no case or property is in it (known areas: {known or 'none'})")


def _tally(tx: ManagedTransaction, area: str | None, start: date, end: date) -> tuple[dict[str, _Tally], list[str]]:
    check_area(tx, area)
    params = {"area": area, "start": start, "end": end, "unrecorded": UNRECORDED}
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for query in (INCIDENTS, MARAC, ADULT_WOMEN, NOMINATIONS):
        for row in tx.run(query, params):
            tallies[row["area"]].add(row.data())
    for row in tx.run(RISK, params):
        tallies[row["area"]].counts[f"risk:{band(row['yes'], row['judged_high'])}"] += row["n"]
    for tally in tallies.values():  # the rate's numerator: MARAC cases of areas whose women are counted
        tally.counts["marac_in_counted_areas"] = tally.counts["marac_cases"] if tally.counts["adult_women"] else 0
    areas = [area] if area is not None else [r["area"] for r in tx.run(AREAS)]
    areas += sorted(name for name in tallies if name not in areas)  # the unrecorded area, when it has data
    return dict(tallies), areas


def _count(name: str, value: int, note: str = "") -> Figure:
    return Figure(name, float(value), "count", note=note)


def _share(name: str, part: int, whole: int, benchmark: float | None, note: str = "") -> Figure:
    value = 100.0 * part / whole if whole else None
    return Figure(name, value, "%", benchmark, SAFELIVES if benchmark is not None else LOCAL, part, whole, note)


def _area_figures(area: str, tally: _Tally, days: int) -> AreaFigures:
    c = tally.counts
    women, maracs, counted = c["adult_women"], c["marac_cases"], c["marac_in_counted_areas"]
    per_10k = counted * 10_000 / women * 365 / days if women else None
    return AreaFigures(
        area=area,
        incidents=_count("incidents", c["incidents"]),
        behaviours=tuple(_count(f"behaviour:{kind}", c[kind]) for kind in (*KINDS, "none_recorded")),
        police_callouts=_count("police_callouts", c["police_callouts"]),
        risk_bands=tuple(_count(f"risk:{name}", c[f"risk:{name}"]) for name in BANDS),
        marac_cases=_count("marac_cases", maracs, "MARAC cases referred in the period"),
        adult_women=_count("adult_women", women, APPROXIMATION if women else "no current tenancy data"),
        marac_per_10k_adult_women=Figure(
            "marac_per_10k_adult_women", per_10k, "cases a year per 10,000 adult women", 45.0, SAFELIVES, counted,
            women, "SafeLives recommends 40; areas without tenancy data are left out" if women
            else "no current tenancy data: not computed"),
        repeat_rate=_share("repeat_rate", c["repeats"], maracs, 32.0),
        children_per_case=Figure("children_per_case", c["children"] / maracs if maracs else None,
                                 "children per MARAC case", 1.27, SAFELIVES, c["children"], maracs),
        non_police_referrals=_share("non_police_referrals", c["non_police"], c["referrer_known"], 36.0,
                                    f"{maracs - c['referrer_known']} MARAC case(s) with no referring agency recorded"),
        male_victims=_share("male_victims", c["male_victims"], c["victims_sex_known"], 6.5),
        victims_aged_16_17=_share("victims_aged_16_17", c["victims_16_17"], c["victims_age_known"], 1.3),
        nominations=_count("nominations", c["nominations"], SCREENING),
    )
