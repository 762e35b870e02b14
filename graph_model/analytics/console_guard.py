"""What the analysts' console refuses before a query runs, and what it strips from the answer.

Neo4j Community has no role-based access control: any query on Hearth's database can read every node. The console
therefore refuses, on the query's tokens (comments dropped, backtick names unquoted, case ignored), anything that
names the protected labels and properties, or that could reach a node without naming its label:

- the names of the user, audit-event and workflow history-entry labels and of `password_hash` (as a label,
  property, variable or in a string);
- a node bound without a label (`(n)`, `(n WHERE ...)`, `({...})`): every node a query names or filters must carry
  one; a bare `()` is fine;
- label expressions that match "anything but" (`!`, `%`) and dynamic labels or parameters (`$`);
- the functions that list a node's labels or properties or reach nodes it did not name (`keys`, `properties`,
  `labels`, `nodes`, `startNode`, `endNode`), `n {.*}`, and `x[...]` with anything but literal numbers;
- procedures (`CALL name`), `db.` / `dbms.` / `apoc.` / `gds.` functions, `SHOW`, `TERMINATE`, `USE`, `LOAD`.

The answer is stripped too: a user or audit-event node is replaced by a marker, a `password_hash` key is
dropped and an argon2 hash anywhere is redacted. Limits (docs/audit.md): this is a filter on the query's text, not
a privilege in the server; it refuses some harmless queries, and a Cypher construct it does not know could still
get through. Neo4j Enterprise's RBAC (DENY READ on the labels) would be the real fix.
"""

from __future__ import annotations

import re
from typing import Any

from graph_model.errors import ConsoleQueryError

PROTECTED_LABELS = frozenset({"User", "AuditEvent", "HistoryEntry"})  # HistoryEntry: the alteration log
FORBIDDEN_NAMES = frozenset({"user", "auditevent", "historyentry", "password_hash"})
FORBIDDEN_FUNCTIONS = frozenset({"keys", "properties", "labels", "nodes", "startnode", "endnode"})
FORBIDDEN_NAMESPACES = frozenset({"db", "dbms", "apoc", "gds", "genai"})
FORBIDDEN_CLAUSES = frozenset({"show", "terminate", "use", "load"})
# Names after which `(` or `[` starts a pattern or a list, not a call or a subscript.
KEYWORDS = frozenset({
    "match", "optional", "where", "and", "or", "xor", "not", "return", "with", "unwind", "in", "as", "case", "when",
    "then", "else", "end", "by", "order", "skip", "limit", "distinct", "union", "all", "any", "none", "single",
    "exists", "count", "collect", "call", "yield", "is", "contains", "starts", "ends", "shortest", "paths", "path",
    "groups", "group", "repeatable", "elements", "different", "relationships", "asc", "desc", "ascending",
    "descending", "create", "merge", "set", "delete", "detach", "remove", "foreach", "on", "null", "true", "false",
})
# Functions whose argument in `f(x)` is a reference to a variable bound elsewhere, not a node pattern.
CALLS_TAKING_VARIABLES = frozenset({
    "count", "collect", "id", "elementid", "size", "type", "length", "exists", "coalesce", "tostring", "tointeger",
    "tofloat", "toboolean", "sum", "avg", "min", "max", "head", "last", "tail", "reverse", "isempty", "abs",
    "round", "ceil", "floor", "sign", "trim", "ltrim", "rtrim", "tolower", "toupper", "valuetype", "percentilecont",
    "percentiledisc", "stdev", "stdevp", "date", "datetime", "localdatetime", "time", "localtime", "duration",
    "relationships", "shortestpath", "allshortestpaths", "sqrt", "log", "exp", "split", "substring", "left",
    "right", "replace", "range", "point", "distance",
})
TOKEN = re.compile(r"""
    (?P<space>\s+) | (?P<comment>//[^\n]*|/\*.*?\*/) |
    (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*") |
    (?P<quoted>`(?:[^`]|``)*`) |
    (?P<number>\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?) |
    (?P<name>[^\W\d]\w*) |
    (?P<op>\.\.|<>|<=|>=|!=|=~|->|<-|.)
""", re.VERBOSE | re.DOTALL)
ARGON2 = "$argon2"


class Token:
    """One token of a query: its kind (name, quoted, string, number, op) and text (a quoted name unquoted)."""

    __slots__ = ("kind", "text")

    def __init__(self, kind: str, text: str) -> None:
        self.kind, self.text = kind, text

    @property
    def is_name(self) -> bool:
        """Return True for a name, plain or in backticks."""
        return self.kind in ("name", "quoted")

    def word(self) -> str:
        """Return the text, case-folded (Cypher keywords and Hearth's refusals ignore case)."""
        return self.text.casefold()


def tokens(query: str) -> list[Token]:
    """Split a query into tokens, dropping spaces and comments and unquoting backtick names."""
    found = []
    for m in TOKEN.finditer(query):
        kind = m.lastgroup or "op"
        if kind in ("space", "comment"):
            continue
        text = m.group()
        if kind == "quoted":
            text = text[1:-1].replace("``", "`")
        found.append(Token(kind, text))
    return found


