"""Pseudonymised export: no direct identifier in any cell, stable keyed pseudonyms, audit, refusals."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

from graph_model import db, users
from graph_model.analytics.export import SCHEMA, age_band, export_pseudonymised
from graph_model.analytics.pseudonym import KEY_VARIABLE, pseudonym
from graph_model.errors import ConfigurationError, InvalidInput, PermissionDenied
from graph_model.interchange import load
from graph_model.users import Actor
from tests.graph_model.analytics.test_figures import DOCUMENT

AS_OF = date(2025, 12, 31)
FILES = {f"{name}.csv" for name in SCHEMA}
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTH = re.compile(r"\d{4}-\d{2}")


@pytest.fixture()
def analyst(admin: Actor) -> Actor:
    """Load the figures' two-area document and return an analyst."""
    load.load(admin, DOCUMENT)
    return users.actor("analyst1")


def _read(folder: Path) -> dict[str, list[dict[str, str]]]:
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            tables[path.stem] = list(csv.DictReader(f))
    return tables


def _identifiers() -> set[str]:
    """Every id, name, address, postcode and date of birth in the loaded document."""
    found: set[str] = set()
    for records in DOCUMENT.values():
        if isinstance(records, list):
            found.update(r["id"] for r in records if "id" in r)
    for person in DOCUMENT["people"]:
        found.update(person[k] for k in ("given_name", "family_name", "date_of_birth") if k in person)
    for prop in DOCUMENT["properties"]:
        found.update([prop["address"], prop["postcode"], str(prop["latitude"]), str(prop["longitude"])])
    return found


def _parquet_cells(folder: Path) -> list[str]:
    """Every column name and value of the Parquet files, as text (none without pyarrow)."""
    paths = sorted(folder.glob("*.parquet"))
    if not paths:
        return []
    import pyarrow.parquet as pq

    tables = [pq.read_table(path) for path in paths]
    return [str(v) for t in tables for v in [*t.column_names, *(x for row in t.to_pylist() for x in row.values())]]


def _audits() -> list[dict[str, object]]:
    return db.read(lambda tx: [dict(r["e"]) for r in tx.run(
        "MATCH (e:AuditEvent {action: 'export_pseudonymised'}) RETURN e ORDER BY e.at")])


def test_files_columns_and_counts(analyst: Actor, tmp_path: Path) -> None:
    """Six CSV tables with the documented columns; every case, and everyone with a part in one, is exported."""
    result = export_pseudonymised(analyst, tmp_path / "out", purpose="annual figures", as_of=AS_OF)
    assert {p.name for p in result.files if p.suffix == ".csv"} == FILES
    tables = _read(tmp_path / "out")
    for name, rows in tables.items():
        assert list(rows[0]) == [column for column, _, _ in SCHEMA[name]]
    # 13 of the 17 people have a part in a case (W2, W3, W5 and W6 have none), so only they are exported.
    assert result.counts == {"people": 13, "cases": 6, "case_roles": 15, "incidents": 8, "risk_assessments": 7,
                             "marac_cases": 7}
    assert {name: len(rows) for name, rows in tables.items()} == result.counts


def test_no_direct_identifier_in_any_cell(analyst: Actor, tmp_path: Path) -> None:
    """No id, name, address, postcode, coordinate, date of birth or full date appears anywhere, in any file."""
    export_pseudonymised(analyst, tmp_path / "out", purpose="check", as_of=AS_OF)
    forbidden = _identifiers()
    assert {"W1", "Quorley", "12 Elm Row", "NT1 4AB", "1980-02-03"} <= forbidden
    cells = [cell for rows in _read(tmp_path / "out").values() for row in rows for cell in [*row, *row.values()]]
    cells += _parquet_cells(tmp_path / "out")
    assert len(cells) > 500
    for cell in cells:
        assert not ISO_DAY.search(cell), cell
        for identifier in forbidden:
            assert identifier not in cell, (identifier, cell)


def test_values_coarsened_and_pseudonymised(analyst: Actor, tmp_path: Path) -> None:
    """Months only, age bands, area and sex kept, each role and incident linked by pseudonym."""
    export_pseudonymised(analyst, tmp_path / "out", purpose="check", as_of=AS_OF)
    tables = _read(tmp_path / "out")
    people = {r["person"]: r for r in tables["people"]}
    ann = people[pseudonym("W1", "person")]
    assert (ann["sex"], ann["age_band"]) == ("female", "45-54")
    assert people[pseudonym("V4", "person")]["age_band"] == "16-17"
    assert people[pseudonym("K1", "person")]["age_band"] == "under 16"
    assert people[pseudonym("W4", "person")]["age_band"] == "55-64"
    cases = {r["case"]: r for r in tables["cases"]}
    assert cases[pseudonym("C1", "case")] == {"case": pseudonym("C1", "case"), "area": "Northtown",
                                              "opened_month": "2024-11", "counter_allegation": "false",
                                              "victims": "1", "perpetrators": "1", "children": "2"}
    assert cases[pseudonym("C6", "case")]["area"] == ""
    incident = next(r for r in tables["incidents"] if r["incident"] == pseudonym("I1", "incident"))
    assert incident == {"incident": pseudonym("I1", "incident"), "case": pseudonym("C1", "case"), "month": "2025-02",
                        "by": pseudonym("M1", "person"), "towards": pseudonym("W1", "person"),
                        "behaviours": "controlling_or_coercive;physical_or_sexual", "police_callout": "true"}
    risk = next(r for r in tables["risk_assessments"] if r["assessment"] == pseudonym("R5", "assessment"))
    assert (risk["yes_count"], risk["answered_yes"], risk["band"], risk["month"]) == ("3", "1;2;3", "high", "2025-06")
    marac = {r["marac_case"]: r for r in tables["marac_cases"]}
    assert marac[pseudonym("MC4", "marac_case")] == {
        "marac_case": pseudonym("MC4", "marac_case"), "case": pseudonym("C5", "case"),
        "criterion": "potential_escalation", "referred_month": "2025-09", "listed_month": "", "marac_area": "",
        "referring_agency_kind": ""}
    assert marac[pseudonym("MC2", "marac_case")]["referring_agency_kind"] == "idva_service"
    assert all(MONTH.fullmatch(r["month"]) for r in tables["incidents"])
    roles = {(r["case"], r["person"], r["role"]) for r in tables["case_roles"]}
    assert (pseudonym("C1", "case"), pseudonym("K2", "person"), "child") in roles


