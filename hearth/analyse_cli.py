"""`hearth analyse ...`: the analysts' questions from the command line, each acting as a named user."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from graph_model.config import Settings
from graph_model.errors import InvalidInput
from hearth.audit_cli import purpose_of

Handler = Callable[[argparse.Namespace, Settings], int]


def parse_date(text: str, option: str) -> date:
    """Parse YYYY-MM-DD, or raise InvalidInput naming the option (one clear line from the CLI)."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"{option} {text!r} is not a real date as YYYY-MM-DD") from exc


def _date(text: str) -> date:
    try:
        return parse_date(text, "date")
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _emit(args: argparse.Namespace, data: Any, lines: list[str]) -> int:
    if args.json:
        print(json.dumps(data, indent=2, default=str))
    else:
        print("\n".join(lines))
    return 0


def cmd_path(args: argparse.Namespace, actor: Any) -> int:
    """Show the shortest typed paths between two people, in words, with the s.2 verdict."""
    from graph_model.analytics import paths

    answer = paths.how_connected(actor, args.a, args.b, max_hops=args.hops, on=args.on, purpose=purpose_of(args))
    lines = [answer.verdict.sentence()]
    if not answer.paths:
        lines.append(f"No path of at most {answer.max_hops} links.")
    for number, path in enumerate(answer.paths, 1):
        lines.append(f"Path {number} ({path.length} links):")
        lines += [f"  {step.words}" for step in path.steps]
    data = {"verdict": answer.verdict.to_dict(), "paths": [[dataclasses.asdict(s) for s in p.steps]
                                                            for p in answer.paths]}
    return _emit(args, data, lines)


def cmd_ego(args: argparse.Namespace, actor: Any) -> int:
    """Show a person's neighbourhood to N hops: people, cases, links and roles in cases."""
    from graph_model.analytics import ego

    network = ego.ego_network(actor, args.person, hops=args.hops, purpose=purpose_of(args))
    lines = [f"{len(network.nodes)} people and cases within {network.hops} links of {network.centre}:"]
    for node in network.nodes:
        roles = ", ".join(f"{role.split('_')[0].lower()} in {case}" for role, case in node.roles)
        lines.append(f"  [{node.hops}] {node.label} {node.id} {node.name}" + (f" ({roles})" if roles else ""))
    lines += [f"  {link.source} -{link.type}- {link.target}" for link in network.links]
    return _emit(args, dataclasses.asdict(network), lines)


def cmd_serial(args: argparse.Namespace, actor: Any) -> int:
    """Rank perpetrators against two or more victims by recency, frequency and gravity."""
    from graph_model.analytics import offending

    ranked = offending.serial_perpetrators(actor, area=args.area, as_of=args.on, limit=args.limit)
    lines = ["rank  score (R+F+G)  person  victims (risk)  areas"]
    for rank, s in enumerate(ranked, 1):
        victims = ", ".join(f"{v.id} ({v.risk})" for v in s.victims)
        lines.append(f"{rank:>4}  {s.score:>3} ({s.recency}+{s.frequency}+{s.gravity})  {s.id} {s.name}  "
                     f"{victims}  {', '.join(s.areas)}")
    return _emit(args, [{**dataclasses.asdict(s), "score": s.score} for s in ranked], lines)


def cmd_repeats(args: argparse.Namespace, actor: Any) -> int:
    """Count repeat victims and repeat MARAC cases per area over a period."""
    from graph_model.analytics import offending

    end = args.to or date.today()
    start = args.since or date(end.year - 1, end.month, min(end.day, 28))
    rows = offending.repeats(actor, start, end, area=args.area)
    lines = [f"{start} to {end}: area, victims, repeat victims (rate), MARAC cases, repeats (rate; national 32%)"]
    lines += [f"  {r.area}: {r.victims}, {r.repeat_victims} ({r.repeat_victim_rate:.0%}), {r.marac_cases}, "
              f"{r.repeat_marac_cases} ({r.repeat_marac_rate:.0%})" for r in rows]
    return _emit(args, [dataclasses.asdict(r) for r in rows], lines)


def cmd_console(args: argparse.Namespace, actor: Any) -> int:
    """Run a read-only Cypher query (row limit, timeout); audited with who and why."""
    from graph_model.analytics import console

    result = console.run_console(actor, args.query, args.purpose, limit=args.limit, timeout=args.timeout)
    lines = ["\t".join(result.columns)] + ["\t".join(json.dumps(v, default=str) for v in row) for row in result.rows]
    if result.truncated:
        lines.append(f"(stopped at {args.limit} rows)")
    return _emit(args, {"columns": result.columns, "rows": result.rows, "truncated": result.truncated}, lines)


def cmd_network(args: argparse.Namespace, actor: Any) -> int:
    """Components, sampled betweenness and Louvain communities of a chosen subgraph (pseudonymous)."""
    from graph_model.analytics import network, network_job

    jobs = Settings.from_env().data_dir / "jobs"
    if args.job:
        status = network_job.job_status(jobs, args.job)
        return _emit(args, status, [f"job {args.job}: {status.get('status')} ({status.get('stage')}, "
                                    f"{float(status.get('fraction') or 0):.0%})"])
    chosen = {"area": args.area, "start": args.since, "end": args.to, "cases": args.case or None}
    settings = {"betweenness_samples": args.samples, "seed": args.seed, "top": args.top}
    if args.background:
        job = network_job.start_background(actor, **chosen, job_dir=jobs, **settings)
        return _emit(args, {"job": job}, [f"started job {job}; follow it with: hearth analyse network --job {job}"])

    def progress(stage: str, fraction: float) -> None:
        print(f"network: {stage} ({fraction:.0%})", file=sys.stderr, flush=True)

    result = network.analyse(actor, **chosen, **settings, progress=None if args.json else progress)
    lines = [f"{result.nodes:,} people, {result.edges:,} links; {result.components:,} components "
             f"(largest {result.largest_component}); {result.communities:,} communities; betweenness from "
             f"{result.samples} sampled sources", "Highest betweenness (pseudonyms):"]
    lines += [f"  {r.person}  {r.value:.4f}" for r in result.top_betweenness]
    if args.write_back:
        written = network.write_back(actor, result)
        lines.append(f"wrote metrics onto {written:,} people for the dashboard")
    return _emit(args, result.as_dict(), lines)


