"""The agenda of a MARAC meeting: each listed case's risk, repeat flag, children in the household and actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model.marac import rows

# Children in the household as at `on`: the case's children, plus the victim's and perpetrator's children
# (parent or parental responsibility, under 18 on `on`) who hold an open tenancy at a property where that
# parent holds one too. Needs `c` (the Case) and `on` (a date) in scope.
CHILDREN: LiteralString = (
    "CALL (c, on) { "
    "OPTIONAL MATCH (c)<-[:CHILD_IN]-(k1:Person) WITH c, on, collect(k1) AS listed "
    "OPTIONAL MATCH (c)<-[:VICTIM_IN|PERPETRATOR_IN]-(adult:Person)-[pl:PARENT_OF|PARENTAL_RESPONSIBILITY_FOR]->"
    "(k2:Person) WHERE k2.date_of_birth <= on AND k2.date_of_birth > on - duration({years: 18}) "
    "AND (pl.end IS NULL OR pl.end > on) "
    "AND EXISTS { (adult)<-[:TENANT]-(t1:Tenancy)-[:OF_PROPERTY]->(:Property)<-[:OF_PROPERTY]-(t2:Tenancy)"
    "-[:TENANT]->(k2) WHERE t1.start <= on AND (t1.end IS NULL OR t1.end > on) "
    "AND t2.start <= on AND (t2.end IS NULL OR t2.end > on) } "
    "WITH listed, collect(k2) AS more UNWIND listed + more AS k "
    "RETURN collect(DISTINCT k.id) AS children } "
)
# The repeat flag: an incident by a perpetrator of the case towards a victim of it after the last earlier MARAC
# referral (of the case, or of the same victim and perpetrator in another case; or the referral a repeat
# replaced: `previous_referral`), at most $months calendar months after it (the day 12 months on counts, the
# next does not: the workflow's repeat_incident predicate), and no later than `on`. Needs mc, c, on in scope.
REPEAT: LiteralString = (
    "CALL (mc, c, on) { "
    "OPTIONAL MATCH (c)<-[:MARAC_FOR]-(p1:MaracCase) WHERE p1.referred < mc.referred "
    "WITH mc, c, on, max(p1.referred) AS same "
    "OPTIONAL MATCH (c)<-[:VICTIM_IN]-(:Person)-[:VICTIM_IN]->(c2:Case)<-[:PERPETRATOR_IN]-(:Person)"
    "-[:PERPETRATOR_IN]->(c), (c2)<-[:MARAC_FOR]-(prev:MaracCase) WHERE prev.referred < mc.referred "
    "WITH mc, c, on, same, max(prev.referred) AS other "
    "WITH mc, c, on, coalesce(mc.previous_referral, "
    "CASE WHEN other IS NULL OR same >= other THEN same ELSE other END) AS last "
    "OPTIONAL MATCH (c)<-[:VICTIM_IN]-(:Person)<-[:TOWARDS]-(i:Incident)-[:BY]->(:Person)-[:PERPETRATOR_IN]->(c) "
    "WHERE last IS NOT NULL AND i.date > last AND i.date <= last + duration({months: $months}) AND i.date <= on "
    "WITH last, i ORDER BY i.date LIMIT 1 "
    "RETURN last AS previous_referral, i.id AS repeat_incident, i.date AS repeat_date } "
)
LATEST_DASH: LiteralString = (
    "CALL (c) { OPTIONAL MATCH (c)<-[:ASSESSES]-(r:RiskAssessment {tool: 'DASH'}) "
    "WITH r ORDER BY r.date DESC LIMIT 1 RETURN r } "
)
MEETING: LiteralString = (
    "MATCH (m:MaracMeeting {id: $meeting}) "
    "RETURN m.id AS id, m.area AS area, m.date AS date, "
    "[(m)-[:CHAIRED_BY]->(u:User) | coalesce(u.display_name, u.username)][0] AS chair, "
    "[(m)-[:ATTENDED_BY]->(a:Agency) | a.id] AS attending, "
    "[(mc:MaracCase)-[:LISTED_AT]->(m) | mc.id] AS cases"
)
LISTINGS: LiteralString = (
    "UNWIND $ids AS id MATCH (mc:MaracCase {id: id})-[:MARAC_FOR]->(c:Case) "
    "OPTIONAL MATCH (mc)-[:LISTED_AT]->(m:MaracMeeting) "
    "WITH mc, c, coalesce(m.date, $today) AS on "
    + CHILDREN + REPEAT + LATEST_DASH +
    "RETURN mc.id AS id, c.id AS case, mc.criterion AS criterion, mc.referred AS referred, "
    "[(mc)-[:REFERRED_BY]->(a:Agency) | a.id][0] AS referrer, r.yes_count AS dash_yes, r.date AS dash_date, "
    "coalesce(r.professional_judgement_high, false) AS judged_high, "
    "coalesce(21 IN r.answered_yes, false) AS substance_misuse, children, "
    "previous_referral, repeat_incident, repeat_date, "
    "COUNT { (c)<-[:MARAC_FOR]-(:MaracCase)<-[:ACTION_FOR]-(x:MaracAction) WHERE x.status = 'open' } AS open_actions"
)


@dataclass(frozen=True)
class Meeting:
    """A MARAC meeting: its area, date, chair, the agencies attending and the cases listed."""

    id: str
    area: str
    date: date
    chair: str | None
    attending: tuple[str, ...]
    cases: tuple[str, ...]


@dataclass(frozen=True)
class Listing:
    """One case listed for MARAC, as the graph has it (the service orders, labels and filters them)."""

    id: str
    case: str
    criterion: str
    referred: date
    referrer: str | None
    dash_yes: int | None
    dash_date: date | None
    judged_high: bool
    substance_misuse: bool
    children: tuple[str, ...]
    previous_referral: date | None
    repeat_incident: str | None
    repeat_date: date | None
    open_actions: int

    @property
    def repeat(self) -> bool:
        """Whether further abuse followed the last MARAC referral within the window."""
        return self.repeat_incident is not None


def meeting(tx: ManagedTransaction, meeting_id: str) -> Meeting | None:
    """Return the meeting, or None if there is none with this id."""
    found = rows(tx, MEETING, meeting=meeting_id)
    if not found:
        return None
    row = found[0]
    return Meeting(row["id"], row["area"], row["date"], row["chair"], tuple(sorted(row["attending"])),
                   tuple(sorted(row["cases"])))


def listings(tx: ManagedTransaction, ids: list[str], today: date, months: int = 12) -> list[Listing]:
    """Return the listed cases (any order), children and repeats judged as at their meeting's date."""
    return [_listing(row) for row in rows(tx, LISTINGS, ids=ids, today=today, months=months)]


def _listing(row: dict[str, Any]) -> Listing:
    return Listing(row["id"], row["case"], row["criterion"], row["referred"], row["referrer"], row["dash_yes"],
                   row["dash_date"], bool(row["judged_high"]), bool(row["substance_misuse"]),
                   tuple(sorted(row["children"])), row["previous_referral"], row["repeat_incident"],
                   row["repeat_date"], int(row["open_actions"]))
