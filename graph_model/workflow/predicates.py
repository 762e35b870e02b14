"""Guard predicates: graph questions asked inside the transition's own transaction, each with its reason."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db
from graph_model.support import option_guards, option_types
from graph_model.support import perpetrator as perpetrator_q

Verdict = tuple[bool, str]
Predicate = Callable[[ManagedTransaction, str, str, str, Mapping[str, Any], date], Verdict]

# The case an object belongs to (a case is its own case).
LATEST_DASH: LiteralString = (
    "MATCH (c:Case {id: $case})<-[:ASSESSES]-(r:RiskAssessment {tool: 'DASH'}) "
    "RETURN r.id AS id, r.date AS date, r.yes_count AS yes, coalesce(r.professional_judgement_high, false) AS pj "
    "ORDER BY r.date DESC, r.id DESC LIMIT 2")
CONSENT: LiteralString = (
    "MATCH (c:Case {id: $case})<-[:VICTIM_IN]-(p:Person)<-[:CONSENT_OF]-(k:Consent) "
    "WHERE $scope IS NULL OR k.scope = $scope "
    "WITH p, k ORDER BY k.date DESC, k.id DESC WITH p, collect(k)[0] AS latest "
    "RETURN p.id AS person, latest.status AS status, latest.scope AS scope, latest.date AS date")
REFERRAL_OF_KIND: LiteralString = (
    "MATCH (c:Case {id: $case})<-[:REFERS]-(f:Referral {kind: $kind}) RETURN f.id AS id LIMIT 1")
CASE_OF: dict[str, LiteralString] = {
    "case": "MATCH (c:Case {id: $id}) RETURN c.id AS case",
    "idva_referral": "MATCH (:Referral {id: $id})-[:REFERS]->(c:Case) RETURN c.id AS case",
    "marac_case": "MATCH (:MaracCase {id: $id})-[:MARAC_FOR]->(c:Case) RETURN c.id AS case",
    "marac_action": "MATCH (:MaracAction {id: $id})-[:ACTION_FOR]->(:MaracCase)-[:MARAC_FOR]->(c:Case) "
                    "RETURN c.id AS case",
}
CASE_OF.update(option_types.CASE_OF)  # housing options
REFERRAL: LiteralString = (
    "MATCH (f:Referral {id: $id}) RETURN f.date AS date, [(f)-[:FROM_AGENCY]->(a) | a.kind][0] AS from_kind")
RECENT_INCIDENT: LiteralString = (
    "MATCH (:Referral {id: $id})-[:REFERS]->(c:Case)<-[:IN_CASE]-(i:Incident) "
    "WHERE i.date <= $on AND i.date >= $since RETURN i.id AS id, i.date AS date ORDER BY i.date DESC LIMIT 1")
REPEAT_INCIDENT: LiteralString = (
    "MATCH (mc:MaracCase {id: $id})-[:MARAC_FOR]->(c:Case)<-[:IN_CASE]-(i:Incident) "
    "WHERE i.date > mc.referred AND i.date <= mc.referred + duration({months: $months}) AND i.date <= $today "
    "AND EXISTS { (i)-[:BY]->(:Person)-[:PERPETRATOR_IN]->(c) } "
    "AND EXISTS { (i)-[:TOWARDS]->(:Person)-[:VICTIM_IN]->(c) } "
    "RETURN i.id AS id, i.date AS date, mc.referred AS referred ORDER BY i.date LIMIT 1")
LISTED: LiteralString = (
    "MATCH (:MaracCase {id: $id})-[:LISTED_AT]->(m:MaracMeeting) RETURN m.id AS id, m.date AS date")
MEETING: LiteralString = (
    "MATCH (m:MaracMeeting {id: $id}) RETURN [(m)-[:CHAIRED_BY]->(u) | u.username][0] AS chair, "
    "COUNT { (m)-[:ATTENDED_BY]->() } AS attending")
SCREENING: LiteralString = (
    "MATCH (:Nomination {id: $id})<-[:SCREENS]-(s:Screening) RETURN s.outcome AS outcome, s.id AS id "
    "ORDER BY s.at DESC LIMIT 1")
SCREENINGS: LiteralString = (
    "UNWIND $ids AS nid MATCH (:Nomination {id: nid})<-[:SCREENS]-(s:Screening) WITH nid, s ORDER BY s.at DESC "
    "WITH nid, collect(s)[0] AS s RETURN nid AS nomination, s.outcome AS outcome, s.id AS id")
CONNECTED: LiteralString = (
    "MATCH (:User {id: $user})-[:IS_PERSON]->(me:Person) "
    "MATCH (c:Case {id: $case})<-[:VICTIM_IN|PERPETRATOR_IN|CHILD_IN]-(p:Person) "
    "RETURN me.id AS me, collect(p.id) AS people")


def _one(tx: ManagedTransaction, query: LiteralString, **params: Any) -> dict[str, Any] | None:
    record = tx.run(query, params).single()
    return record.data() if record else None


def case_of(tx: ManagedTransaction, object_type: str, object_id: str) -> str | None:
    """Return the id of the case an object belongs to (None for types without a case)."""
    query = CASE_OF.get(object_type)
    row = _one(tx, query, id=object_id) if query else None
    return row["case"] if row else None


def dash_at_or_over(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                    today: date) -> Verdict:
    """The latest DASH has at least `threshold` yes answers, or professional judgement says high."""
    case, threshold = case_of(tx, otype, oid), int(args["threshold"])
    rows = db.rows(tx, LATEST_DASH, case=case) if case else []
    if not rows:
        return False, f"no DASH assessment is recorded for case {case}"
    latest = rows[0]
    yes = latest["yes"] or 0
    if yes >= threshold:
        return True, f"DASH {latest['id']} scored {yes}, at or over the threshold {threshold}"
    if latest["pj"] and args.get("judgement_counts", True):
        return True, f"DASH {latest['id']} scored {yes}, raised to high by professional judgement"
    return False, f"the latest DASH ({latest['id']}) scored {yes}, under the threshold {threshold}"


def dash_recorded(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                  today: date) -> Verdict:
    """A DASH assessment is recorded for the case (within `days` before today, if given)."""
    case = case_of(tx, otype, oid)
    rows = db.rows(tx, LATEST_DASH, case=case) if case else []
    if not rows:
        return False, f"no DASH assessment is recorded for case {case}"
    when = db.native(rows[0]["date"])
    days = args.get("days")
    if days is not None and (today - when).days > int(days):
        return False, f"the latest DASH ({rows[0]['id']}, {when}) is older than {days} days"
    return True, f"DASH {rows[0]['id']} of {when} scored {rows[0]['yes'] or 0}"


def dash_below(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
               today: date) -> Verdict:
    """A DASH exists and is under `threshold` with no professional judgement of high risk."""
    ok, reason = dash_at_or_over(tx, otype, oid, actor, args, today)
    if ok:
        return False, reason
    return ("no DASH" not in reason), reason


def consent_given(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                  today: date) -> Verdict:
    """Every victim in the case has given consent (their latest consent of the scope, if one is named)."""
    case, scope = case_of(tx, otype, oid), args.get("scope")
    rows = db.rows(tx, CONSENT, case=case, scope=scope) if case else []
    what = f"consent{' to ' + scope if scope else ''}"
    if not rows:
        return False, f"no {what} is recorded for a victim in case {case}"
    missing = [r["person"] for r in rows if r["status"] != "given"]
    if missing:
        return False, f"the latest {what} of {', '.join(missing)} is not given"
    return True, f"{what} given by {', '.join(r['person'] for r in rows)}"


def consent_not_given(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                      today: date) -> Verdict:
    """No victim's consent is given (refused, withdrawn or never recorded)."""
    ok, reason = consent_given(tx, otype, oid, actor, args, today)
    return not ok, reason


