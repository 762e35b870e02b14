"""The service layer's inventory, found by introspection: the functions the access matrix must cover.

A function must be in the matrix (tests/security/matrix.py) or exempt here, with a one-line reason, when it is
public (no leading `_`) and either (1) defined in a module that reads or writes case data (SCOPE), or (2) defined
anywhere in graph_model/, workflows/ or dashboard/services/ with a parameter typed `Actor` or named actor, user or
as_user. So a new function taking an actor, or a new dashboard service, fails the inventory test until someone
says who may call it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

PACKAGES = ("graph_model", "workflows", "dashboard.services")
ACTOR_NAMES = frozenset({"actor", "user", "as_user"})
# Modules that read or write case data (the brief's list; graph_model.analytics and dashboard.services whole).
SCOPE_PREFIXES = ("dashboard.services.", "graph_model.analytics.", "graph_model.interchange.", "workflows.marac",
                  "workflows.support", "workflows.housing")
SCOPE = frozenset({"workflows.service", "workflows.screening", "workflows.operations", "workflows.worklists",
                   "graph_model.read_model", "graph_model.case_timeline", "graph_model.connections",
                   "graph_model.audit_search", "graph_model.backup", "graph_model.users", "graph_model.retention"})

PURE = "pure computation on its arguments: reads and writes nothing"
# Exempt: takes no acting user on purpose, or is the permission check itself. One line each.
EXEMPT: dict[str, str] = {
    # the check, the audit and their plumbing
    "graph_model.permissions.check": "the one action check itself",
    "workflows.security.check": "the one object check itself",
    "workflows.security.check_in": "the one object check itself (inside a transaction)",
    "workflows.security.visible": "the bulk form of the object check",
    "workflows.security.effective_roles": "part of the object check: the roles an actor holds on an object",
    "graph_model.audit.record": "writes the audit event of an act its caller has checked",
    "graph_model.audit.consulted": "writes a consultation event for a read its caller has checked",
    "graph_model.audit.consultation": "wraps a checked read so the view (or its denial) is recorded",
    "graph_model.workflow.predicates.*": "guard predicates: run by the engine inside a transition it has checked "
                                         "(`actor` is a username)",
    "workflows.marac.scope": "the MARAC services' shared check: view on the meeting (filtered) or on the case",
    "workflows.support.write": "the support writes' shared step: checks manage on the case, fires the plan's "
                               "transition, audits",
    "graph_model.screening.screen.screen_in": "inside a transaction whose caller checked screen_adhoc or the "
                                              "nomination's guard",
    "graph_model.screening.screen.screen_many_in": "inside a transaction whose caller (workflows.screening."
                                                   "screen_many) checked screen_nomination and each nomination",
    "graph_model.audit.record_many": "writes the audit events of a batch of acts its caller has checked",
    "graph_model.audit.disclosed": "writes, in its caller's checked write, the event of a disclosure to agencies",
    "graph_model.audit.denials": "wraps a checked act so a refusal is recorded when its transaction rolls back",
    "workflows.sharing.require": "the sharing rule (consent or lawful basis) inside a write whose caller checked "
                                 "access first",
    "workflows.sharing.disclose": "the sharing rule and its disclosure event, inside a write whose caller checked "
                                  "access first",
    "graph_model.analytics.console_guard.check": "the console's query guard (pure): run_console checks run_console "
                                                 "first",
    "graph_model.support.option_guards.*": "guard predicates of the housing options: run by the engine inside a "
                                           "transition it has checked (`actor` is a username)",
    "graph_model.support.perpetrator.primary_perpetrator_identified": "guard predicate (perpetrator_programme); "
                                                                      "refer() asks it after checking the case",
    "workflows.housing_options.acting": "the housing options' shared check: view (not for the receiving landlord's "
                                        "steps) and the step's permission on the option, in the write's transaction",
    "workflows.housing_options.create": "the housing options' shared create: checks manage on the case and on the "
                                        "new option, audits (request, draft, request_change... are rows)",
    "workflows.housing_options.move": "the shared move of transfer.move, reciprocal.move and move_out (rows): "
                                      "checks through acting",
    "workflows.housing_options.found": "inside acting's transaction, after its check: the option's fields",
    "workflows.housing_options.held_tenancy": "inside create's transaction (manage on the case checked first)",
    "workflows.housing_options.propose": "inside acting's transaction: screens the home the checked user offers",
    "workflows.support_perp.write": "the perpetrator side's shared write: checks the case, fires the record's "
                                    "guarded transition, audits",
    "workflows.support_perp.check_view": "the perpetrator side's object check: view on the record (on the case's "
                                         "facts before one exists)",
    "workflows.support_perp.check_perpetrator": "inside a checked write: is the person a perpetrator in the case",
    "graph_model.retention.find": "inside plan() and apply(), after their check",
    "graph_model.connections.circles_many": "inside a screening's transaction (the screening is checked)",
    "graph_model.screening.screen.latest": "inner read for workflows.screening.latest_screening, which checks view "
                                           "on the nomination first",
    "graph_model.screening.screen.pending": "inner read for workflows.screening.pending_for, which keeps the "
                                            "nominations the user may manage (nomination ids only)",
    # identity and sessions: about the user themselves, no case data
    "graph_model.users.actor": "looks up who is acting (no case data)",
    "graph_model.users.authenticate": "sign-in itself: no one is acting yet; every attempt is audited",
    "graph_model.users.record_logout": "records the user's own sign-out",
    "graph_model.users.ensure_builtin_admin": "`hearth db init`: creates the built-in admin account",
    "dashboard.services.accounts.sign_in": "sign-in itself (graph_model.users.authenticate)",
    "dashboard.services.accounts.sign_out": "records the user's own sign-out",
    "dashboard.services.accounts.whoami": "the signed-in user's own account",
    "dashboard.services.accounts.demo_mode": "a configuration flag",
    "dashboard.services.acting.connect": "opens the driver",
    "dashboard.services.acting.actor": "looks up the signed-in user (every dashboard service acts as them)",
    "dashboard.services.core.screening_operator": "the signed-in user's own name and whether they are a DA lead",
    "dashboard.services.work.may_tick": "whether the signed-in user's roles allow the tick (no data)",
    "dashboard.services.support.may": "whether the signed-in user's roles allow a support action (no data)",
    "dashboard.services.support.may_record": "whether the signed-in user's roles may record support (no data)",
    # definitions and configuration: no case data
    "dashboard.services.core.screening_policy": "the screening policy file (configuration, no case data)",
    "dashboard.services.casework.params_of": "a transition's parameters from the definitions",
    "dashboard.services.work.worklist_titles": "worklist titles from the definitions",
    "dashboard.services.assessment.areas": "area names from workflows/areas.yaml",
    "dashboard.services.assessment.score": "scores a DASH the user typed in; reads and writes nothing",
    "dashboard.services.casework.parse": PURE,
    "dashboard.services.support.case_id": PURE + " (checks a case id as typed)",
    "workflows.support_policy.load": "reads the support policy files (configuration)",
    "workflows.support_policy.directory_lines": PURE,
    "workflows.worklists.find": "finds a worklist definition by name",
    "workflows.support_programme.load_programmes": "reads the perpetrator programmes file (configuration)",
    # pure helpers of the services
    "workflows.marac.today": PURE, "workflows.marac.group_of": PURE, "workflows.marac.order": PURE,
    "workflows.marac.label": PURE, "workflows.marac.fact_evidence": PURE, "workflows.marac.evaluate": PURE,
    "workflows.marac_actions.split": PURE, "workflows.marac_record.to_html": PURE + " (a record already checked)",
    "workflows.support.plan_ref": PURE, "workflows.support_referral.months_before": PURE,
    "workflows.support_perp.record_ref": PURE, "workflows.support_programme.programme_ref": PURE,
    "workflows.support_equality.check_answers": PURE, "workflows.support_equality.suppress": PURE,
    "workflows.housing_options.text": PURE, "workflows.housing_options.tenure": PURE,
    "workflows.housing_options.social": PURE, "workflows.housing_transfer.ref": PURE,
    "workflows.housing_reciprocal.ref": PURE, "workflows.housing_tenancy.change_ref": PURE,
    "workflows.housing_tenancy.rehousing_ref": PURE,
    "workflows.housing_reciprocal.to_text": PURE + " (a referral already checked)",
    "workflows.support_referral.to_markdown": PURE + " (a document already checked)",
    "graph_model.case_timeline.person_ids": PURE,
    "graph_model.connections.grounds_between": PURE,
    "graph_model.interchange.load.read_document": "reads a file; load() checks load_data before writing",
    "graph_model.interchange.validate.validate": PURE + " (validates a document; load() checks load_data)",
    "graph_model.interchange.validate.record_label": PURE, "graph_model.interchange.rules.check_all": PURE,
    "graph_model.interchange.rules.link_key": PURE,
    "graph_model.interchange.load.node_properties": PURE, "graph_model.interchange.load.link_properties": PURE,
    "graph_model.analytics.export.age_band": PURE, "graph_model.analytics.offending.band": PURE,
    "graph_model.analytics.network.selection": PURE + " (validates a selection)",
    "graph_model.analytics.network.check_settings": PURE,
    "graph_model.analytics.network.measure": PURE + " (measures an already pseudonymous network)",
    "graph_model.analytics.pseudonym.key": "reads HEARTH_PSEUDONYM_KEY",
    "graph_model.analytics.pseudonym.pseudonym": PURE,
    "graph_model.analytics.console_guard.tokens": PURE + " (splits a console query)",
    "graph_model.analytics.console_guard.strip": PURE + " (a console answer already checked)",
    # inner reads whose only callers check first (graph_model cannot import workflows.security)
    "graph_model.case_timeline.timeline": "inner read: dashboard.services.casework.timeline checks view and audits",
    "graph_model.read_model.marac_meetings": "meeting ids, dates and chairs (no people); the caller, "
                                             "dashboard.services.meetings.meetings, keeps those the user may view",
    "graph_model.connections.judge": "inner verdict for services that have checked and audited",
    "graph_model.connections.connected_in": "inside a guard predicate's transaction",
    "graph_model.connections.connected_ids_in": "inside a screening's transaction (the screening is checked)",
    "graph_model.analytics.figures.check_area": "inside figures(), after its check",
    "graph_model.analytics.network_queries.fetch": "inside select/analyse, after their check",
    "graph_model.analytics.network_queries.write_metrics": "inside write_back, after its check",
    "graph_model.analytics.network_job.job_status": "reads a job's JSON (pseudonymous) from the analyst's job folder",
    "graph_model.analytics.network_job.write_job": "writes a job's JSON in the job folder",
    "graph_model.analytics.network_job.main": "the background job's process: runs network.analyse as the user "
                                              "named, which checks analyse",
    "graph_model.backup.backup": "takes no user: the CLI checks backup_restore first (hearth/cli.py)",
    "graph_model.backup.restore": "takes no user: the CLI checks backup_restore first (hearth/cli.py)",
}


def modules() -> Iterator[ModuleType]:
    """Yield every module of graph_model/, workflows/ and dashboard/services/."""
    for name in PACKAGES:
        package = importlib.import_module(name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            yield importlib.import_module(info.name)


def takes_actor(func: Callable[..., Any]) -> bool:
    """Return True when a parameter is typed Actor or named actor, user or as_user."""
    return any("Actor" in str(p.annotation) or p.name in ACTOR_NAMES
               for p in inspect.signature(func).parameters.values())


def in_scope(module: str) -> bool:
    """Return True for the modules that read or write case data."""
    return module in SCOPE or module.startswith(SCOPE_PREFIXES)


def inventory() -> dict[str, Callable[..., Any]]:
    """Return {module.function: function} of every function the matrix must cover or exempt."""
    found: dict[str, Callable[..., Any]] = {}
    for module in modules():
        for name, func in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(func) or func.__module__ != module.__name__:
                continue
            if in_scope(module.__name__) or takes_actor(func):
                found[f"{module.__name__}.{name}"] = func
    return found


def exemption(name: str) -> str | None:
    """Return why a function is exempt, or None."""
    module = name.rpartition(".")[0]
    return EXEMPT.get(name) or EXEMPT.get(f"{module}.*")
