"""`hearth workflow show|diagram|tick|enrol|verify|migrate|waits`: the definitions and the machinery."""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from graph_model.users import Actor
from workflows import diagrams, operations, registry, service
from workflows.definitions import WorkflowDefinition

Command = Callable[..., argparse.ArgumentParser]
FORMATS = {"mermaid": "mmd", "dot": "dot"}


def emit(args: argparse.Namespace, data: Any, lines: list[str]) -> int:
    """Print data as JSON when --json was given, else the lines; return exit status 0."""
    if getattr(args, "json", False):
        print(json.dumps(data, indent=2, default=str))
    else:
        print("\n".join(lines))
    return 0


def when(value: Any) -> str:
    """Return a time as people read it (minutes, with its offset), or '-' for none."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return "-" if value is None else str(value)


def _definition(name: str, version: int | None, actor: Actor) -> WorkflowDefinition:
    service.check_action(actor, "view_workflows")
    return registry.default().definition(name, version)


def describe(d: WorkflowDefinition) -> list[str]:
    """Return a definition as lines people read: states and who may do what, transitions, worklists, deadlines."""
    lines = [f"{d.id} v{d.version}: {d.title}", *([f"  {d.description.strip()}"] if d.description else []),
             f"permissions: {', '.join(d.permissions)}", f"initial state: {d.initial_state}", "states:"]
    for s in d.states.values():
        lines.append(f"  {s.id}: {s.title}" + (" (final)" if s.final else ""))
        lines += [f"      {perm}: {', '.join(roles) or '-'}" for perm, roles in s.permissions.items()]
    lines.append("transitions:")
    for t in d.transitions.values():
        lines.append(f"  {t.id}: {t.title}")
        lines.append(f"      {', '.join(t.source)} -> {t.dest or '(stays)'}; trigger {t.trigger}"
                     + ("; comment required" if t.comment_required else ""))
        if t.guard.describe():
            lines.append(f"      guard: {t.guard.describe()}")
        for p in t.params:
            extra = [p.kind, "required" if p.required else "optional"] + ([f"user with role {p.has_role}"]
                                                                          if p.has_role else [])
            extra += [f"one of {'|'.join(p.choices)}"] if p.choices else []
            lines.append(f"      param {p.name}: {p.title} ({', '.join(extra)})")
    lines.append("worklists:" if d.worklists else "worklists: none")
    for w in d.worklists.values():
        flags = (f"; deadline {w.deadline}" if w.deadline else "") + ("; overdue only" if w.overdue_only else "")
        lines.append(f"  {d.id}.{w.id}: {w.title}; states {', '.join(w.states)}; permission {w.permission}{flags}")
    lines.append("deadlines:" if d.deadlines else "deadlines: none")
    for x in d.deadlines.values():
        after = f"{x.after} (= {d.setting(x.after)})" if x.after.startswith("$") else x.after
        lines.append(f"  {x.id}: {x.title}; in {', '.join(x.states)}; {after} after {x.start}; on expiry "
                     + (f"fire {x.on_expiry}" if x.on_expiry else "flag overdue"))
    return lines


def cmd_show(args: argparse.Namespace, actor: Actor) -> int:
    """Show a workflow definition: states and their permissions, transitions and guards, worklists, deadlines."""
    d = _definition(args.name, args.version, actor)
    data = dataclasses.asdict(d)
    for tid, t in d.transitions.items():
        data["transitions"][tid]["guard_text"] = t.guard.describe()
    return emit(args, data, describe(d))


def cmd_diagram(args: argparse.Namespace, actor: Actor) -> int:
    """Draw a workflow as Mermaid and/or Graphviz DOT: into NAME.mmd / NAME.dot in --out, or on standard output."""
    d = _definition(args.name, args.version, actor)
    chosen = list(FORMATS) if args.format == "both" else [args.format]
    texts = {fmt: diagrams.mermaid(d) if fmt == "mermaid" else diagrams.dot(d) for fmt in chosen}
    if not args.out:
        print("\n".join(texts.values()), end="")
        return 0
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    for fmt, text in texts.items():
        path = folder / f"{d.id}.{FORMATS[fmt]}"
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


def cmd_tick(args: argparse.Namespace, actor: Actor) -> int:
    """Handle every deadline past due (fire its transition or flag it), then re-check swept automatic ones."""
    report = operations.tick(actor)
    lines = [f"expired {report.expired}, fired {len(report.fired)}, flagged {len(report.flagged)}, "
             f"swept {len(report.swept)}, failed {len(report.failed)}"]
    for kind in ("fired", "flagged", "swept", "failed"):
        lines += [f"  {kind}: {item}" for item in getattr(report, kind)]
    emit(args, dataclasses.asdict(report), lines)
    return 1 if report.failed else 0


def enrol_summary(counts: dict[str, int]) -> str:
    """Return enrol counts as one line."""
    if not any(counts.values()):
        return "workflows: every object was already enrolled"
    return "workflows: enrolled " + ", ".join(f"{n} in {w}" for w, n in counts.items() if n)


def cmd_enrol(args: argparse.Namespace, actor: Actor) -> int:
    """Put every object not yet in its workflows at its starting state; print how many per workflow."""
    counts = operations.enrol(actor)
    return emit(args, counts, [enrol_summary(counts)])


def cmd_verify(args: argparse.Namespace, actor: Actor) -> int:
    """Recompute every history hash chain; exit 1 and list the breaks when one is broken."""
    report = operations.verify_history(actor, args.workflow)
    if report.intact:
        emit(args, dataclasses.asdict(report), [f"intact: {report.statuses} statuses, {report.entries} entries"])
        return 0
    emit(args, dataclasses.asdict(report), [f"BROKEN: {len(report.problems)} problem(s) in {report.statuses} "
                                            f"statuses, {report.entries} entries"]
         + [f"  {p}" for p in report.problems])
    return 1


def cmd_migrate(args: argparse.Namespace, actor: Actor) -> int:
    """Move objects on earlier versions of a workflow to --to VERSION by its state map (--dry-run: list only)."""
    plan = operations.migrate(args.name, args.to, actor, dry_run=args.dry_run)
    done = not args.dry_run and not plan.blocked
    verb = "moved" if done else "would move"
    lines = [f"{plan.workflow} to version {plan.to_version}: {verb} {len(plan.moves)}, blocked {len(plan.blocked)}"
             + ("" if done or args.dry_run else " (nothing moved)")]
    lines += [f"  {m['ref']}: v{m['from_version']} {m['from_state']} -> {m['to_state']}" for m in plan.moves]
    lines += [f"  blocked: {b}" for b in plan.blocked]
    emit(args, {**dataclasses.asdict(plan), "migrated": done}, lines)
    return 1 if plan.blocked and not args.dry_run else 0


def cmd_waits(args: argparse.Namespace, actor: Actor) -> int:
    """List objects that waited in a state longer than --hours (left late, or still there), longest first."""
    rows = operations.waits(actor, args.workflow, args.state, args.hours, limit=args.limit)
    lines = [f"{len(rows)} object(s) waited over {args.hours}h in {args.workflow} {args.state}"]
    lines += [f"  {r['type']}:{r['id']} entered {when(r.get('entered'))}, left {when(r.get('left'))}"
              + (f" by {r['transition']}" if r.get("transition") else " (still there)") for r in rows]
    return emit(args, rows, lines)


def add_commands(command: Command) -> None:
    """Add the definition and machinery commands through the `command` factory of `hearth workflow`."""
    show = command("show", cmd_show)
    show.add_argument("name", help="the workflow, e.g. da_case")
    show.add_argument("--version", type=int, help="a version (default the current one)")
    diagram = command("diagram", cmd_diagram, json_option=False)
    diagram.add_argument("name", help="the workflow, e.g. da_case")
    diagram.add_argument("--version", type=int, help="a version (default the current one)")
    diagram.add_argument("--format", choices=("mermaid", "dot", "both"), default="both", help="default both")
    diagram.add_argument("--out", metavar="DIR", help="write NAME.mmd / NAME.dot here (default standard output)")
    command("tick", cmd_tick)
    command("enrol", cmd_enrol)
    command("verify", cmd_verify).add_argument("--workflow", help="one workflow only")
    migrate = command("migrate", cmd_migrate)
    migrate.add_argument("name", help="the workflow")
    migrate.add_argument("--to", type=int, required=True, metavar="VERSION", help="the version to move objects to")
    migrate.add_argument("--dry-run", action="store_true", help="list what would move; move nothing")
    waits = command("waits", cmd_waits)
    waits.add_argument("workflow", help="the workflow, e.g. da_case")
    waits.add_argument("state", help="the state, e.g. disclosure")
    waits.add_argument("--hours", type=int, required=True, help="longer than this many hours")
    waits.add_argument("--limit", type=int, default=100, help="most objects listed (default 100)")
