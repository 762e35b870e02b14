"""`hearth marac agenda|map|gaps|actions|record|figures ...`: the MARAC chair's questions, as a named user."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph_model.errors import InvalidInput
from graph_model.users import Actor
from hearth.analyse_cli import parse_date
from hearth.workflow_ops_cli import emit
from workflows import marac, marac_actions, marac_record

RunAs = Callable[[Callable[[argparse.Namespace, Any], int]], Callable[..., int]]


def _target(args: argparse.Namespace) -> tuple[str | None, str | None]:
    if bool(args.meeting) == bool(args.case):
        raise InvalidInput("give --meeting M or --case C (one of them)")
    return args.meeting, args.case


def cmd_agenda(args: argparse.Namespace, actor: Actor) -> int:
    """Print a meeting's agenda: cases with children, adult-only, then repeats; risk, children, agencies."""
    a = marac.agenda(args.meeting, actor)
    lines = [f"MARAC {a.meeting} ({a.area}) on {a.date}, chair {a.chair or '-'}: {len(a.items)} case(s)"
             + (f", {a.hidden} not shown to {actor.username}" if a.hidden else "")]
    for i in a.items:
        repeat = " REPEAT" if i.repeat else ""
        lines.append(f"  {i.label} [{i.group}]{repeat} referred {i.referred} ({i.criterion}); DASH "
                     f"{i.dash_yes if i.dash_yes is not None else '-'} {i.risk_band}; children {len(i.children)}; "
                     f"open actions {i.open_actions}")
        lines.append(f"      agencies: {', '.join(i.agencies) or 'none'}")
        if i.repeat:
            lines.append(f"      repeat: {i.repeat_evidence}")
    return emit(args, dataclasses.asdict(a), lines)


def cmd_map(args: argparse.Namespace, actor: Actor) -> int:
    """Print the agency-case map of a meeting or a case: each agency involved, how, and the evidence."""
    meeting, case = _target(args)
    m = marac.agency_map(actor, meeting=meeting, case=case)
    names = {n["id"]: n["label"] for n in m.nodes}
    lines = [f"{'case':<28} {'agency':<34} {'involvement':<14} evidence"]
    lines += [f"{names.get(e.case, e.case):<28} {e.agency_name[:33]:<34} {e.kind:<14} {e.evidence}" for e in m.edges]
    data = {"nodes": list(m.nodes), "edges": [{"source": e.agency, "target": e.case, **dataclasses.asdict(e)}
                                              for e in m.edges]}
    return emit(args, data, lines if m.edges else ["no agency is recorded as involved"])


def cmd_gaps(args: argparse.Namespace, actor: Actor) -> int:
    """Print the expected agencies missing from a meeting's cases or one case (rules: policy/marac_gaps.yaml)."""
    meeting, case = _target(args)
    found = marac.gaps(actor, meeting=meeting, case=case)
    lines = [f"{g.label}: {g.says} ({g.evidence})" for g in found] or ["no gaps"]
    return emit(args, [dataclasses.asdict(g) for g in found], lines)


def _action_line(a: Any, extra: str = "") -> str:
    return f"  {a.id} {a.owner_name}: {a.description} (due {a.due}, {a.status}; {a.marac_case}){extra}"


