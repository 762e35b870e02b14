"""The audit log as a DA lead or administrator searches it on the Audit page (the search is audited itself)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dashboard.services.acting import actor
from graph_model import audit, audit_search
from graph_model.audit_search import AuditEntry

KINDS = audit.KINDS
PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditPage:
    """One page of audit events, newest first, and whether another page follows."""

    entries: tuple[AuditEntry, ...]
    page: int
    more: bool


def search_audit(user: str = "", subject: str = "", kind: str = "", why: str = "", since: date | None = None,
                 until: date | None = None, page: int = 0, page_size: int = PAGE_SIZE,
                 purpose: str = "") -> AuditPage:
    """Return one page of the events matching the filters given (blank: any); `until` is the last day included."""
    start = datetime.combine(since, time(), UTC) if since else None
    end = datetime.combine(until + timedelta(days=1), time(), UTC) if until else None
    found = audit_search.search(actor(), actor=user.strip() or None, subject=subject.strip() or None,
                                kind=kind or None, why=why.strip() or None, since=start, until=end,
                                limit=page_size + 1, skip=page * page_size,
                                purpose=purpose.strip() or "Audit page")
    return AuditPage(tuple(found[:page_size]), page, len(found) > page_size)
