"""The perpetrator side of a case as a user: MAPPA / perpetrator-panel flags, a release from prison (a change of
circumstances that starts the victim's risk review), counter-allegations and the primary perpetrator identified
with the specialist service (001 s.11.7).

Every write checks the case, then fires a record-only transition of the case's `perpetrator_record` workflow in
the same transaction (the history names what was recorded, never the detail) and is audited. Reads need `view`
on the perpetrator record: police, DA leads, MARAC roles and the IDVA on the case; never lettings officers or an
agency not party to the case.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from graph_model import audit, db
from graph_model.errors import InvalidInput, PermissionDenied
from graph_model.support import perpetrator as perpetrator_q
from graph_model.support import referral as referral_q
from graph_model.users import Actor
from graph_model.workflow import objects
from workflows import security
from workflows.clock import Clock, from_env
from workflows.engine import WorkflowTx
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef
from workflows.registry import Registry, default

T = TypeVar("T")
FLAG_KINDS = ("mappa", "perpetrator_panel", "matac")
MAPPA_CATEGORIES = {1: "registered sexual offender", 2: "violent offender", 3: "other dangerous offender"}
MAPPA_LEVELS = {1: "ordinary agency management", 2: "multi-agency management", 3: "multi-agency, senior oversight"}
# The specialist service a primary perpetrator is identified with (001 s.11.7: specialist domestic abuse agencies).
SPECIALIST_KINDS = frozenset({"idva_service", "specialist_da_service"})


def record_ref(case_id: str) -> ObjectRef:
    """Return the perpetrator record object of a case (its id is the case's)."""
    return ObjectRef("perpetrator_record", case_id)


def write(case_id: str, actor: Actor, case_permission: str, transition: str, comment: str,
          body: Callable[[Any, WorkflowTx], T], detail: dict[str, Any], clock: Clock | None = None,
          registry: Registry | None = None) -> T:
    """Check the case, fire a perpetrator_record transition, run body, audit: one transaction."""
    reg, now = registry or default(), (clock or from_env()).now()

    def work(tx: Any) -> T:
        security.check_in(tx, reg, actor, case_permission, ObjectRef("case", case_id))
        perpetrator_q.ensure_record(tx, case_id, now)
        wtx = WorkflowTx(tx, reg, actor, now)
        wtx.fire(record_ref(case_id), transition, comment=comment)
        result = body(tx, wtx)
        audit.record(tx, actor, f"perpetrator_{transition}", comment, {"case": case_id, **detail})
        return result
    return db.write_once(work)


def check_perpetrator(tx: Any, case_id: str, person_id: str) -> None:
    """Raise UnknownObject unless the person is a perpetrator in the case."""
    if person_id not in {p["id"] for p in perpetrator_q.perpetrators(tx, case_id)}:
        raise UnknownObject(f"{person_id!r} is not a perpetrator in case {case_id!r}")


def _flag_fields(kind: str, on: date, today: date, category: int | None, level: int | None, panel: str | None,
                 until: date | None) -> dict[str, Any]:
    if kind not in FLAG_KINDS:
        raise InvalidInput(f"a flag's kind is one of {', '.join(FLAG_KINDS)}")
    if kind == "mappa" and (category not in MAPPA_CATEGORIES or level not in MAPPA_LEVELS):
        raise InvalidInput("a MAPPA flag needs its category (1 registered sexual offender, 2 violent offender, "
                           "3 other dangerous offender) and level (1, 2 or 3)")
    if kind != "mappa" and (category is not None or level is not None):
        raise InvalidInput("only a MAPPA flag has a category and level")
    name = " ".join((panel or "").split())
    if (kind != "mappa" and not name) or len(name) > 200:
        raise InvalidInput(f"name the panel (e.g. 'Cambridge Perpetrator Panel'), up to 200 characters, for a "
                           f"{kind} flag")
    if on > today or (until is not None and until < on):
        raise InvalidInput(f"the flag's date ({on}) cannot be in the future, nor its end before it")
    return {"kind": kind, "category": category, "level": level, "panel": name or None, "on": on, "until": until}


def record_flag(case_id: str, person_id: str, actor: Actor, kind: str, on: date, category: int | None = None,
                level: int | None = None, panel: str | None = None, until: date | None = None,
                clock: Clock | None = None, registry: Registry | None = None) -> str:
    """Record a MAPPA (category, level) or perpetrator-panel / MATAC flag on a perpetrator of the case."""
    now = (clock or from_env()).now()
    fields = _flag_fields(kind, on, now.date(), category, level, panel, until)
    flag_id = f"PF-{uuid.uuid4().hex[:10]}"

    def body(tx: Any, wtx: WorkflowTx) -> str:
        check_perpetrator(tx, case_id, person_id)
        perpetrator_q.add_flag(tx, flag_id, person_id, case_id, {**fields, "agency": actor.agency_id},
                               actor.username, wtx.now)
        return flag_id
    return write(case_id, actor, "view", "record_flag", f"{kind} flag {flag_id} on {person_id}", body,
                 {"person": person_id, "flag": flag_id, "kind": kind}, clock, registry)


def record_release(case_id: str, person_id: str, on: date, actor: Actor, note: str | None = None,
                   clock: Clock | None = None, registry: Registry | None = None) -> tuple[str, bool]:
    """Record a perpetrator's (expected) release from prison; a recent or coming release on a supported case
    starts the victim's risk review (da_case `review`) in the same transaction. Return (id, review started)."""
    text = " ".join((note or "").split()) or None
    if text and len(text) > 500:
        raise InvalidInput("the note is longer than 500 characters")
    reg = registry or default()
    release_id = f"PR-{uuid.uuid4().hex[:10]}"

    def body(tx: Any, wtx: WorkflowTx) -> tuple[str, bool]:
        check_perpetrator(tx, case_id, person_id)
        perpetrator_q.add_release(tx, release_id, person_id, case_id, on, text, actor.username, wtx.now)
        case = ObjectRef("case", case_id)
        months = int(reg.setting(reg.definition("idva_referral"), "$recent_months", wtx.facts(case).area))
        recent = on >= _months_before(wtx.today, months)
        if recent and wtx.status(case, "da_case").state == "supported":
            wtx.fire(case, "review", comment=f"change of circumstances: perpetrator {person_id} released from "
                                             f"prison on {on}", workflow="da_case")
            return release_id, True
        return release_id, False
    return write(case_id, actor, "manage", "record_release", f"release from prison of {person_id} recorded",
                 body, {"person": person_id, "release": release_id}, clock, registry)


def _months_before(day: date, months: int) -> date:
    month0 = day.month - 1 - months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, 28))


