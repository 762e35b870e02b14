"""Every query Hearth sends is literal text: an AST scan of each call that runs Cypher (issue #10 item 5).

A query argument passes when it is a string literal, a module-level constant built only from literals (names,
concatenation, dicts and tuples of literals, a subscript of such a container), a local variable only ever
assigned such values, or a parameter annotated `LiteralString` (mypy then checks every caller). Anything else
(an f-string with a value, `%`, `.format()`, `+` with a runtime string, a parameter typed `str`) is flagged,
unless listed in EXCEPTIONS with its reason. tests/test_architecture.py keeps the cheaper text checks.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from graph_model.config import PROJECT_ROOT

PACKAGES = ("graph_model", "workflows", "hearth", "dashboard", "seed", "bench")
# Calls that send their query argument to Neo4j: name -> position of the query among the positional arguments.
RUNNERS = {"run": 0, "rows": 1, "cypher_query": 0, "execute_query": 0, "_one": 1, "_fetch": 1, "_paths": 1}
NOT_NEO4J = {"subprocess", "hooks", "harness"}  # receivers whose .run is not a query (processes, hooks, benchmarks)
CYPHER = re.compile(r"\b(MATCH|MERGE|CREATE|DELETE|UNWIND|RETURN|CALL)\b")
# (file, function) -> why its query may be runtime text. Each one is read-only or checked elsewhere.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("graph_model/analytics/console.py", "_rows"):
        "the analysts' console runs the analyst's own query by design: read transaction, row limit, timeout, "
        "LOAD CSV refused, audited (docs/analytics.md)",
}


@dataclass(frozen=True)
class Finding:
    """A call whose query argument is not provably literal."""

    path: str
    line: int
    function: str
    source: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} in {self.function}(): {self.source}"


def _is_literal_annotation(node: ast.expr | None) -> bool:
    return node is not None and "LiteralString" in ast.unparse(node)


class _Module:
    """A module's top-level constants that are built from literals only."""

    def __init__(self, tree: ast.Module) -> None:
        self.safe: set[str] = set()
        self.imported: set[str] = set()
        assigned: dict[str, list[ast.expr]] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                assigned.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.ImportFrom):
                # Imported constants are checked where they are defined (that module is scanned too).
                self.imported.update(alias.asname or alias.name for alias in node.names)
            elif isinstance(node, ast.Import):
                self.imported.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
            elif isinstance(node, ast.FunctionDef):  # a function is code, not text (TABLES pairs queries with them)
                self.safe.add(node.name)
        changed = True
        while changed:  # constants may refer to constants defined before or after them
            changed = False
            for name, values in assigned.items():
                if name not in self.safe and all(literal(v, self.safe, self.imported) for v in values):
                    self.safe.add(name)
                    changed = True


def literal(node: ast.expr, safe: set[str], imported: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
    """Return True when the expression can only be text written in the source."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | int | float | bool) or node.value is None
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) for v in node.values)
    if isinstance(node, ast.Name):  # an imported UPPER_CASE constant is checked in its own module
        return node.id in safe or (node.id in imported and node.id.isupper())
    if isinstance(node, ast.Attribute):  # queries.MERGE_NODES: a constant of a scanned graph_model module
        root = node
        while isinstance(root, ast.Attribute):
            root = root.value  # type: ignore[assignment]
        return isinstance(root, ast.Name) and root.id in imported and node.attr.isupper()
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return literal(node.left, safe, imported) and literal(node.right, safe, imported)
    if isinstance(node, ast.IfExp):
        return literal(node.body, safe, imported) and literal(node.orelse, safe, imported)
    if isinstance(node, ast.Subscript):  # one of a container's literals, chosen at run time
        return literal(node.value, safe, imported)
    if isinstance(node, ast.Dict):
        return all(v is not None and literal(v, safe, imported) for v in node.values)
    if isinstance(node, ast.Tuple | ast.List):
        return all(literal(e, safe, imported) for e in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        return literal(node.func.value, safe, imported)  # QUERIES.get(kind): one of its literals, or None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        return all(literal(k.value, safe, imported) for k in node.keywords) and not node.args
    return False


def _query_argument(call: ast.Call) -> ast.expr | None:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if name not in RUNNERS:
        return None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in NOT_NEO4J:
        return None
    if name == "run" and isinstance(func, ast.Name):  # a function of our own named run; the driver's is a method
        return None
    for keyword in call.keywords:
        if keyword.arg == "query":
            return keyword.value
    position = RUNNERS[name]
    if len(call.args) <= position or isinstance(call.args[position], ast.Starred):
        return None
    return call.args[position]


def _local_safe(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, module: _Module,
                outer: set[str]) -> set[str]:
    """Names safe inside a function: the module's constants, LiteralString parameters, literal-only locals."""
    safe = set(module.safe) | outer
    args = function.args
    params = args.posonlyargs + args.args + args.kwonlyargs
    for param in params:
        if isinstance(function, ast.Lambda) or not _is_literal_annotation(param.annotation):
            safe.discard(param.arg)
        else:
            safe.add(param.arg)
    assigned: dict[str, list[ast.expr | None]] = {}
    body = function.body if isinstance(function.body, list) else []
    for node in (n for statement in body for n in ast.walk(statement)):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        assigned.setdefault(name.id, []).append(node.value if target is name else None)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name):
            value = node.value if isinstance(node, ast.AnnAssign) else None  # `q += x` is never proven literal
            assigned.setdefault(node.target.id, []).append(value)
        elif isinstance(node, ast.For | ast.comprehension):  # `for query in QUERIES`, `in TABLE.items()`
            source = node.iter.func.value if (isinstance(node.iter, ast.Call)
                                              and isinstance(node.iter.func, ast.Attribute)) else node.iter
            for name in ast.walk(node.target):
                if isinstance(name, ast.Name):
                    assigned.setdefault(name.id, []).append(source)
    for name, values in assigned.items():
        safe.discard(name)
        if all(v is not None and literal(v, safe, module.imported) for v in values):
            safe.add(name)
    return safe