def consent_or_lawful_basis(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                            today: date) -> Verdict:
    """Every victim consents, or the case's information_sharing records a lawful basis (graph_model.sharing)."""
    from graph_model import sharing

    case = case_of(tx, otype, oid)
    found = sharing.basis(tx, case) if case else None
    if found is None:
        return False, f"{otype} {oid} belongs to no case"
    return found.allows(args.get("basis"))


def referral_recorded(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                      today: date) -> Verdict:
    """The case has a referral of `kind`."""
    case, kind = case_of(tx, otype, oid), str(args["kind"])
    row = _one(tx, REFERRAL_OF_KIND, case=case, kind=kind) if case else None
    return (True, f"{kind} referral {row['id']} is recorded") if row else (False, f"no {kind} referral is recorded")


def from_professional(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                      today: date) -> Verdict:
    """The referral comes from an agency (a professional), not a self-referral."""
    row = _one(tx, REFERRAL, id=oid)
    if not row or not row["from_kind"]:
        return False, "the referral names no referring agency: referrals are from professionals only"
    return True, f"referred by a {row['from_kind'].replace('_', ' ')} agency"


def recent_abuse_or_risk_rise(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                              today: date) -> Verdict:
    """Abuse in the `months` before the referral, a perpetrator's release from prison within `months` of it, or
    the latest DASH scored higher than the one before it."""
    months = int(args.get("months", 3))
    row = _one(tx, REFERRAL, id=oid)
    on = db.native(row["date"]) if row else today
    since = _months_before(on, months)
    incident = _one(tx, RECENT_INCIDENT, id=oid, on=on, since=since)
    if incident:
        return True, f"incident {incident['id']} on {db.native(incident['date'])} is within {months} months"
    # The perpetrator's release from prison (recorded, or expected) within `months` either side of the referral.
    release = perpetrator_q.release_near(tx, oid, since, _months_before(on, -months))
    if release:
        return True, f"risk rose: perpetrator {release['person']} released from prison on {release['date']}"
    case = case_of(tx, otype, oid)
    dash = db.rows(tx, LATEST_DASH, case=case) if case else []
    if len(dash) == 2 and (dash[0]["yes"] or 0) > (dash[1]["yes"] or 0):
        return True, f"risk rose: DASH {dash[1]['yes']} -> {dash[0]['yes']}"
    return False, f"no abuse recorded in the {months} months before {on} and no recent rise in risk"


