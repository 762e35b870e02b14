"""Which agencies are involved in a case, how (typed edges) and on what evidence: the agency-case map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from neo4j import ManagedTransaction

from graph_model.marac import rows

KINDS = ("referral_from", "referral_to", "action_owner", "practitioner", "assessor", "attended", "consent",
         "lawful_basis")

# One branch per kind of involvement; `attended` counts the meeting $meeting only when one is given.
INVOLVEMENT: LiteralString = (
    "UNWIND $cases AS cid MATCH (c:Case {id: cid}) "
    "CALL (c) { "
    "MATCH (c)<-[:REFERS]-(r:Referral)-[rel:FROM_AGENCY|TO_AGENCY]->(a:Agency) "
    "RETURN a, CASE type(rel) WHEN 'FROM_AGENCY' THEN 'referral_from' ELSE 'referral_to' END AS kind, "
    "'referral ' + r.id + ' (' + r.kind + ', ' + toString(r.date) + ')' AS evidence "
    "UNION MATCH (c)<-[:MARAC_FOR]-(mc:MaracCase)-[:REFERRED_BY]->(a:Agency) "
    "RETURN a, 'referral_from' AS kind, 'MARAC referral ' + mc.id + ' (' + toString(mc.referred) + ')' AS evidence "
    "UNION MATCH (c)<-[:MARAC_FOR]-(:MaracCase)<-[:ACTION_FOR]-(x:MaracAction)-[:OWNED_BY]->(a:Agency) "
    "WHERE x.status = 'open' "
    "RETURN a, 'action_owner' AS kind, 'open action ' + x.id + ' due ' + toString(x.due) AS evidence "
    "UNION MATCH (c)<-[:MARAC_FOR]-(:MaracCase)-[:LISTED_AT]->(m:MaracMeeting)-[:ATTENDED_BY]->(a:Agency) "
    "WHERE $meeting IS NULL OR m.id = $meeting "
    "RETURN a, 'attended' AS kind, 'attended MARAC ' + m.id + ' (' + toString(m.date) + ')' AS evidence "
    "UNION MATCH (c)<-[:REFERS*0..1]-(o)<-[l:LOCAL_ROLE]-(u:User)-[:MEMBER_OF]->(a:Agency) "
    "RETURN a, 'practitioner' AS kind, u.username + ' is ' + l.role + ' on ' + "
    "CASE WHEN o:Case THEN 'the case' ELSE 'referral ' + o.id END AS evidence "
    "UNION MATCH (c)<-[:ASSESSES]-(ra:RiskAssessment)-[:ASSESSED_BY]->(u:User)-[:MEMBER_OF]->(a:Agency) "
    "RETURN a, 'assessor' AS kind, u.username + ' assessed ' + ra.id + ' (' + ra.tool + ', ' + toString(ra.date) "
    "+ ')' AS evidence "
    "UNION MATCH (c)<-[:VICTIM_IN]-(:Person)<-[:CONSENT_OF]-(k:Consent)-[:RECORDED_BY]->(:User)-[:MEMBER_OF]->"
    "(a:Agency) "
    "RETURN a, 'consent' AS kind, 'consent ' + k.id + ' ' + k.scope + ' ' + k.status + ' ' + toString(k.date) "
    "AS evidence "
    "UNION MATCH (c)<-[:REFERS]-(r:Referral)-[:TO_AGENCY]->(a:Agency) WHERE r.basis <> 'consent' "
    "RETURN a, 'lawful_basis' AS kind, 'referral ' + r.id + ' shared on ' + r.basis AS evidence } "
    "RETURN c.id AS case, a.id AS agency, a.name AS name, a.kind AS agency_kind, kind, evidence "
    "ORDER BY case, agency, kind, evidence"
)


@dataclass(frozen=True)
class Involvement:
    """One typed edge of the agency-case map: an agency involved in a case, how, and the evidence."""

    case: str
    agency: str
    agency_name: str
    agency_kind: str
    kind: str
    evidence: str


def involvement(tx: ManagedTransaction, case_ids: list[str], meeting_id: str | None = None) -> list[Involvement]:
    """Return every involvement edge of the cases (attendance at `meeting_id` only, when given)."""
    return [Involvement(r["case"], r["agency"], r["name"], r["agency_kind"], r["kind"], r["evidence"])
            for r in rows(tx, INVOLVEMENT, cases=case_ids, meeting=meeting_id)]
