"""The house rules that keep the tree honest: Cypher only in graph_model/, imports one way, lint clean."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph_model.config import PROJECT_ROOT

CYPHER = re.compile(r"\b(MATCH|MERGE|CREATE|DETACH DELETE|UNWIND)\s*[\(\$:]|cypher_query")
OUTSIDE = ("dashboard", "workflows", "seed", "hearth")


def _python_files(package: str) -> list[Path]:
    return sorted((PROJECT_ROOT / package).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", OUTSIDE)
def test_no_cypher_outside_graph_model(package: str) -> None:
    """Cypher text and cypher_query appear in graph_model/ only."""
    offenders = [f"{p.relative_to(PROJECT_ROOT)}" for p in _python_files(package) if CYPHER.search(p.read_text())]
    assert offenders == []


@pytest.mark.parametrize("package", ("dashboard", "workflows"))
def test_ui_and_workflows_do_not_touch_the_driver(package: str) -> None:
    """dashboard/ and workflows/ import neither neomodel nor the neo4j driver."""
    offenders = [str(p) for p in _python_files(package) if _imports(p) & {"neomodel", "neo4j"}]
    assert offenders == []


def test_graph_model_imports_no_outer_layer() -> None:
    """graph_model/ never imports dashboard/, workflows/, seed/ or the CLI."""
    offenders = [str(p) for p in _python_files("graph_model") if _imports(p) & set(OUTSIDE)]
    assert offenders == []


def test_no_cypher_built_by_formatting() -> None:
    """No f-string or % / .format() builds a query: every run() gets a literal or a named constant."""
    offenders = []
    for path in _python_files("graph_model"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.JoinedStr) and any(
                    isinstance(v, ast.Constant) and CYPHER.search(str(v.value)) for v in node.values):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_ruff_clean() -> None:
    """ruff finds nothing."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_mypy_clean() -> None:
    """mypy finds nothing in the packages."""
    result = subprocess.run([sys.executable, "-m", "mypy", "graph_model", "hearth", "dashboard", "workflows", "seed"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
