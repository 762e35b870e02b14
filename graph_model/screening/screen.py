"""Screen a nomination (or an applicant and a property): evaluate, store the result, audit, redact."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from neo4j import ManagedTransaction

from graph_model import audit, connections, db, permissions, text
from graph_model.errors import HearthError, InvalidInput, PermissionDenied, UnknownPerson
from graph_model.screening import queries
from graph_model.screening.policy import Policy, current
from graph_model.screening.rules import PLAIN, Finding, apply, outcome
from graph_model.users import Actor


@dataclass(frozen=True)
class ScreeningResult:
    """A screening: outcome and reason codes for everyone allowed to screen; `detail` only for a DA lead."""

    screening_id: str
    at: datetime
    on: date
    outcome: str
    reasons: tuple[str, ...]
    policy: int
    applicant: str
    property: str
    nomination: str | None
    detail: tuple[Finding, ...] | None

    def explained(self) -> list[str]:
        """Return each reason code in plain words."""
        return [PLAIN[r] for r in self.reasons]

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON shape of the CLI: outcome, reasons, policy, screening_id, detail."""
        return {"outcome": self.outcome, "reasons": list(self.reasons), "policy": self.policy,
                "screening_id": self.screening_id, "at": self.at.isoformat(), "on": self.on.isoformat(),
                "applicant": self.applicant, "property": self.property, "nomination": self.nomination,
                "detail": None if self.detail is None else [asdict(f) for f in self.detail]}


@dataclass(frozen=True)
class Target:
    """What one screening asks: may this applicant be housed at this property on this date."""

    key: str  # the nomination, or any unique key within a batch
    applicant: str
    property: str
    on: date
    nomination: str | None = None


# outcome, reasons, findings, the policy of the property's area, and that area
Evaluated = tuple[str, tuple[str, ...], list[Finding], Policy, str | None]


def evaluate_many(tx: ManagedTransaction, targets: list[Target],
                  policy: Policy) -> dict[str, Evaluated | HearthError]:
    """Run the rules for many screenings inside tx in four queries (targets, links, connections, connected
    links): by key, the evaluation, or the error that stops that one (an unknown person or property)."""
    found: dict[str, Evaluated | HearthError] = {}
    rows: list[dict[str, Any]] = []
    locals_: dict[str, Policy] = {}
    areas: dict[str, str | None] = {}
    for record in tx.run(queries.TARGETS, rows=[{"key": t.key, "applicant": t.applicant, "property": t.property}
                                                for t in targets]):
        if not record["applicant"]:
            found[record["key"]] = UnknownPerson(f"no person {_applicant(targets, record['key'])!r} in the graph")
        elif not record["found"]:
            found[record["key"]] = InvalidInput(f"no property {_property(targets, record['key'])!r} in the graph")
        else:
            rows.append({"key": record["key"], "point": record["point"], "building": record["building"],
                         "area": record["area"]})
    by_key = {t.key: t for t in targets}
    for row in rows:
        t = by_key[row["key"]]
        areas[t.key] = row.pop("area")
        local = locals_[t.key] = policy.for_area(areas[t.key])
        row.update(applicant=t.applicant, on=t.on, orders=local.court_orders_protect, inner=local.inner_radius_m)
    links: dict[str, list[dict[str, Any]]] = {row["key"]: [] for row in rows}
    for link in db.rows(tx, queries.LINKS, rows=rows):
        links[link["key"]].append(link)
    circles = connections.circles_many(tx, [(row["applicant"], row["on"]) for row in rows])
    for row in rows:
        row["people"] = list(circles[(row["applicant"], row["on"])].candidates)
    asked = [row for row in rows if row["people"]]
    near: dict[str, list[dict[str, Any]]] = {row["key"]: [] for row in rows}
    for link in db.rows(tx, queries.CONNECTED_LINKS, rows=asked) if asked else []:
        near[link["key"]].append(link)
    for row in asked:  # only a perpetrator found near the property is judged: is that one personally connected?
        circle = circles[(row["applicant"], row["on"])]
        near[row["key"]] = [link for link in near[row["key"]] if circle.connected(link["perpetrator"])]
    for row in rows:
        key = row["key"]
        for link in links[key] + near[key]:
            link["state_since"] = db.native(link.get("state_since"))
        findings = apply(links[key], near[key], locals_[key], row["on"])
        result, reasons = outcome(findings)
        found[key] = (result, reasons, findings, locals_[key], areas[key])
    return found


