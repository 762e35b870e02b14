"""One object as the signed-in user sees it: state, timeline, history, and the transitions they may fire."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard.services.acting import actor
from graph_model import audit, case_timeline
from graph_model.case_timeline import CaseTimeline
from graph_model.errors import InvalidInput
from graph_model.workflow.objects import OBJECT_TYPES
from workflows import registry, security, service
from workflows.definitions import ParamDefinition
from workflows.engine import Fired
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef
from workflows.service import Status, TransitionOption

OBJECT_KINDS = tuple(sorted(OBJECT_TYPES))


def parse(text: str) -> ObjectRef:
    """Return the object named `type:id` (e.g. case:C1), or raise InvalidInput naming the known types."""
    kind, _, ident = text.strip().partition(":")
    if kind not in OBJECT_TYPES or not ident.strip():
        raise InvalidInput(f"name an object as type:id, e.g. case:C1 (types: {', '.join(OBJECT_KINDS)})")
    return ObjectRef(kind, ident.strip())


def status(obj: ObjectRef) -> list[Status]:
    """Return where the object stands in each workflow of its chain (needs view)."""
    return service.state(obj, actor())


def timeline(case_id: str, purpose: str | None = None) -> CaseTimeline:
    """Return a case's incidents, assessments, referrals, consents and MARAC listings (needs view; audited)."""
    user = actor()
    with audit.consultation(user, "view_case_timeline", purpose, [audit.subject("case", case_id)]) as seen:
        security.check(user, "view", ObjectRef("case", case_id))
        found = case_timeline.timeline(case_id)
        if found is None:
            raise UnknownObject(f"no case {case_id!r} in the graph")
        seen.add(*audit.people(case_timeline.person_ids(found)))
        return found


@dataclass(frozen=True)
class CaseView:
    """What the Case page shows of one object: states, the transitions open to the user, history, timeline."""

    states: list[Status]
    options: list[TransitionOption]
    history: list[dict[str, Any]]
    timeline: CaseTimeline | None


def open_object(obj: ObjectRef, purpose: str | None = None) -> CaseView:
    """Return all the Case page shows of an object, read as one consultation: one audit event per page view,
    naming the object and every person the timeline showed (its parts: state, history, timeline)."""
    user = actor()
    with audit.consultation(user, "view_case", purpose, [audit.subject(obj.type, obj.id)]):
        states = service.state(obj, user)
        options = service.available_transitions(obj, user)
        found = service.history(obj, user)
        shown = timeline(obj.id) if obj.type == "case" else None
        return CaseView(states, options, found, shown)


def history(obj: ObjectRef) -> list[dict[str, Any]]:
    """Return the object's workflow history, oldest first (needs view)."""
    return service.history(obj, actor())


def transitions(obj: ObjectRef) -> list[TransitionOption]:
    """Return the transitions leaving the object's states: allowed now, or why not."""
    return service.available_transitions(obj, actor())


def params_of(workflow: str, transition: str) -> tuple[ParamDefinition, ...]:
    """Return the values a transition asks for (text, username, date; choices)."""
    return registry.default().definition(workflow).transitions[transition].params


def fire(obj: ObjectRef, workflow: str, transition: str, comment: str, params: dict[str, Any]) -> Fired:
    """Fire a transition as the signed-in user (guarded, in the history, audited by the engine)."""
    given = {k: v for k, v in params.items() if v not in (None, "")}
    return service.fire(obj, transition, actor(), comment=comment, params=given or None, workflow=workflow)
