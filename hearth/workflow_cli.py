"""`hearth workflow ...`: where objects stand, what may be done, doing it, and the worklists, as a named user."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from typing import Any

from graph_model.config import Settings
from graph_model.errors import InvalidInput
from graph_model.users import Actor
from hearth import workflow_ops_cli as ops
from hearth.audit_cli import purpose_of
from hearth.workflow_ops_cli import emit, when
from workflows import registry, service, worklists
from workflows.refs import ObjectRef

Handler = Callable[[argparse.Namespace, Settings], int]
RunAs = Callable[[Callable[[argparse.Namespace, Any], int]], Handler]


def parse_params(items: list[str] | None) -> dict[str, str]:
    """Parse repeated `--param name=value` options into a dict; raise InvalidInput on one without '='."""
    params: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"--param {item!r} is not name=value")
        params[name.strip()] = value
    return params


def entry_line(entry: dict[str, Any]) -> str:
    """Return one history entry as a line: workflow #seq transition: from -> to, marked when not a user's."""
    wf, tid = entry["workflow"], entry["transition"]
    try:
        t = registry.default().definition(wf, int(entry["version"])).transitions.get(tid)
    except LookupError:
        t = None
    mark = {"automatic": " (auto)", "deadline": " (deadline)"}.get(t.trigger if t else "", "")
    if t is None and tid in ("enrol", "migrate"):
        mark = f" ({tid})"
    source = entry.get("from_state") or "(start)"
    return f"{wf} #{entry['seq']} {tid}: {source} -> {entry['to_state']}{mark}"


def cmd_state(args: argparse.Namespace, actor: Actor) -> int:
    """Show where an object stands in each of its workflows, with its open deadlines."""
    ref = ObjectRef.parse(args.object)
    statuses = service.state(ref, actor, purpose=purpose_of(args))
    lines = [f"{ref}:"]
    for s in statuses:
        lines.append(f"  {s.workflow} v{s.version}: {s.state} ({s.state_title}), entry {s.seq}")
        for d in s.deadlines:
            expired = " EXPIRED" if d.get("expired") else ""
            lines.append(f"    deadline {d['deadline']} due {when(d['due'])}{expired}")
    return emit(args, [dataclasses.asdict(s) for s in statuses], lines)


def cmd_transitions(args: argparse.Namespace, actor: Actor) -> int:
    """List the transitions leaving an object's states: those you may fire, and why you may not fire the rest."""
    ref = ObjectRef.parse(args.object)
    options = service.available_transitions(ref, actor)
    lines = [f"{ref}: no transition leaves its current states"] if not options else []
    for allowed, heading in ((True, f"{actor.username} may fire on {ref}:"), (False, "refused:")):
        chosen = [o for o in options if o.allowed is allowed]
        if chosen:
            lines.append(heading)
        for o in chosen:
            needs = (["comment required"] if o.comment_required else []) + [f"param {p}" for p in o.params]
            extra = f" ({', '.join(needs)})" if needs else ""
            lines.append(f"  {o.workflow} {o.id}: {o.title} -> {o.dest or '(stays)'}{extra}")
            lines += [f"      {reason}" for reason in o.reasons]
    return emit(args, [dataclasses.asdict(o) for o in options], lines)


def cmd_why(args: argparse.Namespace, actor: Actor) -> int:
    """Explain, without trying, why you may not fire a transition on an object now."""
    ref = ObjectRef.parse(args.object)
    failures = service.why_not(ref, args.transition, actor, workflow=args.workflow)
    if not failures:
        lines = [f"{actor.username} may fire {args.transition} on {ref} now"]
    else:
        lines = [f"{actor.username} may not fire {args.transition} on {ref}:"] + [f"  {f}" for f in failures]
    data = {"allowed": not failures, "reasons": [dataclasses.asdict(f) for f in failures]}
    return emit(args, data, lines)