def repeat_incident(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                    today: date) -> Verdict:
    """Further abuse between the same victim and perpetrator within `months` of the last MARAC referral."""
    months = int(args.get("months", 12))
    row = _one(tx, REPEAT_INCIDENT, id=oid, months=months, today=today)
    if not row:
        return False, f"no incident between the case's victim and perpetrator within {months} months of referral"
    return True, (f"incident {row['id']} on {db.native(row['date'])} is within {months} months of the referral "
                  f"on {db.native(row['referred'])}")


def listed_at_meeting(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                      today: date) -> Verdict:
    """The MARAC case is listed at a meeting."""
    row = _one(tx, LISTED, id=oid)
    return (True, f"listed at meeting {row['id']}") if row else (False, "not listed at any meeting")


def meeting_has_chair(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                      today: date) -> Verdict:
    """The meeting records its chair."""
    row = _one(tx, MEETING, id=oid)
    return (True, f"chaired by {row['chair']}") if row and row["chair"] else (False, "the meeting records no chair")


def attendance_recorded(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                        today: date) -> Verdict:
    """The meeting records which agencies attended."""
    row = _one(tx, MEETING, id=oid)
    n = row["attending"] if row else 0
    return (True, f"{n} agencies attended") if n else (False, "no agency attendance is recorded")


def screening_outcome(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                      today: date) -> Verdict:
    """The nomination's latest screening outcome is one of `outcomes`."""
    return _screening_verdict(_one(tx, SCREENING, id=oid), list(args["outcomes"]))


