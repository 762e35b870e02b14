"""Validate a whole hearth/1 document before anything is written; report every error with its place."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph_model import text, vocabulary
from graph_model.errors import ImportValidationError, ValidationProblem
from graph_model.interchange import rules
from graph_model.interchange.spec import ID, MAX_ID, MAX_TEXT, ORDER, RESERVED_USER_IDS, SECTIONS, Field

Record = dict[str, Any]
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only


@dataclass
class Known:
    """What the database already holds, for references to records outside the file."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    birth_dates: dict[str, date | None] = field(default_factory=dict)
    meeting_dates: dict[str, date | None] = field(default_factory=dict)
    usernames: dict[str, str] = field(default_factory=dict)  # username -> id of the user holding it


# Given the ids each section refers to that the file lacks, and the file's usernames, say what exists.
Lookup = Callable[[dict[str, set[str]], set[str]], Known]


@dataclass
class Document:
    """A validated document: records per section with dates parsed, ready to write."""

    records: dict[str, list[Record]]

    def count(self) -> int:
        """Return the number of records in the document."""
        return sum(len(r) for r in self.records.values())


class _Report:
    def __init__(self) -> None:
        self.problems: list[ValidationProblem] = []

    def add(self, section: str, record_id: str | None, name: str | None, message: str) -> None:
        self.problems.append(ValidationProblem(section, record_id, name, message))


def record_label(section: str, index: int, raw: Any) -> str:
    """Name a record in errors: its id, or for links (which have none) its position."""
    if section != "links" and isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"]:
        return str(raw["id"])
    return f"#{index + 1}"


def validate(document: Any, lookup: Lookup | None = None, today: date | None = None) -> Document:
    """Check a parsed hearth/1 document; return it with dates parsed, or raise listing every error."""
    report = _Report()
    today = today or date.today()
    records = _check_top(document, report)
    for section, items in records.items():
        records[section] = [_check_record(section, i, raw, report) for i, raw in enumerate(items)]
    _check_unique_ids(records, report)
    known = _resolve_references(records, lookup, report)
    rules.check_all(records, known, today, report.add)
    if report.problems:
        raise ImportValidationError(report.problems)
    return Document(records)


def _check_top(document: Any, report: _Report) -> dict[str, list[Any]]:
    if not isinstance(document, dict):
        report.add("document", None, None, "must be a JSON object")
        raise ImportValidationError(report.problems)
    if document.get("format") != vocabulary.FORMAT:
        report.add("document", None, "format", f"must be {vocabulary.FORMAT!r}, not {document.get('format')!r}")
    records: dict[str, list[Any]] = {}
    for key, value in document.items():
        if key == "format":
            continue
        if key not in SECTIONS:
            report.add(key, None, None, f"unknown section; known sections: {', '.join(ORDER)}")
        elif not isinstance(value, list):
            report.add(key, None, None, "must be a list of records")
        else:
            records[key] = value
    return {s: records[s] for s in ORDER if s in records}


def _check_record(section: str, index: int, raw: Any, report: _Report) -> Record:
    label = record_label(section, index, raw)
    if not isinstance(raw, dict):
        report.add(section, label, None, "must be a JSON object")
        return {"_label": label}
    spec = SECTIONS[section]
    clean: Record = {}
    for name in raw:
        if name not in spec:
            report.add(section, label, name, f"unknown field; fields of {section}: {', '.join(spec)}")
    for name, fld in spec.items():
        value = raw.get(name)
        if value is None:
            if fld.required:
                report.add(section, label, name, "is required")
            continue
        error, parsed = _check_value(fld, value)
        if error:
            report.add(section, label, name, error)
        else:
            clean[name] = parsed
    clean["_label"] = label
    return clean


def _check_value(fld: Field, value: Any) -> tuple[str | None, Any]:
    kind = fld.kind
    if kind in ("text", "ref"):
        if not isinstance(value, str):
            return f"must be a string, not {type(value).__name__}", None
        one_line = kind == "ref" or fld is ID or fld.one_line
        if fld.non_empty or kind == "ref":
            if not value.strip():
                return "must not be empty", None
        return text.problem(value, MAX_ID if one_line else MAX_TEXT, one_line), value
    if kind == "date":
        return _parse_date(value)
    if kind == "bool":
        return (None, value) if isinstance(value, bool) else (f"must be true or false, not {value!r}", None)
    if kind in ("latitude", "longitude"):
        limit = 90 if kind == "latitude" else 180
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return f"must be a number, not {value!r}", None
        if not -limit <= value <= limit:
            return f"{value} is out of range (-{limit} to {limit})", None
        return None, float(value)
    if kind == "radius":
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            return f"must be a whole number of metres above 0, not {value!r}", None
        return None, value
    if kind == "word":
        return _check_word(fld, value)
    if kind in ("words", "refs"):
        return _check_list(fld, value)
    return _check_answers(value)