def _applicant(targets: list[Target], key: str) -> str:
    return next(t.applicant for t in targets if t.key == key)


def _property(targets: list[Target], key: str) -> str:
    return next(t.property for t in targets if t.key == key)


def evaluate(tx: ManagedTransaction, applicant: str, property_id: str, on: date,
             policy: Policy) -> Evaluated:
    """Run the rules for one screening inside tx: (outcome, reasons, findings, the area's policy)."""
    done = evaluate_many(tx, [Target("one", applicant, property_id, on)], policy)["one"]
    if isinstance(done, HearthError):
        raise done
    return done


def screen_many_in(tx: ManagedTransaction, actor: Actor, targets: list[Target], policy: Policy | None = None,
                   now: datetime | None = None) -> dict[str, ScreeningResult | HearthError]:
    """Screen many inside tx: evaluate, store each result (with its restricted detail), audit each screening;
    the caller checked access. By key: the result, or the error that stopped that one (nothing stored for it)."""
    used, at = policy or current(), now or datetime.now(UTC)
    evaluated = evaluate_many(tx, targets, used)
    done: dict[str, ScreeningResult | HearthError] = {}
    rows, events, views = [], [], []
    detail_area = _detail_area(tx, actor)
    for t in targets:
        answer = evaluated[t.key]
        if isinstance(answer, HearthError):
            done[t.key] = answer
            continue
        result, reasons, findings, _, area = answer
        see = detail_area is not False and detail_area in (None, area)
        sid = f"S-{uuid.uuid4().hex[:12]}"
        rows.append({"id": sid, "on": t.on, "outcome": result, "reasons": list(reasons), "policy": used.version,
                     "applicant": t.applicant, "property": t.property, "nomination": t.nomination,
                     "detail": json.dumps([asdict(f) for f in findings])})
        events.append({"detail": {"screening": sid, "nomination": t.nomination, "outcome": result},
                       "subjects": [audit.subject("screening", sid)] +
                                   ([audit.subject("nomination", t.nomination)] if t.nomination else [])})
        detail = tuple(findings) if see else None
        if detail is not None:
            views.append({"detail": {"screening": sid}, "subjects": _shown(sid, detail)})
        done[t.key] = ScreeningResult(sid, at, t.on, result, shown_reasons(reasons, used, see), used.version,
                                      t.applicant, t.property, t.nomination, detail)
    if rows:
        tx.run(queries.STORE, rows=rows, at=at, by=actor.username).consume()
        audit.record_many(tx, actor, "screen_nomination", "perpetrator-proximity screening", events)
    if views:
        audit.record_many(tx, actor, "view_screening_detail", "screening decided by a DA lead", views)
    return done


def screen_in(tx: ManagedTransaction, actor: Actor, applicant: str, property_id: str, on: date,
              nomination: str | None, policy: Policy | None = None, now: datetime | None = None) -> ScreeningResult:
    """Screen one inside tx, store the result (with its restricted detail) and audit it; the caller checked
    access."""
    done = screen_many_in(tx, actor, [Target("one", applicant, property_id, on, nomination)], policy, now)["one"]
    if isinstance(done, HearthError):
        raise done
    return done


def shown_reasons(reasons: tuple[str, ...], policy: Policy, sees_detail: bool) -> tuple[str, ...]:
    """Return the reason codes as this user is told them: the same-building code becomes the nearness code for
    users who may not see the detail when the policy says so (the outcome is unchanged)."""
    if sees_detail or policy.reveal_same_building:
        return reasons
    return tuple(dict.fromkeys("PERPETRATOR_NEAR_VICTIM" if r == "PERPETRATOR_SAME_BUILDING" else r for r in reasons))


def _shown(screening_id: str, findings: tuple[Finding, ...]) -> list[str]:
    """Return the audit subjects of a screening detail view: the screening, and the people and cases it names."""
    keys = [audit.subject("screening", screening_id)]
    for f in findings:
        keys += [audit.subject("person", p) for p in (f.person_id, f.via_person) if p]
        keys += [audit.subject("case", f.case_id)] if f.case_id else []
    return keys


