"""Write a benchmark report as Markdown and JSON."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from bench.harness import Report, Result
from bench.stats import Stats


def _row(name: str, stats: Stats, ratio50: float, ratio95: float, note: str) -> str:
    return (f"| {name} | {stats.samples} | {stats.p50_ms:.2f} | {stats.p95_ms:.2f} | {stats.p99_ms:.2f} | "
            f"{ratio50:.1f}x | {ratio95:.1f}x | {note} |")


def to_markdown(report: Report) -> str:
    """Return the report as a Markdown page."""
    base = report.baseline
    lines = [
        f"# Benchmarks: scale `{report.scale}`, seed {report.seed}", "",
        f"Run {report.when} on {report.machine['cpu']}; Python {report.machine['python']}; "
        f"{report.machine['neo4j']}; commit {report.machine['commit']}.", "",
        "## Load", "",
    ]
    load = report.load
    if load.get("reused"):
        lines.append("Data set reused from an earlier run (not reloaded, so no load figures).")
    else:
        lines += [
            f"Generated in {load['generate_seconds']} s; loaded {load['records']:,} records "
            f"({load['nodes']:,} nodes and {load['relationships']:,} relationships) in "
            f"{load.get('transactions', 'one transaction')} in "
            f"{load['load_seconds']} s (validation included): **{load['records_per_second']:,} records/s, "
            f"{load['entities_per_second']:,} nodes+relationships/s**.", "",
            f"Measured on a wiped database after a warm-up load of the demo set (which took "
            f"{load.get('warmup_demo_load_seconds', '?')} s, most of it Neo4j planning the loader's ~60 queries "
            "and the JVM warming up: what the first load after a start costs).",
        ]
    lines += [
        "", "## Latency", "",
        "Ratios are to the bare round-trip (`RETURN 1` in a read transaction) measured in the same run.", "",
        "| benchmark | samples | p50 ms | p95 ms | p99 ms | p50 ratio | p95 ratio | what |",
        "|---|---|---|---|---|---|---|---|",
        _row("round-trip (read transaction)", base, 1.0, 1.0, "`RETURN 1`, the baseline"),
        _row("round-trip (auto-commit)", report.baseline_autocommit,
             report.baseline_autocommit.p50_ms / base.p50_ms, report.baseline_autocommit.p95_ms / base.p95_ms,
             "`RETURN 1`, no transaction"),
    ]
    lines += [_row(r.name, r.stats, r.ratio_p50, r.ratio_p95, _what(r)) if r.stats is not None
              else f"| {r.name} | - | - | - | - | - | - | not run: {r.error} |" for r in report.results]
    if report.setup:
        lines += ["", "## Set-up measured by the benchmarks", ""]
        lines += [f"- **{title}**: {figures.get('summary', '')}" for title, figures in report.setup.items()]
    return "\n".join(lines) + "\n"


def _what(result: Result) -> str:
    return f"{result.description}; {result.note}" if result.note else result.description


def write(report: Report, out_dir: Path) -> tuple[Path, Path]:
    """Write <scale>.md and <scale>.json into out_dir; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    markdown = out_dir / f"{report.scale}.md"
    data = out_dir / f"{report.scale}.json"
    markdown.write_text(to_markdown(report), encoding="utf-8")
    data.write_text(json.dumps(dataclasses.asdict(report), indent=2) + "\n", encoding="utf-8")
    return markdown, data
