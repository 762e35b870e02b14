"""MARAC figures per meeting area over a period: listings, repeats, children in the household, referrers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import LiteralString

from neo4j import ManagedTransaction

from graph_model.marac import rows
from graph_model.marac.agenda import CHILDREN, REPEAT

# Cases listed at the area's meetings held in ($start, $end]; children and repeats as at each meeting's date,
# by the agenda's own rules.
FIGURES: LiteralString = (
    "MATCH (m:MaracMeeting) WHERE $start < m.date <= $end AND ($area IS NULL OR m.area = $area) "
    "MATCH (mc:MaracCase)-[:LISTED_AT]->(m) MATCH (mc)-[:MARAC_FOR]->(c:Case) "
    "WITH m, mc, c, m.date AS on "
    + CHILDREN + REPEAT +
    "WITH m.area AS area, mc, size(children) AS children, repeat_incident IS NOT NULL AS repeat, "
    "[(mc)-[:REFERRED_BY]->(a:Agency) | a.kind][0] AS referrer "
    "RETURN area, count(mc) AS cases, count(CASE WHEN repeat THEN 1 END) AS repeats, sum(children) AS children, "
    "count(referrer) AS referrer_known, count(CASE WHEN referrer <> 'police' THEN 1 END) AS non_police "
    "ORDER BY area"
)


@dataclass(frozen=True)
class AreaCounts:
    """The counts behind one area's MARAC figures."""

    area: str
    cases: int
    repeats: int
    children: int
    referrer_known: int
    non_police: int


def counts(tx: ManagedTransaction, start: date, end: date, area: str | None = None,
           months: int = 12) -> list[AreaCounts]:
    """Return the counts per meeting area for meetings after `start` up to and including `end`."""
    return [AreaCounts(r["area"], r["cases"], r["repeats"], r["children"] or 0, r["referrer_known"], r["non_police"])
            for r in rows(tx, FIGURES, start=start, end=end, area=area, months=months)]
