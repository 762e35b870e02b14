"""Read queries the dashboard and CLI need that belong to no single capability yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import LiteralString

from neo4j import ManagedTransaction

from graph_model import db, permissions
from graph_model.interchange.spec import LABELS
from graph_model.users import Actor

# One row of COUNT {} subqueries: each is answered from Neo4j's count store, without touching a record.
# The nine link types only ever join two people, so they need no end labels.
COUNTS = (
    "RETURN COUNT { MATCH (:Person) } AS people, "
    "COUNT { MATCH ()-[:MARRIED]->() } + COUNT { MATCH ()-[:CIVIL_PARTNERS]->() } "
    "+ COUNT { MATCH ()-[:AGREED_TO_MARRY]->() } + COUNT { MATCH ()-[:CIVIL_PARTNERSHIP_AGREEMENT]->() } "
    "+ COUNT { MATCH ()-[:INTIMATE_RELATIONSHIP]->() } + COUNT { MATCH ()-[:COHABITING]->() } "
    "+ COUNT { MATCH ()-[:PARENT_OF]->() } + COUNT { MATCH ()-[:PARENTAL_RESPONSIBILITY_FOR]->() } "
    "+ COUNT { MATCH ()-[:RELATIVE_OF]->() } AS links, "
    "COUNT { MATCH (:Agency) } AS agencies, COUNT { MATCH (:User) } AS users, "
    "COUNT { MATCH (:Property) } AS properties, COUNT { MATCH (:Tenancy) } AS tenancies, "
    "COUNT { MATCH (:Case) } AS cases, COUNT { MATCH (:Incident) } AS incidents, "
    "COUNT { MATCH (:RiskAssessment) } AS risk_assessments, COUNT { MATCH (:Referral) } AS referrals, "
    "COUNT { MATCH (:Consent) } AS consents, COUNT { MATCH (:MaracMeeting) } AS marac_meetings, "
    "COUNT { MATCH (:MaracCase) } AS marac_cases, COUNT { MATCH (:MaracAction) } AS marac_actions, "
    "COUNT { MATCH (:Nomination) } AS nominations, COUNT { MATCH (:CourtOrder) } AS court_orders"
)


@dataclass(frozen=True)
class LoadedSummary:
    """How many records of each hearth/1 section the graph holds (counts only, no case data)."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        """Return the number of records in all sections."""
        return sum(self.counts.values())


def loaded_summary(actor: Actor) -> LoadedSummary:
    """Return how many records of each section are loaded."""
    permissions.check(actor, "view_summary")

    def work(tx: ManagedTransaction) -> LoadedSummary:
        row = tx.run(COUNTS).single()
        found = row.data() if row else {}
        order = ["people", "links", *[s for s in LABELS if s != "people"]]
        return LoadedSummary({section: found.get(section, 0) for section in order})

    return db.read(work)


@dataclass(frozen=True)
class MeetingSummary:
    """A MARAC meeting for a picker: id, area, date, chair's username and how many cases it lists."""

    id: str
    area: str | None
    date: date | None
    chair: str | None
    listed: int


MEETINGS: LiteralString = (
    "MATCH (m:MaracMeeting) RETURN m.id AS id, m.area AS area, m.date AS date, "
    "[(m)-[:CHAIRED_BY]->(u) | u.username][0] AS chair, COUNT { (m)<-[:LISTED_AT]-(:MaracCase) } AS listed "
    "ORDER BY m.date DESC, m.id LIMIT $limit")


def marac_meetings(limit: int = 500) -> list[MeetingSummary]:
    """Return the latest MARAC meetings, newest first (the caller keeps those the user may `view`)."""
    def work(tx: ManagedTransaction) -> list[MeetingSummary]:
        return [MeetingSummary(r["id"], r["area"], db.native(r["date"]), r["chair"], int(r["listed"]))
                for r in tx.run(MEETINGS, limit=limit)]
    return db.read(work)