def cmd_fire(args: argparse.Namespace, actor: Actor) -> int:
    """Fire a transition on an object; print every entry written, automatic ones included."""
    ref = ObjectRef.parse(args.object)
    fired = service.fire(ref, args.transition, actor, comment=args.comment or "", params=parse_params(args.param),
                         workflow=args.workflow, expected_seq=args.expect_seq)
    lines = [f"{ref}: {len(fired.entries)} entr{'y' if len(fired.entries) == 1 else 'ies'} written"]
    lines += [f"  {entry_line(e)}" for e in fired.entries]
    return emit(args, fired.entries, lines)


def cmd_history(args: argparse.Namespace, actor: Actor) -> int:
    """Show an object's history (one workflow, or all of them by time)."""
    ref = ObjectRef.parse(args.object)
    entries = service.history(ref, actor, workflow=args.workflow, purpose=purpose_of(args))
    lines = [f"{ref}: {len(entries)} entries"]
    for e in entries:
        comment = f" \u2014 {e['comment']}" if e.get("comment") else ""
        lines.append(f"  {when(e.get('at'))} {e.get('actor', '?')}: {entry_line(e)}{comment}")
    return emit(args, entries, lines)


def cmd_worklist(args: argparse.Namespace, actor: Actor) -> int:
    """Without a name: your worklists and how many items each holds; with one: its items, soonest due first."""
    if not args.name:
        counts = worklists.counts(actor)
        lines = [f"{name}: {n} item(s), {late} overdue" for name, (n, late) in counts.items()]
        totals = {name: {"items": n, "overdue": late} for name, (n, late) in counts.items()}
        return emit(args, totals, lines or [f"no worklist holds anything for {actor.username}"])
    workflow, wl = worklists.find(args.name, registry.default())
    items = worklists.worklist(args.name, actor, limit=args.limit)
    lines = [f"{workflow}.{wl.id}: {wl.title} ({len(items)} item(s))"]
    lines += [f"  {i.ref}  {i.state}  due {when(i.due)}" + ("  OVERDUE" if i.overdue else "") for i in items]
    data = [{**dataclasses.asdict(i), "ref": str(i.ref)} for i in items]
    return emit(args, data, lines)


def add_parser(sub: Any, run_as: RunAs) -> None:
    """Add `hearth workflow` and its commands; run_as wraps a handler so it receives the acting user."""
    workflow = sub.add_parser("workflow", help="workflows: state, transitions, fire, history, worklists, diagrams")
    commands = workflow.add_subparsers(dest="workflow_command", required=True, metavar="ACTION")

    def command(name: str, func: Callable[[argparse.Namespace, Any], int], json_option: bool = True,
                obj: bool = False) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=(func.__doc__ or "").strip(), description=func.__doc__)
        if obj:
            parser.add_argument("object", help="the object as type:id, e.g. case:C1")
        if json_option:
            parser.add_argument("--json", action="store_true", help="print JSON")
        parser.set_defaults(func=run_as(func))
        return parser

    command("state", cmd_state, obj=True).add_argument("--purpose", help="why you look (recorded in the audit)")
    command("transitions", cmd_transitions, obj=True)
    why = command("why", cmd_why, obj=True)
    why.add_argument("transition", help="the transition's id, e.g. open")
    why.add_argument("--workflow", help="the workflow, when several of the object's have this transition")
    fire = command("fire", cmd_fire, obj=True)
    fire.add_argument("transition", help="the transition's id, e.g. open")
    fire.add_argument("--comment", help="why (some transitions require one)")
    fire.add_argument("--param", action="append", metavar="NAME=VALUE", help="a transition value (repeatable)")
    fire.add_argument("--workflow", help="the workflow, when several of the object's have this transition")
    fire.add_argument("--expect-seq", type=int, metavar="N", help="refuse unless the object is at entry N")
    history = command("history", cmd_history, obj=True)
    history.add_argument("--workflow", help="one workflow only")
    history.add_argument("--purpose", help="why you look (recorded in the audit)")
    worklist = command("worklist", cmd_worklist)
    worklist.add_argument("name", nargs="?", help="a worklist: workflow.worklist or a unique worklist name")
    worklist.add_argument("--limit", type=int, default=100, help="most items shown (default 100)")
    ops.add_commands(command)
