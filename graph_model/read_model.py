"""Read queries the dashboard and CLI need that belong to no single capability yet."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import ManagedTransaction

from graph_model import db, permissions
from graph_model.interchange.spec import LABELS
from graph_model.users import Actor

COUNTS = (
    "CALL () { MATCH (n:Person) RETURN 'people' AS section, count(n) AS n "
    "UNION ALL MATCH (n:Agency) RETURN 'agencies' AS section, count(n) AS n "
    "UNION ALL MATCH (n:User) RETURN 'users' AS section, count(n) AS n "
    "UNION ALL MATCH (n:Property) RETURN 'properties' AS section, count(n) AS n "
    "UNION ALL MATCH (n:Tenancy) RETURN 'tenancies' AS section, count(n) AS n "
    "UNION ALL MATCH (n:Case) RETURN 'cases' AS section, count(n) AS n "
    "UNION ALL MATCH (n:Incident) RETURN 'incidents' AS section, count(n) AS n "
    "UNION ALL MATCH (n:RiskAssessment) RETURN 'risk_assessments' AS section, count(n) AS n "
    "UNION ALL MATCH (n:Referral) RETURN 'referrals' AS section, count(n) AS n "
    "UNION ALL MATCH (n:Consent) RETURN 'consents' AS section, count(n) AS n "
    "UNION ALL MATCH (n:MaracMeeting) RETURN 'marac_meetings' AS section, count(n) AS n "
    "UNION ALL MATCH (n:MaracCase) RETURN 'marac_cases' AS section, count(n) AS n "
    "UNION ALL MATCH (n:MaracAction) RETURN 'marac_actions' AS section, count(n) AS n "
    "UNION ALL MATCH (n:Nomination) RETURN 'nominations' AS section, count(n) AS n "
    "UNION ALL MATCH (n:CourtOrder) RETURN 'court_orders' AS section, count(n) AS n "
    "UNION ALL MATCH (:Person)-[r:MARRIED|CIVIL_PARTNERS|AGREED_TO_MARRY|CIVIL_PARTNERSHIP_AGREEMENT|"
    "INTIMATE_RELATIONSHIP|COHABITING|PARENT_OF|PARENTAL_RESPONSIBILITY_FOR|RELATIVE_OF]->(:Person) "
    "RETURN 'links' AS section, count(r) AS n } RETURN section, n"
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
        found = {row["section"]: row["n"] for row in tx.run(COUNTS)}
        order = ["people", "links", *[s for s in LABELS if s != "people"]]
        return LoadedSummary({section: found.get(section, 0) for section in order})

    return db.read(work)
