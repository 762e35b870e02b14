"""Equality monitoring (Equality Act 2010, the nine protected characteristics) as a user.

Answers are recorded only with the person's consent to equality monitoring (given now, or recorded before: an
`EqualityConsent`, or a hearth/1 `Consent` of scope `equality_monitoring`); each answer may be "prefer not to
say". The consent is kept apart from the case's consents, so withdrawing it never reads as withdrawing consent
to the case. They are stored
apart from the person (graph_model/support/equality.py) and come back only as counts per area and period, with
cells under 5 shown as "<5", compared with the national MARAC profile of ../shared/domain.md. Recording needs the
case's support permission (`support` on its support plan); the report needs `equality_report`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from graph_model import audit, db, permissions
from graph_model.analytics.pseudonym import pseudonym
from graph_model.errors import InvalidInput
from graph_model.support import equality as equality_q
from graph_model.support import records
from graph_model.users import Actor
from workflows.clock import Clock, from_env
from workflows.engine import WorkflowTx
from workflows.errors import UnknownObject
from workflows.registry import Registry, default
from workflows.support import plan_ref

PREFER = "prefer_not_to_say"
NOT_RECORDED = "not_recorded"
SUPPRESS_UNDER = 5
# The answers each characteristic takes (ONS 2021 census groupings where there is one), besides PREFER.
CHARACTERISTICS: dict[str, tuple[str, ...]] = {
    "age_band": ("16_17", "18_24", "25_34", "35_44", "45_54", "55_64", "65_plus"),
    "disability": ("yes", "no"),
    "gender_reassignment": ("yes", "no"),
    "marriage_civil_partnership": ("married", "civil_partnership", "neither"),
    "pregnancy_maternity": ("pregnant", "recently_gave_birth", "neither"),
    "race_ethnicity": ("asian", "black", "mixed", "white", "other"),
    "religion_belief": ("none", "buddhist", "christian", "hindu", "jewish", "muslim", "sikh", "other"),
    "sex": ("female", "male"),
    "sexual_orientation": ("heterosexual", "gay_or_lesbian", "bisexual", "other"),
}
# The national MARAC profile (SafeLives, UK MARACs, 12 months to June 2023; ../shared/domain.md): the only
# protected characteristics it gives. Shares are of those who answered (prefer-not-to-say and not recorded left out).
NATIONAL: dict[tuple[str, str], float] = {("sex", "male"): 0.065, ("age_band", "16_17"): 0.013}
NATIONAL_SOURCE = "SafeLives, UK MARACs, 12 months to June 2023 (../shared/domain.md)"


class ConsentRequired(InvalidInput):
    """Equality answers were offered for a person who has not consented to equality monitoring."""


def check_answers(answers: dict[str, str]) -> None:
    """Raise InvalidInput naming every unknown characteristic or answer."""
    bad = [f"{k} (characteristics: {', '.join(CHARACTERISTICS)})" for k in answers if k not in CHARACTERISTICS]
    bad += [f"{k}={v} ({k} takes {', '.join((*CHARACTERISTICS[k], PREFER))})" for k, v in answers.items()
            if k in CHARACTERISTICS and v not in (*CHARACTERISTICS[k], PREFER)]
    if bad or not answers:
        raise InvalidInput("give equality answers as CHARACTERISTIC=ANSWER" + (f"; unknown: {'; '.join(bad)}"
                                                                            if bad else ""))


def _victim(tx: Any, case_id: str, person_id: str) -> None:
    if person_id not in {v["id"] for v in records.victims(tx, case_id)}:
        raise UnknownObject(f"{person_id!r} is not a victim in case {case_id!r}")


def _require_support(tx: Any, reg: Registry, actor: Actor, case_id: str, now: Any) -> WorkflowTx:
    records.ensure_plan(tx, case_id, now)
    wtx = WorkflowTx(tx, reg, actor, now)
    wtx.require("support", plan_ref(case_id))
    return wtx


def record(case_id: str, person_id: str, actor: Actor, answers: dict[str, str], consent_given: bool = False,
           clock: Clock | None = None, registry: Registry | None = None) -> int:
    """Record a victim's equality answers (replacing earlier ones) with their consent: given now
    (`consent_given`, recorded as an EqualityConsent) or recorded before; else refuse. Return how many answers."""
    check_answers(answers)
    reg, now = registry or default(), (clock or from_env()).now()
    key = pseudonym(person_id, "equality")

    def work(tx: Any) -> int:
        wtx = _require_support(tx, reg, actor, case_id, now)
        _victim(tx, case_id, person_id)
        if consent_given:
            equality_q.add_consent(tx, f"K-{uuid.uuid4().hex[:10]}", person_id, "given", wtx.today, actor.id)
        else:
            latest = equality_q.latest_consent(tx, person_id)
            if latest is None or latest["status"] != "given":
                why = "none is recorded" if latest is None else f"the latest is {latest['status']} ({latest['date']})"
                raise ConsentRequired(f"{person_id} has not consented to equality monitoring ({why}): nothing is "
                                      "recorded; ask, and record their consent with the answers")
        case = equality_q.case_period(tx, case_id) or {}
        equality_q.set_record(tx, key, {"area": case.get("area"), "period": case.get("opened") or wtx.today,
                                        "role": "victim", "recorded_on": wtx.today, **answers})
        audit.record(tx, actor, "record_equality", "equality monitoring (answers never logged)",
                     {"case": case_id, "person": person_id, "answered": len(answers)},
                     [audit.subject("case", case_id), audit.subject("person", person_id)])
        return len(answers)
    return db.write_once(work)


def withdraw(case_id: str, person_id: str, actor: Actor, clock: Clock | None = None,
             registry: Registry | None = None) -> bool:
    """Record the victim's withdrawal of consent and erase their answers; return True when answers were erased."""
    reg, now = registry or default(), (clock or from_env()).now()
    key = pseudonym(person_id, "equality")

    def work(tx: Any) -> bool:
        wtx = _require_support(tx, reg, actor, case_id, now)
        _victim(tx, case_id, person_id)
        equality_q.add_consent(tx, f"K-{uuid.uuid4().hex[:10]}", person_id, "withdrawn", wtx.today, actor.id)
        erased = equality_q.erase_record(tx, key) > 0
        audit.record(tx, actor, "withdraw_equality", "consent withdrawn: equality answers erased",
                     {"case": case_id, "person": person_id, "erased": erased},
                     [audit.subject("case", case_id), audit.subject("person", person_id)])
        return erased
    return db.write_once(work)


