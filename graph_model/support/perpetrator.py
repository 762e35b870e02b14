"""The perpetrator side of a case: MAPPA / perpetrator-panel flags and prison releases (on the person),
counter-allegations and the primary perpetrator decisions, and perpetrator programme referrals."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db

PERPETRATORS: LiteralString = (
    "MATCH (:Case {id: $case})<-[:PERPETRATOR_IN]-(p:Person) "
    "RETURN p.id AS id, trim(coalesce(p.given_name, '') + ' ' + coalesce(p.family_name, '')) AS name ORDER BY p.id")
# The record node carries the case's perpetrator_record workflow; its id is the case's.
ENSURE_RECORD: LiteralString = (
    "MATCH (c:Case {id: $case}) MERGE (r:PerpetratorRecord {id: $case}) ON CREATE SET r.created = $at "
    "MERGE (r)-[:FOR_CASE]->(c)")
RECORD_EXISTS: LiteralString = "MATCH (r:PerpetratorRecord {id: $case}) RETURN r.id AS id"
ADD_FLAG: LiteralString = (
    "MATCH (p:Person {id: $person}) CREATE (f:PerpetratorFlag {id: $id, kind: $kind, category: $category, "
    "level: $level, panel: $panel, on: $on, until: $until, agency: $agency, recorded_by: $by, at: $at, "
    "recorded_in_case: $case}) CREATE (f)-[:FLAG_OF]->(p)")
FLAGS: LiteralString = (
    "UNWIND $people AS pid MATCH (f:PerpetratorFlag)-[:FLAG_OF]->(:Person {id: pid}) "
    "RETURN pid AS person, properties(f) AS flag ORDER BY pid, f.on DESC, f.at DESC")
ADD_RELEASE: LiteralString = (
    "MATCH (p:Person {id: $person}) CREATE (r:PrisonRelease {id: $id, date: $on, note: $note, recorded_by: $by, "
    "at: $at, recorded_in_case: $case}) CREATE (r)-[:RELEASE_OF]->(p)")
RELEASES: LiteralString = (
    "UNWIND $people AS pid MATCH (r:PrisonRelease)-[:RELEASE_OF]->(:Person {id: pid}) "
    "RETURN pid AS person, properties(r) AS release ORDER BY pid, r.date DESC")
# A release of a perpetrator of the referral's case between two days (the Housing IDVA "recent rise in risk").
RELEASE_NEAR: LiteralString = (
    "MATCH (:Referral {id: $id})-[:REFERS]->(:Case)<-[:PERPETRATOR_IN]-(p:Person)<-[:RELEASE_OF]-(r:PrisonRelease) "
    "WHERE r.date >= $since AND r.date <= $until RETURN p.id AS person, r.date AS date ORDER BY r.date DESC LIMIT 1")
# Two people each recorded as perpetrator against the other: this case is marked a counter-allegation, another
# case records the reverse, or an incident runs from the case's victim to its perpetrator (as screening, the
# `counter_allegation` mark of hearth/1 is what makes a case the counter one).
COUNTER_PAIRS: LiteralString = (
    "MATCH (c:Case {id: $case})<-[:VICTIM_IN]-(v:Person), (c)<-[:PERPETRATOR_IN]-(p:Person) "
    "WITH c, v, p, coalesce(c.counter_allegation, false) AS marked, "
    "EXISTS { (p)-[:VICTIM_IN]->(o:Case)<-[:PERPETRATOR_IN]-(v) WHERE o <> c } AS mirrored, "
    "EXISTS { (v)<-[:BY]-(:Incident)-[:TOWARDS]->(p) } AS incident "
    "WHERE marked OR mirrored OR incident "
    "RETURN v.id AS victim, p.id AS perpetrator, marked, mirrored, incident ORDER BY v.id, p.id")
ADD_DECISION: LiteralString = (
    "MATCH (c:Case {id: $case}), (p:Person {id: $primary}), (o:Person {id: $other}), (s:Agency {id: $service}) "
    "CREATE (d:PrimaryPerpetratorDecision {id: $id, primary: $primary, other: $other, decided_by: $decided_by, "
    "decided_on: $on, rationale: $rationale, recorded_by: $by, at: $at}) "
    "CREATE (d)-[:PRIMARY]->(p) CREATE (d)-[:OTHER_PARTY]->(o) CREATE (d)-[:BY_SERVICE]->(s) "
    "CREATE (d)-[:FOR_CASE]->(c)")
# The latest decision about a pair of people, whichever case it was recorded in.
DECISION: LiteralString = (
    "MATCH (d:PrimaryPerpetratorDecision)-[:BY_SERVICE]->(s:Agency) "
    "WHERE (d.primary = $a AND d.other = $b) OR (d.primary = $b AND d.other = $a) "
    "RETURN d.id AS id, d.primary AS primary, d.other AS other, d.decided_by AS decided_by, "
    "d.decided_on AS decided_on, d.rationale AS rationale, s.id AS service, s.name AS service_name "
    "ORDER BY d.decided_on DESC, d.at DESC LIMIT 1")
CREATE_PROGRAMME_REFERRAL: LiteralString = (
    "MATCH (c:Case {id: $case}), (p:Person {id: $person}) CREATE (o:PerpetratorReferral {id: $id, "
    "programme: $programme, person: $person, date: $on, by: $by, at: $at}) "
    "CREATE (o)-[:FOR_CASE]->(c) CREATE (o)-[:REFERS_PERSON]->(p)")
PROGRAMME_REFERRALS: LiteralString = (
    "MATCH (o:PerpetratorReferral)-[:FOR_CASE]->(:Case {id: $case}) "
    "RETURN o.id AS id, o.programme AS programme, o.person AS person, o.date AS date ORDER BY o.date, o.id")
PROGRAMME_REFERRAL: LiteralString = (
    "MATCH (o:PerpetratorReferral {id: $id})-[:FOR_CASE]->(c:Case) "
    "RETURN o.id AS id, c.id AS case, o.person AS person, o.programme AS programme")
# The case a guarded object belongs to.
CASE_OF: dict[str, LiteralString] = {
    "case": "MATCH (c:Case {id: $id}) RETURN c.id AS case, null AS person",
    "marac_case": "MATCH (:MaracCase {id: $id})-[:MARAC_FOR]->(c:Case) RETURN c.id AS case, null AS person",
    "perpetrator_programme": "MATCH (o:PerpetratorReferral {id: $id})-[:FOR_CASE]->(c:Case) "
                             "RETURN c.id AS case, o.person AS person",
    "perpetrator_record": "MATCH (:PerpetratorRecord {id: $id})-[:FOR_CASE]->(c:Case) RETURN c.id AS case, "
                          "null AS person",
}


def _plain(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: db.native(v) for k, v in (value or {}).items()}


def perpetrators(tx: ManagedTransaction, case_id: str) -> list[dict[str, Any]]:
    """Return the case's perpetrators: id and name."""
    return db.rows(tx, PERPETRATORS, case=case_id)


