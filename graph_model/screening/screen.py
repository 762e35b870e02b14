"""Screen a nomination (or an applicant and a property): evaluate, store the result, audit, redact."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from neo4j import ManagedTransaction

from graph_model import audit, connections, db, permissions, text
from graph_model.errors import InvalidInput, UnknownPerson
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


def _target(tx: ManagedTransaction, applicant: str, property_id: str) -> dict[str, Any]:
    record = tx.run(queries.TARGET, property=property_id, applicant=applicant).single(strict=True)
    if not record["applicant"]:
        raise UnknownPerson(f"no person {applicant!r} in the graph")
    if not record["found"]:
        raise InvalidInput(f"no property {property_id!r} in the graph")
    return record.data()


def evaluate(tx: ManagedTransaction, applicant: str, property_id: str, on: date,
             policy: Policy) -> tuple[str, tuple[str, ...], list[Finding], Policy]:
    """Run the rules inside tx: (outcome, reasons, findings, the area's policy)."""
    target = _target(tx, applicant, property_id)
    local = policy.for_area(target["area"])
    params = {"applicant": applicant, "on": on, "point": target["point"], "building": target["building"],
              "orders": local.court_orders_protect}
    rows = db.rows(tx, queries.LINKS, **params)
    people = sorted(connections.connected_ids_in(tx, applicant, on))
    connected = db.rows(tx, queries.CONNECTED_LINKS, people=people, applicant=applicant, on=on,
                        point=target["point"], inner=local.inner_radius_m) if people else []
    for row in rows + connected:
        row["state_since"] = db.native(row.get("state_since"))
    findings = apply(rows, connected, local, on)
    result, reasons = outcome(findings)
    return result, reasons, findings, local


def screen_in(tx: ManagedTransaction, actor: Actor, applicant: str, property_id: str, on: date,
              nomination: str | None, policy: Policy | None = None, now: datetime | None = None) -> ScreeningResult:
    """Screen inside tx, store the result (with its restricted detail) and audit it; the caller checked access."""
    used = policy or current()
    result, reasons, findings, local = evaluate(tx, applicant, property_id, on, used)
    at, sid = now or datetime.now(UTC), f"S-{uuid.uuid4().hex[:12]}"
    tx.run(queries.STORE, id=sid, at=at, on=on, outcome=result, reasons=list(reasons), policy=used.version,
           applicant=applicant, property=property_id, by=actor.username, nomination=nomination,
           detail=json.dumps([asdict(f) for f in findings])).consume()
    audit.record(tx, actor, "screen_nomination", "perpetrator-proximity screening",
                 {"screening": sid, "nomination": nomination, "outcome": result})
    detail = tuple(findings) if _may_see_detail(actor) else None
    if detail is not None:
        audit.record(tx, actor, "view_screening_detail", "screening decided by a DA lead", {"screening": sid},
                     _shown(sid, detail))
    return ScreeningResult(sid, at, on, result, reasons, used.version, applicant, property_id, nomination, detail)


def _shown(screening_id: str, findings: tuple[Finding, ...]) -> list[str]:
    """Return the audit subjects of a screening detail view: the screening, and the people and cases it names."""
    keys = [audit.subject("screening", screening_id)]
    for f in findings:
        keys += [audit.subject("person", p) for p in (f.person_id, f.via_person) if p]
        keys += [audit.subject("case", f.case_id)] if f.case_id else []
    return keys


def _may_see_detail(actor: Actor) -> bool:
    try:
        permissions.check(actor, "view_screening_detail")
    except permissions.PermissionDenied:
        return False
    return True


def screen_adhoc(actor: Actor, applicant: str, property_id: str, on: date | None = None,
                 policy: Policy | None = None) -> ScreeningResult:
    """Screen an applicant against a property with no nomination record (needs screen_adhoc)."""
    permissions.check(actor, "screen_adhoc")
    text.check_id("the applicant's id", applicant)
    text.check_id("the property's id", property_id)
    day = on or date.today()
    return db.write(lambda tx: screen_in(tx, actor, applicant, property_id, day, None, policy))


def nomination_target(tx: ManagedTransaction, nomination: str) -> tuple[str, str, date]:
    """Return (applicant, property, date) of a nomination, or raise InvalidInput."""
    record = tx.run(queries.NOMINATION, id=nomination).single()
    if record is None:
        raise InvalidInput(f"no nomination {nomination!r} (or it has no applicant or property)")
    return record["applicant"], record["property"], db.native(record["on"])


def detail_of(actor: Actor, screening_id: str) -> tuple[Finding, ...]:
    """Return the restricted detail of a stored screening to a DA lead; the view is audited."""
    permissions.check(actor, "view_screening_detail")

    def work(tx: ManagedTransaction) -> tuple[Finding, ...]:
        record = tx.run(queries.READ, id=screening_id).single()
        if record is None:
            raise InvalidInput(f"no screening {screening_id!r}")
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
        if _may_see_detail(actor):
            detail = tuple(Finding(**f) for f in json.loads(s["detail"] or "[]"))
            audit.record(tx, actor, "view_screening_detail", "screening decided by a DA lead", {"screening": s["id"]},
                         _shown(s["id"], detail))
        return ScreeningResult(s["id"], db.native(s["at"]), db.native(s["on"]), s["outcome"], tuple(s["reasons"]),
                               int(s["policy_version"]), s["applicant"], s["property"], nomination, detail)
    return db.write(work)


def pending(actor: Actor) -> list[str]:
    """Return the ids of nominations waiting to be screened (received, or not yet in the workflow)."""
    permissions.check(actor, "screen_adhoc")
    return db.read(lambda tx: [r["id"] for r in tx.run(queries.PENDING)])
