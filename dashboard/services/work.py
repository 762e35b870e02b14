"""My work: the signed-in user's worklists, their items, and the deadline tick."""

from __future__ import annotations

from dashboard.services.acting import actor
from graph_model import permissions
from workflows import operations, registry, service, worklists
from workflows.deadlines import TickReport
from workflows.worklists import WorklistItem


def worklist_titles() -> dict[str, str]:
    """Return {workflow.worklist: title} for every worklist of the current definitions."""
    reg = registry.default()
    return {f"{w}.{k}": f"{reg.definition(w).title}: {wl.title}" for w in sorted(reg.current)
            for k, wl in reg.definition(w).worklists.items()}


def my_counts() -> dict[str, tuple[int, int]]:
    """Return {workflow.worklist: (items, overdue)} of the worklists holding something for the user."""
    return worklists.counts(actor())


def my_items(name: str, limit: int = 100) -> list[WorklistItem]:
    """Return the first items of one worklist for the user, soonest due first."""
    return worklists.worklist(name, actor(), limit=limit)


def may_tick() -> bool:
    """Return True when the user may run the deadline tick."""
    return actor().has_role(*permissions.ACTION_ROLES["run_workflow_tick"])


def run_tick() -> TickReport:
    """Handle every deadline past due (needs run_workflow_tick)."""
    user = actor()
    service.check_action(user, "run_workflow_tick")
    return operations.tick(user)
