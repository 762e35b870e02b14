"""`hearth audit`: search the audit log by actor, action, subject and time (DA leads and administrators)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from graph_model import audit, audit_search, users
from graph_model.errors import InvalidInput

Handler = Callable[[argparse.Namespace, users.Actor], int]


def parse_moment(text: str, option: str) -> datetime:
    """Parse YYYY-MM-DD or an ISO date-time (UTC unless it names an offset), or raise InvalidInput."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"{option} {text!r} is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM)") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def purpose_of(args: argparse.Namespace) -> str | None:
    """Return the --purpose given, or None (the service's own default purpose then)."""
    return getattr(args, "purpose", None) or None


def line(e: audit_search.AuditEntry) -> str:
    """Return one event as a line: when, who, what, outcome, subjects, why."""
    outcome = "" if e.outcome == "done" else f" [{e.outcome}]"
    subjects = f" {', '.join(e.subjects)}" if e.subjects else ""
    to = f" to {', '.join(e.recipients)}" if e.recipients else ""
    return (f"{e.at.isoformat(timespec='seconds')}  {e.actor}  {e.kind}/{e.action}{outcome}{subjects}{to}  "
            f"({e.purpose})")


def cmd_audit(args: argparse.Namespace, actor: users.Actor) -> int:
    """Search the audit, newest first (needs search_audit: admin, da_lead); the search is audited itself."""
    since = parse_moment(args.since, "--since") if args.since else None
    until = parse_moment(args.until, "--until") if args.until else None
    found = audit_search.search(actor, actor=args.actor, action=args.action, subject=args.subject, since=since,
                                until=until, limit=args.limit, purpose=args.purpose, kind=args.kind, why=args.why,
                                outcome=args.outcome, skip=args.skip)
    if args.json:
        print(json.dumps([e.as_dict() for e in found], indent=1, default=str))
    else:
        print("\n".join(line(e) for e in found) if found else "no audit events match")
    return 0


def add_parser(sub: Any, with_actor: Callable[[Handler], Any]) -> None:
    """Register `hearth audit`."""
    p = sub.add_parser("audit", help=cmd_audit.__doc__)
    p.add_argument("--actor", metavar="USERNAME", help="events by this user")
    p.add_argument("--action", help="events of this action, e.g. view_state, check_connection, export_data")
    p.add_argument("--subject", metavar="ID", help="events naming this subject: an id (C1, P7) or type:id")
    p.add_argument("--since", help="from this date or date-time (UTC unless an offset is given), inclusive")
    p.add_argument("--until", help="up to this date or date-time, exclusive")
    p.add_argument("--limit", type=int, default=100,
                   help=f"most events shown (1-{audit_search.MAX_LIMIT}, default 100)")
    p.add_argument("--kind", choices=audit.KINDS, help="events of this DPA 2018 s.62 kind (alteration includes "
                   "workflow transitions)")
    p.add_argument("--why", metavar="WORDS", help="events whose purpose contains these words")
    p.add_argument("--outcome", choices=audit_search.OUTCOMES, help="done, or denied (refused by a permission check)")
    p.add_argument("--skip", type=int, default=0, help="skip this many events first (paging)")
    p.add_argument("--purpose", help="why you search (recorded in the audit)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=with_actor(cmd_audit))
