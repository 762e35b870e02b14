"""Helpers for the hostile-input tests: the hostile strings, and a fingerprint of the whole graph."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from graph_model import db

# Stored exactly: quotes, Cypher fragments, placeholders, backslashes, unicode of every awkward kind.
ACCEPTED: dict[str, str] = {
    "quotes": "O'Brien \"the\" `tick` ''",
    "cypher": "'}) MATCH (n) DETACH DELETE n //",
    "cypher2": "\") WITH 1 AS x CALL db.labels() YIELD label RETURN label /*",
    "placeholders": "$param {x} {{y}} %s %(name)s {0}",
    "backslash": "C:\\new\\table \\u0000 \\\\",
    "rtl": "\u202eevil.exe\u202c \u200f\u0645\u0631\u062d\u0628\u0627\u200e",
    "emoji": "\U0001F469\u200D\U0001F467 \U0001F3F3\uFE0F\u200D\U0001F308",
    "combining": "e\u0301 Zoe\u0308 \u1e9b\u0323 a\u0338",
    "non_bmp": "\U0001D49C\U00020000\U0010FFFD",
    "html": "<script>alert(1)</script> &amp; <b>",
}
# Stored exactly in free text, refused in one-line fields (ids, usernames, references).
MULTILINE = "first line\nsecond\r\nthird\ttabbed"
# Refused everywhere, with the field named.
REJECTED: dict[str, str] = {
    "nul": "a\x00b",
    "escape": "\x1b[2J\x1b[31mred",
    "bell": "ding\x07",
    "delete": "del\x7f",
    "c1_csi": "c1\x9b31m",
    "lone_surrogate": "bad\ud800text",
    "100kB": "x" * 100_000,
}
LIMIT_TEXT = "y" * 10_000  # the longest free text accepted


@dataclass(frozen=True)
class Fingerprint:
    """Node and relationship counts and a checksum of every label, type and property in the graph."""

    nodes: int
    relationships: int
    checksum: str


def _canonical(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{_canonical(value[k])}" for k in sorted(value)) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    return f"{type(value).__name__}:{value!r}"


def fingerprint() -> Fingerprint:
    """Return the graph's fingerprint (every node and relationship, with its properties)."""
    def work(tx: Any) -> Fingerprint:
        nodes = sorted(_canonical([sorted(r["labels"]), r["props"]]) for r in tx.run(
            "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"))
        rels = sorted(_canonical([r["type"], r["a"], r["b"], r["props"]]) for r in tx.run(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, elementId(a) AS a, elementId(b) AS b, "
            "properties(r) AS props"))
        digest = hashlib.sha256("\n".join(nodes + ["--"] + rels).encode("utf-8", "surrogatepass")).hexdigest()
        return Fingerprint(len(nodes), len(rels), digest)
    return db.read(work)