def ensure_record(tx: ManagedTransaction, case_id: str, at: datetime) -> None:
    """Create the case's perpetrator record node if it has none."""
    tx.run(ENSURE_RECORD, case=case_id, at=at).consume()


def record_exists(tx: ManagedTransaction, case_id: str) -> bool:
    """Return True when the case has a perpetrator record node."""
    return tx.run(RECORD_EXISTS, case=case_id).single() is not None


def add_flag(tx: ManagedTransaction, flag_id: str, person_id: str, case_id: str, fields: dict[str, Any],
             by: str, at: datetime) -> None:
    """Record a MAPPA or perpetrator-panel flag on a person (kind, category, level, panel, on, until, agency)."""
    tx.run(ADD_FLAG, id=flag_id, person=person_id, case=case_id, by=by, at=at, **fields).consume()


def flags(tx: ManagedTransaction, people: list[str]) -> list[dict[str, Any]]:
    """Return the people's flags, latest first per person."""
    return [{"person": r["person"], **_plain(r["flag"])} for r in db.rows(tx, FLAGS, people=people)]


def add_release(tx: ManagedTransaction, release_id: str, person_id: str, case_id: str, on: date, note: str | None,
                by: str, at: datetime) -> None:
    """Record a person's (expected) release from prison on a day."""
    tx.run(ADD_RELEASE, id=release_id, person=person_id, case=case_id, on=on, note=note, by=by, at=at).consume()


