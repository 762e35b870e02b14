"""Every free-text field and id of hearth/1 tried with hostile strings: stored exactly, or refused by name.

Accepted values must round-trip exactly (load, export, compare) and add only the records loaded; refused ones
must name section, record and field, write nothing (the graph's fingerprint is unchanged), and reach the CLI
user as one line with a non-zero exit, never a stack trace.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graph_model.errors import ImportValidationError
from graph_model.interchange import export as exporter
from graph_model.interchange import load as loader
from graph_model.interchange.spec import SECTIONS
from graph_model.interchange.validate import validate
from graph_model.users import Actor
from tests.security.hostile_graph import ACCEPTED, LIMIT_TEXT, MULTILINE, REJECTED, fingerprint

# Every free-text field of the format (ids are tried separately): a new field fails test_every_text_field_covered.
TEXT_FIELDS = sorted((section, name) for section, fields in SECTIONS.items()
                     for name, fld in fields.items() if fld.kind == "text" and name != "id")
ONE_LINE = {("users", "username")}
FREE_TEXT = {**ACCEPTED, "multiline": MULTILINE, "at_the_limit": LIMIT_TEXT}


def document(text: str, key: str) -> dict[str, Any]:
    """Return a document whose every free-text field holds `text` and whose every id contains `key`."""
    one = text if key == "ok" or (len(text) <= 150 and "\n" not in text and "\t" not in text) else "plain"
    i = f"{key}-{one}"
    return {
        "format": "hearth/1",
        "people": [{"id": f"P-{i}", "given_name": text, "family_name": text, "synthetic": True},
                   {"id": f"Q-{i}", "given_name": "Other", "synthetic": True}],
        "agencies": [{"id": f"A-{i}", "name": text, "kind": "police", "area": text}],
        "users": [{"id": f"U-{i}", "username": f"u-{i}", "display_name": text, "agency": f"A-{i}",
                   "roles": ["idva"]}],
        "properties": [{"id": f"H-{i}", "address": text, "postcode": text, "latitude": 52.2, "longitude": 0.13,
                        "building": text, "area": text, "landlord": f"A-{i}"}],
        "tenancies": [{"id": f"T-{i}", "person": f"P-{i}", "property": f"H-{i}", "start": "2020-01-01"}],
        "cases": [{"id": f"C-{i}", "area": text, "opened": "2024-01-05", "victims": [f"P-{i}"],
                   "perpetrators": [f"Q-{i}"]}],
        "incidents": [{"id": f"I-{i}", "case": f"C-{i}", "date": "2024-01-02", "by": f"Q-{i}"}],
        "risk_assessments": [{"id": f"R-{i}", "case": f"C-{i}", "date": "2024-01-06", "tool": "DASH",
                              "answers": {"1": True}, "assessor": f"U-{i}"}],
        "referrals": [{"id": f"F-{i}", "case": f"C-{i}", "kind": "idva", "date": "2024-01-07", "basis": "consent"}],
        "consents": [{"id": f"K-{i}", "person": f"P-{i}", "scope": text, "status": "given", "date": "2024-01-06",
                      "recorded_by": f"U-{i}"}],
        "marac_meetings": [{"id": f"M-{i}", "area": text, "date": "2024-01-18", "chair": f"U-{i}"}],
        "marac_cases": [{"id": f"MC-{i}", "case": f"C-{i}", "meeting": f"M-{i}", "criterion": "visible_high_risk",
                         "referred": "2024-01-08"}],
        "marac_actions": [{"id": f"X-{i}", "marac_case": f"MC-{i}", "owner_agency": f"A-{i}", "description": text,
                           "due": "2024-02-01", "status": "open"}],
        "nominations": [{"id": f"N-{i}", "applicant": f"P-{i}", "property": f"H-{i}", "date": "2024-03-01"}],
        "court_orders": [{"id": f"O-{i}", "kind": "other", "respondent": f"Q-{i}", "protected": [f"P-{i}"],
                          "start": "2024-02-01"}],
    }


def _records(doc: dict[str, Any]) -> int:
    return sum(len(v) for k, v in doc.items() if k != "format")


def test_every_text_field_covered() -> None:
    """The hostile document sets every free-text field and every section's id."""
    doc = document("T", "ok")
    assert {(s, n) for s, records in doc.items() if s != "format" for r in records for n in r
            if (s, n) in TEXT_FIELDS} == set(TEXT_FIELDS)
    assert set(doc) - {"format"} == set(SECTIONS) - {"links"}


