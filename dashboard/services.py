"""The dashboard's only door to the graph: service functions, never Cypher."""

from __future__ import annotations

from datetime import date

from graph_model import connections, db, read_model, users
from graph_model.analytics import ego as analytics_ego
from graph_model.analytics import figures as analytics_figures
from graph_model.analytics import offending, paths
from graph_model.analytics.ego import EgoNetwork
from graph_model.analytics.figures import Figures
from graph_model.analytics.offending import AreaRepeats, SerialPerpetrator
from graph_model.analytics.paths import PathsAnswer
from graph_model.config import Settings
from graph_model.connections import ConnectionVerdict
from graph_model.errors import HearthError
from graph_model.users import Actor
from workflows import diagrams, registry, service
from workflows.definitions import WorkflowDefinition

__all__ = ["ConnectionVerdict", "EgoNetwork", "HearthError", "WorkflowDefinition", "check_connection", "ego",
           "figures", "how_connected", "loaded_counts", "repeats", "serial_perpetrators", "workflow_diagrams",
           "workflow_titles"]


def loaded_counts() -> tuple[str, dict[str, int]]:
    """Return the acting operator's username and the records loaded per section."""
    settings = Settings.from_env()
    db.connect(settings)
    actor = users.actor(settings.operator)
    return actor.username, read_model.loaded_summary(actor).counts


def check_connection(a: str, b: str, on: date | None) -> ConnectionVerdict:
    """Return the personal-connection verdict for two people, as the acting operator."""
    settings = Settings.from_env()
    db.connect(settings)
    return connections.check(users.actor(settings.operator), a, b, on=on)


def _operator() -> Actor:
    settings = Settings.from_env()
    db.connect(settings)
    return users.actor(settings.operator)


def serial_perpetrators(area: str | None, limit: int) -> list[SerialPerpetrator]:
    """Return the ranked serial perpetrators, as the acting operator."""
    return offending.serial_perpetrators(_operator(), area=area or None, limit=limit)


def repeats(start: date, end: date, area: str | None) -> list[AreaRepeats]:
    """Return repeat victims and repeat MARAC cases per area, as the acting operator."""
    return offending.repeats(_operator(), start, end, area=area or None)


def how_connected(a: str, b: str, hops: int) -> PathsAnswer:
    """Return the shortest typed paths between two people with the s.2 verdict, as the acting operator."""
    return paths.how_connected(_operator(), a, b, max_hops=hops)


def figures(start: date, end: date) -> Figures:
    """Return the figures per area beside national benchmarks, as the acting operator."""
    return analytics_figures.figures(_operator(), None, start, end)


def ego(person: str, hops: int) -> EgoNetwork:
    """Return a person's neighbourhood to N hops, as the acting operator."""
    return analytics_ego.ego_network(_operator(), person, hops=hops)


def workflow_titles() -> dict[str, str]:
    """Return {workflow id: title} of the current definitions, if the acting operator may view workflows."""
    service.check_action(_operator(), "view_workflows")
    reg = registry.default()
    return {name: reg.definition(name).title for name in sorted(reg.current)}


def workflow_diagrams(name: str) -> tuple[WorkflowDefinition, str, str]:
    """Return a workflow's current definition with its Graphviz DOT and Mermaid diagrams, as the acting operator."""
    service.check_action(_operator(), "view_workflows")
    d = registry.default().definition(name)
    return d, diagrams.dot(d), diagrams.mermaid(d)