def test_one_area(analyst: Actor, tmp_path: Path) -> None:
    """An area's export holds its cases and the people in them only."""
    result = export_pseudonymised(analyst, tmp_path / "south", "Southvale", purpose="area check", as_of=AS_OF)
    assert result.counts == {"people": 2, "cases": 1, "case_roles": 2, "incidents": 1, "risk_assessments": 1,
                             "marac_cases": 1}
    with pytest.raises(InvalidInput, match="unknown area 'Atlantis'"):
        export_pseudonymised(analyst, tmp_path / "none", "Atlantis", purpose="x")
    assert not (tmp_path / "none").exists()


def test_stable_across_exports_and_changed_by_the_key(analyst: Actor, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Two exports with the same key are identical; another key gives wholly different pseudonyms."""
    export_pseudonymised(analyst, tmp_path / "a", purpose="first", as_of=AS_OF)
    export_pseudonymised(analyst, tmp_path / "b", purpose="second", as_of=AS_OF)
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    monkeypatch.setenv(KEY_VARIABLE, "a-different-key-for-the-same-data")
    export_pseudonymised(analyst, tmp_path / "c", purpose="third", as_of=AS_OF)
    first = {r["person"] for r in _read(tmp_path / "a")["people"]}
    other = {r["person"] for r in _read(tmp_path / "c")["people"]}
    assert len(other) == len(first) == 13 and not first & other
    assert pseudonym("W1", "person") in other  # computed under the new key


def test_audited_once_with_purpose_counts_and_folder(analyst: Actor, tmp_path: Path) -> None:
    """One audit event per export names the actor, purpose, counts and folder."""
    result = export_pseudonymised(analyst, tmp_path / "out", purpose="commissioning review", as_of=AS_OF)
    [event] = _audits()
    assert (event["actor"], event["purpose"]) == ("analyst1", "commissioning review")
    detail = json.loads(str(event["detail"]))
    assert detail["counts"] == result.counts and detail["out_dir"] == str(tmp_path / "out")


def test_parquet_beside_csv_when_pyarrow_is_importable(analyst: Actor, tmp_path: Path) -> None:
    """With pyarrow, each table is also Parquet with the same rows; without it, the result says CSV only."""
    result = export_pseudonymised(analyst, tmp_path / "out", purpose="check", as_of=AS_OF)
    try:
        import pyarrow.parquet as pq
    except ImportError:
        assert result.formats == ("csv",) and "pyarrow" in result.note
        return
    assert result.formats == ("csv", "parquet") and result.note == ""
    people = pq.read_table(tmp_path / "out" / "people.parquet").to_pylist()
    assert people == _read(tmp_path / "out")["people"]
    cases = pq.read_table(tmp_path / "out" / "cases.parquet").to_pylist()
    assert {type(v) for row in cases for v in (row["victims"], row["counter_allegation"])} == {int, bool}


def test_missing_key_writes_nothing(analyst: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without HEARTH_PSEUDONYM_KEY the export stops with the configuration error: no files, no audit event."""
    monkeypatch.delenv(KEY_VARIABLE)
    monkeypatch.delenv("HEARTH_DEMO", raising=False)  # demo mode would supply its published key
    with pytest.raises(ConfigurationError, match=KEY_VARIABLE):
        export_pseudonymised(analyst, tmp_path / "out", purpose="check")
    assert not (tmp_path / "out").exists() and _audits() == []


def test_refusals(analyst: Actor, tmp_path: Path) -> None:
    """Lettings officers and IDVAs may not export; an export needs a purpose."""
    for name in ("lettings1", "idva1"):
        with pytest.raises(PermissionDenied, match="export_pseudonymised"):
            export_pseudonymised(users.actor(name), tmp_path / name, purpose="check")
    with pytest.raises(InvalidInput, match="purpose"):
        export_pseudonymised(analyst, tmp_path / "out", purpose="  ")
    assert list(tmp_path.iterdir()) == []  # and each refusal is audited, the empty purpose not
    assert [(e["actor"], e["outcome"]) for e in _audits()] == [("lettings1", "denied"), ("idva1", "denied")]


@pytest.mark.parametrize(("age", "expected"), [
    (None, "unknown"), (-1, "unknown"), (0, "under 16"), (15, "under 16"), (16, "16-17"), (17, "16-17"),
    (18, "18-24"), (24, "18-24"), (25, "25-34"), (44, "35-44"), (45, "45-54"), (64, "55-64"), (65, "65+"),
])
def test_age_bands(age: int | None, expected: str) -> None:
    """Ages fall in the documented bands, edges included."""
    assert age_band(age) == expected