@dataclass(frozen=True)
class CounterAllegation:
    """Two people in the case each recorded as perpetrator against the other, and the decision if there is one.
    Grounds never name another case: the reader may not see it."""

    victim: str
    perpetrator: str
    grounds: tuple[str, ...]
    decision: dict[str, Any] | None


def _counter(tx: Any, case_id: str) -> list[CounterAllegation]:
    found = []
    for p in perpetrator_q.counter_pairs(tx, case_id):
        grounds = [text for key, text in (("marked", "this case is recorded as a counter-allegation"),
                                          ("mirrored", "another case records the reverse allegation"),
                                          ("incident", "an incident is recorded from the victim towards the "
                                                       "perpetrator")) if p[key]]
        found.append(CounterAllegation(p["victim"], p["perpetrator"], tuple(grounds),
                                       perpetrator_q.decision(tx, p["victim"], p["perpetrator"])))
    return found


def identify_primary(case_id: str, primary: str, other: str, service: str, decided_by: str, decided_on: date,
                     rationale: str, actor: Actor, clock: Clock | None = None,
                     registry: Registry | None = None) -> str:
    """Record who the specialist service identified as the primary perpetrator of a counter-allegation: who
    decided, with which service, on which day, and why."""
    why, who = " ".join(rationale.split()), " ".join(decided_by.split())
    if not 10 <= len(why) <= 2000 or not 1 <= len(who) <= 200:
        raise InvalidInput("give the rationale (10 to 2,000 characters) and who decided (a name and role, up to "
                           "200 characters)")
    decision_id = f"PD-{uuid.uuid4().hex[:10]}"

    def body(tx: Any, wtx: WorkflowTx) -> str:
        if decided_on > wtx.today:
            raise InvalidInput(f"the decision date {decided_on} is in the future")
        pairs = {frozenset((c.victim, c.perpetrator)) for c in _counter(tx, case_id)}
        if frozenset((primary, other)) not in pairs or primary == other:
            raise InvalidInput(f"{primary} and {other} are not a counter-allegation in case {case_id} "
                               f"(see hearth support perpetrator show {case_id})")
        agency = referral_q.agency(tx, service)
        if agency is None or agency["kind"] not in SPECIALIST_KINDS:
            raise InvalidInput(f"{service!r} is not a specialist domestic abuse service (an agency of kind "
                               f"{' or '.join(sorted(SPECIALIST_KINDS))}): 001 s.11.7")
        perpetrator_q.add_decision(tx, decision_id, case_id, {
            "primary": primary, "other": other, "service": service, "decided_by": who, "on": decided_on,
            "rationale": why}, actor.username, wtx.now)
        return decision_id
    return write(case_id, actor, "view", "identify_primary",
                 f"primary perpetrator {primary} (other party {other}) identified with {service}, decision "
                 f"{decision_id}; rationale recorded", body,
                 {"decision": decision_id, "primary": primary, "other": other, "service": service}, clock, registry)


