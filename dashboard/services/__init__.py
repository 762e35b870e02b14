"""The dashboard's only door to the graph: service functions, never Cypher, each acting as the signed-in user."""

from __future__ import annotations

from dashboard.services.accounts import accounts, demo_mode, policy_views, set_password, sign_in, sign_out, whoami
from dashboard.services.assessment import QUESTIONS, DashOutcome, areas, score
from dashboard.services.casework import fire, history, params_of, parse, status, timeline, transitions
from dashboard.services.core import (
                                         ConnectionVerdict,
                                         EgoNetwork,
                                         Finding,
                                         HearthError,
                                         QueueReport,
                                         ScreeningResult,
                                         WorkflowDefinition,
                                         check_connection,
                                         decide_nomination,
                                         ego,
                                         figures,
                                         how_connected,
                                         loaded_counts,
                                         nominations_to_decide,
                                         pending_nominations,
                                         repeats,
                                         screen_all,
                                         screen_nomination,
                                         screening_detail,
                                         screening_operator,
                                         screening_policy,
                                         serial_perpetrators,
                                         workflow_diagrams,
                                         workflow_titles,
)
from dashboard.services.meetings import agency_map, agenda, meetings, record
from dashboard.services.work import may_tick, my_counts, my_items, run_tick, worklist_titles
from graph_model.errors import PermissionDenied

__all__ = ["QUESTIONS", "ConnectionVerdict", "DashOutcome", "EgoNetwork", "Finding", "HearthError",
           "PermissionDenied", "QueueReport", "ScreeningResult", "WorkflowDefinition", "accounts", "agency_map",
           "agenda", "areas", "check_connection", "decide_nomination", "demo_mode", "ego", "figures", "fire",
           "history", "how_connected", "loaded_counts", "may_tick", "meetings", "my_counts", "my_items",
           "nominations_to_decide", "params_of", "parse", "pending_nominations", "policy_views", "record", "repeats",
           "run_tick", "score", "screen_all", "screen_nomination", "screening_detail", "screening_operator",
           "screening_policy", "serial_perpetrators", "set_password", "sign_in", "sign_out", "status", "timeline",
           "transitions", "whoami", "workflow_diagrams", "workflow_titles", "worklist_titles"]

# The audit's dashboard services (issue #10): one event per Case page view, and the Audit page.
from dashboard.services.casework import CaseView, open_object  # noqa: E402
from dashboard.services.oversight import KINDS as AUDIT_KINDS  # noqa: E402
from dashboard.services.oversight import PAGE_SIZE as AUDIT_PAGE_SIZE  # noqa: E402
from dashboard.services.oversight import AuditPage, search_audit  # noqa: E402

__all__ += ["AUDIT_KINDS", "AUDIT_PAGE_SIZE", "AuditPage", "CaseView", "open_object", "search_audit"]
