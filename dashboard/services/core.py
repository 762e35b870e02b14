"""Services of the first pages: loaded data, connections, analytics, workflows, screening (as the signed-in user)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard.services.acting import actor as _operator
from graph_model import connections, db, read_model
from graph_model.analytics import ego as analytics_ego
from graph_model.analytics import figures as analytics_figures
from graph_model.analytics import offending, paths
from graph_model.analytics.ego import EgoNetwork
from graph_model.analytics.figures import Figures
from graph_model.analytics.offending import AreaRepeats, SerialPerpetrator
from graph_model.analytics.paths import PathsAnswer
from graph_model.connections import ConnectionVerdict
from graph_model.errors import HearthError
from graph_model.screening import policy as screening_policy_file
from graph_model.screening import screen as screening_core
from graph_model.screening.rules import Finding
from workflows import diagrams, registry, screening, service, worklists
from workflows.definitions import WorkflowDefinition
from workflows.engine import Fired
from workflows.refs import ObjectRef
from workflows.screening import QueueReport, ScreeningResult

__all__ = ["ConnectionVerdict", "EgoNetwork", "Finding", "HearthError", "QueueReport", "ScreeningResult",
           "WorkflowDefinition", "check_connection", "decide_nomination", "ego", "figures", "how_connected",
           "loaded_counts", "nominations_to_decide", "pending_nominations", "repeats", "screen_all",
           "screen_nomination", "screening_detail", "screening_operator", "screening_policy", "serial_perpetrators",
           "workflow_diagrams", "workflow_titles"]


def loaded_counts() -> tuple[str, dict[str, int]]:
    """Return the signed-in user's username and the records loaded per section."""
    actor = _operator()
    return actor.username, read_model.loaded_summary(actor).counts


def check_connection(a: str, b: str, on: date | None) -> ConnectionVerdict:
    """Return the personal-connection verdict for two people, as the signed-in user."""
    return connections.check(_operator(), a, b, on=on)


def serial_perpetrators(area: str | None, limit: int) -> list[SerialPerpetrator]:
    """Return the ranked serial perpetrators, as the signed-in user."""
    return offending.serial_perpetrators(_operator(), area=area or None, limit=limit)


def repeats(start: date, end: date, area: str | None) -> list[AreaRepeats]:
    """Return repeat victims and repeat MARAC cases per area, as the signed-in user."""
    return offending.repeats(_operator(), start, end, area=area or None)


def how_connected(a: str, b: str, hops: int) -> PathsAnswer:
    """Return the shortest typed paths between two people with the s.2 verdict, as the signed-in user."""
    return paths.how_connected(_operator(), a, b, max_hops=hops)


def figures(start: date, end: date) -> Figures:
    """Return the figures per area beside national benchmarks, as the signed-in user."""
    return analytics_figures.figures(_operator(), None, start, end)


def ego(person: str, hops: int) -> EgoNetwork:
    """Return a person's neighbourhood to N hops, as the signed-in user."""
    return analytics_ego.ego_network(_operator(), person, hops=hops)


def workflow_titles() -> dict[str, str]:
    """Return {workflow id: title} of the current definitions, if the signed-in user may view workflows."""
    service.check_action(_operator(), "view_workflows")
    reg = registry.default()
    return {name: reg.definition(name).title for name in sorted(reg.current)}


def workflow_diagrams(name: str) -> tuple[WorkflowDefinition, str, str]:
    """Return a workflow's current definition with its Graphviz DOT and Mermaid diagrams, as the signed-in user."""
    service.check_action(_operator(), "view_workflows")
    d = registry.default().definition(name)
    return d, diagrams.dot(d), diagrams.mermaid(d)


@dataclass(frozen=True)
class PendingNomination:
    """A nomination waiting to be screened: who applies for which property, and when."""

    id: str
    applicant: str
    property: str
    on: date


@dataclass(frozen=True)
class NominationToDecide:
    """A nomination in conflict on the DA lead's worklist, with its latest screening (from its history)."""

    id: str
    screening_id: str | None
    outcome: str | None
    entered: Any


def screening_operator() -> tuple[str, bool]:
    """Return the signed-in user's username and whether they may see the restricted detail (a DA lead)."""
    actor = _operator()
    return actor.username, actor.has_role("da_lead")


def screening_policy() -> dict[str, Any]:
    """Return the screening policy in force as plain data."""
    return screening_policy_file.current().as_dict()


def pending_nominations(limit: int = 200) -> tuple[int, list[PendingNomination]]:
    """Return how many nominations wait to be screened and the first `limit` of them, as the signed-in user."""
    actor = _operator()
    ids = screening.pending_for(actor)

    def targets(tx: Any) -> list[PendingNomination]:
        found = screening_core.nomination_targets(tx, ids[:limit])
        return [PendingNomination(n, t.applicant, t.property, t.on) for n in ids[:limit] if (t := found.get(n))]
    return len(ids), db.read(targets)


def screen_nomination(nomination: str) -> ScreeningResult:
    """Screen one nomination as the signed-in user (it moves on in its workflow)."""
    return screening.screen_nomination(nomination, _operator())


def screen_all(progress: Callable[[int, int], None]) -> QueueReport:
    """Screen every pending nomination as the signed-in user, reporting (done, total)."""
    return screening.screen_pending(_operator(), progress=progress)


def screening_detail(screening_id: str) -> tuple[Finding, ...]:
    """Return the restricted detail of a screening (DA lead only; the view is recorded)."""
    return screening_core.detail_of(_operator(), screening_id)


def nominations_to_decide() -> list[NominationToDecide]:
    """Return the nominations in conflict the signed-in user may decide, each with its latest screening."""
    actor = _operator()
    found = []
    for item in worklists.worklist("nomination.to_decide", actor):
        latest = screening.latest_screening(item.ref.id, actor)
        found.append(NominationToDecide(item.ref.id, latest.screening_id if latest else None,
                                        latest.outcome if latest else None, item.entered))
    return found


def decide_nomination(nomination: str, decision: str, justification: str) -> Fired:
    """Refuse or override (accept despite) a nomination in conflict, with the written justification."""
    if decision not in ("refuse", "override"):
        raise ValueError(f"decision {decision!r} is neither refuse nor override")
    return service.fire(ObjectRef("nomination", nomination), decision, _operator(), comment=justification)
