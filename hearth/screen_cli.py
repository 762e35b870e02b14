"""`hearth screen ...`: perpetrator-proximity screening of nominations, ad hoc checks and the pending queue."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from graph_model.config import Settings
from graph_model.errors import InvalidInput
from graph_model.screening.rules import Finding
from graph_model.users import Actor
from hearth.analyse_cli import parse_date
from hearth.progress import ProgressLine

Handler = Callable[[argparse.Namespace, Settings], int]
RunAs = Callable[[Callable[[argparse.Namespace, Any], int]], Handler]
QUIET_FOR = 2.0  # seconds before the --pending progress line appears (tests set 0)


def _say(text: str) -> None:
    print(text, flush=True)


def _date(text: str) -> date:
    try:
        return parse_date(text, "--on")
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a real date as YYYY-MM-DD") from exc


def finding_lines(findings: tuple[Finding, ...]) -> list[str]:
    """Return the restricted detail (who, role, which case or order, how far) as indented lines."""
    lines = ["Restricted detail (DA lead only; this view is recorded):"]
    if not findings:
        lines.append("  nothing found")
    for f in findings:
        who = f"{f.person_name or '(unnamed)'} ({f.person_id})" if f.person_id else "(no person: exclusion zone)"
        record = f"case {f.case_id}" if f.case_id else (f"order {f.order_id}" if f.order_id else "no case")
        via = f", via connected perpetrator {f.via_person}" if f.via_person else ""
        lines.append(f"  {f.reason}: {who}, {f.role}, {record}, {f.distance_m:,.1f} m away, "
                     f"same building: {'yes' if f.same_building else 'no'}{via}")
    return lines


def result_lines(result: Any) -> list[str]:
    """Return a screening result as text: outcome, reasons in plain words, policy, id; detail only if present."""
    subject = f"Nomination {result.nomination}" if result.nomination else "Ad hoc screening"
    lines = [f"{subject}: {result.outcome.upper()}",
             f"  applicant {result.applicant}, property {result.property}, on {result.on.isoformat()}"]
    lines.append("Reasons:" if result.reasons else "Reasons: none (no rule applies)")
    lines += [f"  {code}: {words}" for code, words in zip(result.reasons, result.explained(), strict=True)]
    lines.append(f"Policy version {result.policy}; screening {result.screening_id} at {result.at.isoformat()}")
    if result.detail is not None:
        lines += finding_lines(result.detail)
    return lines


def _emit(args: argparse.Namespace, data: Any, lines: list[str]) -> int:
    _say(json.dumps(data, indent=2, default=str) if args.json else "\n".join(lines))
    return 0


def cmd_nomination(args: argparse.Namespace, actor: Actor) -> int:
    """Screen one nomination and move it on in its workflow."""
    from workflows import screening

    result = screening.screen_nomination(args.nomination, actor)
    return _emit(args, result.as_dict(), result_lines(result))


def cmd_adhoc(args: argparse.Namespace, actor: Actor) -> int:
    """Screen an applicant against a property with no nomination record."""
    from workflows import screening

    result = screening.screen_adhoc(args.applicant, args.property, actor, on=args.on)
    return _emit(args, result.as_dict(), result_lines(result))


def cmd_pending(args: argparse.Namespace, actor: Actor) -> int:
    """Screen every nomination waiting to be screened, with a progress line; print counts and failures."""
    from workflows import screening

    began = time.monotonic()
    progress = ProgressLine("screening", quiet_for=QUIET_FOR)
    try:
        report = screening.screen_pending(actor, progress=lambda done, total: progress("nominations", done, total),
                                          workers=args.workers)
    finally:
        progress.done()
    took = time.monotonic() - began
    counts = report.counts()
    if args.json:
        return _emit(args, {"counts": counts, "failed": report.failed, "seconds": round(took, 3),
                            "results": {n: r.as_dict() for n, r in report.results.items()}}, [])
    total = len(report.results) + len(report.failed)
    lines = [f"screened {len(report.results)} of {total} pending nomination(s) in {took:.1f}s: "
             + ", ".join(f"{n} {outcome}" for outcome, n in counts.items()) + f"; {len(report.failed)} failed"]
    width = max((len(n) for n in report.results), default=0)  # queue order: by nomination date
    lines += [f"  {n:{width}}  {r.outcome.upper():6}  {' '.join(r.reasons) or '-'}  ({r.screening_id})"
              for n, r in report.results.items()]
    if report.failed:
        lines.append("failed:")
        lines += [f"  {n}: {why}" for n, why in report.failed.items()]
    return _emit(args, None, lines)


def cmd_detail(args: argparse.Namespace, actor: Actor) -> int:
    """Show the restricted detail of a stored screening (DA lead only; the view is recorded)."""
    from dataclasses import asdict

    from graph_model.screening.screen import detail_of

    findings = detail_of(actor, args.detail)
    return _emit(args, [asdict(f) for f in findings], [f"Screening {args.detail}"] + finding_lines(findings))


def cmd_policy(args: argparse.Namespace) -> int:
    """Print the screening policy in force: version, values and per-area overrides."""
    from graph_model.screening.policy import current

    policy = current().as_dict()
    if args.json:
        return _emit(args, policy, [])
    lines = [f"Screening policy version {policy['version']} ({current().source})"]
    lines += [f"  {key}: {value}" for key, value in policy.items() if key not in ("version", "areas")]
    lines.append("Per-area overrides:" if policy["areas"] else "Per-area overrides: none")
    for area, override in sorted(policy["areas"].items()):
        lines.append(f"  {area}: " + ", ".join(f"{k} {v}" for k, v in override.items()))
    return _emit(args, None, lines)


def check_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse a bad combination of arguments with an argparse error (exit 2)."""
    modes = [name for name, given in (("NOMINATION_ID", args.nomination), ("--applicant", args.applicant),
                                      ("--pending", args.pending), ("--detail", args.detail),
                                      ("--policy", args.policy)) if given]
    if args.property and not args.applicant:
        parser.error("--property needs --applicant P")
    if not modes:
        parser.error("give a NOMINATION_ID, --applicant P --property H, --pending, --detail SCREENING_ID or "
                     "--policy")
    if len(modes) > 1:
        parser.error(f"{' and '.join(modes)} cannot be combined: give one of them")
    if args.applicant and not args.property:
        parser.error("--applicant needs --property H (the property to screen against)")
    if args.on and not args.applicant:
        parser.error("--on applies to --applicant only (a nomination is screened at its own date)")
    if args.workers is not None and not args.pending:
        parser.error("--workers applies to --pending only")
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be at least 1")


