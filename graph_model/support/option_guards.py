"""Guard predicates of the housing options, asked in the transition's own transaction: risk evidence, the home
proposed (landlord, vacant, screened, tenure kept, outside the areas to avoid), the legal basis of a tenancy
change and its date, and that the tenancies were written. Their reasons never name a victim or where anyone
lives: a receiving landlord reads them.

The service functions (workflows/housing_*.py) record the proposal, the legal basis or the new tenancies in the
same transaction just before they fire, so `hearth workflow fire` cannot go around these checks."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import db

Verdict = tuple[bool, str]

# How secure a tenure is: a victim moved because of abuse keeps at least the security they had (001 para 8.1,
# the Domestic Abuse Act 2021; 002 para 4.6 "whilst maintaining their security of tenure").
TENURES: dict[str, int] = {"secure": 3, "assured": 3, "flexible": 2, "fixed_term_assured": 2, "introductory": 1,
                           "starter": 1, "demoted": 1, "assured_shorthold": 1, "licence": 0}
# Orders that decide who occupies a home: an occupation order, or a property transfer order (recorded as 'other').
OCCUPATION_ORDERS = ("occupation", "other")

RISK: LiteralString = (
    "MATCH (:HousingOption {id: $id})-[:FOR_CASE]->(c:Case) "
    "RETURN [(c)<-[:ASSESSES]-(r:RiskAssessment) WHERE r.date >= $since | [r.date, r.id, r.yes_count]] AS dash, "
    "[(c)<-[:IN_CASE]-(i:Incident) WHERE i.date >= $since AND i.date <= $today | [i.date, i.id]] AS incidents, "
    "[(c)<-[:VICTIM_IN]-(:Person)<-[:PROTECTS]-(k:CourtOrder) WHERE k.start <= $today "
    " AND (k.end IS NULL OR k.end >= $today) | k.id] AS orders")
PROPOSAL: LiteralString = (
    "MATCH (o:HousingOption {id: $id}) OPTIONAL MATCH (o)-[:PROPOSED]->(h:Property) "
    "OPTIONAL MATCH (h)-[:LET_BY]->(l:Agency) "
    "OPTIONAL MATCH (o)-[:FROM_TENANCY]->(:Tenancy)-[:OF_PROPERTY]->(home:Property) "
    "OPTIONAL MATCH (o)-[:FROM_TENANCY]->(:Tenancy)-[:TENANT]->(tenant:Person) "
    "OPTIONAL MATCH (s:Screening {id: o.screening}) "
    "RETURN h.id AS property, h.area AS area, l.id AS landlord, l.kind AS landlord_kind, home.id AS home, "
    "tenant.id AS tenant, [(o)-[:TO_LANDLORD]->(r) | r.id][0] AS receiving, o.areas_to_avoid AS avoid, "
    "o.tenure AS tenure, o.proposed_tenure AS offered, s.id AS screening, s.outcome AS outcome, "
    "s.applicant AS screened_applicant, s.property AS screened_property, "
    "COUNT { (h)<-[:OF_PROPERTY]-(t:Tenancy) WHERE t.start <= $today AND (t.end IS NULL OR t.end > $today) "
    " AND NOT EXISTS { (o)-[:NEW_TENANCY]->(t) } } AS occupied")
LEGAL: LiteralString = (
    "MATCH (o:HousingOption {id: $id})-[:FROM_TENANCY]->(:Tenancy)-[:TENANT]->(v:Person) "
    "MATCH (o)-[:PERPETRATOR_TENANCY]->(x:Tenancy)-[:TENANT]->(p:Person) "
    "OPTIONAL MATCH (o)-[:ON_ORDER]->(k:CourtOrder) "
    "RETURN o.grounds AS grounds, o.notice_on AS notice_on, o.effective_on AS effective_on, k.id AS order, "
    "k.kind AS kind, k.start AS start, k.end AS end, EXISTS { (k)-[:RESPONDENT]->(p) } AS against_perpetrator, "
    "EXISTS { (k)-[:PROTECTS]->(v) } AS protects_victim")
WRITTEN: LiteralString = (
    "MATCH (o:HousingOption {id: $id}) OPTIONAL MATCH (o)-[:FROM_TENANCY]->(f:Tenancy)-[:OF_PROPERTY]->(home) "
    "RETURN f.end AS ended, home.id AS home, o.moved_on AS moved_on, o.effective_on AS effective_on, "
    "[(o)-[:PROPOSED]->(h) | h.id][0] AS proposed, [(o)-[:PERPETRATOR_TENANCY]->(x) | x.end][0] AS other_ended, "
    "[(o)-[:NEW_TENANCY]->(n)-[:OF_PROPERTY]->(h) | [n.start, h.id]] AS new")


def _one(tx: ManagedTransaction, query: LiteralString, **params: Any) -> dict[str, Any]:
    row = tx.run(query, params).single()
    return {k: db.native(v) for k, v in row.data().items()} if row else {}


def months_before(day: date, months: int) -> date:
    """Return the same day `months` calendar months earlier (clamped to the month's last day)."""
    month0 = day.month - 1 - months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def risk_evidenced(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                   today: date) -> Verdict:
    """The case shows the risk: a DASH or an incident in the last `months`, or a current order protecting a victim."""
    months = int(args.get("months", 3))
    row = _one(tx, RISK, id=oid, since=months_before(today, months), today=today)
    if row.get("dash"):
        when, rid, yes = max(row["dash"])
        return True, f"DASH {rid} of {db.native(when)} ({yes or 0} of 24) is within {months} months"
    if row.get("incidents"):
        when, iid = max(row["incidents"])
        return True, f"incident {iid} of {db.native(when)} is within {months} months"
    if row.get("orders"):
        return True, f"court order {sorted(row['orders'])[0]} protects a victim in the case"
    return False, (f"no risk evidence: no DASH or incident in the last {months} months and no current court order "
                   "protecting a victim: assess the risk first")


def _proposal(tx: ManagedTransaction, oid: str, today: date) -> dict[str, Any]:
    return _one(tx, PROPOSAL, id=oid, today=today)


def proposal_let(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                 today: date) -> Verdict:
    """The proposed home is let by a social landlord (`by: social`) or by the receiving landlord (`by: receiving`)."""
    p = _proposal(tx, oid, today)
    if not p.get("property"):
        return False, "no home proposed: offer through `hearth support transfer|reciprocal offer`, which screens it"
    if args.get("by") == "receiving":  # first: the receiving landlord learns nothing of other homes
        ok = p.get("landlord") is not None and p["landlord"] == p.get("receiving")
        return ok, (f"{p['property']} is let by the receiving landlord" if ok else
                    f"{p['property']} is not let by the receiving landlord {p.get('receiving')}")
    if p["property"] == p.get("home"):
        return False, f"{p['property']} is the home the move starts from"
    if p.get("landlord_kind") in ("housing_provider", "local_authority_housing"):
        return True, f"{p['property']} is let by the social landlord {p['landlord']}"
    return False, f"{p['property']} has no social landlord recorded"


def proposal_vacant(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                    today: date) -> Verdict:
    """Nobody holds a tenancy of the proposed home today (other than one this option made)."""
    p = _proposal(tx, oid, today)
    if not p.get("property"):
        return False, "no home proposed"
    n = int(p.get("occupied") or 0)
    return (n == 0), (f"{p['property']} is vacant" if n == 0 else f"{p['property']} is let ({n} open tenancy)")


def proposal_screened(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                      today: date) -> Verdict:
    """The screening recorded for the proposed home, of the person moving, has one of `outcomes`."""
    wanted = list(args.get("outcomes", ["clear"]))
    p = _proposal(tx, oid, today)
    if not p.get("screening") or p.get("screened_property") != p.get("property") \
            or p.get("screened_applicant") != p.get("tenant"):
        return False, "the proposed home has not been screened for the person moving"
    ok = p["outcome"] in wanted
    return ok, (f"screening {p['screening']} of {p['property']}: {p['outcome']}" + ("" if ok else
                f", not {' or '.join(wanted)}: the home is too close to a recorded perpetrator or victim"))


def proposal_tenure_kept(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                         today: date) -> Verdict:
    """The tenure offered is at least as secure as the one held now (security of tenure is not lost)."""
    p = _proposal(tx, oid, today)
    held, offered = p.get("tenure"), p.get("offered")
    if offered not in TENURES:
        return False, "no tenure offered"
    if TENURES[offered] < TENURES.get(str(held), 0):
        return False, (f"the {offered} tenancy offered is less secure than the {held} tenancy held now: the "
                       "victim must not lose security of tenure")
    return True, f"{offered} tenancy offered (held now: {held})"


def proposal_outside_avoided_areas(tx: ManagedTransaction, otype: str, oid: str, actor: str,
                                   args: Mapping[str, Any], today: date) -> Verdict:
    """The proposed home is not in one of the areas the household must avoid."""
    p = _proposal(tx, oid, today)
    avoid = {a.casefold() for a in p.get("avoid") or []}
    if p.get("area") and str(p["area"]).casefold() in avoid:
        return False, f"{p['property']} is in {p['area']}, an area the household must avoid"
    return True, "not in an area to avoid"


def legal_basis_recorded(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                         today: date) -> Verdict:
    """The perpetrator's notice to quit, or a current occupation (or property transfer) order against them that
    protects the victim, is recorded."""
    g = _one(tx, LEGAL, id=oid)
    if g.get("grounds") == "notice_to_quit" and g.get("notice_on"):
        if g["notice_on"] > today:
            return False, f"the notice to quit is dated {g['notice_on']}, in the future"
        return True, f"the perpetrator gave notice to quit on {g['notice_on']}"
    if g.get("grounds") == "court_order" and g.get("order"):
        problems = []
        if g["kind"] not in OCCUPATION_ORDERS:
            problems.append(f"a {g['kind']} order does not decide who occupies the home")
        if not g["against_perpetrator"] or not g["protects_victim"]:
            problems.append("the order is not against the perpetrator tenant for the victim tenant")
        if g["start"] > today or (g["end"] is not None and g["end"] < today):
            problems.append(f"the order is not in force today ({g['start']} to {g['end'] or 'open'})")
        if problems:
            return False, f"court order {g['order']}: " + "; ".join(problems)
        return True, f"{g['kind']} order {g['order']} against the perpetrator, from {g['start']}"
    return False, "no legal basis recorded: record an occupation order or the perpetrator's notice to quit"


def effective_date_valid(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                         today: date) -> Verdict:
    """The change takes effect when the legal basis allows: `notice_days` after a notice to quit, or while the
    order is in force."""
    g = _one(tx, LEGAL, id=oid)
    on = g.get("effective_on")
    if on is None:
        return False, "no effective date recorded: change through `hearth support tenancy change`"
    if g.get("grounds") == "notice_to_quit" and g.get("notice_on"):
        earliest = g["notice_on"] + timedelta(days=int(args.get("notice_days", 28)))
        ok = on >= earliest
        return ok, (f"{on} is on or after {earliest}, when the notice to quit runs out" if ok else
                    f"{on} is before {earliest}: a notice to quit takes at least {args.get('notice_days', 28)} days")
    if g.get("order"):
        ok = g["start"] <= on and (g["end"] is None or g["end"] >= on)
        return ok, (f"order {g['order']} is in force on {on}" if ok else f"order {g['order']} is not in force on {on}")
    return False, "no legal basis recorded"


def tenancy_written(tx: ManagedTransaction, otype: str, oid: str, actor: str, args: Mapping[str, Any],
                    today: date) -> Verdict:
    """The move is in the graph: the old tenancy ended on the day and the new one begins then (`kind: move` at
    the proposed home; `kind: sole`: the perpetrator's tenancy ended too, the victim's sole one at the same home)."""
    w = _one(tx, WRITTEN, id=oid)
    day = w.get("effective_on") if args.get("kind") == "sole" else w.get("moved_on")
    where = w.get("home") if args.get("kind") == "sole" else w.get("proposed")
    if day is None or w.get("ended") != day or [day, where] not in [[db.native(s), h] for s, h in w.get("new") or []]:
        return False, "the tenancies are not changed: use the `hearth support ...` command, which writes them"
    if args.get("kind") == "sole" and w.get("other_ended") != day:
        return False, "the perpetrator's tenancy is not ended"
    return True, f"old tenancy ended and new one begun on {day}"


PREDICATES = {
    "risk_evidenced": risk_evidenced, "proposal_let": proposal_let, "proposal_vacant": proposal_vacant,
    "proposal_screened": proposal_screened, "proposal_tenure_kept": proposal_tenure_kept,
    "proposal_outside_avoided_areas": proposal_outside_avoided_areas, "legal_basis_recorded": legal_basis_recorded,
    "effective_date_valid": effective_date_valid, "tenancy_written": tenancy_written,
}
