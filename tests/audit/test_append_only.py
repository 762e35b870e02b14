"""The audit is append-only: no query in Hearth's code sets, removes, merges or deletes on an AuditEvent, and the
only query that deletes unlabelled nodes is the benchmark wipe (a benchmark's own database, never a live one)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from graph_model.config import PROJECT_ROOT

PACKAGES = ("graph_model", "workflows", "hearth", "dashboard", "seed", "bench")
CHANGES = re.compile(r"\b(SET|REMOVE|DELETE|MERGE)\b|\bapoc\.", re.IGNORECASE)
QUERY = re.compile(r"\b(MATCH|CREATE|MERGE|CALL|UNWIND)\b", re.IGNORECASE)  # a query, not prose naming the label
# A query starting from every node, `MATCH (n) ... DELETE`: it would take audit events with everything else.
UNLABELLED_DELETE = re.compile(r"\s*MATCH\s*\(\s*\w+\s*\)\s*(?![-<])[^;]*\bDELETE\b", re.IGNORECASE)
# Known whole-database deletes, with why they are allowed: benchmark databases only (bench/harness checks a marker).
ALLOWED_WIPES = {"graph_model/probe.py"}


def _strings(path: Path) -> list[str]:
    """Return every string constant in a module (adjacent literals are one constant in the AST)."""
    tree = ast.parse(path.read_text())
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (PROJECT_ROOT / package).rglob("*.py"))


def test_no_query_changes_or_deletes_an_audit_event() -> None:
    offenders = [f"{p.relative_to(PROJECT_ROOT)}: {s[:80]!r}" for p in _modules() for s in _strings(p)
                 if "AuditEvent" in s and QUERY.search(s) and CHANGES.search(s)]
    assert offenders == []


def test_audit_events_are_only_ever_created() -> None:
    writers = {str(p.relative_to(PROJECT_ROOT)) for p in _modules() for s in _strings(p)
               if re.search(r"CREATE\s*\(\s*\w*\s*:AuditEvent\b", s)}
    assert writers == {"graph_model/audit.py"}


def test_no_unlabelled_delete_outside_the_benchmark_wipe() -> None:
    offenders = {str(p.relative_to(PROJECT_ROOT)) for p in _modules() for s in _strings(p)
                 if UNLABELLED_DELETE.match(s)}
    assert offenders <= ALLOWED_WIPES, offenders - ALLOWED_WIPES


def test_the_scan_sees_a_forbidden_query(tmp_path: Path) -> None:
    """The scan itself works: it flags a query that edits an event."""
    bad = tmp_path / "bad.py"
    bad.write_text('Q = ("MATCH (e:AuditEvent {id: $id}) "\n     "SET e.purpose = $p")\n')
    assert any("AuditEvent" in s and CHANGES.search(s) for s in _strings(bad))