def cmd_figures(args: argparse.Namespace, actor: Any) -> int:
    """Figures per area for a period (incidents, risk, MARAC volume, repeats...) beside national benchmarks."""
    from graph_model.analytics import figures

    end = args.to or date.today()
    start = args.since or date(end.year - 1, end.month, min(end.day, 28))
    result = figures.figures(actor, args.area, start, end)
    lines = [f"{start} to {end}"]
    sources: set[str] = set()
    for block in (result.total,) if args.area else (result.total, *result.areas):
        lines.append(f"{block.area}:")
        for figure in block.all():
            value = "n/a" if figure.value is None else f"{figure.value:,.2f}".rstrip("0").rstrip(".")
            bench = "" if figure.benchmark is None else f"  (national: {figure.benchmark:g})"
            if figure.benchmark is not None:
                sources.add(figure.source)
            lines.append(f"  {figure.name}: {value} {figure.unit}{bench}")
    lines += [f"national figures: {source}" for source in sorted(sources)]
    lines += [f"note: {note}" for note in result.notes]
    return _emit(args, dataclasses.asdict(result), lines)


def cmd_export(args: argparse.Namespace, actor: Any) -> int:
    """Write pseudonymised CSV tables (keyed pseudonyms, no names or addresses, months not days); audited."""
    from pathlib import Path

    from graph_model.analytics import export

    result = export.export_pseudonymised(actor, Path(args.out), args.area, purpose=args.purpose)
    lines = [f"wrote {len(result.files)} files to {result.out_dir}: "
             + ", ".join(f"{name} {n:,}" for name, n in result.counts.items())]
    if result.note:
        lines.append(result.note)
    return _emit(args, {"files": [str(f) for f in result.files], "counts": result.counts}, lines)


def add_parser(sub: Any, run_as: Callable[[Callable[[argparse.Namespace, Any], int]], Handler]) -> None:
    """Add `hearth analyse` and its commands; run_as wraps a handler so it receives the acting user."""
    analyse = sub.add_parser("analyse", help="analysts' questions: path, ego, serial, repeats, console...")
    commands = analyse.add_subparsers(dest="analyse_command", required=True, metavar="QUESTION")

    def command(name: str, func: Callable[[argparse.Namespace, Any], int]) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=(func.__doc__ or "").strip())
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.set_defaults(func=run_as(func))
        return parser

    path = command("path", cmd_path)
    path.add_argument("a")
    path.add_argument("b")
    path.add_argument("--hops", type=int, default=4, help="longest path, in links (1-8, default 4)")
    path.add_argument("--on", type=_date, help="date of the legal verdict (default today)")
    path.add_argument("--purpose", help="why you ask (recorded in the audit)")
    ego = command("ego", cmd_ego)
    ego.add_argument("person")
    ego.add_argument("--hops", type=int, default=2, help="hops from the person (1-3, default 2)")
    ego.add_argument("--purpose", help="why you ask (recorded in the audit)")
    serial = command("serial", cmd_serial)
    serial.add_argument("--area", help="only cases in this area")
    serial.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    serial.add_argument("--on", type=_date, help="score as of this date (default today)")
    repeats = command("repeats", cmd_repeats)
    repeats.add_argument("--area", help="only this area")
    repeats.add_argument("--since", type=_date, help="period start (default a year before --to)")
    repeats.add_argument("--to", type=_date, help="period end (default today)")
    net = command("network", cmd_network)
    net.add_argument("--area", help="cases in this area")
    net.add_argument("--since", type=_date, help="cases opened on or after")
    net.add_argument("--to", type=_date, help="cases opened on or before")
    net.add_argument("--case", action="append", help="a case id (repeat for several)")
    net.add_argument("--samples", type=int, default=500, help="betweenness sources sampled (default 500)")
    net.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    net.add_argument("--top", type=int, default=10, help="how many top people to list (default 10)")
    net.add_argument("--write-back", action="store_true", help="store the metrics on the people (dashboard)")
    net.add_argument("--background", action="store_true", help="run as a background job; print its id")
    net.add_argument("--job", help="show a background job's progress and result")
    figs = command("figures", cmd_figures)
    figs.add_argument("--area", help="one area (default: every area, and all together)")
    figs.add_argument("--since", type=_date, help="period start (default a year before --to)")
    figs.add_argument("--to", type=_date, help="period end (default today)")
    exp = command("export", cmd_export)
    exp.add_argument("--out", required=True, help="folder for the CSV files")
    exp.add_argument("--area", help="one area (default every area)")
    exp.add_argument("--purpose", required=True, help="why (recorded in the audit)")
    console = command("console", cmd_console)
    console.add_argument("query", help="Cypher; runs in a read-only transaction")
    console.add_argument("--purpose", required=True, help="why you run it (recorded in the audit)")
    console.add_argument("--limit", type=int, default=1000, help="row limit (default 1000)")
    console.add_argument("--timeout", type=float, default=10.0, help="seconds (default 10)")