def _refuse(why: str) -> ConsoleQueryError:
    return ConsoleQueryError(f"the console refuses this query: {why}")


def check(query: str) -> None:
    """Raise ConsoleQueryError naming the first construct the console refuses in this query."""
    toks = tokens(query)
    for i, t in enumerate(toks):
        before = toks[i - 1] if i else None
        after = toks[i + 1] if i + 1 < len(toks) else None
        _check_token(t, before, after)
        if t.text == "(" and after is not None and after.text == "{" and not _call_argument(before):
            raise _refuse("a node with properties but no label ({...}): name its label, e.g. (:Case {...})")
        if t.text == "(" and _names_unlabelled_node(toks, i):
            raise _refuse(f"the node ({toks[i + 1].text}) has no label: name the label of every node, e.g. "
                          f"({toks[i + 1].text}:Person)")
        if t.text == "[" and before is not None and _is_subscript(before) and not _literal_index(toks, i + 1):
            raise _refuse("x[...] may hold literal numbers only (use n.property to read a property)")


def _check_token(t: Token, before: Token | None, after: Token | None) -> None:
    word = t.word()
    if t.is_name and word in FORBIDDEN_NAMES:
        raise _refuse(f"it names {t.text!r} (users and the audit log are not for the console)")
    if t.kind == "string" and any(n in word for n in FORBIDDEN_NAMES):
        raise _refuse(f"the string {t.text} names users, the audit log or password hashes")
    if t.kind == "name" and word in FORBIDDEN_CLAUSES:
        raise _refuse(f"{t.text.upper()} is not allowed in the console")
    if t.is_name and after is not None and after.text == "(" and word in FORBIDDEN_FUNCTIONS:
        raise _refuse(f"{t.text}() is not allowed: name the properties you need, e.g. n.id")
    if t.is_name and after is not None and after.text == "." and word in FORBIDDEN_NAMESPACES:
        raise _refuse(f"{t.text}.* procedures and functions are not allowed in the console")
    if t.kind == "name" and word == "call" and after is not None and after.is_name:
        raise _refuse(f"procedures (CALL {after.text}...) are not allowed in the console")
    if t.text == "$":
        raise _refuse("parameters and dynamic labels ($) are not allowed in the console")
    if t.text == "!" or (t.text == "%" and before is not None and (before.text in (":", "&", "|", "(", "!")
                                                                   or before.word() == "is")):
        raise _refuse("label expressions with ! or % (any label but...) are not allowed: name the labels")
    if t.text == "*" and before is not None and before.text == ".":
        raise _refuse("all-properties projections (n {.*}) are not allowed: name the properties")


def _names_unlabelled_node(toks: list[Token], i: int) -> bool:
    """Return True when `(` at i opens a node pattern `(var)`, `(var {...})` or `(var WHERE ...)`, without a label."""
    if i + 2 >= len(toks) or not toks[i + 1].is_name:
        return False
    before = toks[i - 1] if i else None
    if _call_argument(before) or (before is not None and before.kind == "name" and before.word() == "call"):
        return False  # count(n), collect(n {.id}), CALL (n) {...}: a variable bound (with its label) elsewhere
    nxt = toks[i + 2]
    return nxt.text in (")", "{") or nxt.word() == "where"


def _call_argument(before: Token | None) -> bool:
    """Return True when `(` after this token opens the arguments of a function that takes variables."""
    return before is not None and before.kind == "name" and before.word() in CALLS_TAKING_VARIABLES


def _is_subscript(before: Token) -> bool:
    """Return True when `[` after this token indexes a value (x[0], f(x)[0]) rather than opening a list or pattern."""
    if before.text in (")", "]", "}") or before.kind in ("string", "quoted"):
        return True
    return before.kind == "name" and before.word() not in KEYWORDS


def _literal_index(toks: list[Token], start: int) -> bool:
    """Return True when the subscript from start to its `]` holds only numbers, `..` and `-`."""
    for t in toks[start:]:
        if t.text == "]":
            return True
        if not (t.kind == "number" or t.text in ("..", "-")):
            return False
    return False


def strip(value: Any) -> Any:
    """Return a console value with protected nodes replaced, password hashes dropped and argon2 strings redacted."""
    if isinstance(value, dict):
        labels = set(value.get("labels") or []) if isinstance(value.get("labels"), list) else set()
        if labels & PROTECTED_LABELS:
            return {"labels": sorted(labels), "withheld": "users and audit events are not shown in the console"}
        return {k: strip(v) for k, v in value.items() if k.casefold() != "password_hash"}
    if isinstance(value, (list, tuple)):
        return type(value)(strip(v) for v in value)
    if isinstance(value, str) and ARGON2 in value:
        return "[withheld: a password hash]"
    return value