def check_view(tx: Any, reg: Registry, actor: Actor, case_id: str) -> None:
    """Raise PermissionDenied unless the actor may view the case's perpetrator record (one not yet written is
    judged by the case's facts at the workflow's initial state)."""
    if perpetrator_q.record_exists(tx, case_id):
        security.check_in(tx, reg, actor, "view", record_ref(case_id))
        return
    facts = objects.facts(tx, "case", [case_id], actor.id, actor.agency_id).get(case_id)
    if facts is None:
        raise UnknownObject(f"no case {case_id!r} in the graph")
    roles = security.effective_roles(reg, actor, facts, objects.agency_area(tx, actor.agency_id))
    d = reg.definition("perpetrator_record")
    ok, reason = security.granted(reg, "view", roles, {d.id: (d.version, d.initial_state)})
    if not ok:
        raise PermissionDenied(actor.username, f"view {record_ref(case_id)}", reason)


def _here(record: dict[str, Any], case_id: str) -> dict[str, Any]:
    """Return a flag or release as shown on one case: the case it was recorded in only when it is this one (a flag
    belongs to the person and shows on all their cases, but the reader may not see the others)."""
    return {**record, "recorded_in_case": case_id if record.get("recorded_in_case") == case_id else None}


@dataclass(frozen=True)
class PerpetratorView:
    """The case's perpetrators with their flags and release dates, counter-allegations, programme referrals."""

    case: str
    perpetrators: tuple[dict[str, Any], ...]
    counter_allegations: tuple[CounterAllegation, ...]
    programme_referrals: tuple[dict[str, Any], ...]


def show(case_id: str, actor: Actor, registry: Registry | None = None, purpose: str | None = None) -> PerpetratorView:
    """Return the perpetrator side of a case (needs `view` on its perpetrator record)."""
    reg = registry or default()

    def work(tx: Any) -> PerpetratorView:
        check_view(tx, reg, actor, case_id)
        people = perpetrator_q.perpetrators(tx, case_id)
        ids = [p["id"] for p in people]
        flags = [_here(f, case_id) for f in perpetrator_q.flags(tx, ids)]
        releases = [_here(r, case_id) for r in perpetrator_q.releases(tx, ids)]
        shown = tuple({**p, "flags": [f for f in flags if f["person"] == p["id"]],
                       "releases": [r for r in releases if r["person"] == p["id"]]} for p in people)
        referrals = []
        for r in perpetrator_q.programme_referrals(tx, case_id):
            ref = ObjectRef("perpetrator_programme", r["id"])
            try:
                security.check_in(tx, reg, actor, "view", ref)
            except PermissionDenied:
                continue
            referrals.append({**r, "state": security.states_of(tx, reg, ref)["perpetrator_programme"][1]})
        return PerpetratorView(case_id, shown, tuple(_counter(tx, case_id)), tuple(referrals))
    with audit.consultation(actor, "view_perpetrator_side", purpose or "perpetrator side of a case",
                            [audit.subject("case", case_id)]) as seen:
        view = db.read(work)
        seen.add(*audit.people(p["id"] for p in view.perpetrators))
        return view
