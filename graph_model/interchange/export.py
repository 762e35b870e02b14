"""`hearth export`: write the graph as one canonical hearth/1 document (sorted, defaults explicit)."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph_model import audit, db, permissions
from graph_model.interchange import queries
from graph_model.interchange.spec import ORDER, SECTIONS
from graph_model.users import Actor
from graph_model.vocabulary import FORMAT


def export(actor: Actor, purpose: str = "export a hearth/1 document") -> dict[str, Any]:
    """Check the actor may export, read everything in one transaction, and audit the disclosure."""
    with audit.denials(actor, "export_data", purpose):
        permissions.check(actor, "export_data")
    document = db.read(_read_all)
    counts = {section: len(records) for section, records in document.items() if section != "format"}
    db.write(lambda tx: audit.record(tx, actor, "export_data", purpose, {"counts": counts}))
    return document


def _read_all(tx: ManagedTransaction) -> dict[str, Any]:
    document: dict[str, Any] = {"format": FORMAT}
    for section in ORDER:
        if section == "links":
            records = [_link(row) for row in tx.run(queries.EXPORT_LINKS)]
        else:
            records = [_record(section, row["n"]) for row in tx.run(queries.EXPORT[section])]
        if records:
            document[section] = records
    return document


def _plain(value: Any) -> Any:
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _record(section: str, stored: dict[str, Any]) -> dict[str, Any]:
    stored = dict(stored)
    if section == "properties":
        location = stored.pop("location")
        stored["latitude"], stored["longitude"] = location.latitude, location.longitude
    if section == "risk_assessments":
        answers = {n: True for n in stored.get("answered_yes") or []}
        answers.update({n: False for n in stored.get("answered_no") or []})
        stored["answers"] = {str(n): answers[n] for n in sorted(answers)}
    record: dict[str, Any] = {}
    for name, fld in SECTIONS[section].items():
        value = stored.get(name)
        if value is None or (fld.kind == "refs" and not value and not fld.required):
            continue
        record[name] = sorted(value) if fld.kind == "refs" else _plain(value)
    return record


def _link(row: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"type": row["type"], "a": row["a"], "b": row["b"]}
    for name in ("start", "end", "kind", "relation"):
        if row[name] is not None:
            record[name] = _plain(row[name])
    return record
