"""`hearth support contact|needs|safety-plan|plan|directory ...`: a victim's support, as a named user.
Referrals and housing options (`referral`, `hardening`, `refuge`, `capacity`) live in support_housing_cli."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from typing import Any

from graph_model import permissions
from graph_model.errors import InvalidInput
from graph_model.users import Actor
from hearth import support_housing_cli, support_options_cli, support_perp_cli
from hearth.analyse_cli import parse_date
from hearth.workflow_ops_cli import emit
from workflows import service, support, support_plan
from workflows.support_policy import CONTACT_WAYS, INTERPRETER, NEEDS_AREAS, SAFETY_ITEMS, WARNINGS, directory_lines
from workflows.support_policy import default as default_policy

RunAs = Callable[[Callable[[argparse.Namespace, Any], int]], Callable[..., int]]


def pairs(items: list[str] | None, option: str) -> dict[str, str]:
    """Parse repeated KEY=TEXT options."""
    found: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"{option} {item!r} is not KEY=TEXT")
        found[key.strip()] = value.strip()
    return found


def cmd_contact(args: argparse.Namespace, actor: Actor) -> int:
    """Record a victim's safe contact details (set), their chosen SPOC (spoc), or show them (show)."""
    if args.action == "show":
        found = support.contact(args.case, actor)
        lines = []
        for v in found:
            lines.append(f"{v.person} {v.name}:")
            lines += [f"  {k}: {val}" for k, val in sorted(v.contact.items()) if k not in ("person",)] or [
                "  no safe contact details recorded"]
        return emit(args, [dataclasses.asdict(v) for v in found], lines or ["no victims in this case"])
    if not args.person:
        raise InvalidInput("give --person P (a victim in the case)")
    if args.action == "spoc":
        if not args.spoc:
            raise InvalidInput("give --spoc 'NAME, AGENCY' and --victim-agreed")
        support.set_spoc(args.case, args.person, args.spoc, actor, victim_agreed=args.victim_agreed)
        return emit(args, {"spoc": args.spoc}, [f"{args.person}: SPOC recorded as chosen by the victim"])
    fields = {"ways": args.way, "warnings": args.warning, "interpreter": args.interpreter, "code_word": args.code_word,
              "safe_times": args.safe_times, "phone": args.phone, "language": args.language,
              "interpreter_notes": args.interpreter_notes, "accessibility": args.accessibility, "notes": args.notes}
    changed = support.set_contact(args.case, args.person, actor, fields)
    return emit(args, {"changed": changed}, [f"{args.person}: safe contact recorded ({', '.join(changed)})"])


def cmd_needs(args: argparse.Namespace, actor: Actor) -> int:
    """Record a needs assessment (record) or show the latest with the risk review clock (show)."""
    if args.action == "record":
        on = parse_date(args.on, "--on") if args.on else None
        need = support.record_needs(args.case, actor, pairs(args.area, "--area"), nrpf=args.nrpf, change=args.change,
                                    on=on)
        return emit(args, {"id": need}, [f"recorded needs assessment {need} on {args.case}"])
    view = support.needs(args.case, actor)
    clock = "running (da_case risk_review)" if view.risk_review_running else "from the latest DASH"
    lines = [f"{args.case}: latest DASH {view.latest_dash or '-'}; risk review due {view.risk_review_due or '-'} "
             f"({clock})"]
    if view.needs:
        lines.append(f"needs assessment {view.needs['id']} on {view.needs['date']}, review by {view.needs['review_by']}"
                     + (" NRPF" if view.needs.get("nrpf") else ""))
        lines += [f"  {k}: {v}" for k, v in sorted(view.needs["areas"].items())]
    return emit(args, dataclasses.asdict(view), lines)


def cmd_safety_plan(args: argparse.Namespace, actor: Actor) -> int:
    """Record the safety plan checklist as reviewed today: the items in place (--done) and notes (--note)."""
    items = support_plan.record_safety_plan(args.case, actor, args.done or [], pairs(args.note, "--note"))
    lines = [f"[{'x' if v['done'] else ' '}] {SAFETY_ITEMS[k]}" + (f" ({v['note']})" if v["note"] else "")
             for k, v in items.items()]
    return emit(args, items, lines)


def cmd_plan(args: argparse.Namespace, actor: Actor) -> int:
    """The support plan: show, add an action, set an action's status, the planned exit, agree, review, exit."""
    case = args.case
    if args.action == "action":
        if not (args.description and args.owner):
            raise InvalidInput("give --description and --owner (and --kind, --due)")
        due = parse_date(args.due, "--due") if args.due else None
        new = support_plan.add_action(case, actor, args.description, args.owner, args.kind, due)
        return emit(args, {"id": new}, [f"added action {new} to the support plan of {case}"])
    if args.action == "status":
        if not (args.id and args.status):
            raise InvalidInput("give --id ACTION and --status open|done|cancelled")
        support_plan.set_action_status(case, args.id, args.status, actor)
        return emit(args, {"id": args.id, "status": args.status}, [f"{args.id}: {args.status}"])
    if args.action == "exit-plan":
        by = parse_date(args.due, "--due") if args.due else None
        support_plan.set_exit(case, actor, args.description or "", by)
        return emit(args, {"planned_exit": args.description}, [f"{case}: planned exit recorded"])
    if args.action == "agree":
        support_plan.agree(case, actor)
        return emit(args, {"state": "active"}, [f"{case}: support plan agreed (active)"])
    if args.action in ("review", "exit"):
        fired = service.fire(support.plan_ref(case), args.action, actor, comment=args.comment or "")
        return emit(args, fired.entries, [f"{case}: support plan {args.action} recorded"])
    p = support_plan.plan(case, actor)
    lines = [f"{case}: support plan {p.state}; safety plan reviewed {p.safety_reviewed_on or '-'}"]
    lines += [f"  [{'x' if p.safety.get(k, {}).get('done') else ' '}] {k}" for k in SAFETY_ITEMS if p.safety]
    lines += [f"  action {a['id']} ({a['kind']}, {a['status']}): {a['description']} - {a['owner']}"
              + (f", due {a['due']}" if a.get("due") else "") for a in p.actions]
    lines.append(f"  planned exit: {p.planned_exit or '-'}" + (f" by {p.planned_exit_by}" if p.planned_exit_by else ""))
    return emit(args, dataclasses.asdict(p), lines)


