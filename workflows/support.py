"""Support as a user: safe contact, needs assessments, the safety plan and the support plan of a case.

Every write needs `manage` on the case (da_case) and fires a record-only transition of the case's
`support_plan` workflow in the same transaction, so each step is in the history (field names only, never the
values) and in the audit. Reads need `view` on the support plan; the code word needs its `code_word` permission
(the assigned IDVA or caseworker only).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from graph_model import audit, db, text
from graph_model.errors import InvalidInput
from graph_model.support import records
from graph_model.users import Actor
from graph_model.workflow import store
from workflows import security
from workflows.clock import Clock, from_env
from workflows.durations import parse_duration
from workflows.engine import WorkflowTx
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef
from workflows.registry import Registry, default
from workflows.support_policy import CONTACT_WAYS, INTERPRETER, NEEDS_AREAS, WARNINGS

T = TypeVar("T")
CODE_WORD = "code_word"
TEXT_FIELDS = ("safe_times", "phone", "language", "interpreter_notes", "accessibility", "notes")


@dataclass(frozen=True)
class SafeContactView:
    """A victim's safe contact details as the reader may see them (code word shown or withheld)."""

    person: str
    name: str
    contact: dict[str, Any]
    code_word_withheld: bool


def plan_ref(case_id: str) -> ObjectRef:
    """Return the support plan object of a case (its id is the case's)."""
    return ObjectRef("support_plan", case_id)


def write(case_id: str, actor: Actor, transition: str, comment: str, body: Callable[[Any, WorkflowTx], T],
          detail: dict[str, Any], clock: Clock | None = None, registry: Registry | None = None) -> T:
    """Check `manage` on the case, fire a support_plan transition, run body, audit: one transaction."""
    reg, now = registry or default(), (clock or from_env()).now()

    def work(tx: Any) -> T:
        security.check_in(tx, reg, actor, "manage", ObjectRef("case", case_id))
        records.ensure_plan(tx, case_id, now)
        wtx = WorkflowTx(tx, reg, actor, now)
        wtx.require("view", plan_ref(case_id))
        wtx.fire(plan_ref(case_id), transition, comment=comment)
        result = body(tx, wtx)
        audit.record(tx, actor, f"support_{transition}", comment, {"case": case_id, **detail}, subjects)
        return result
    subjects = [audit.subject("case", case_id)] + ([audit.subject("person", detail["person"])]
                                                   if detail.get("person") else [])
    with audit.denials(actor, f"support_{transition}", comment, subjects):
        return db.write_once(work)


def _victim(tx: Any, case_id: str, person_id: str) -> None:
    if person_id not in {v["id"] for v in records.victims(tx, case_id)}:
        raise UnknownObject(f"{person_id!r} is not a victim in case {case_id!r}")


def _check_contact(fields: dict[str, Any]) -> None:
    bad = [w for w in fields.get("ways") or [] if w not in CONTACT_WAYS]
    bad += [w for w in fields.get("warnings") or [] if w not in WARNINGS]
    if bad:
        raise InvalidInput(f"unknown contact way or warning: {', '.join(bad)} (ways: {', '.join(CONTACT_WAYS)}; "
                           f"warnings: {', '.join(WARNINGS)})")
    if fields.get("interpreter") not in (None, *INTERPRETER):
        raise InvalidInput("an interpreter is independent or not needed: never a family or community member "
                           "(IDVA guidance para 62); record 'independent' and note preferences")
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                text.check(name, item, text.MAX_LINE)


def set_contact(case_id: str, person_id: str, actor: Actor, fields: dict[str, Any], clock: Clock | None = None,
                registry: Registry | None = None) -> list[str]:
    """Record (merge) a victim's safe contact details; return the fields changed (values never logged)."""
    given = {k: v for k, v in fields.items() if v is not None}
    _check_contact(given)
    known = {"ways", "warnings", "interpreter", CODE_WORD, *TEXT_FIELDS}
    unknown = sorted(set(given) - known)
    if unknown or not given:
        raise InvalidInput(f"give safe contact fields ({', '.join(sorted(known))})" +
                           (f"; unknown: {', '.join(unknown)}" if unknown else ""))
    names = sorted(given)

    def body(tx: Any, wtx: WorkflowTx) -> list[str]:
        _victim(tx, case_id, person_id)
        current = next(iter(records.contacts(tx, [person_id])))["contact"]
        kept = {k: v for k, v in current.items() if k not in ("person", "updated_at", "updated_by")}
        records.set_contact(tx, person_id, {**kept, **given}, actor.username, wtx.now)
        return names
    return write(case_id, actor, "record_safe_contact", f"safe contact of {person_id}: {', '.join(names)}", body,
                 {"person": person_id, "fields": names}, clock, registry)


