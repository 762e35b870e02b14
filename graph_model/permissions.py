"""The one permission check every service function calls with the acting user."""

from __future__ import annotations

from graph_model import vocabulary
from graph_model.errors import PermissionDenied
from graph_model.users import Actor

EVERYONE = frozenset(vocabulary.ROLES)

# Which roles may perform each action. Later capabilities add their actions here, in one place.
ACTION_ROLES: dict[str, frozenset[str]] = {
    "load_data": frozenset({"admin"}),
    "export_data": frozenset({"admin"}),
    "view_summary": EVERYONE,
    "search_audit": frozenset({"admin", "da_lead"}),
    "manage_users": frozenset({"admin"}),
    "backup_restore": frozenset({"admin"}),
    # Family trees and relationships are not for lettings officers: they see screening outcomes only.
    "check_connection": EVERYONE - {"lettings_officer"},
    # Analysts' tools: patterns across cases. Identifiable views for analysts, DA leads and admins only.
    "analyse": frozenset({"analyst", "da_lead", "admin"}),
    "analyse_write_back": frozenset({"analyst", "admin"}),
    "export_pseudonymised": frozenset({"analyst", "admin"}),
    "run_console": frozenset({"analyst", "admin"}),
    # Workflows: definitions and diagrams are for everyone; running the machinery is an administrator's job.
    "view_workflows": EVERYONE,
    "run_workflow_tick": frozenset({"admin", "da_lead"}),
    "enrol_workflows": frozenset({"admin"}),
    "migrate_workflows": frozenset({"admin"}),
    "verify_history": frozenset({"admin", "da_lead"}),
    # Screening: lettings and housing staff screen; only a DA lead sees who, which case and how far.
    "screen_adhoc": frozenset({"lettings_officer", "housing_options_officer", "da_lead"}),
    "screen_nomination": frozenset({"lettings_officer", "housing_options_officer", "da_lead"}),
    "view_screening_detail": frozenset({"da_lead"}),
    # MARAC area figures: aggregates, no case; for those who run or commission MARACs.
    "marac_figures": frozenset({"marac_chair", "marac_coordinator", "da_lead", "analyst", "admin"}),
    # Support: the directory is for everyone; safe accommodation capacity and the sanctuary budget are figures
    # (no one named, no place located) for those who place victims or hold the budget.
    "support_directory": EVERYONE,
    "support_capacity": frozenset({"idva", "housing_options_officer", "da_lead", "marac_coordinator", "admin"}),
    "support_budget": frozenset({"housing_options_officer", "da_lead", "admin"}),
    # Equality monitoring: counts per area and period only, small numbers suppressed; never a person's answers.
    "equality_report": frozenset({"analyst", "da_lead", "marac_coordinator", "admin"}),
    # Retention (docs/retention.md): a DA lead may see what is due; only an administrator erases.
    "retention_plan": frozenset({"admin", "da_lead"}),
    "retention_apply": frozenset({"admin"}),
}


def check(actor: Actor, action: str) -> None:
    """Raise PermissionDenied unless the actor's roles allow the action."""
    allowed = ACTION_ROLES.get(action)
    if allowed is None:
        raise PermissionDenied(actor.username, action, "no such action is defined")
    if not actor.has_role(*allowed):
        needed = ", ".join(sorted(allowed))
        raise PermissionDenied(actor.username, action, f"it needs one of the roles: {needed}")