def cmd_directory(args: argparse.Namespace, actor: Actor) -> int:
    """Print the support directory: emergency numbers (999, then 55), national helplines, local services."""
    permissions.check(actor, "support_directory")
    policy = default_policy()
    return emit(args, policy.directory, directory_lines(policy))


def add_parser(sub: Any, run_as: RunAs) -> None:
    """Add `hearth support` and its commands; run_as wraps a handler so it receives the acting user."""
    parser = sub.add_parser("support", help="support: safe contact, needs, safety and support plans, referrals, "
                                            "housing options, directory")
    commands = parser.add_subparsers(dest="support_command", required=True, metavar="ACTION")

    def command(name: str, func: Callable[[argparse.Namespace, Any], int]) -> argparse.ArgumentParser:
        p = commands.add_parser(name, help=(func.__doc__ or "").strip(), description=func.__doc__)
        p.add_argument("--json", action="store_true", help="print JSON")
        p.set_defaults(func=run_as(func))
        return p

    contact = command("contact", cmd_contact)
    contact.add_argument("action", choices=("set", "spoc", "show"))
    contact.add_argument("case", help="the case's id")
    contact.add_argument("--person", help="the victim's person id (set, spoc)")
    contact.add_argument("--way", action="append", choices=CONTACT_WAYS, help="a safe way to contact (repeatable)")
    contact.add_argument("--warning", action="append", choices=WARNINGS, help="e.g. never_at_home (repeatable)")
    contact.add_argument("--safe-times", help="when it is safe to contact, e.g. 'weekdays 10:00-14:00'")
    contact.add_argument("--phone", help="a safe phone number")
    contact.add_argument("--code-word", help="the agreed code word (shown to the assigned IDVA only)")
    contact.add_argument("--language", help="preferred language")
    contact.add_argument("--interpreter", help=f"{' or '.join(INTERPRETER)} (never family or community)")
    contact.add_argument("--interpreter-notes", help="e.g. a female interpreter the victim does not know")
    contact.add_argument("--accessibility", help="disability or accessibility needs")
    contact.add_argument("--notes", help="other contact notes")
    contact.add_argument("--spoc", help="the single point of contact the victim chose (spoc)")
    contact.add_argument("--victim-agreed", action="store_true", help="the victim agreed this SPOC (spoc)")
    needs = command("needs", cmd_needs)
    needs.add_argument("action", choices=("record", "show"))
    needs.add_argument("case", help="the case's id")
    needs.add_argument("--area", action="append", metavar="AREA=TEXT", help=f"one of {', '.join(NEEDS_AREAS)}")
    needs.add_argument("--nrpf", action="store_true", help="no recourse to public funds")
    needs.add_argument("--change", help="a change of circumstances (e.g. a release date): starts a risk review")
    needs.add_argument("--on", help="assessment date YYYY-MM-DD (default today)")
    safety = command("safety-plan", cmd_safety_plan)
    safety.add_argument("case", help="the case's id")
    safety.add_argument("--done", action="append", choices=tuple(SAFETY_ITEMS), help="an item in place (repeatable)")
    safety.add_argument("--note", action="append", metavar="ITEM=TEXT", help="a note on an item")
    plan = command("plan", cmd_plan)
    plan.add_argument("action", choices=("show", "action", "status", "exit-plan", "agree", "review", "exit"))
    plan.add_argument("case", help="the case's id")
    plan.add_argument("--description", help="the action, or the planned exit (exit-plan)")
    plan.add_argument("--owner", help="who does it: a worker and agency, or an agency")
    plan.add_argument("--kind", default="idva", help="idva, onward_referral, safeguarding, housing, legal, exit")
    plan.add_argument("--due", help="due date YYYY-MM-DD (action; exit-plan: by when)")
    plan.add_argument("--id", help="the action's id (status)")
    plan.add_argument("--status", choices=("open", "done", "cancelled"), help="the action's status (status)")
    plan.add_argument("--comment", help="the contact reviewed (review) or the planned exit reached (exit)")
    command("directory", cmd_directory)
    support_housing_cli.add_commands(command)
    support_options_cli.add_commands(command)  # transfer, reciprocal, tenancy, rehousing, options
    support_perp_cli.add_commands(command)