def screening_outcome_many(tx: ManagedTransaction, otype: str, oids: list[str], actor: str, args: Mapping[str, Any],
                           today: date) -> dict[str, Verdict]:
    """`screening_outcome` for many nominations in one query."""
    rows = {r["nomination"]: r for r in tx.run(SCREENINGS, ids=oids).data()}
    return {oid: _screening_verdict(rows.get(oid), list(args["outcomes"])) for oid in oids}


def _screening_verdict(row: Mapping[str, Any] | None, wanted: list[str]) -> Verdict:
    if not row:
        return False, "the nomination has not been screened"
    if row["outcome"] in wanted:
        return True, f"screening {row['id']} outcome is {row['outcome']}"
    return False, f"screening {row['id']} outcome is {row['outcome']}, not {' or '.join(wanted)}"


def actor_not_connected(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                        today: date) -> Verdict:
    """The acting user is not personally connected (DA Act 2021 s.2) to anyone in the case."""
    from graph_model import connections

    case = case_of(tx, otype, oid)
    row = _one(tx, CONNECTED, user=actor, case=case) if case else None
    if not row:
        return True, "the user is not recorded as a person in the graph"
    for person in row["people"]:
        if person == row["me"]:
            return False, "the user is a party to this case"
        if connections.connected_in(tx, row["me"], person, today):
            return False, "the user is personally connected to someone in this case"
    return True, f"the user is connected to none of the {len(row['people'])} people in the case"


HARDENING_APPROVED: LiteralString = "MATCH (o:TargetHardening {id: $id}) RETURN o.approved_cost AS cost"
PLACE_CHECKED: LiteralString = "MATCH (o:RefugeReferral {id: $id}) RETURN o.place_checked_for AS service"


def hardening_cost_approved(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                            today: date) -> Verdict:
    """The request carries the cost the budget check approved (set by `hearth support hardening approve`)."""
    row = _one(tx, HARDENING_APPROVED, id=oid)
    if not row or row["cost"] is None:
        return False, "no approved cost: approve through the budget check (hearth support hardening approve)"
    return True, f"£{row['cost']:,} approved within the budget"


def place_checked(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                  today: date) -> Verdict:
    """A free place was found for the family (set by `hearth support refuge offer`)."""
    row = _one(tx, PLACE_CHECKED, id=oid)
    if not row or row["service"] is None:
        return False, "no free place was checked: offer through the capacity check (hearth support refuge offer)"
    return True, f"a place is free in {row['service']}"


def _months_before(day: date, months: int) -> date:
    month0 = day.month - 1 - months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    import calendar
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


PREDICATES: dict[str, Predicate] = {
    "dash_at_or_over": dash_at_or_over, "dash_below": dash_below, "consent_given": consent_given,
    "consent_not_given": consent_not_given, "consent_or_lawful_basis": consent_or_lawful_basis,
    "referral_recorded": referral_recorded, "dash_recorded": dash_recorded, "from_professional": from_professional,
    "recent_abuse_or_risk_rise": recent_abuse_or_risk_rise, "repeat_incident": repeat_incident,
    "listed_at_meeting": listed_at_meeting, "meeting_has_chair": meeting_has_chair,
    "attendance_recorded": attendance_recorded, "screening_outcome": screening_outcome,
    "actor_not_connected": actor_not_connected, "hardening_cost_approved": hardening_cost_approved,
    "place_checked": place_checked,
    "primary_perpetrator_identified": perpetrator_q.primary_perpetrator_identified,
}
PREDICATES.update(option_guards.PREDICATES)  # housing options (graph_model/support/option_guards.py)
# Predicates that can answer for many objects in one query (a batch fire asks these once for the lot).
BatchPredicate = Callable[[ManagedTransaction, str, list[str], str, Mapping[str, Any], date], dict[str, Verdict]]
BATCH_PREDICATES: dict[str, BatchPredicate] = {"screening_outcome": screening_outcome_many}
