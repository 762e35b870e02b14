"""Serial perpetrators ranked by recency, frequency and gravity; repeat victims and repeat MARAC cases."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, LiteralString

from graph_model import db, permissions
from graph_model.errors import InvalidInput
from graph_model.users import Actor

SERIAL: LiteralString = (
    "MATCH (p:Person)-[:PERPETRATOR_IN]->(c:Case)<-[:VICTIM_IN]-(v:Person) "
    "WHERE $area IS NULL OR c.area = $area "
    "WITH p, collect(DISTINCT v.id) AS victims, collect(DISTINCT c) AS cases WHERE size(victims) >= 2 "
    "UNWIND cases AS c "
    "WITH p, victims, c, [(c)<-[:VICTIM_IN]-(v) | v.id] AS case_victims, "
    "[(i:Incident)-[:IN_CASE]->(c) WHERE NOT EXISTS { (i)-[:BY]->(:Person) } OR EXISTS { (i)-[:BY]->(p) } "
    "| {date: i.date, behaviours: i.behaviours}] AS incidents, "
    "[(r:RiskAssessment)-[:ASSESSES]->(c) | "
    "{date: r.date, yes: r.yes_count, judged_high: r.professional_judgement_high}] AS assessments "
    "RETURN p.id AS id, trim(coalesce(p.given_name, '') + ' ' + coalesce(p.family_name, '')) AS name, victims, "
    "collect({id: c.id, area: c.area, opened: c.opened, victims: case_victims, incidents: incidents, "
    "assessments: assessments}) AS cases"
)
VICTIMS: LiteralString = (
    "MATCH (v:Person)-[:VICTIM_IN]->(c:Case) WHERE $area IS NULL OR c.area = $area "
    "WITH v, c, [(i:Incident)-[:IN_CASE]->(c) WHERE (i)-[:TOWARDS]->(v) OR NOT EXISTS { (i)-[:TOWARDS]->() } "
    "| i.date] AS dates "
    "WITH v, collect(c.id) AS cases, collect(c.area) AS areas, "
    "reduce(all = [], d IN collect(dates) | all + d) AS dates "
    "WHERE any(d IN dates WHERE $start <= d <= $end) "
    "RETURN v.id AS id, cases, areas, [d IN dates WHERE $start <= d <= $end] AS in_period"
)
MARAC: LiteralString = (
    "MATCH (m:MaracCase)-[:MARAC_FOR]->(c:Case) WHERE ($area IS NULL OR c.area = $area) "
    "AND $start <= m.referred <= $end "
    "RETURN m.id AS id, c.area AS area, m.criterion AS criterion, "
    # The same case referred before, or the same victim in another case (a pattern never reuses a relationship,
    # so the victim's path alone cannot lead back to this case).
    "(EXISTS { MATCH (c)<-[:MARAC_FOR]-(earlier:MaracCase) "
    "WHERE earlier <> m AND m.referred - duration('P12M') <= earlier.referred < m.referred } "
    "OR EXISTS { MATCH (c)<-[:VICTIM_IN]-(:Person)-[:VICTIM_IN]->(:Case)<-[:MARAC_FOR]-(earlier:MaracCase) "
    "WHERE earlier <> m AND m.referred - duration('P12M') <= earlier.referred < m.referred }) AS repeat_of_earlier"
)
GRAVITY = {"physical_or_sexual": 3, "violent_or_threatening": 3, "controlling_or_coercive": 2, "economic": 1,
           "psychological_or_emotional": 1}


@dataclass(frozen=True)
class Victim:
    """A victim of a serial perpetrator, with the latest risk band of their case(s)."""

    id: str
    risk: str  # standard, medium, high, unassessed


@dataclass(frozen=True)
class SerialPerpetrator:
    """A perpetrator against two or more victims, with the recency, frequency and gravity score."""

    id: str
    name: str
    victims: tuple[Victim, ...]
    cases: tuple[str, ...]
    areas: tuple[str, ...]
    last_incident: date | None
    incidents_24_months: int
    recency: int
    frequency: int
    gravity: int

    @property
    def score(self) -> int:
        """Return recency + frequency + gravity (0-100)."""
        return self.recency + self.frequency + self.gravity


def band(yes: int | None, judged_high: bool | None) -> str:
    """Return the DASH band: 14+ yes or professional judgement is high; 10-13 medium; else standard."""
    if judged_high or (yes or 0) >= 14:
        return "high"
    return "medium" if (yes or 0) >= 10 else "standard"


def serial_perpetrators(actor: Actor, area: str | None = None, as_of: date | None = None,
                        limit: int = 50) -> list[SerialPerpetrator]:
    """Return perpetrators against two or more victims, highest recency-frequency-gravity score first."""
    permissions.check(actor, "analyse")
    if limit < 1:
        raise InvalidInput(f"limit must be at least 1, not {limit}")
    as_of = as_of or date.today()
    rows = db.read(lambda tx: tx.run(SERIAL, area=area).data())
    ranked = sorted((_score(row, as_of) for row in rows),
                    key=lambda s: (-s.score, -len(s.victims), s.id))
    return ranked[:limit]


def _score(row: dict[str, Any], as_of: date) -> SerialPerpetrator:
    since = as_of - timedelta(days=730)
    incidents = [(db.native(i["date"]), i["behaviours"] or []) for c in row["cases"] for i in c["incidents"]]
    incidents = [(d, kinds) for d, kinds in incidents if d is not None and d <= as_of]
    recent = [(d, kinds) for d, kinds in incidents if d >= since]
    last = max((d for d, _ in incidents), default=None)
    months = None if last is None else (as_of - last).days / 30.44
    recency = 0 if months is None else 40 if months <= 3 else 30 if months <= 6 else 20 if months <= 12 \
        else 10 if months <= 24 else 0
    risks: dict[str, tuple[date, str]] = {}
    for case in row["cases"]:
        latest = max(case["assessments"], key=lambda a: db.native(a["date"]), default=None)
        for victim in case["victims"]:
            if latest is not None:
                seen = risks.get(victim)
                if seen is None or db.native(latest["date"]) > seen[0]:
                    risks[victim] = (db.native(latest["date"]), band(latest["yes"], latest["judged_high"]))
    victims = tuple(Victim(v, risks[v][1] if v in risks else "unassessed") for v in sorted(row["victims"]))
    harm = sum(max((GRAVITY.get(k, 1) for k in kinds), default=1) for _, kinds in recent)
    high = sum(1 for v in victims if v.risk == "high")
    return SerialPerpetrator(
        row["id"], row["name"], victims, tuple(sorted(c["id"] for c in row["cases"])),
        tuple(sorted({c["area"] for c in row["cases"] if c["area"]})), last, len(recent),
        recency, min(30, 5 * len(recent)), min(20, harm) + min(10, 5 * high))


@dataclass(frozen=True)
class AreaRepeats:
    """Repeat victims and repeat MARAC cases in one area over a period."""

    area: str
    victims: int
    repeat_victims: int
    marac_cases: int
    repeat_marac_cases: int
    repeat_victim_ids: tuple[str, ...]

    @property
    def repeat_victim_rate(self) -> float:
        """Return repeat victims as a share of victims with abuse in the period."""
        return self.repeat_victims / self.victims if self.victims else 0.0

    @property
    def repeat_marac_rate(self) -> float:
        """Return repeat MARAC cases as a share of MARAC cases referred in the period (national: 32%)."""
        return self.repeat_marac_cases / self.marac_cases if self.marac_cases else 0.0


def repeats(actor: Actor, start: date, end: date, area: str | None = None) -> list[AreaRepeats]:
    """Return, per area, victims abused in the period who are repeat victims, and repeat MARAC cases."""
    permissions.check(actor, "analyse")
    if end < start:
        raise InvalidInput(f"the period ends ({end}) before it starts ({start})")
    victims, maracs = db.read(lambda tx: (tx.run(VICTIMS, area=area, start=start, end=end).data(),
                                          tx.run(MARAC, area=area, start=start, end=end).data()))
    per_area: dict[str, dict[str, Any]] = defaultdict(lambda: {"v": 0, "rv": [], "m": 0, "rm": 0})
    for row in victims:
        home = sorted(set(row["areas"]))[0] if row["areas"] else "unknown"
        per_area[home]["v"] += 1
        # A repeat victim: two or more cases, or two or more incidents towards them in the period.
        if len(set(row["cases"])) >= 2 or len(row["in_period"]) >= 2:
            per_area[home]["rv"].append(row["id"])
    for row in maracs:
        entry = per_area[row["area"] or "unknown"]
        entry["m"] += 1
        entry["rm"] += 1 if row["criterion"] == "repeat" or row["repeat_of_earlier"] else 0
    return [AreaRepeats(a, e["v"], len(e["rv"]), e["m"], e["rm"], tuple(sorted(e["rv"])))
            for a, e in sorted(per_area.items())]