@pytest.mark.parametrize("name", sorted(FREE_TEXT))
def test_hostile_text_round_trips_exactly(admin: Actor, name: str) -> None:
    """Quotes, Cypher, placeholders, unicode, line breaks and 10,000 characters: stored and exported unchanged."""
    text = FREE_TEXT[name]
    doc = document(text, name)
    before = fingerprint()
    result = loader.load(admin, doc)
    after = fingerprint()
    assert result.total == _records(doc)
    assert after.nodes == before.nodes + _records(doc) + 1  # the records and the load's audit event, nothing else
    exported = exporter.export(admin)
    for section, records in doc.items():
        if section == "format":
            continue
        by_id = {r["id"]: r for r in exported[section]}
        for record in records:
            stored = by_id[record["id"]]
            assert {k: stored[k] for k in record} == record, f"{section}[{record['id']}] changed"


@pytest.mark.parametrize("name", sorted(REJECTED))
@pytest.mark.parametrize(("section", "field"), TEXT_FIELDS + [(s, "id") for s in SECTIONS if s != "links"])
def test_hostile_text_is_refused_by_name(section: str, field: str, name: str) -> None:
    """Control characters, lone surrogates and 100 kB are refused, naming the section, record and field."""
    doc = document("plain", "ok")
    doc[section][0][field] = REJECTED[name]
    with pytest.raises(ImportValidationError) as caught:
        validate(doc)
    here = [p for p in caught.value.problems if (p.section, p.field) == (section, field)]
    assert here, [str(p) for p in caught.value.problems]
    assert any(w in here[0].message for w in ("control character", "not valid Unicode", "characters long"))
    if field != "id":
        assert here[0].record_id == doc[section][0]["id"]


@pytest.mark.parametrize(("section", "field"), sorted(ONE_LINE) + [("people", "id"), ("cases", "id")])
@pytest.mark.parametrize("value", ["two\nlines", "tab\there", "cr\rhere", "sep\u2028here"])
def test_one_line_fields_refuse_line_breaks(section: str, field: str, value: str) -> None:
    """Ids, references and usernames are one line: tabs and line breaks are refused there."""
    doc = document("plain", "ok")
    doc[section][0][field] = value
    with pytest.raises(ImportValidationError, match="line break or tab"):
        validate(doc)


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_refused_document_writes_nothing(admin: Actor, name: str) -> None:
    """A document with one hostile field among valid records leaves the graph exactly as it was."""
    loader.load(admin, document("bystander", "ok"))
    doc = document("plain", "new")
    doc["marac_actions"][0]["description"] = REJECTED[name]
    before = fingerprint()
    with pytest.raises(ImportValidationError, match=r"marac_actions\[X-new-plain\]\.description"):
        loader.load(admin, doc)
    assert fingerprint() == before


def test_cli_refuses_in_one_line(cli_env: dict[str, str], tmp_path: Path) -> None:
    """`hearth load` of a hostile file (a real process): exit 2, each field named on stderr, no stack trace, no
    raw escape sequence (an id holding one is shown escaped), nothing written."""
    raw = {"P1": '"a\\u0000b"', "P2": '"\\u001b[2Jx"', "P3": '"bad\\ud800"', "P4": json.dumps("x" * 100_000)}
    people = [f'{{"id": "{pid}", "given_name": {value}}}' for pid, value in raw.items()]
    people.append('{"id": "\\u001b]0;owned\\u0007P"}')
    path = tmp_path / "hostile.json"
    path.write_text('{"format": "hearth/1", "people": [' + ", ".join(people) + "]}", encoding="utf-8")
    before = fingerprint()
    done = subprocess.run([sys.executable, "-m", "hearth", "load", str(path)], env=cli_env, capture_output=True,
                          text=True, errors="backslashreplace", timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    for pid in raw:
        assert f"people[{pid}].given_name" in done.stderr
    assert "\\x1b]0;owned" in done.stderr and "\x1b" not in done.stderr and "Traceback" not in done.stderr
    assert fingerprint() == before
