"""`hearth load`: validate a whole hearth/1 document, then write all of it in one transaction or nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, LiteralString

from neo4j import ManagedTransaction
from neo4j.spatial import WGS84Point

from graph_model import audit, db, permissions, schema
from graph_model.errors import ImportValidationError, ValidationProblem
from graph_model.interchange import queries
from graph_model.interchange.rules import link_key
from graph_model.interchange.spec import SECTIONS
from graph_model.interchange.validate import Document, Known, validate
from graph_model.users import Actor

BATCH = 10_000
BULK = 50_000  # records: a load this big refreshes statistics and cached plans afterwards
Record = dict[str, Any]
# Told (step, rows done, rows in step) after every batch, so a long load can show progress.
Progress = Callable[[str, int, int], None]
# Optional booleans the format gives a default; stored explicitly so queries never guess.
DEFAULTS: dict[str, dict[str, Any]] = {
    "cases": {"counter_allegation": False},
    "incidents": {"police_callout": False},
    "risk_assessments": {"professional_judgement_high": False},
}


@dataclass(frozen=True)
class LoadResult:
    """What a load wrote: records per section."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        """Return the number of records written."""
        return sum(self.counts.values())


def read_document(path: Path) -> Any:
    """Parse a JSON file, turning unreadable input into a validation error that names the place."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ImportValidationError([ValidationProblem("document", None, None, f"no such file: {path}")]) from exc
    except UnicodeDecodeError as exc:
        problem = ValidationProblem("document", None, None, f"is not UTF-8 text: {exc.reason}")
        raise ImportValidationError([problem]) from exc
    except json.JSONDecodeError as exc:
        problem = ValidationProblem("document", None, None, f"is not valid JSON: {exc.msg} at line {exc.lineno}, "
                                                            f"column {exc.colno}")
        raise ImportValidationError([problem]) from exc


def load(actor: Actor, document: Any, today: date | None = None, progress: Progress | None = None,
         bulk: bool = False) -> LoadResult:
    """Check the actor may load, validate everything, then write it all in one transaction.

    `bulk` commits each batch of records in a transaction of its own instead, for a document too large for one
    transaction's memory (the national sample into an empty benchmark database): a failure midway then leaves
    part of the document written. `hearth load` never uses it."""
    with audit.denials(actor, "load_data", "import a hearth/1 document"):
        permissions.check(actor, "load_data")
    checked = validate(document, lookup=_lookup, today=today)
    if bulk:
        result = _write(None, checked, actor, progress or _silent)
    else:
        result = db.write(lambda tx: _write(tx, checked, actor, progress or _silent))
    if result.total >= BULK:
        # Plans cached before a bulk load were costed for a smaller graph; one was seen to run 15x slower.
        schema.refresh_statistics()
    return result


def _silent(step: str, done: int, total: int) -> None:
    return None


def _lookup(wanted: dict[str, set[str]], usernames: set[str]) -> Known:
    def work(tx: ManagedTransaction) -> Known:
        known = Known()
        for section, ids in wanted.items():
            query = queries.EXISTING_IDS.get(section)
            if query is None:
                continue
            for row in tx.run(query, ids=sorted(ids)):
                known.ids.setdefault(section, set()).add(row["id"])
                if section == "people":
                    known.birth_dates[row["id"]] = db.native(row["born"])
                elif section == "marac_meetings":
                    known.meeting_dates[row["id"]] = db.native(row["born"])
        for row in tx.run(queries.USERNAMES, names=sorted(usernames)):
            known.usernames[row["name"]] = row["id"]
        return known
    return db.read(work)


def _write(tx: ManagedTransaction | None, document: Document, actor: Actor, progress: Progress) -> LoadResult:
    counts: dict[str, int] = {}
    for section, records in document.records.items():
        counts[section] = len(records)
        if section == "links":
            continue
        rows = [{"id": r["id"], "props": node_properties(section, r)} for r in records]
        if section == "users":
            _batched(tx, queries.CLEAR_USERNAMES, [r["id"] for r in records], progress, "users", key="ids")
        _batched(tx, queries.MERGE_NODES[section], rows, progress, section)
        if section in queries.DROP_OWNED:
            ids = [r["id"] for r in records]
            _batched(tx, queries.DROP_OWNED[section], ids, progress, f"{section}: old links", key="ids")
    for (section, name), query in queries.OWNED_LINKS.items():
        kind = SECTIONS[section][name].kind
        rows = [{"s": r["id"], "t": t} for r in document.records.get(section, [])
                for t in (r.get(name, []) if kind == "refs" else [r[name]] if name in r else [])]
        _batched(tx, query, rows, progress, f"{section}.{name}")
    by_type: dict[str, list[Record]] = {}
    for record in document.records.get("links", []):
        by_type.setdefault(record["type"], []).append(
            {"a": record["a"], "b": record["b"], "key": link_key(record), "props": link_properties(record)})
    for link_type, rows in by_type.items():
        _batched(tx, queries.MERGE_PERSON_LINKS[link_type], rows, progress, f"links {link_type}")
    if tx is None:
        db.write(lambda t: audit.record(t, actor, "load_data", "import a hearth/1 document (bulk)", {"counts": counts}))
    else:
        audit.record(tx, actor, "load_data", "import a hearth/1 document", {"counts": counts})
    progress("commit", 0, 1)
    return LoadResult(counts)


def _batched(tx: ManagedTransaction | None, query: LiteralString, rows: list[Any], progress: Progress, step: str,
             key: str = "rows") -> None:
    for start in range(0, len(rows), BATCH):
        chunk = {key: rows[start:start + BATCH]}
        if tx is None:  # bulk: each batch commits on its own
            db.write(partial(_run_batch, query=query, params=chunk))
        else:
            tx.run(query, chunk).consume()
        progress(step, min(start + BATCH, len(rows)), len(rows))


def _run_batch(tx: ManagedTransaction, query: LiteralString, params: dict[str, Any]) -> None:
    tx.run(query, params).consume()


def node_properties(section: str, record: Record) -> dict[str, Any]:
    """Return the node's stored properties; absent optional fields are None so a reload removes them."""
    props: dict[str, Any] = {}
    for name, fld in SECTIONS[section].items():
        if name == "id" or fld.kind in ("ref", "refs"):
            continue
        props[name] = record.get(name, DEFAULTS.get(section, {}).get(name))
    if section == "properties":
        props["location"] = WGS84Point((props.pop("longitude"), props.pop("latitude")))
    if section == "risk_assessments":
        answers: dict[str, bool] = props.pop("answers")
        props["answered_yes"] = sorted(int(k) for k, yes in answers.items() if yes)
        props["answered_no"] = sorted(int(k) for k, yes in answers.items() if not yes)
        props["yes_count"] = len(props["answered_yes"])
    return props


def link_properties(record: Record) -> dict[str, Any]:
    """Return a person-to-person link's stored properties."""
    props: dict[str, Any] = {"start": record.get("start"), "end": record.get("end")}
    if record["type"] == "PARENT_OF":
        props["kind"] = record.get("kind", "birth")
    if record["type"] == "RELATIVE_OF":
        props["relation"] = record["relation"]
    return props