def releases(tx: ManagedTransaction, people: list[str]) -> list[dict[str, Any]]:
    """Return the people's release dates, latest first per person."""
    return [{"person": r["person"], **_plain(r["release"])} for r in db.rows(tx, RELEASES, people=people)]


def release_near(tx: ManagedTransaction, referral_id: str, since: date, until: date) -> dict[str, Any] | None:
    """Return a perpetrator's release between two days for the referral's case (the latest), or None."""
    row = tx.run(RELEASE_NEAR, id=referral_id, since=since, until=until).single()
    return _plain(row.data()) if row else None


def counter_pairs(tx: ManagedTransaction, case_id: str) -> list[dict[str, Any]]:
    """Return each (victim, perpetrator) pair of the case recorded against each other, with the grounds."""
    return db.rows(tx, COUNTER_PAIRS, case=case_id)


def add_decision(tx: ManagedTransaction, decision_id: str, case_id: str, fields: dict[str, Any], by: str,
                 at: datetime) -> None:
    """Record who the specialist service identified as the primary perpetrator of a pair."""
    tx.run(ADD_DECISION, id=decision_id, case=case_id, by=by, at=at, **fields).consume()


def decision(tx: ManagedTransaction, a: str, b: str) -> dict[str, Any] | None:
    """Return the latest primary perpetrator decision about two people, or None."""
    row = tx.run(DECISION, a=a, b=b).single()
    return _plain(row.data()) if row else None


def create_programme_referral(tx: ManagedTransaction, referral_id: str, case_id: str, person_id: str,
                              programme: str, on: date, by: str, at: datetime) -> None:
    """Create a perpetrator programme referral of a person from the case."""
    tx.run(CREATE_PROGRAMME_REFERRAL, id=referral_id, case=case_id, person=person_id, programme=programme, on=on,
           by=by, at=at).consume()


def programme_referrals(tx: ManagedTransaction, case_id: str) -> list[dict[str, Any]]:
    """Return the case's perpetrator programme referrals."""
    return [_plain(r) for r in db.rows(tx, PROGRAMME_REFERRALS, case=case_id)]


def programme_referral(tx: ManagedTransaction, referral_id: str) -> dict[str, Any] | None:
    """Return a perpetrator programme referral with its case, or None."""
    row = tx.run(PROGRAMME_REFERRAL, id=referral_id).single()
    return row.data() if row else None


def unresolved(tx: ManagedTransaction, case_id: str) -> list[dict[str, Any]]:
    """Return the counter-allegation pairs of the case with no primary perpetrator decision yet."""
    return [p for p in counter_pairs(tx, case_id) if decision(tx, p["victim"], p["perpetrator"]) is None]


def primary_perpetrator_identified(tx: ManagedTransaction, otype: str, oid: str, actor: str,
                                   args: Mapping[str, Any], today: date) -> tuple[bool, str]:
    """No counter-allegation in the object's case is left without a primary perpetrator decision (001 s.11.7);
    a perpetrator programme referral is of the one identified as primary, never of the other party."""
    query = CASE_OF.get(otype)
    row = tx.run(query, id=oid).single() if query else None
    if row is None:
        return False, f"{otype} {oid} belongs to no case"
    open_pairs = unresolved(tx, row["case"])
    if open_pairs:
        shown = "; ".join(f"{p['victim']} and {p['perpetrator']}" for p in open_pairs)
        return False, (f"counter-allegations in case {row['case']} ({shown} are each recorded as perpetrator "
                       "against the other): identify the primary perpetrator with the specialist service first "
                       "(hearth support perpetrator primary)")
    if row["person"]:
        found = [d for p in counter_pairs(tx, row["case"]) for d in [decision(tx, p["victim"], p["perpetrator"])]
                 if d and d["other"] == row["person"]]
        if found:
            return False, (f"{row['person']} was identified as the victim, not the primary perpetrator "
                           f"({found[0]['primary']}, decision {found[0]['id']} by {found[0]['service_name']})")
    return True, "no unresolved counter-allegation in the case"
