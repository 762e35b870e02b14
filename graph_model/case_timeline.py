"""A case's timeline for the people working it: incidents, DASH assessments, referrals, consents, MARAC listings.

Callers check first that the user may `view` the case (workflows.security.check); this module only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db

HEADER: LiteralString = (
    "MATCH (c:Case {id: $id}) "
    "RETURN c.id AS id, c.area AS area, c.opened AS opened, "
    "[(p:Person)-[:VICTIM_IN]->(c) | p.id + ' ' + coalesce(p.given_name, '') + ' ' + coalesce(p.family_name, '')] "
    "AS victims, "
    "[(p:Person)-[:PERPETRATOR_IN]->(c) | p.id + ' ' + coalesce(p.given_name, '') + ' ' + "
    "coalesce(p.family_name, '')] AS perpetrators, "
    "[(p:Person)-[:CHILD_IN]->(c) | p.id + ' ' + coalesce(p.given_name, '')] AS children")
EVENTS: LiteralString = (
    "MATCH (c:Case {id: $id}) "
    "CALL (c) { "
    " MATCH (i:Incident)-[:IN_CASE]->(c) "
    " RETURN i.date AS on, 'incident' AS kind, i.id AS id, "
    " 'by ' + coalesce([(i)-[:BY]->(p) | p.id][0], '?') + ' towards ' + coalesce([(i)-[:TOWARDS]->(p) | p.id][0], '?')"
    " + CASE WHEN size(coalesce(i.behaviours, [])) > 0 THEN ': ' + reduce(s = '', b IN i.behaviours | "
    " s + CASE WHEN s = '' THEN '' ELSE ', ' END + replace(b, '_', ' ')) ELSE '' END"
    " + CASE WHEN coalesce(i.police_callout, false) THEN ' (police called)' ELSE '' END AS what "
    " UNION ALL "
    " MATCH (r:RiskAssessment)-[:ASSESSES]->(c) "
    " RETURN r.date AS on, 'assessment' AS kind, r.id AS id, "
    " r.tool + ': ' + toString(coalesce(r.yes_count, 0)) + ' of 24 yes'"
    " + CASE WHEN coalesce(r.professional_judgement_high, false) THEN ', professional judgement: high' ELSE '' END"
    " + coalesce(' (by ' + [(r)-[:ASSESSED_BY]->(u) | u.username][0] + ')', '') AS what "
    " UNION ALL "
    " MATCH (f:Referral)-[:REFERS]->(c) "
    " RETURN f.date AS on, 'referral' AS kind, f.id AS id, "
    " replace(f.kind, '_', ' ') + ' referral from ' + coalesce([(f)-[:FROM_AGENCY]->(a) | a.name][0], '?') + ' to '"
    " + coalesce([(f)-[:TO_AGENCY]->(a) | a.name][0], '?') + ' (basis: ' + replace(f.basis, '_', ' ') + ')' AS what "
    " UNION ALL "
    " MATCH (p:Person)-[:VICTIM_IN]->(c), (k:Consent)-[:CONSENT_OF]->(p) "
    " RETURN k.date AS on, 'consent' AS kind, k.id AS id, "
    " p.id + ' consent ' + k.status + ' (' + k.scope + ')' AS what "
    " UNION ALL "
    " MATCH (m:MaracCase)-[:MARAC_FOR]->(c) "
    " RETURN m.referred AS on, 'marac' AS kind, m.id AS id, "
    " 'MARAC referral (' + replace(m.criterion, '_', ' ') + ')'"
    " + coalesce(', listed at ' + [(m)-[:LISTED_AT]->(x) | x.id + ' on ' + toString(x.date)][0], '') AS what "
    "} RETURN on, kind, id, what ORDER BY on, kind, id")


@dataclass(frozen=True)
class Event:
    """One dated thing that happened in a case, in plain words."""

    on: date | None
    kind: str  # incident | assessment | referral | consent | marac
    id: str
    what: str


@dataclass(frozen=True)
class CaseTimeline:
    """A case: its area, opening date, people (id and name) and its events by date."""

    id: str
    area: str | None
    opened: date | None
    victims: tuple[str, ...]
    perpetrators: tuple[str, ...]
    children: tuple[str, ...]
    events: tuple[Event, ...]


def _people(values: Any) -> tuple[str, ...]:
    return tuple(sorted(" ".join(str(v).split()) for v in values or []))


def person_ids(found: CaseTimeline) -> list[str]:
    """Return the ids of the people a timeline names (victims, perpetrators, children)."""
    return [p.split(" ", 1)[0] for p in (*found.victims, *found.perpetrators, *found.children)]


def timeline(case_id: str) -> CaseTimeline | None:
    """Return the case's timeline, or None when there is no such case (the caller has checked `view`)."""
    def work(tx: ManagedTransaction) -> CaseTimeline | None:
        head = tx.run(HEADER, id=case_id).single()
        if head is None:
            return None
        events = tuple(Event(db.native(r["on"]), r["kind"], r["id"], r["what"] or "")
                       for r in tx.run(EVENTS, id=case_id))
        return CaseTimeline(head["id"], head["area"], db.native(head["opened"]), _people(head["victims"]),
                            _people(head["perpetrators"]), _people(head["children"]), events)
    return db.read(work)