def _parse_date(value: Any) -> tuple[str | None, Any]:
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return f"must be a date as YYYY-MM-DD, not {value!r}", None
    try:
        return None, date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a real date (YYYY-MM-DD)", None


def _check_word(fld: Field, value: Any) -> tuple[str | None, Any]:
    words = fld.words or frozenset()
    if not isinstance(value, str) or value not in words:
        return f"{value!r} is not one of: {', '.join(sorted(words))}", None
    return None, value


def _check_list(fld: Field, value: Any) -> tuple[str | None, Any]:
    if not isinstance(value, list):
        return f"must be a list, not {type(value).__name__}", None
    if fld.non_empty and not value:
        return "must name at least one", None
    item = Field("word", words=fld.words) if fld.kind == "words" else Field("ref", ref=fld.ref)
    for element in value:
        error, _ = _check_value(item, element)
        if error:
            return f"item {element!r}: {error}", None
    if len(set(value)) != len(value):
        return "names the same item twice", None
    return None, list(value)


def _check_answers(value: Any) -> tuple[str | None, Any]:
    if not isinstance(value, dict):
        return "must be an object of question numbers \"1\" to \"24\" to true or false", None
    for key, answer in value.items():
        if key not in vocabulary.DASH_QUESTIONS:
            return f"unknown question {key!r}; questions are \"1\" to \"24\"", None
        if not isinstance(answer, bool):
            return f"answer to question {key} must be true or false, not {answer!r}", None
    return None, dict(value)


def _check_unique_ids(records: dict[str, list[Record]], report: _Report) -> None:
    for section, items in records.items():
        seen: set[str] = set()
        for record in items:
            rid = record.get("id")
            if rid is None:
                continue
            if rid in seen:
                report.add(section, rid, "id", "appears more than once in the section")
            seen.add(rid)
    usernames: dict[str, str] = {}
    for user in records.get("users", []):
        name = user.get("username")
        if name is not None and name in usernames:
            report.add("users", user["_label"], "username", f"{name!r} is also the username of {usernames[name]}")
        elif name is not None:
            usernames[name] = user["_label"]


def _resolve_references(records: dict[str, list[Record]], lookup: Lookup | None, report: _Report) -> Known:
    in_file = {s: {r["id"] for r in items if "id" in r} for s, items in records.items()}
    wanted: dict[str, set[str]] = {}
    for section, items in records.items():
        for record in items:
            for _name, target, value in _references(section, record):
                if value not in in_file.get(target, set()):
                    wanted.setdefault(target, set()).add(value)
            if section == "links":  # birth dates of people outside the file, for the date rules
                for end in ("a", "b"):
                    if end in record and record[end] not in in_file.get("people", set()):
                        wanted.setdefault("people", set()).add(record[end])
    usernames = {u["username"] for u in records.get("users", []) if "username" in u}
    known = lookup(wanted, usernames) if lookup else Known()
    for section, items in records.items():
        for record in items:
            for name, target, value in _references(section, record):
                if value not in in_file.get(target, set()) and value not in known.ids.get(target, set()):
                    report.add(section, record["_label"], name,
                               f"refers to {target} {value!r}, which is neither in the file nor in the database")
    renamed = {u["id"]: u.get("username") for u in records.get("users", []) if "id" in u}
    for user in records.get("users", []):
        if user.get("id") in RESERVED_USER_IDS:
            report.add("users", user["_label"], "id", f"{user['id']!r} is Hearth's built-in account; use another id")
        holder = known.usernames.get(user.get("username", ""))
        # A holder renamed in this same file gives the name up (a swap or a hand-over), so it is free.
        given_up = holder is not None and renamed.get(holder, user.get("username")) != user.get("username")
        if holder is not None and holder != user.get("id") and not given_up:
            report.add("users", user["_label"], "username",
                       f"{user['username']!r} already belongs to user {holder!r} in the database")
    for record in records.get("people", []):
        if "id" in record:
            known.birth_dates[record["id"]] = record.get("date_of_birth")
    return known


def _references(section: str, record: Record) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for name, fld in SECTIONS[section].items():
        if fld.ref is None or name not in record:
            continue
        values = record[name] if fld.kind == "refs" else [record[name]]
        found.extend((name, fld.ref, value) for value in values)
    return found
