"""MARAC actions: what an agency owes, the actions of listed cases, what the last meeting left undone, new ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model.marac import rows

_FIELDS: LiteralString = (
    "RETURN x.id AS id, mc.id AS marac_case, c.id AS case, a.id AS owner, a.name AS owner_name, "
    "x.description AS description, x.due AS due, x.status AS status, m.id AS meeting, m.date AS meeting_date")
OWED: LiteralString = (
    "MATCH (a:Agency {id: $agency})<-[:OWNED_BY]-(x:MaracAction) WHERE x.status IN $statuses "
    "MATCH (x)-[:ACTION_FOR]->(mc:MaracCase)-[:MARAC_FOR]->(c:Case) OPTIONAL MATCH (mc)-[:LISTED_AT]->(m:MaracMeeting) "
    + _FIELDS + " ORDER BY x.due, x.id")
OF_LISTINGS: LiteralString = (
    "UNWIND $ids AS id MATCH (mc:MaracCase {id: id})<-[:ACTION_FOR]-(x:MaracAction)-[:OWNED_BY]->(a:Agency) "
    "MATCH (mc)-[:MARAC_FOR]->(c:Case) OPTIONAL MATCH (mc)-[:LISTED_AT]->(m:MaracMeeting) "
    + _FIELDS + " ORDER BY mc.id, x.due, x.id")
PREVIOUS_MEETING: LiteralString = (
    "MATCH (m:MaracMeeting {id: $meeting}) MATCH (p:MaracMeeting) WHERE p.area = m.area AND p.date < m.date "
    "RETURN p.id AS id ORDER BY p.date DESC, p.id DESC LIMIT 1")
# Actions agreed at meeting $previous not done: open, or cancelled (with the cancel comment, if the workflow
# recorded one). `changes`: what happened in the case after the meeting and up to $until (new incidents, risk
# assessments, MARAC referrals).
OUTSTANDING: LiteralString = (
    "MATCH (p:MaracMeeting {id: $previous})<-[:LISTED_AT]-(mc:MaracCase)<-[:ACTION_FOR]-(x:MaracAction) "
    "WHERE x.status IN ['open', 'cancelled'] "
    "MATCH (x)-[:OWNED_BY]->(a:Agency) MATCH (mc)-[:MARAC_FOR]->(c:Case) "
    "OPTIONAL MATCH (:WorkflowStatus {key: 'marac_action/marac_action/' + x.id})-[:LATEST]->(h:HistoryEntry) "
    "WHERE h.transition = 'cancel' "
    "RETURN x.id AS id, mc.id AS marac_case, c.id AS case, a.id AS owner, a.name AS owner_name, "
    "x.description AS description, x.due AS due, x.status AS status, p.id AS meeting, p.date AS meeting_date, "
    "h.comment AS cancel_comment, "
    "[(c)<-[:IN_CASE]-(i:Incident) WHERE p.date < i.date <= $until | "
    "'incident ' + i.id + ' on ' + toString(i.date)] + "
    "[(c)<-[:ASSESSES]-(r:RiskAssessment) WHERE p.date < r.date <= $until | "
    "'risk assessment ' + r.id + ' on ' + toString(r.date)] + "
    "[(c)<-[:MARAC_FOR]-(n:MaracCase) WHERE p.date < n.referred <= $until | "
    "'MARAC referral ' + n.id + ' on ' + toString(n.referred)] AS changes "
    "ORDER BY x.due, x.id")
TARGETS: LiteralString = (
    "OPTIONAL MATCH (mc:MaracCase {id: $marac_case}) OPTIONAL MATCH (a:Agency {id: $agency}) "
    "RETURN mc IS NOT NULL AS listing, a IS NOT NULL AS agency, [(mc)-[:LISTED_AT]->(m) | m.date][0] AS meeting_date")
CREATE: LiteralString = (
    "MATCH (mc:MaracCase {id: $marac_case}), (a:Agency {id: $agency}) "
    "CREATE (x:MaracAction {id: $id, description: $description, due: $due, status: 'open'}) "
    "CREATE (x)-[:ACTION_FOR]->(mc) CREATE (x)-[:OWNED_BY]->(a) RETURN x.id AS id")


@dataclass(frozen=True)
class Action:
    """A MARAC action with its owner agency, the listing it belongs to and that listing's meeting."""

    id: str
    marac_case: str
    case: str
    owner: str
    owner_name: str
    description: str
    due: date
    status: str
    meeting: str | None
    meeting_date: date | None
    cancel_comment: str | None = None
    changes: tuple[str, ...] = ()


def _action(row: dict[str, Any]) -> Action:
    return Action(row["id"], row["marac_case"], row["case"], row["owner"], row["owner_name"], row["description"],
                  row["due"], row["status"], row["meeting"], row["meeting_date"], row.get("cancel_comment"),
                  tuple(row.get("changes") or ()))


def owed(tx: ManagedTransaction, agency_id: str, statuses: tuple[str, ...] = ("open",)) -> list[Action]:
    """Return the agency's actions in these statuses across all meetings, soonest due first."""
    return [_action(r) for r in rows(tx, OWED, agency=agency_id, statuses=list(statuses))]


def of_listings(tx: ManagedTransaction, marac_case_ids: list[str]) -> list[Action]:
    """Return every action of these listed cases."""
    return [_action(r) for r in rows(tx, OF_LISTINGS, ids=marac_case_ids)]


def previous_meeting(tx: ManagedTransaction, meeting_id: str) -> str | None:
    """Return the id of the area's meeting before this one, or None."""
    found = rows(tx, PREVIOUS_MEETING, meeting=meeting_id)
    return found[0]["id"] if found else None


def outstanding(tx: ManagedTransaction, previous_id: str, until: date) -> list[Action]:
    """Return the open and cancelled actions of the cases heard at a meeting, with what changed since."""
    return [_action(r) for r in rows(tx, OUTSTANDING, previous=previous_id, until=until)]


def targets(tx: ManagedTransaction, marac_case_id: str, agency_id: str) -> dict[str, Any]:
    """Return whether the listing and the agency exist, and the listing's meeting date."""
    return rows(tx, TARGETS, marac_case=marac_case_id, agency=agency_id)[0]


def create(tx: ManagedTransaction, action_id: str, marac_case_id: str, agency_id: str, description: str,
           due: date) -> None:
    """Write a new open action of a listed case, owned by an agency."""
    tx.run(CREATE, id=action_id, marac_case=marac_case_id, agency=agency_id, description=description,
           due=due).consume()
