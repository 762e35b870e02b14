"""Pseudonymised export for analysts: CSV (and Parquet when pyarrow is importable), keyed pseudonyms, no identifiers.

Every id becomes a stable keyed pseudonym (HMAC-SHA256 under HEARTH_PSEUDONYM_KEY): the same record gets the
same pseudonym in every export made with the same key, and an unrelated one under another key. Names, addresses,
postcodes, coordinates and dates of birth are never exported; a person's age is an age band on the reference
date (`as_of`, default today); every date is coarsened to its month (YYYY-MM); area (district) and sex are kept.
Rows are ordered by pseudonym, so row order reveals nothing about the original ids. SCHEMA lists every column.
"""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import audit, db, permissions
from graph_model.analytics.figures import check_area
from graph_model.analytics.offending import band
from graph_model.analytics.pseudonym import key, pseudonym
from graph_model.errors import InvalidInput
from graph_model.users import Actor

Row = dict[str, Any]

# table -> ((column, type, meaning), ...); types: string, int, bool. Pseudonyms look like 'person-3f9a1c2b7d4e5f60'.
SCHEMA: dict[str, tuple[tuple[str, str, str], ...]] = {
    "people": (("person", "string", "pseudonym of the person"),
               ("sex", "string", "female, male, other or unknown (empty: not recorded)"),
               ("age_band", "string", "age on the reference date: under 16, 16-17, 18-24, 25-34, 35-44, 45-54, "
                                      "55-64, 65+ or unknown")),
    "cases": (("case", "string", "pseudonym of the case"), ("area", "string", "district of the case"),
              ("opened_month", "string", "YYYY-MM the case was opened (empty: unknown)"),
              ("counter_allegation", "bool", "the case carries a counter-allegation"),
              ("victims", "int", "victims in the case"), ("perpetrators", "int", "perpetrators in the case"),
              ("children", "int", "children in the case")),
    "case_roles": (("case", "string", "pseudonym of the case"), ("person", "string", "pseudonym of the person"),
                   ("role", "string", "victim, perpetrator or child")),
    "incidents": (("incident", "string", "pseudonym of the incident"), ("case", "string", "pseudonym of its case"),
                  ("month", "string", "YYYY-MM of the incident"),
                  ("by", "string", "pseudonym of the person responsible (empty: not recorded)"),
                  ("towards", "string", "pseudonym of the person it was towards (empty: not recorded)"),
                  ("behaviours", "string", "s.1(3) kinds, ';'-separated, sorted (empty: none recorded)"),
                  ("police_callout", "bool", "the police were called out")),
    "risk_assessments": (("assessment", "string", "pseudonym of the assessment"),
                         ("case", "string", "pseudonym of its case"), ("month", "string", "YYYY-MM of the assessment"),
                         ("tool", "string", "DASH"), ("yes_count", "int", "questions answered yes"),
                         ("answered_yes", "string", "question numbers answered yes, ';'-separated"),
                         ("answered_no", "string", "question numbers answered no, ';'-separated"),
                         ("professional_judgement_high", "bool", "the assessor judged the risk high"),
                         ("band", "string", "standard (0-9 yes), medium (10-13), high (14+ or judged high)")),
    "marac_cases": (("marac_case", "string", "pseudonym of the MARAC listing"),
                    ("case", "string", "pseudonym of its case"),
                    ("criterion", "string", "visible_high_risk, professional_judgement, potential_escalation, repeat"),
                    ("referred_month", "string", "YYYY-MM of the referral"),
                    ("listed_month", "string", "YYYY-MM of the meeting it was listed at (empty: not yet listed)"),
                    ("marac_area", "string", "area of that meeting (empty: not yet listed)"),
                    ("referring_agency_kind", "string", "kind of the referring agency (empty: not recorded)")),
}

