"""Managed reciprocal moves as a user (source document 002 para 4.6; 004): a victim in a social tenancy moves to
another landlord or area keeping their security of tenure. The receiving landlord reads a referral that carries
only what it needs (household, needs, areas to avoid, risk level, tenure): never the applicant's name, id,
current address, postcode or coordinates. It acts through `read_referral`, `respond` and `let` only: it never
holds `view` on the move, its case or its history."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from graph_model import audit, db
from graph_model.errors import InvalidInput
from graph_model.screening.policy import Policy
from graph_model.screening.screen import ScreeningResult
from graph_model.support import options as options_q
from graph_model.support import referral as referral_q
from graph_model.support import tenancy as tenancy_q
from graph_model.users import Actor
from workflows import housing_options as common
from workflows import security, service
from workflows.clock import Clock
from workflows.engine import Fired, WorkflowTx
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef
from workflows.registry import Registry, default

PURPOSE = "managed reciprocal referral for the receiving landlord"


def ref(move_id: str) -> ObjectRef:
    """Return the workflow reference of a reciprocal move."""
    return ObjectRef("reciprocal_move", move_id)


def _items(values: list[str] | None, what: str) -> list[str]:
    items = [" ".join(v.split()) for v in values or [] if v.strip()]
    if any(len(v) > 300 for v in items) or len(items) > 20:
        raise InvalidInput(f"{what}: at most 20, each up to 300 characters")
    return items


def _identifying(words: list[str], texts: list[str]) -> list[str]:
    """Return the words (names, ids, address, postcode) that appear in any of the texts."""
    hits = []
    for word in words:
        squeezed = re.sub(r"\s+", "", word).casefold()
        for t in texts:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", t, re.IGNORECASE) or (
                    len(squeezed) >= 5 and squeezed in re.sub(r"\s+", "", t).casefold()):
                hits.append(word)
                break
    return hits


def draft(case_id: str, tenancy_id: str, receiving: str, actor: Actor, tenure: str, adults: int = 1,
          children: int = 0, bedrooms: int | None = None, needs: list[str] | None = None,
          avoid: list[str] | None = None, clock: Clock | None = None, registry: Registry | None = None) -> str:
    """Draft a reciprocal move of the victim holding `tenancy_id` to the `receiving` landlord; the needs and areas
    to avoid must not name anyone in the case nor where the victim lives."""
    if not (1 <= adults <= 6 and 0 <= children <= 12 and (bedrooms is None or 0 <= bedrooms <= 8)):
        raise InvalidInput("household: 1 to 6 adults, 0 to 12 children, 0 to 8 bedrooms")
    wanted, avoided = _items(needs, "needs"), _items(avoid, "areas to avoid")
    household = {"tenure": common.tenure(tenure), "adults": adults, "children": children, "bedrooms": bedrooms,
                 "needs": wanted, "avoid": avoided}

    def write(tx: Any, option_id: str, now: Any) -> None:
        t = common.held_tenancy(tx, case_id, tenancy_id, now.date(), "victim")
        common.social(t)
        to = referral_q.agency(tx, receiving)
        if to is None:
            raise UnknownObject(f"no agency {receiving!r} in the graph")
        if to["kind"] not in common.SOCIAL_LANDLORDS or to["id"] == t["landlord"]:
            raise InvalidInput(f"{receiving} is not another social landlord (a move within one landlord is an "
                               "emergency transfer)")
        named = _identifying(options_q.identifiers(tx, case_id, tenancy_id), wanted + avoided)
        if named:
            raise InvalidInput(f"the needs and areas to avoid must not identify the household or their home: "
                               f"remove {len(named)} name(s), id(s) or address detail(s)")
        options_q.create_reciprocal(tx, option_id, case_id, tenancy_id, receiving, household, now.date(),
                                    actor.username, now)
    return common.create(case_id, actor, "reciprocal_move", write,
                         {"tenancy": tenancy_id, "receiving": receiving}, clock, registry)


def send(move_id: str, actor: Actor, clock: Clock | None = None, registry: Registry | None = None) -> Fired:
    """Send the referral to the receiving landlord (needs the victim's consent)."""
    return service.fire(ref(move_id), "send", actor, registry=registry, clock=clock)


def offer(move_id: str, property_id: str, offered_tenure: str, actor: Actor, clock: Clock | None = None,
          registry: Registry | None = None, policy: Policy | None = None) -> tuple[Fired, ScreeningResult]:
    """The receiving landlord offers a home of theirs: screened for the household, then `offer` fires if it is
    theirs, vacant, outside the areas to avoid, clear and keeps the tenure; all or nothing."""
    kept = common.tenure(offered_tenure)
    r = ref(move_id)

    def work(tx: Any, wtx: WorkflowTx) -> tuple[Fired, ScreeningResult]:
        o = common.found(tx, r)
        # Only the receiving landlord's own homes are screened: no probing where the household may not go.
        if (tenancy_q.home(tx, property_id, wtx.today) or {}).get("landlord") != o["receiving"]:
            raise InvalidInput(f"{property_id} is not a home of the receiving landlord")
        result = common.propose(tx, wtx, r, property_id, kept, o["tenant"], policy)
        fired = wtx.fire(r, "offer", params={"property": property_id}, workflow=r.type)
        return fired, ScreeningResult(result.screening_id, result.at, result.on, result.outcome, result.reasons,
                                      result.policy, "the applicant", property_id, None, None)
    return common.acting(r, actor, "respond", work, clock, registry, view=False)


def decline(move_id: str, reason: str, actor: Actor, clock: Clock | None = None,
            registry: Registry | None = None) -> Fired:
    """The receiving landlord declines, saying why."""
    r = ref(move_id)
    text = common.text(reason, "the reason")
    return common.acting(r, actor, "respond", lambda tx, wtx: wtx.fire(r, "decline", comment=text, workflow=r.type),
                         clock, registry, view=False)


def move(move_id: str, moved_on: date, actor: Actor, clock: Clock | None = None,
         registry: Registry | None = None) -> Fired:
    """Record the move: the old tenancy ends that day, the new one with the receiving landlord begins."""
    return common.move(ref(move_id), moved_on, actor, "let", clock=clock, registry=registry, view=False)


@dataclass(frozen=True)
class ReciprocalReferral:
    """What the receiving landlord reads: the household and its needs, never who or where."""

    referral: str
    sent_on: date
    from_agency: str
    contact: str
    to_agency: str
    adults: int
    children: int
    bedrooms: int | None
    needs: tuple[str, ...]
    areas_to_avoid: tuple[str, ...]
    risk_level: str
    tenure_to_keep: str

    def as_dict(self) -> dict[str, Any]:
        """Return the referral as JSON-ready data."""
        return {**asdict(self), "sent_on": self.sent_on.isoformat(), "needs": list(self.needs),
                "areas_to_avoid": list(self.areas_to_avoid)}


def _risk(dash: list[dict[str, Any]]) -> str:
    if not dash:
        return "not assessed"
    yes, judgement = dash[0]["yes"] or 0, dash[0]["pj"]
    return "high" if judgement or yes >= 14 else "medium" if yes >= 10 else "standard"


def referral(move_id: str, actor: Actor, registry: Registry | None = None,
             purpose: str | None = None) -> ReciprocalReferral:
    """Return the referral for the receiving landlord (needs `read_referral`; the view is audited)."""
    reg, r = registry or default(), ref(move_id)
    subjects: list[str] = []

    def work(tx: Any) -> ReciprocalReferral:
        security.check_in(tx, reg, actor, "read_referral", r)
        o = common.found(tx, r)
        subjects.extend([audit.subject("case", o["case"]), audit.subject("person", o["tenant"])])
        names = options_q.agency_names(tx, [o["receiving"]])
        return ReciprocalReferral(o["id"], o["requested_on"], options_q.user_agency(tx, o["by"]) or "-", o["by"],
                                  names.get(o["receiving"], o["receiving"]), int(o["adults"]), int(o["children"]),
                                  o.get("bedrooms"), tuple(o.get("needs") or ()), tuple(o.get("areas_to_avoid") or ()),
                                  _risk(referral_q.dash(tx, o["case"])), o["tenure"])
    with audit.consultation(actor, "view_reciprocal_referral", purpose or PURPOSE, [audit.subject(r.type, r.id)]) \
            as seen:
        found = db.read(work)
        seen.add(*subjects)
        return found


def to_text(d: ReciprocalReferral) -> str:
    """Return the referral as plain text the receiving landlord can read."""
    lines = [f"# Managed reciprocal referral {d.referral}", "",
             "OFFICIAL-SENSITIVE. The applicant's name and current address are withheld: contact the referrer.", "",
             f"- Sent {d.sent_on} by {d.from_agency} (contact: {d.contact}) to {d.to_agency}",
             f"- Household: {d.adults} adult(s), {d.children} child(ren)"
             + (f"; {d.bedrooms} bedroom(s) needed" if d.bedrooms is not None else ""),
             f"- Risk level: {d.risk_level}", f"- Tenure to keep: {d.tenure_to_keep} (security of tenure is kept)",
             "", "## Needs"]
    lines += [f"- {n}" for n in d.needs] or ["- none recorded"]
    lines += ["", "## Areas to avoid"] + ([f"- {a}" for a in d.areas_to_avoid] or ["- none recorded"])
    return "\n".join(lines) + "\n"