@dataclass(frozen=True)
class Cell:
    """One answer's count, as shown: a number, or "<5"."""

    answer: str
    shown: str


@dataclass(frozen=True)
class Characteristic:
    """One characteristic in one area: its cells, and the comparison with the national profile where it has one."""

    name: str
    cells: tuple[Cell, ...]
    comparison: tuple[tuple[str, str, str], ...]  # (answer, local share or why not shown, national share)


@dataclass(frozen=True)
class AreaEquality:
    """One area's counts in the period (total as shown)."""

    area: str
    total: str
    characteristics: tuple[Characteristic, ...]


@dataclass(frozen=True)
class EqualityReport:
    """Equality monitoring in aggregate only: per area, counts with small numbers suppressed."""

    start: date
    end: date
    role: str
    areas: tuple[AreaEquality, ...]
    national_source: str = NATIONAL_SOURCE


def suppress(values: dict[str, int], total: int) -> dict[str, bool]:
    """Return which cells to hide: every cell under 5, then (so the total cannot give one back) the smallest
    shown cell while only one is hidden or the hidden ones could only be all 4s."""
    hidden = {k: v < SUPPRESS_UNDER for k, v in values.items()}
    while True:
        k = [name for name, h in hidden.items() if h]
        rest = total - sum(v for name, v in values.items() if not hidden[name])
        shown = sorted((v, name) for name, v in values.items() if not hidden[name])
        recoverable = bool(k) and ((len(k) == 1 and rest > 0) or rest == (SUPPRESS_UNDER - 1) * len(k))
        if not recoverable or not shown:
            return hidden
        hidden[shown[0][1]] = True


def _characteristic(name: str, found: dict[str, int], total: int) -> Characteristic:
    values = {a: found.get(a, 0) for a in (*CHARACTERISTICS[name], PREFER, NOT_RECORDED)}
    hidden = suppress(values, total)
    cells = tuple(Cell(a, f"<{SUPPRESS_UNDER}" if hidden[a] else str(v)) for a, v in values.items())
    comparison = []
    for (char, answer), share in NATIONAL.items():
        if char != name:
            continue
        involved = CHARACTERISTICS[name]
        answered = sum(values[a] for a in involved)
        if any(hidden[a] for a in involved) or not answered:
            local = "not shown (small numbers)" if answered or any(hidden[a] for a in involved) else "no answers"
        else:
            local = f"{values[answer] / answered:.1%}"
        comparison.append((answer, local, f"{share:.1%}"))
    return Characteristic(name, cells, tuple(comparison))


def report(actor: Actor, start: date | None = None, end: date | None = None, area: str | None = None,
           clock: Clock | None = None, purpose: str | None = None) -> EqualityReport:
    """Return victims' equality monitoring per area for [start, end) (default: the 12 months to today), in
    aggregate only, with cells under 5 shown as "<5" (needs `equality_report`)."""
    with audit.consultation(actor, "equality_report", purpose or "equality monitoring in aggregate") as seen:
        permissions.check(actor, "equality_report")
        end = end or (clock or from_env()).now().date() + timedelta(days=1)
        start = start or end - timedelta(days=365)
        if start >= end:
            raise InvalidInput(f"the period must start before it ends ({start} to {end})")
        seen.detail.update(start=start.isoformat(), end=end.isoformat(), area=area)
        rows = db.read(lambda tx: equality_q.counts(tx, list(CHARACTERISTICS), "victim", start, end, area))
        areas = []
        for name in sorted({r["area"] for r in rows}):
            mine = [r for r in rows if r["area"] == name]
            total = sum(int(r["n"]) for r in mine if r["name"] == mine[0]["name"])
            if total < SUPPRESS_UNDER:
                areas.append(AreaEquality(name, f"<{SUPPRESS_UNDER}", ()))
                continue
            chars = tuple(_characteristic(c, {r["answer"]: int(r["n"]) for r in mine if r["name"] == c}, total)
                          for c in CHARACTERISTICS)
            areas.append(AreaEquality(name, str(total), chars))
        seen.detail["areas"] = len(areas)
        return EqualityReport(start, end, "victim", tuple(areas))
