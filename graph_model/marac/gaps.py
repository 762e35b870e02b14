"""The facts the gap rules test, per case: children, risk, probation supervision, social tenancy, substances."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import LiteralString

from neo4j import ManagedTransaction

from graph_model.marac import rows
from graph_model.marac.agenda import CHILDREN, LATEST_DASH

# As at $on. Supervision: an agency of a $supervision kind made or received a referral, or owns a MARAC action,
# on any case of one of this case's perpetrators. Social tenant: a victim's open tenancy at a property let by
# an agency of a $landlords kind.
FACTS: LiteralString = (
    "UNWIND $cases AS cid MATCH (c:Case {id: cid}) WITH c, $on AS on "
    + CHILDREN + LATEST_DASH +
    "CALL (c) { OPTIONAL MATCH (c)<-[:PERPETRATOR_IN]-(p:Person) OPTIONAL MATCH (p)-[:PERPETRATOR_IN]->(c2:Case) "
    "UNWIND [(c2)<-[:REFERS]-(:Referral)-[:FROM_AGENCY|TO_AGENCY]->(a:Agency) WHERE a.kind IN $supervision | a.name] "
    "+ [(c2)<-[:MARAC_FOR]-(:MaracCase)<-[:ACTION_FOR]-(:MaracAction)-[:OWNED_BY]->(a:Agency) "
    "WHERE a.kind IN $supervision | a.name] AS name RETURN collect(DISTINCT name) AS supervisors } "
    "RETURN c.id AS case, children, r.yes_count AS dash_yes, coalesce(r.professional_judgement_high, false) "
    "AS judged_high, coalesce(21 IN r.answered_yes, false) AS substance_misuse, "
    "supervisors, "
    "[(c)<-[:VICTIM_IN]-(:Person)<-[:TENANT]-(t:Tenancy)-[:OF_PROPERTY]->(:Property)-[:LET_BY]->(l:Agency) "
    "WHERE l.kind IN $landlords AND t.start <= on AND (t.end IS NULL OR t.end > on) | l.name] AS landlords"
)


@dataclass(frozen=True)
class CaseFacts:
    """What the gap rules look at in one case, with the evidence for each."""

    case: str
    children: tuple[str, ...]
    dash_yes: int | None
    judged_high: bool
    substance_misuse: bool
    supervisors: tuple[str, ...]
    landlords: tuple[str, ...]


def facts(tx: ManagedTransaction, case_ids: list[str], on: date, supervision: tuple[str, ...],
          landlords: tuple[str, ...]) -> dict[str, CaseFacts]:
    """Return the facts of each case as at `on`."""
    found = rows(tx, FACTS, cases=case_ids, on=on, supervision=list(supervision), landlords=list(landlords))
    return {r["case"]: CaseFacts(r["case"], tuple(sorted(r["children"])), r["dash_yes"], bool(r["judged_high"]),
                                 bool(r["substance_misuse"]), tuple(sorted(set(r["supervisors"]))),
                                 tuple(sorted(set(r["landlords"])))) for r in found}
