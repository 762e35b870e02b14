"""Rules that span fields and records: impossible dates, links to oneself, parents born after children."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from graph_model.vocabulary import SYMMETRIC_LINKS

Record = dict[str, Any]
Add = Callable[[str, str | None, str | None, str], None]
PARENTAL = ("PARENT_OF", "PARENTAL_RESPONSIBILITY_FOR")


def link_key(record: Record) -> str:
    """Identify a person-to-person link across loads: type, the pair (unordered if symmetric), start."""
    a, b = record["a"], record["b"]
    if record["type"] in SYMMETRIC_LINKS:
        a, b = sorted((a, b))
    start = record.get("start")
    return f"{record['type']}|{a}|{b}|{start.isoformat() if start else ''}"


def check_all(records: dict[str, list[Record]], known: Any, today: date, add: Add) -> None:
    """Apply every cross-field rule, calling add(section, record, field, message) for each breach."""
    births: dict[str, date | None] = known.birth_dates
    for record in records.get("people", []):
        _not_future(add, "people", record, "date_of_birth", today)
    _check_links(records.get("links", []), births, add)
    for section in ("tenancies", "court_orders"):
        for record in records.get(section, []):
            _ordered(add, section, record, "start", "end")
    for record in records.get("incidents", []):
        _check_incident(record, births, today, add)
    for record in records.get("risk_assessments", []):
        _not_future(add, "risk_assessments", record, "date", today)
    for record in records.get("cases", []):
        both = set(record.get("victims", [])) & set(record.get("perpetrators", []))
        for person in sorted(both):
            add("cases", record["_label"], "perpetrators",
                f"{person!r} is both victim and perpetrator; record a counter-allegation as its own case")
    for record in records.get("court_orders", []):
        _check_court_order(record, add)
    meetings = dict(known.meeting_dates)
    meetings.update({m["id"]: m.get("date") for m in records.get("marac_meetings", []) if "id" in m})
    for record in records.get("marac_cases", []):
        held = meetings.get(record.get("meeting", ""))
        if held and record.get("referred") and record["referred"] > held:
            add("marac_cases", record["_label"], "referred",
                f"{record['referred']} is after the meeting it is listed at ({held})")


def _check_links(links: list[Record], births: dict[str, date | None], add: Add) -> None:
    seen: dict[str, str] = {}
    for record in links:
        label, kind = record["_label"], record.get("type")
        if "a" in record and record.get("a") == record.get("b"):
            add("links", label, "b", f"links {record['a']!r} to themself")
        if "kind" in record and kind != "PARENT_OF":
            add("links", label, "kind", "only PARENT_OF links have a kind")
        if kind == "RELATIVE_OF" and "relation" not in record:
            add("links", label, "relation", "is required for RELATIVE_OF")
        if "relation" in record and kind != "RELATIVE_OF":
            add("links", label, "relation", "only RELATIVE_OF links have a relation")
        _ordered(add, "links", record, "start", "end")
        if not {"a", "b", "type"} <= record.keys() or record["a"] == record["b"]:
            continue
        a_born, b_born = births.get(record["a"]), births.get(record["b"])
        start = record.get("start")
        for who, born in ((record["a"], a_born), (record["b"], b_born)):
            if start and born and start < born:
                add("links", label, "start", f"{start} is before {who!r} was born ({born})")
        if kind in PARENTAL and a_born and b_born and a_born >= b_born:
            add("links", label, "a", f"parent {record['a']!r} (born {a_born}) is not older than child "
                                     f"{record['b']!r} (born {b_born})")
        key = link_key(record)
        if key in seen:
            add("links", label, "b", f"repeats link {seen[key]} (same type, people and start)")
        seen.setdefault(key, label)


def _check_incident(record: Record, births: dict[str, date | None], today: date, add: Add) -> None:
    _not_future(add, "incidents", record, "date", today)
    if record.get("by") and record.get("by") == record.get("towards"):
        add("incidents", record["_label"], "towards", "is the same person as `by`")
    happened = record.get("date")
    for name in ("by", "towards"):
        born = births.get(record.get(name, ""))
        if happened and born and happened < born:
            add("incidents", record["_label"], "date", f"{happened} is before {record[name]!r} was born ({born})")


def _check_court_order(record: Record, add: Add) -> None:
    label = record["_label"]
    if record.get("respondent") in record.get("protected", []):
        add("court_orders", label, "protected", "names the respondent as protected by their own order")
    if ("exclusion_property" in record) != ("exclusion_radius_m" in record):
        missing = "exclusion_radius_m" if "exclusion_property" in record else "exclusion_property"
        add("court_orders", label, missing, "exclusion_property and exclusion_radius_m come together")


def _ordered(add: Add, section: str, record: Record, first: str, last: str) -> None:
    if record.get(first) and record.get(last) and record[last] < record[first]:
        add(section, record["_label"], last, f"{record[last]} is before {first} {record[first]}")


def _not_future(add: Add, section: str, record: Record, name: str, today: date) -> None:
    if record.get(name) and record[name] > today:
        add(section, record["_label"], name, f"{record[name]} is in the future")