def _detail_area(tx: ManagedTransaction, actor: Actor) -> str | None | bool:
    """Return where the actor may see screening detail: False nowhere (not a DA lead), None everywhere (a DA lead of
    an agency with no area, or of no agency: county-wide), else the area of their agency (da_lead is area-scoped,
    workflows/role_scopes.yaml)."""
    try:
        permissions.check(actor, "view_screening_detail")
    except PermissionDenied:
        return False
    row = tx.run(queries.AGENCY_AREA, agency=actor.agency_id).single()
    return row["area"] if row else None


def _may_see_detail(tx: ManagedTransaction, actor: Actor, property_id: str) -> bool:
    """Return True for a DA lead of the property's area (an agency with no area, or no agency: county-wide)."""
    allowed = _detail_area(tx, actor)
    return allowed is not False and (allowed is None or _in_area(tx, actor, property_id))


def _in_area(tx: ManagedTransaction, actor: Actor, property_id: str) -> bool:
    row = tx.run(queries.DETAIL_AREAS, property=property_id, agency=actor.agency_id).single()
    return row is None or row["agency_area"] is None or row["agency_area"] == row["property_area"]


def screen_adhoc(actor: Actor, applicant: str, property_id: str, on: date | None = None,
                 policy: Policy | None = None) -> ScreeningResult:
    """Screen an applicant against a property with no nomination record (needs screen_adhoc)."""
    permissions.check(actor, "screen_adhoc")
    text.check_id("the applicant's id", applicant)
    text.check_id("the property's id", property_id)
    day = on or date.today()
    return db.write(lambda tx: screen_in(tx, actor, applicant, property_id, day, None, policy))


def nomination_targets(tx: ManagedTransaction, nominations: list[str]) -> dict[str, Target]:
    """Return the screening asked by each nomination that exists with an applicant and a property."""
    return {r["id"]: Target(r["id"], r["applicant"], r["property"], db.native(r["on"]), r["id"])
            for r in tx.run(queries.NOMINATIONS, ids=nominations)}


def nomination_target(tx: ManagedTransaction, nomination: str) -> Target:
    """Return the screening a nomination asks, or raise InvalidInput."""
    found = nomination_targets(tx, [nomination]).get(nomination)
    if found is None:
        raise InvalidInput(f"no nomination {nomination!r} (or it has no applicant or property)")
    return found


def detail_of(actor: Actor, screening_id: str) -> tuple[Finding, ...]:
    """Return the restricted detail of a stored screening to a DA lead of its area; the view is audited."""
    permissions.check(actor, "view_screening_detail")

    def work(tx: ManagedTransaction) -> tuple[Finding, ...]:
        record = tx.run(queries.READ, id=screening_id).single()
        if record is None:
            raise InvalidInput(f"no screening {screening_id!r}")
        if not _in_area(tx, actor, record["s"]["property"]):
            raise PermissionDenied(actor.username, f"view the detail of screening {screening_id}",
                                   "the property is outside the area of the user's agency")
        findings = tuple(Finding(**f) for f in json.loads(record["s"]["detail"] or "[]"))
        audit.record(tx, actor, "view_screening_detail", "screening decided by a DA lead",
                     {"screening": screening_id}, _shown(screening_id, findings))
        return findings
    return db.write(work)


def latest(actor: Actor, nomination: str) -> ScreeningResult | None:
    """Return a nomination's latest screening (outcome and reasons; detail only for a DA lead, audited)."""
    permissions.check(actor, "screen_nomination")

    def work(tx: ManagedTransaction) -> ScreeningResult | None:
        record = tx.run(queries.LATEST, id=nomination).single()
        if record is None:
            return None
        s = record["s"]
        detail = None
        if _may_see_detail(tx, actor, s["property"]):
            detail = tuple(Finding(**f) for f in json.loads(s["detail"] or "[]"))
            audit.record(tx, actor, "view_screening_detail", "screening decided by a DA lead", {"screening": s["id"]},
                         _shown(s["id"], detail))
        reasons = shown_reasons(tuple(s["reasons"]), current(), detail is not None)
        return ScreeningResult(s["id"], db.native(s["at"]), db.native(s["on"]), s["outcome"], reasons,
                               int(s["policy_version"]), s["applicant"], s["property"], nomination, detail)
    return db.write(work)


def pending(actor: Actor) -> list[str]:
    """Return the ids of nominations waiting to be screened (received, or not yet in the workflow)."""
    permissions.check(actor, "screen_adhoc")
    return db.read(lambda tx: [r["id"] for r in tx.run(queries.PENDING)])