CASES: LiteralString = (
    "MATCH (c:Case) WHERE $area IS NULL OR c.area = $area "
    "RETURN collect({id: c.id, area: c.area, opened: substring(toString(c.opened), 0, 7), "
    "counter: coalesce(c.counter_allegation, false), "
    "victims: COUNT { (:Person)-[:VICTIM_IN]->(c) }, perpetrators: COUNT { (:Person)-[:PERPETRATOR_IN]->(c) }, "
    "children: COUNT { (:Person)-[:CHILD_IN]->(c) }}) AS rows"
)
ROLES: LiteralString = (
    "MATCH (p:Person)-[r:VICTIM_IN|PERPETRATOR_IN|CHILD_IN]->(c:Case) WHERE $area IS NULL OR c.area = $area "
    "RETURN collect({case: c.id, person: p.id, role: type(r)}) AS rows"
)
# People in the exported cases: by a role in a case, or as the one responsible for or towards an incident.
PEOPLE: LiteralString = (
    "MATCH (c:Case) WHERE $area IS NULL OR c.area = $area "
    "CALL (c) { MATCH (p:Person)-[:VICTIM_IN|PERPETRATOR_IN|CHILD_IN]->(c) RETURN p "
    "UNION MATCH (c)<-[:IN_CASE]-(:Incident)-[:BY|TOWARDS]->(p:Person) RETURN p } "
    "WITH DISTINCT p RETURN collect({id: p.id, sex: p.sex, age: CASE WHEN p.date_of_birth <= $as_of "
    "THEN duration.between(p.date_of_birth, $as_of).years END}) AS rows"
)
INCIDENTS: LiteralString = (
    "MATCH (i:Incident)-[:IN_CASE]->(c:Case) WHERE $area IS NULL OR c.area = $area "
    "RETURN collect({id: i.id, case: c.id, month: substring(toString(i.date), 0, 7), "
    "by: [(i)-[:BY]->(p:Person) | p.id][0], towards: [(i)-[:TOWARDS]->(p:Person) | p.id][0], "
    "behaviours: coalesce(i.behaviours, []), "
    "callout: coalesce(i.police_callout, false)}) AS rows"
)
RISK: LiteralString = (
    "MATCH (r:RiskAssessment)-[:ASSESSES]->(c:Case) WHERE $area IS NULL OR c.area = $area "
    "RETURN collect({id: r.id, case: c.id, month: substring(toString(r.date), 0, 7), tool: r.tool, yes: r.yes_count, "
    "answered_yes: coalesce(r.answered_yes, []), answered_no: coalesce(r.answered_no, []), "
    "judged_high: coalesce(r.professional_judgement_high, false)}) AS rows"
)
MARAC: LiteralString = (
    "MATCH (m:MaracCase)-[:MARAC_FOR]->(c:Case) WHERE $area IS NULL OR c.area = $area "
    "RETURN collect({id: m.id, case: c.id, criterion: m.criterion, referred: substring(toString(m.referred), 0, 7), "
    "listed: [(m)-[:LISTED_AT]->(x:MaracMeeting) | substring(toString(x.date), 0, 7)][0], "
    "marac_area: [(m)-[:LISTED_AT]->(x:MaracMeeting) | x.area][0], "
    "referrer: [(m)-[:REFERRED_BY]->(a:Agency) | a.kind][0]}) AS rows"
)
ROLE_NAMES = {"VICTIM_IN": "victim", "PERPETRATOR_IN": "perpetrator", "CHILD_IN": "child"}
AGE_BANDS = ((16, "under 16"), (18, "16-17"), (25, "18-24"), (35, "25-34"), (45, "35-44"), (55, "45-54"),
             (65, "55-64"))


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the files, rows per table, the formats, and a note (e.g. why no Parquet)."""

    out_dir: Path
    files: tuple[Path, ...]
    counts: dict[str, int]
    formats: tuple[str, ...]
    note: str


def export_pseudonymised(actor: Actor, out_dir: Path, area: str | None = None, *, purpose: str,
                         as_of: date | None = None) -> ExportResult:
    """Write the pseudonymised tables of one area (None: every area) to out_dir; audit who, why and what."""
    with audit.denials(actor, "export_pseudonymised", purpose):
        permissions.check(actor, "export_pseudonymised")
    if not purpose.strip():
        raise InvalidInput("an export needs a purpose (why it is made); it is recorded in the audit")
    secret = key()  # a missing key raises ConfigurationError here, before anything is read or written
    tables = db.read(lambda tx: _tables(tx, area, secret, as_of or date.today()))
    parquet = importlib.util.find_spec("pyarrow") is not None
    formats = ("csv", "parquet") if parquet else ("csv",)
    note = "" if parquet else "CSV only: pyarrow is not installed, so no Parquet was written"
    counts = {name: len(rows) for name, rows in tables.items()}
    written: list[Path] = []

    def work(tx: ManagedTransaction) -> None:
        # The audit event and the files stand or fall together: a failure rolls the event back and
        # the files are removed below; the event is written first so no export goes unrecorded.
        audit.record(tx, actor, "export_pseudonymised", purpose,
                     {"area": area, "counts": counts, "out_dir": str(out_dir), "formats": list(formats)})
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, rows in tables.items():
            written.append(_write_csv(out_dir / f"{name}.csv", name, rows))
            if parquet:
                written.append(_write_parquet(out_dir / f"{name}.parquet", name, rows))

    try:
        db.write(work)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return ExportResult(out_dir, tuple(dict.fromkeys(written)), counts, formats, note)


def age_band(age: int | None) -> str:
    """Return the age band of an age in whole years ('unknown' for none)."""
    if age is None or age < 0:
        return "unknown"
    return next((name for limit, name in AGE_BANDS if age < limit), "65+")


def _tables(tx: ManagedTransaction, area: str | None, secret: bytes, as_of: date) -> dict[str, list[Row]]:
    check_area(tx, area)
    seen: dict[tuple[str, str], str] = {}

    def p(record_id: str | None, kind: str) -> str:
        if record_id is None:
            return ""
        if (record_id, kind) not in seen:  # people and cases recur across tables: one HMAC each
            seen[record_id, kind] = pseudonym(record_id, kind, secret)
        return seen[record_id, kind]

    def run(query: LiteralString) -> list[Row]:
        # One record holding every row (months and ages already coarsened on the server): the driver builds
        # records slowly, and a list in one record comes ten times faster.
        record = tx.run(query, area=area, as_of=as_of).single()
        return list(record["rows"]) if record else []

    tables = {name: [build(r, p) for r in run(query)] for name, (query, build) in TABLES.items()}
    for rows in tables.values():
        rows.sort(key=lambda row: tuple(row.values()))
    return tables


Pseudonymise = Callable[[str | None, str], str]


def _person(r: Row, p: Pseudonymise) -> Row:
    return {"person": p(r["id"], "person"), "sex": r["sex"] or "", "age_band": age_band(r["age"])}


def _case(r: Row, p: Pseudonymise) -> Row:
    return {"case": p(r["id"], "case"), "area": r["area"] or "", "opened_month": r["opened"] or "",
            "counter_allegation": r["counter"], "victims": r["victims"], "perpetrators": r["perpetrators"],
            "children": r["children"]}


def _role(r: Row, p: Pseudonymise) -> Row:
    return {"case": p(r["case"], "case"), "person": p(r["person"], "person"), "role": ROLE_NAMES[r["role"]]}


def _incident(r: Row, p: Pseudonymise) -> Row:
    return {"incident": p(r["id"], "incident"), "case": p(r["case"], "case"), "month": r["month"],
            "by": p(r["by"], "person"), "towards": p(r["towards"], "person"),
            "behaviours": ";".join(sorted(r["behaviours"])), "police_callout": r["callout"]}


def _assessment(r: Row, p: Pseudonymise) -> Row:
    return {"assessment": p(r["id"], "assessment"), "case": p(r["case"], "case"), "month": r["month"],
            "tool": r["tool"] or "", "yes_count": r["yes"] or 0,
            "answered_yes": ";".join(str(q) for q in r["answered_yes"]),
            "answered_no": ";".join(str(q) for q in r["answered_no"]),
            "professional_judgement_high": r["judged_high"], "band": band(r["yes"], r["judged_high"])}


def _marac_case(r: Row, p: Pseudonymise) -> Row:
    return {"marac_case": p(r["id"], "marac_case"), "case": p(r["case"], "case"), "criterion": r["criterion"],
            "referred_month": r["referred"], "listed_month": r["listed"] or "", "marac_area": r["marac_area"] or "",
            "referring_agency_kind": r["referrer"] or ""}


# table -> (query, row builder); the order is the order the files are written in.
TABLES: dict[str, tuple[LiteralString, Callable[[Row, Pseudonymise], Row]]] = {
    "people": (PEOPLE, _person), "cases": (CASES, _case), "case_roles": (ROLES, _role),
    "incidents": (INCIDENTS, _incident), "risk_assessments": (RISK, _assessment), "marac_cases": (MARAC, _marac_case),
}


def _cell(value: Any) -> str:
    return "true" if value is True else "false" if value is False else "" if value is None else str(value)


def _write_csv(path: Path, table: str, rows: list[Row]) -> Path:
    columns = [name for name, _, _ in SCHEMA[table]]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([_cell(row[c]) for c in columns] for row in rows)
    return path


def _write_parquet(path: Path, table: str, rows: list[Row]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int": pa.int64(), "bool": pa.bool_()}
    schema = pa.schema([(name, types[kind]) for name, kind, _ in SCHEMA[table]])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return path