def cmd_actions(args: argparse.Namespace, actor: Actor) -> int:
    """Actions: what an agency owes (--agency), the last meeting's undone (--meeting), or create / update one."""
    if args.create:
        if not (args.owner and args.description and args.due):
            raise InvalidInput("--create MARAC_CASE needs --owner, --description and --due")
        new = marac_actions.create(args.create, args.owner, args.description, parse_date(args.due, "--due"), actor)
        return emit(args, {"id": new}, [f"created action {new} on {args.create}"])
    if args.update:
        if not args.status:
            raise InvalidInput("--update ACTION needs --status done|cancelled|open")
        fired = marac_actions.update(args.update, args.status, actor, comment=args.comment or "")
        return emit(args, fired.entries, [f"{args.update}: {e['from_state']} -> {e['to_state']} ({e['transition']})"
                                          for e in fired.entries])
    if args.agency:
        owed = marac_actions.owed(args.agency, actor)
        lines = [f"{args.agency} owes {len(owed)} open action(s), {sum(o.overdue for o in owed)} overdue"]
        lines += [_action_line(o.action, f" OVERDUE by {o.days_overdue} day(s)" if o.overdue else "") for o in owed]
        return emit(args, [dataclasses.asdict(o) for o in owed], lines)
    if args.meeting:
        r = marac_actions.outstanding(args.meeting, actor)
        lines = [f"{r.meeting}: previous meeting {r.previous or 'none'}"]
        for title, group in (("circumstances changed", r.circumstances_changed),
                             ("agency did not act", r.agency_did_not_act)):
            lines.append(f"{title}: {len(group)}")
            lines += [_action_line(o.action, f" \u2014 {o.reason}") for o in group]
        return emit(args, dataclasses.asdict(r), lines)
    raise InvalidInput("give --agency A, --meeting M, --create MARAC_CASE or --update ACTION")


def cmd_record(args: argparse.Namespace, actor: Actor) -> int:
    """Write the meeting record (date, chair, attendance, apologies, actions per case) as HTML."""
    r, page = marac_record.render(args.meeting, actor)
    Path(args.out).write_text(page, encoding="utf-8")
    return emit(args, {"out": args.out, "cases": len(r.cases), "hidden": r.hidden},
                [f"wrote {args.out}: {len(r.cases)} case(s)" + (f", {r.hidden} not shown" if r.hidden else "")])


def cmd_figures(args: argparse.Namespace, actor: Actor) -> int:
    """Print each MARAC area's figures for the last 12 months beside the SafeLives national figures."""
    found = marac.figures(actor, area=args.area)
    lines = []
    for a in found:
        lines.append(f"{a.area} ({a.start} to {a.end}): {a.cases} case(s)")
        lines += [f"  {f.unit}: {'-' if f.value is None else f.value} (national {f.benchmark})"
                  + (f" [{f.note}]" if f.note else "") for f in a.figures]
    return emit(args, [dataclasses.asdict(a) for a in found], lines or ["no MARAC meetings in the last 12 months"])


def add_parser(sub: Any, run_as: RunAs) -> None:
    """Add `hearth marac` and its commands; run_as wraps a handler so it receives the acting user."""
    parser = sub.add_parser("marac", help="MARAC: agenda, agency map, gaps, actions, record, figures")
    commands = parser.add_subparsers(dest="marac_command", required=True, metavar="ACTION")

    def command(name: str, func: Callable[[argparse.Namespace, Any], int]) -> argparse.ArgumentParser:
        p = commands.add_parser(name, help=(func.__doc__ or "").strip(), description=func.__doc__)
        p.add_argument("--json", action="store_true", help="print JSON")
        p.set_defaults(func=run_as(func))
        return p

    command("agenda", cmd_agenda).add_argument("meeting", help="the meeting's id")
    for name, func in (("map", cmd_map), ("gaps", cmd_gaps)):
        p = command(name, func)
        p.add_argument("--meeting", help="a meeting's id")
        p.add_argument("--case", help="a case's id")
    actions = command("actions", cmd_actions)
    actions.add_argument("--agency", help="what this agency owes across all meetings")
    actions.add_argument("--meeting", help="actions from the meeting before this one not yet done")
    actions.add_argument("--create", metavar="MARAC_CASE", help="agree a new action on this listed case")
    actions.add_argument("--owner", help="the owner agency's id (--create)")
    actions.add_argument("--description", help="the SMART action (--create)")
    actions.add_argument("--due", help="due date YYYY-MM-DD (--create)")
    actions.add_argument("--update", metavar="ACTION", help="change this action's status")
    actions.add_argument("--status", choices=("done", "cancelled", "open"), help="the new status (--update)")
    actions.add_argument("--comment", help="why (required to cancel or reopen)")
    record = command("record", cmd_record)
    record.add_argument("meeting", help="the meeting's id")
    record.add_argument("--out", required=True, help="the HTML file to write")
    command("figures", cmd_figures).add_argument("--area", help="one MARAC area (default: every area)")