def set_spoc(case_id: str, person_id: str, spoc: str, actor: Actor, victim_agreed: bool, clock: Clock | None = None,
             registry: Registry | None = None) -> None:
    """Record the single point of contact the victim chose (with their agreement); changeable at any time."""
    if not victim_agreed:
        raise InvalidInput("a SPOC is recorded only with the victim's agreement (IDVA guidance paras 90-95)")
    text.check("the SPOC", spoc, text.MAX_LINE)
    if not spoc.strip() or len(spoc) > 200:
        raise InvalidInput("name the SPOC (a worker and their agency), up to 200 characters")

    def body(tx: Any, wtx: WorkflowTx) -> None:
        _victim(tx, case_id, person_id)
        current = next(iter(records.contacts(tx, [person_id])))["contact"]
        kept = {k: v for k, v in current.items() if k not in ("person", "updated_at", "updated_by")}
        previous = list(kept.get("spoc_previous") or [])
        if kept.get("spoc"):
            previous.append(f"{kept['spoc']} (agreed {kept.get('spoc_agreed_on')}, until {wtx.today})")
        kept.update(spoc=spoc.strip(), spoc_agreed_on=wtx.today, spoc_previous=previous)
        records.set_contact(tx, person_id, kept, actor.username, wtx.now)
    write(case_id, actor, "change_spoc", f"SPOC of {person_id} chosen by the victim: {spoc.strip()}", body,
          {"person": person_id}, clock, registry)


def contact(case_id: str, actor: Actor, registry: Registry | None = None,
            purpose: str | None = None) -> list[SafeContactView]:
    """Return the victims' safe contact details (needs `view` on the support plan; code word only for the
    assigned IDVA or caseworker)."""
    reg = registry or default()

    def work(tx: Any) -> list[SafeContactView]:
        if not records.plan_exists(tx, case_id):
            security.check_in(tx, reg, actor, "view", ObjectRef("case", case_id))
            return [SafeContactView(v["id"], v["name"], {}, False) for v in records.victims(tx, case_id)]
        roles = security.check_in(tx, reg, actor, "view", plan_ref(case_id))
        sees = security.granted(reg, CODE_WORD, roles, security.states_of(tx, reg, plan_ref(case_id)))[0]
        people = [v["id"] for v in records.victims(tx, case_id)]
        found = []
        for row in records.contacts(tx, people):
            shown = dict(row["contact"])
            withheld = CODE_WORD in shown and not sees
            if withheld:
                shown[CODE_WORD] = "(agreed: ask the assigned IDVA)"
            found.append(SafeContactView(row["person"], row["name"], shown, withheld))
        return found
    with audit.consultation(actor, "view_safe_contact", purpose, [audit.subject("case", case_id)]) as seen:
        views = db.read(work)
        seen.add(*audit.people(v.person for v in views))
        seen.detail["code_word_shown"] = any(CODE_WORD in v.contact and not v.code_word_withheld for v in views)
        return views


@dataclass(frozen=True)
class NeedsView:
    """The latest needs assessment and the risk review clock."""

    needs: dict[str, Any] | None
    latest_dash: date | None
    risk_review_due: date | None
    risk_review_running: bool


def record_needs(case_id: str, actor: Actor, areas: dict[str, str], nrpf: bool = False, change: str | None = None,
                 on: date | None = None, clock: Clock | None = None, registry: Registry | None = None) -> str:
    """Record a needs assessment; a change of circumstances (e.g. a release date) also starts a risk review."""
    unknown = sorted(set(areas) - set(NEEDS_AREAS))
    for name, value in areas.items():
        text.check(f"the need {name!r}", value, text.MAX_LINE)
    text.check_optional("the change of circumstances", change, text.MAX_LINE)
    if unknown or not areas:
        raise InvalidInput(f"give needs areas from: {', '.join(NEEDS_AREAS)}" +
                           (f" (unknown: {', '.join(unknown)})" if unknown else ""))
    reg = registry or default()
    need_id = f"NA-{uuid.uuid4().hex[:10]}"

    def body(tx: Any, wtx: WorkflowTx) -> str:
        day = on or wtx.today
        d = reg.definition("da_case")
        interval = parse_duration(str(reg.setting(d, "$risk_review_interval", None)))
        records.add_needs(tx, case_id, need_id, day, areas, nrpf, change, day + interval.delta,
                          actor.username, wtx.now)
        case = ObjectRef("case", case_id)
        if change and wtx.status(case, "da_case").state == "supported":
            wtx.fire(case, "review", comment=f"change of circumstances: {change}", workflow="da_case")
        return need_id
    return write(case_id, actor, "record_needs", f"needs assessment {need_id}: {', '.join(sorted(areas))}"
                 + ("; change of circumstances" if change else ""), body, {"needs": need_id}, clock, registry)


def needs(case_id: str, actor: Actor, registry: Registry | None = None, purpose: str | None = None) -> NeedsView:
    """Return the latest needs assessment and when the risk must next be reviewed (da_case's review clock)."""
    from graph_model.support import referral as referral_q

    reg = registry or default()

    def work(tx: Any) -> NeedsView:
        security.check_in(tx, reg, actor, "view", ObjectRef("case", case_id))
        dash = referral_q.dash(tx, case_id)
        latest = dash[0]["date"] if dash else None
        running = [d for d in store.deadlines_of(tx, store.status_key("case", "da_case", case_id))
                   if d["deadline"] == "risk_review"]
        if running:
            return NeedsView(records.latest_needs(tx, case_id), latest, running[0]["due"].date(), True)
        d = reg.definition("da_case")
        interval = parse_duration(str(reg.setting(d, "$risk_review_interval", None))).delta
        return NeedsView(records.latest_needs(tx, case_id), latest, latest + interval if latest else None, False)
    with audit.consultation(actor, "view_needs", purpose, [audit.subject("case", case_id)]):
        return db.read(work)
