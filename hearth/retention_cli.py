"""`hearth retention`: what the retention policy makes due on a date (--dry-run), and doing it (--apply)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from graph_model import retention, users
from graph_model.errors import InvalidInput
from workflows.clock import from_env

Handler = Callable[[argparse.Namespace, users.Actor], int]


def _on(args: argparse.Namespace) -> date:
    if not args.on:
        return from_env().now().date()
    try:
        return date.fromisoformat(args.on)
    except ValueError as exc:
        raise InvalidInput(f"--on {args.on!r} is not a date (YYYY-MM-DD)") from exc


def plan_lines(found: retention.Plan) -> list[str]:
    """Return the dry run as text: one line per record, then the counts per kind."""
    lines = [f"retention on {found.on.isoformat()} (policy version {found.policy_version}): "
             f"{len(found.items)} record(s) due"]
    lines += [f"  {i.kind:<14} {i.id:<24} {i.action:<13} due {i.due.isoformat()}  {i.reason}" for i in found.items]
    counts = found.counts()
    lines += ["by kind:"] + [f"  {kind}: " + ", ".join(f"{n} {action}" for action, n in sorted(by.items()))
                             for kind, by in counts.items()] if counts else ["nothing is due"]
    return lines


def applied_lines(done: retention.Applied) -> list[str]:
    """Return what --apply did as text."""
    lines = [f"retention applied on {done.on.isoformat()} (policy version {done.policy_version}), "
             f"purpose: {done.purpose}"]
    lines += [f"  {kind}: " + ", ".join(f"{n} {action}d" for action, n in sorted(by.items()))
              for kind, by in done.done.items()] or ["  nothing was due"]
    lines.append(f"  history entries redacted: {done.history_redacted} (in {done.batches} transaction(s))")
    lines += [f"  skipped {s}" for s in done.skipped]
    return lines


def cmd_retention(args: argparse.Namespace, actor: users.Actor) -> int:
    """List what retention would erase or pseudonymise (--dry-run), or do it (--apply --purpose TEXT)."""
    on = _on(args)
    if args.apply:
        if not (args.purpose or "").strip():
            raise InvalidInput("--apply needs --purpose TEXT (why the records are erased; recorded in the audit)")
        done = retention.apply(actor, on, args.purpose)
        print(json.dumps(done.as_dict(), indent=1) if args.json else "\n".join(applied_lines(done)))
        return 0
    found = retention.plan(actor, on, purpose=args.purpose)
    print(json.dumps(found.as_dict(), indent=1) if args.json else "\n".join(plan_lines(found)))
    return 0


def add_parser(sub: Any, with_actor: Callable[[Handler], Any]) -> None:
    """Register `hearth retention`."""
    p = sub.add_parser("retention", help=cmd_retention.__doc__, description=cmd_retention.__doc__)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true", help="list what is due; change nothing (admin, da_lead)")
    mode.add_argument("--apply", action="store_true", help="erase and pseudonymise what is due (admin)")
    p.add_argument("--on", help="the date to judge at, YYYY-MM-DD (default: today, or HEARTH_CLOCK)")
    p.add_argument("--purpose", help="why (required with --apply; recorded in the audit)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=with_actor(cmd_retention))