def scan_source(text: str, path: str = "<snippet>") -> list[Finding]:
    """Return every query call in the source whose query is not provably literal (minus EXCEPTIONS)."""
    tree = ast.parse(text)
    module = _Module(tree)
    findings: list[Finding] = []

    def visit(node: ast.AST, scope: str, safe: set[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                name = scope if isinstance(child, ast.Lambda) else child.name
                visit(child, name, _local_safe(child, module, safe))
                continue
            if isinstance(child, ast.Call):
                query = _query_argument(child)
                if query is not None and not literal(query, safe, module.imported) \
                        and (path, scope) not in EXCEPTIONS:
                    findings.append(Finding(path, child.lineno, scope, ast.unparse(query)))
            visit(child, scope, safe)

    visit(tree, "<module>", set(module.safe))
    for node in tree.body:  # a query constant imported elsewhere must itself be literal
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign) and node.value is not None else []
        for target in targets:
            if isinstance(target, ast.Name) and target.id.isupper() and target.id not in module.safe \
                    and CYPHER.search(ast.unparse(node)):
                findings.append(Finding(path, node.lineno, "<module>", target.id))
    return findings


def scan_tree() -> list[Finding]:
    """Scan every Python file of Hearth's packages."""
    found: list[Finding] = []
    for package in PACKAGES:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            found += scan_source(path.read_text(encoding="utf-8"), str(path.relative_to(PROJECT_ROOT)))
    return found


def test_no_query_is_built_from_runtime_text() -> None:
    """No call in Hearth's packages sends Neo4j a query assembled from runtime values."""
    assert [str(f) for f in scan_tree()] == []


def test_every_exception_is_still_needed() -> None:
    """Each listed exception names a function that exists and runs a non-literal query (no stale passes)."""
    for (path, function), reason in EXCEPTIONS.items():
        assert reason
        text = (PROJECT_ROOT / path).read_text(encoding="utf-8")
        saved = dict(EXCEPTIONS)
        EXCEPTIONS.clear()
        try:
            flagged = {f.function for f in scan_source(text, path)}
        finally:
            EXCEPTIONS.update(saved)
        assert function in flagged, f"{path}:{function} no longer needs its exception"


PLANTED = '''
from typing import LiteralString
from graph_model import db

BASE = "MATCH (p:Person) "
BY_ID: LiteralString = BASE + "WHERE p.id = $id RETURN p"
QUERIES = {"one": BY_ID, "all": BASE + "RETURN p"}

def good(tx, kind, query: LiteralString):
    tx.run("MATCH (n) RETURN n")
    tx.run(BY_ID, id=1)
    tx.run(QUERIES[kind])
    chosen = QUERIES["one"] if kind else BY_ID
    tx.run(chosen)
    tx.run(query)
    db.rows(tx, BY_ID, id=1)

def fstring(tx, name):
    tx.run(f"MATCH (p:Person {{name: '{name}'}}) RETURN p")

def percent(tx, name):
    tx.run("MATCH (p:Person {name: '%s'}) RETURN p" % name)

def formatted(session, label):
    session.run("MATCH (p:{}) RETURN p".format(label))

def concatenated(tx, name):
    db.rows(tx, BASE + "WHERE p.name = '" + name + "' RETURN p")

def through_a_local(tx, name):
    query = BASE
    query += name
    tx.run(query)

def untyped_parameter(tx, query: str):
    tx.run(query)

def keyword(tx, where):
    tx.run(query="MATCH (p) WHERE " + where + " RETURN p")

def joined(tx, parts):
    tx.run(" ".join(parts))

def in_a_lambda(where):
    return db.read(lambda tx: tx.run("MATCH (p) WHERE " + where).data())
'''


def test_scanner_flags_planted_string_built_queries() -> None:
    """The scanner passes the literal forms and flags each way of building a query from runtime text."""
    flagged = [f.function for f in scan_source(PLANTED)]
    assert flagged == ["fstring", "percent", "formatted", "concatenated", "through_a_local", "untyped_parameter",
                       "keyword", "joined", "in_a_lambda"]


def test_scanner_ignores_processes_and_text_without_queries() -> None:
    """subprocess.run and calls that send no query are not findings; a module constant built by formatting is."""
    assert scan_source("import subprocess\nsubprocess.run(['git', 'status'])\n") == []
    built = "import os\nQ = 'MATCH (n:' + os.environ['L'] + ') RETURN n'\ndef f(tx):\n    tx.run(Q)\n"
    assert [(f.function, f.source) for f in scan_source(built)] == [("f", "Q"), ("<module>", "Q")]