def add_parser(sub: Any, run_as: RunAs) -> None:
    """Add `hearth screen`; run_as wraps a handler so it receives the acting user."""
    parser = sub.add_parser(
        "screen", help="screen housing nominations for perpetrator proximity",
        description="Screen a nomination (or an applicant against a property) for perpetrator proximity. "
                    "The outcome and reasons are for every screener; who, which case and how far only for a DA "
                    "lead. Every screening and every view of its detail is recorded.")
    parser.add_argument("nomination", nargs="?", metavar="NOMINATION_ID", help="screen this nomination")
    parser.add_argument("--applicant", metavar="P", help="ad hoc: the applicant's person id (with --property)")
    parser.add_argument("--property", metavar="H", help="ad hoc: the property's id")
    parser.add_argument("--on", type=_date, metavar="DATE", help="ad hoc: the date to screen at, YYYY-MM-DD "
                                                                 "(default today)")
    parser.add_argument("--pending", action="store_true", help="screen every nomination waiting to be screened")
    parser.add_argument("--workers", type=int, metavar="N", help="--pending: parallel transactions (default 2)")
    parser.add_argument("--detail", metavar="SCREENING_ID", help="the restricted detail of a screening (DA lead)")
    parser.add_argument("--policy", action="store_true", help="print the screening policy in force")
    parser.add_argument("--json", action="store_true", help="print JSON")
    commands = {"nomination": run_as(cmd_nomination), "applicant": run_as(cmd_adhoc),
                "pending": run_as(cmd_pending), "detail": run_as(cmd_detail)}

    def handler(args: argparse.Namespace, settings: Settings) -> int:
        check_args(parser, args)
        if args.pending and args.workers is None:
            args.workers = 2
        if args.policy:
            return cmd_policy(args)
        return next(run for mode, run in commands.items() if getattr(args, mode))(args, settings)
    parser.set_defaults(func=handler)
