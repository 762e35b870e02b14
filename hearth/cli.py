"""The `hearth` command: start the database, load and export data, serve the dashboard, as a named user."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from neo4j.exceptions import DriverError, Neo4jError

from graph_model import db, local_server, read_model, schema, users
from graph_model.config import PROJECT_ROOT, Settings
from graph_model.errors import HearthError, ImportValidationError
from graph_model.interchange import export as exporter
from graph_model.interchange import load as loader
from hearth import analyse_cli, audit_cli, marac_cli, screen_cli, support_cli, user_cli, workflow_cli, workflow_ops_cli
from hearth.progress import ProgressLine
from hearth.retention_cli import add_parser as add_retention_parser
from workflows import operations, registry

DASHBOARD = PROJECT_ROOT / "dashboard" / "app.py"
MAX_SHOWN = 50  # problems printed for an invalid document; --json gives every one


def _say(text: str) -> None:
    print(text, flush=True)


def _acting(args: argparse.Namespace, settings: Settings) -> users.Actor:
    return users.actor(args.as_user or settings.operator)


def cmd_db_start(args: argparse.Namespace, settings: Settings) -> int:
    """Start the local Neo4j (unless NEO4J_URI is set), wait for Bolt, install the schema."""
    if settings.external:
        _say(f"NEO4J_URI is set: using {settings.neo4j_uri}; nothing started")
    else:
        began = time.monotonic()
        state, started = local_server.start(settings)
        took = time.monotonic() - began
        if started:
            _say(f"Neo4j started (pid {state.pid}) in {took:.1f}s at {state.uri}")
        else:
            _say(f"Neo4j is already running (pid {state.pid}) at {state.uri}")
    return cmd_db_init(args, settings)


def cmd_db_init(args: argparse.Namespace, settings: Settings) -> int:
    """Install constraints and indexes and the built-in admin account (idempotent)."""
    db.connect(settings)
    names = schema.install()
    users.ensure_builtin_admin()
    _say(f"schema ready ({len(names)} constraints and indexes); built-in user 'admin' present")
    workflows = registry.default()
    registry.sync(workflows)
    _say(f"workflow definitions stored ({len(workflows.definitions)} versions of {len(workflows.current)} workflows)")
    _say(db.connection_target(settings)[0])
    return 0


def cmd_db_stop(args: argparse.Namespace, settings: Settings) -> int:
    """Stop the local Neo4j."""
    if settings.external:
        _say(f"NEO4J_URI is set ({settings.neo4j_uri}): Hearth did not start it and will not stop it")
        return 0
    _say("Neo4j stopped" if local_server.stop(settings) else "Neo4j was not running")
    return 0


def _check_backup_user(args: argparse.Namespace, settings: Settings) -> None:
    """A running server knows its users: only an admin backs up or restores. A stopped one cannot be asked;
    then whoever can read the data folder could copy it anyway, and the file system is the boundary."""
    from graph_model import permissions

    if not settings.external and local_server.status(settings).running:
        permissions.check(_acting(args, settings), "backup_restore")


def cmd_db_backup(args: argparse.Namespace, settings: Settings) -> int:
    """Back up the local database to a new .tar.gz (stops and restarts the local server; admin only)."""
    from graph_model import backup

    _check_backup_user(args, settings)
    done = backup.backup(settings, Path(args.file))
    _say(f"backed up to {done.archive} ({done.bytes:,} bytes) in {done.seconds:.1f}s"
         + ("; server restarted" if done.restarted else ""))
    return 0


def cmd_db_restore(args: argparse.Namespace, settings: Settings) -> int:
    """Replace the local database with a backup; the replaced data is moved aside, not deleted (admin only)."""
    from graph_model import backup

    _check_backup_user(args, settings)
    done = backup.restore(settings, Path(args.file))
    _say(f"restored {done.archive} in {done.seconds:.1f}s; the data it replaced is in {done.kept}"
         if done.kept else f"restored {done.archive} in {done.seconds:.1f}s")
    return 0


def cmd_db_status(args: argparse.Namespace, settings: Settings) -> int:
    """Say whether Neo4j runs and answers; exit 1 when it does not."""
    if settings.external:
        target = settings.neo4j_uri
        running = True
    else:
        state = local_server.status(settings)
        target, running = state.uri, state.running
        _say(f"local Neo4j: {'running, pid ' + str(state.pid) if running else 'not running'}; data in {state.home}")
    if not running:
        return 1
    db.connect(settings)
    _say(f"{target}: answering")
    return 0


def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    """Validate a hearth/1 file and write all of it, or nothing."""
    db.connect(settings)
    actor = _acting(args, settings)
    document = loader.read_document(Path(args.file))
    began = time.monotonic()
    progress = ProgressLine("loading")
    try:
        result = loader.load(actor, document, progress=progress)
    finally:
        progress.done()
    took = time.monotonic() - began
    enrolled = operations.enrol(actor)
    if args.json:
        _say(json.dumps({"loaded": result.counts, "total": result.total, "seconds": round(took, 3),
                         "enrolled": enrolled}))
    else:
        parts = ", ".join(f"{n} {section}" for section, n in result.counts.items())
        _say(f"loaded {result.total} records in {took:.2f}s: {parts}")
        _say(workflow_ops_cli.enrol_summary(enrolled))
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write the graph as a hearth/1 document to a file or standard output."""
    db.connect(settings)
    document = exporter.export(_acting(args, settings), purpose=args.purpose)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        _say(f"exported to {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_summary(args: argparse.Namespace, settings: Settings) -> int:
    """Print how many records of each section are loaded."""
    db.connect(settings)
    summary = read_model.loaded_summary(_acting(args, settings))
    if args.json:
        _say(json.dumps(summary.counts))
    else:
        for section, n in summary.counts.items():
            _say(f"{section:18} {n}")
    return 0


def cmd_connection(args: argparse.Namespace, settings: Settings) -> int:
    """Say whether two people are personally connected (DA Act 2021 s.2), on what grounds, with the proof."""
    from graph_model import connections

    db.connect(settings)
    on = analyse_cli.parse_date(args.on, "--on") if args.on else None
    verdict = connections.check(_acting(args, settings), args.a, args.b, on=on, purpose=audit_cli.purpose_of(args))
    if args.json:
        _say(json.dumps(verdict.to_dict(), indent=2))
        return 0
    _say(verdict.sentence())
    for number, ground in enumerate(verdict.grounds, 1):
        _say(f"  {number}. {ground.explanation}")
    return 0


Command = Callable[[argparse.Namespace, Settings], int]


def _with_actor(func: Callable[[argparse.Namespace, users.Actor], int]) -> Command:
    def handler(args: argparse.Namespace, settings: Settings) -> int:
        db.connect(settings)
        return func(args, _acting(args, settings))
    handler.__doc__ = func.__doc__
    return handler


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the dashboard on http://localhost:PORT until interrupted."""
    db.connect(settings)
    command = [sys.executable, "-m", "streamlit", "run", str(DASHBOARD), "--server.port", str(args.port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.address", "127.0.0.1"]
    _say(f"Hearth dashboard: http://localhost:{args.port}")
    try:
        return subprocess.call(command, env=dict(os.environ))
    except KeyboardInterrupt:
        return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    """Start Neo4j, load the demo preset, and serve the dashboard: the main job in one command."""
    cmd_db_start(args, settings)
    args.preset, args.seed, args.out = "demo", 1, None
    cmd_seed(args, settings)
    return cmd_serve(args, settings)


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    """Generate a synthetic data set (deterministic per seed); write it to --out or load it."""
    from seed import generator

    began = time.monotonic()
    document = generator.generate(args.preset, args.seed)
    made = time.monotonic() - began
    records = sum(len(v) for k, v in document.items() if k != "format")
    if args.out:
        Path(args.out).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        _say(f"generated {records:,} records ({args.preset}, seed {args.seed}) in {made:.1f}s into {args.out}")
        return 0
    db.connect(settings)
    actor = _acting(args, settings)
    progress = ProgressLine(f"loading {args.preset}")
    try:
        result = loader.load(actor, document, progress=progress)
    finally:
        progress.done()
    took = time.monotonic() - began - made
    _say(f"{args.preset} (seed {args.seed}): generated in {made:.1f}s, loaded {result.total:,} records in "
         f"{took:.1f}s ({result.total / max(took, 1e-9):,.0f} records/s)")
    began = time.monotonic()
    enrolled = operations.enrol(actor)
    _say(f"{workflow_ops_cli.enrol_summary(enrolled)} ({time.monotonic() - began:.1f}s)")
    if args.preset == "demo":
        names = [u["username"] for u in document.get("users", [])] + [users.BUILTIN_ADMIN]
        users.set_password(actor, names, generator.DEMO_PASSWORD)
        _say(f"{len(names)} demo users, password {generator.DEMO_PASSWORD!r} (demo only)")
    return 0


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    """Load (or reuse) a data set in a benchmark database, time every capability, write the reports."""
    from bench import cases, harness, report  # noqa: F401  (cases registers the benchmarks)
    from seed import generator

    if not settings.external:  # a database of its own, so a developer's data is never wiped
        settings = dataclasses.replace(settings, data_dir=settings.data_dir / "bench", local_port=args.port)
        state, started = local_server.start(settings)
        _say(f"benchmark Neo4j {'started' if started else 'running'} at {state.uri}")
    db.connect(settings)
    progress = ProgressLine(f"loading {args.scale}")
    try:
        document, figures = harness.prepare_data(args.scale, args.seed, args.reuse, args.allow_wipe,
                                                 generator.generate, progress)
    finally:
        progress.done()
    result = harness.run(args.scale, args.seed, document, figures, args.iterations)
    markdown, data = report.write(result, Path(args.out))
    _say(report.to_markdown(result))
    _say(f"wrote {markdown} and {data}")
    if not settings.external and not args.keep_server:
        local_server.stop(settings)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every command and its --help."""
    parser = argparse.ArgumentParser(prog="hearth", description="Hearth: multi-agency domestic abuse safety.")
    parser.add_argument("--as", dest="as_user", metavar="USERNAME",
                        help="act as this user (default: $HEARTH_USER, else the built-in 'admin')")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    database = sub.add_parser("db", help="start, stop and inspect Neo4j").add_subparsers(
        dest="db_command", required=True, metavar="ACTION")
    for name, func in (("start", cmd_db_start), ("stop", cmd_db_stop), ("status", cmd_db_status),
                       ("init", cmd_db_init)):
        database.add_parser(name, help=(func.__doc__ or "").strip()).set_defaults(func=func)
    for name, func in (("backup", cmd_db_backup), ("restore", cmd_db_restore)):
        command = database.add_parser(name, help=(func.__doc__ or "").strip())
        command.add_argument("file", help="the backup archive (.tar.gz)")
        command.set_defaults(func=func)
    load = sub.add_parser("load", help=cmd_load.__doc__)
    load.add_argument("file", help="a hearth/1 JSON document")
    load.add_argument("--json", action="store_true", help="print the result as JSON")
    load.set_defaults(func=cmd_load)
    export = sub.add_parser("export", help=cmd_export.__doc__)
    export.add_argument("--out", help="file to write (default: standard output)")
    export.add_argument("--purpose", default="export a hearth/1 document", help="why (recorded in the audit)")
    export.set_defaults(func=cmd_export)
    summary = sub.add_parser("summary", help=cmd_summary.__doc__)
    summary.add_argument("--json", action="store_true", help="print the counts as JSON")
    summary.set_defaults(func=cmd_summary)
    connection = sub.add_parser("connection", help=cmd_connection.__doc__)
    connection.add_argument("a", help="a person's id")
    connection.add_argument("b", help="another person's id")
    connection.add_argument("--on", help="the date to judge at, YYYY-MM-DD (default today)")
    connection.add_argument("--json", action="store_true", help="print the verdict as JSON")
    connection.add_argument("--purpose", help="why you ask (recorded in the audit)")
    connection.set_defaults(func=cmd_connection)
    analyse_cli.add_parser(sub, _with_actor)
    user_cli.add_parser(sub, _with_actor)
    audit_cli.add_parser(sub, _with_actor)
    workflow_cli.add_parser(sub, _with_actor)
    marac_cli.add_parser(sub, _with_actor)
    screen_cli.add_parser(sub, _with_actor)
    support_cli.add_parser(sub, _with_actor)
    add_retention_parser(sub, _with_actor)
    presets = ("demo", "county", "national-sample")
    seed = sub.add_parser("seed", help=cmd_seed.__doc__)
    seed.add_argument("--preset", choices=presets, default="demo", help="data set size (default demo)")
    seed.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data; default 1)")
    seed.add_argument("--out", help="write the hearth/1 document here instead of loading it")
    seed.set_defaults(func=cmd_seed)
    bench = sub.add_parser("bench", help=cmd_bench.__doc__)
    bench.add_argument("--scale", choices=presets, default="demo", help="data set (default demo)")
    bench.add_argument("--seed", type=int, default=1, help="random seed of the data set (default 1)")
    bench.add_argument("--out", default=str(PROJECT_ROOT / "docs" / "benchmarks"), help="report folder")
    bench.add_argument("--iterations", type=int, help="samples per benchmark (default: each one's own)")
    bench.add_argument("--reuse", action="store_true", help="keep the data set if this scale and seed is loaded")
    bench.add_argument("--allow-wipe", action="store_true", help="wipe a database no benchmark loaded")
    bench.add_argument("--keep-server", action="store_true", help="leave the benchmark Neo4j running")
    bench.add_argument("--port", type=int, default=7696, help="Bolt port of the benchmark Neo4j (default 7696)")
    bench.set_defaults(func=cmd_bench)
    for name, func in (("serve", cmd_serve), ("demo", cmd_demo)):
        command = sub.add_parser(name, help=func.__doc__)
        command.add_argument("--port", type=int, default=8501, help="dashboard port (default 8501)")
        command.set_defaults(func=func)
    return parser


def _add_as_everywhere(parser: argparse.ArgumentParser) -> None:
    # Accept --as after the command too (`hearth load f.json --as idva1`), as users type it.
    for action in parser._subparsers._group_actions if parser._subparsers else []:  # noqa: SLF001
        for child in getattr(action, "choices", {}).values():
            child.add_argument("--as", dest="as_user", metavar="USERNAME", default=argparse.SUPPRESS,
                               help="act as this user")
            _add_as_everywhere(child)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; HearthError and database errors become one line on stderr and exit status 1."""
    parser = build_parser()
    _add_as_everywhere(parser)
    # Bytes that are not UTF-8 reach Python as lone surrogates, which no service can store or send to Neo4j.
    for position, arg in enumerate(sys.argv[1:] if argv is None else argv, 1):
        if any("\ud800" <= ch <= "\udfff" for ch in arg):
            _error(f"argument {position} is not UTF-8 text; nothing was done")
            return 2
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace, Settings], int] = args.func
    try:
        return func(args, Settings.from_env())
    except ImportValidationError as exc:
        if getattr(args, "json", False):
            print(json.dumps({"errors": [p.as_dict() for p in exc.problems]}, indent=1))
        shown = [str(p) for p in exc.problems[:MAX_SHOWN]]
        if len(exc.problems) > MAX_SHOWN:
            shown.append(f"... and {len(exc.problems) - MAX_SHOWN} more (--json lists them all)")
        _error(str(exc), shown)
        return 2
    except HearthError as exc:
        _error(str(exc))
    except (Neo4jError, DriverError) as exc:
        _error(f"database error: {getattr(exc, 'message', None) or exc}")
    except KeyboardInterrupt:
        _error("interrupted")
    finally:
        db.close()
    return 1


def _error(line: str, details: Sequence[Any] = ()) -> None:
    print(f"hearth: error: {line}", file=sys.stderr)
    for detail in details:
        print(f"  {detail}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
