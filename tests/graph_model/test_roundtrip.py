"""Load, export, wipe and reload: the hearth/1 round trip is exact, and reloading merges rather than adds."""

from __future__ import annotations

import json
from typing import Any

import pytest
from neo4j import ManagedTransaction

from graph_model import db, users
from graph_model.config import PROJECT_ROOT
from graph_model.interchange import export, load
from graph_model.interchange.spec import SECTIONS
from graph_model.users import Actor
from tests.conftest import _reset, graph_size
from tests.graph_model.test_load_errors import base

DEMO = PROJECT_ROOT / "seed" / "demo.json"
Doc = dict[str, Any]


def audit_events() -> int:
    """Return how many AuditEvent nodes the database holds."""
    return db.read(lambda tx: tx.run("MATCH (e:AuditEvent) RETURN count(e) AS n").single(strict=True)["n"])


def size_without_audit() -> tuple[int, int]:
    """Return (nodes, relationships) not counting audit events (which loads and exports add)."""
    nodes, rels = graph_size()
    return nodes - audit_events(), rels


def query(cypher: str, **params: Any) -> list[dict[str, Any]]:
    """Run one read query and return its rows as dicts."""
    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        return [r.data() for r in tx.run(cypher, params)]  # type: ignore[arg-type]
    return db.read(work)


def source(name: str) -> Doc:
    """Return the named source document: the demo file (skipped if absent) or the base document."""
    if name == "demo":
        if not DEMO.exists():
            pytest.skip(f"{DEMO} does not exist")
        return json.loads(DEMO.read_text(encoding="utf-8"))
    return base()


def by_id(doc: Doc, section: str) -> dict[str, dict[str, Any]]:
    """Return a section's records keyed by id."""
    return {r["id"]: r for r in doc.get(section, [])}


def link_set(doc: Doc) -> set[tuple[Any, ...]]:
    """Return the document's links as comparable tuples (symmetric pairs unordered)."""
    return {(r["type"], *sorted((r["a"], r["b"])), r.get("start"), r.get("end"), r.get("kind"),
             r.get("relation")) for r in doc.get("links", [])}


@pytest.mark.parametrize("name", ["demo", "base"])
def test_export_wipe_load_export_is_identical(admin: Actor, name: str) -> None:
    """Exporting, wiping, loading the export and exporting again gives the same document."""
    document = source(name)
    load.load(admin, document)
    first = export.export(admin)
    for section, records in document.items():
        if section not in ("format", "links"):
            assert set(by_id(first, section)) == {r["id"] for r in records}, section
    assert len(first.get("links", [])) == len(document.get("links", []))
    _reset()
    assert size_without_audit() == (2, 0)  # only the test marker and the built-in admin are left
    load.load(admin, first)
    second = export.export(admin)
    assert second == first


def test_export_keeps_every_loaded_field(admin: Actor) -> None:
    """Every field of every loaded record comes back in the export with the same value."""
    document = base()
    load.load(admin, document)
    exported = export.export(admin)
    assert exported["format"] == "hearth/1"
    for section, fields in SECTIONS.items():
        if section == "links":
            continue
        out = by_id(exported, section)
        for record in document.get(section, []):
            for name, value in record.items():
                expected = sorted(value) if fields[name].kind == "refs" else value
                assert out[record["id"]][name] == expected, (section, record["id"], name)
    assert link_set(exported) == link_set(document)


def test_export_makes_defaults_explicit(admin: Actor) -> None:
    """Optional booleans with a default, and PARENT_OF's kind, are written out explicitly."""
    doc: Doc = {"format": "hearth/1", "people": [{"id": "P1", "date_of_birth": "1980-01-01"},
                                                 {"id": "P2", "date_of_birth": "2010-01-01"}],
                "links": [{"type": "PARENT_OF", "a": "P1", "b": "P2"}],
                "cases": [{"id": "C1", "victims": ["P1"], "perpetrators": ["P2"]}],
                "incidents": [{"id": "I1", "case": "C1", "date": "2024-01-01"}]}
    load.load(admin, doc)
    exported = export.export(admin)
    assert exported["links"] == [{"type": "PARENT_OF", "a": "P1", "b": "P2", "kind": "birth"}]
    assert exported["cases"][0]["counter_allegation"] is False
    assert exported["incidents"][0]["police_callout"] is False
    assert "children" not in exported["cases"][0]


def test_loading_twice_changes_nothing(admin: Actor) -> None:
    """Loading the same document again adds only its audit event: same nodes, links and export."""
    load.load(admin, base())
    first = export.export(admin)
    size, audits = graph_size(), audit_events()
    result = load.load(admin, base())
    assert result.counts == {s: len(r) for s, r in base().items() if s != "format"}
    assert audit_events() == audits + 1
    assert graph_size() == (size[0] + 1, size[1])
    assert export.export(admin) == first


def test_reload_shrinks_case_victims(admin: Actor) -> None:
    """Reloading a case with fewer victims removes the dropped VICTIM_IN link."""
    doc = base()
    doc["cases"][0]["victims"] = ["P1", "P5"]
    load.load(admin, doc)
    victims = "MATCH (p:Person)-[:VICTIM_IN]->(:Case {id: 'C1'}) RETURN p.id AS id ORDER BY id"
    assert [r["id"] for r in query(victims)] == ["P1", "P5"]
    load.load(admin, base())
    assert [r["id"] for r in query(victims)] == ["P1"]
    assert export.export(admin)["cases"][0]["victims"] == ["P1"]


def test_reload_without_optional_field_removes_it(admin: Actor) -> None:
    """Reloading a record without an optional field removes the stored property and the exported field."""
    load.load(admin, base())
    doc = base()
    del doc["people"][0]["given_name"]
    del doc["court_orders"][0]["exclusion_property"]
    del doc["court_orders"][0]["exclusion_radius_m"]
    del doc["tenancies"][0]["end"]
    load.load(admin, doc)
    exported = export.export(admin)
    assert "given_name" not in by_id(exported, "people")["P1"]
    order = by_id(exported, "court_orders")["O1"]
    assert "exclusion_property" not in order and "exclusion_radius_m" not in order
    assert "end" not in by_id(exported, "tenancies")["T1"]
    rows = query("MATCH (p:Person {id: 'P1'}) "
                 "OPTIONAL MATCH (:CourtOrder {id: 'O1'})-[r:EXCLUSION_AROUND]->() "
                 "RETURN p.given_name AS name, count(r) AS zones")
    assert rows == [{"name": None, "zones": 0}]


def test_reload_changes_reference_and_location(admin: Actor) -> None:
    """Reloading a record with a changed single reference and coordinates replaces both."""
    load.load(admin, base())
    doc = base()
    doc["tenancies"][0]["property"] = "H2"
    doc["properties"][0]["latitude"] = 51.5
    load.load(admin, doc)
    exported = export.export(admin)
    assert by_id(exported, "tenancies")["T1"]["property"] == "H2"
    assert by_id(exported, "properties")["H1"]["latitude"] == 51.5
    assert query("MATCH (:Tenancy {id: 'T1'})-[r:OF_PROPERTY]->() RETURN count(r) AS n") == [{"n": 1}]


def test_symmetric_link_reversed_does_not_duplicate(admin: Actor) -> None:
    """A symmetric link loaded again as (b, a) updates the existing link instead of adding one."""
    load.load(admin, base())
    married = "MATCH (:Person)-[r:MARRIED]->(:Person) RETURN count(r) AS n, collect(r.end) AS ends"
    assert query(married)[0]["n"] == 1
    reversed_link = {"type": "MARRIED", "a": "P2", "b": "P1", "start": "2012-06-01", "end": "2019-02-01"}
    load.load(admin, {"format": "hearth/1", "links": [reversed_link]})
    row = query(married)[0]
    assert row["n"] == 1
    assert [end.iso_format() for end in row["ends"]] == ["2019-02-01"]
    links = [r for r in export.export(admin)["links"] if r["type"] == "MARRIED"]
    assert len(links) == 1 and links[0]["end"] == "2019-02-01"


def test_directed_link_reversed_is_a_different_link(admin: Actor) -> None:
    """A directed RELATIVE_OF link loaded as (b, a) is a second link, not a replacement."""
    load.load(admin, base())
    reverse = {"type": "RELATIVE_OF", "a": "P1", "b": "P4", "relation": "niece_or_nephew"}
    load.load(admin, {"format": "hearth/1", "links": [reverse]})
    assert query("MATCH (:Person)-[r:RELATIVE_OF]->(:Person) RETURN count(r) AS n") == [{"n": 2}]


def test_export_excludes_builtin_admin_and_password_hashes(admin: Actor) -> None:
    """The built-in admin is not exported, and no user's password_hash ever appears in an export."""
    load.load(admin, base())
    db.write(lambda tx: tx.run("MATCH (u:User) SET u.password_hash = 'argon2id$secret-' + u.id").consume())
    exported = export.export(admin)
    text = json.dumps(exported)
    assert "password_hash" not in text and "secret-" not in text
    exported_users = exported["users"]
    assert {u["id"] for u in exported_users} == {u["id"] for u in base()["users"]}
    assert users.BUILTIN_ADMIN_ID not in text
    assert all(u["username"] != users.BUILTIN_ADMIN for u in exported_users)


def test_property_location_round_trips_exactly_as_wgs84_point(admin: Actor) -> None:
    """A property's latitude and longitude come back exactly, stored as a WGS-84 point."""
    latitude, longitude = 52.19901234567891, -0.13801234567891
    doc: Doc = {"format": "hearth/1",
                "properties": [{"id": "HP", "latitude": latitude, "longitude": longitude},
                               {"id": "HQ", "latitude": -90, "longitude": 180}]}
    load.load(admin, doc)
    exported = by_id(export.export(admin), "properties")
    assert (exported["HP"]["latitude"], exported["HP"]["longitude"]) == (latitude, longitude)
    assert (exported["HQ"]["latitude"], exported["HQ"]["longitude"]) == (-90, 180)
    rows = query("MATCH (p:Property {id: $id}) RETURN p.location.crs AS crs, p.location.latitude AS lat, "
                 "p.latitude AS raw", id="HP")
    assert rows == [{"crs": "wgs-84", "lat": latitude, "raw": None}]


def test_point_index_exists(graph: Any) -> None:
    """The schema has a POINT index named property_location."""
    rows = query("SHOW INDEXES YIELD name, type, labelsOrTypes, properties WHERE type = 'POINT' "
                 "RETURN name, labelsOrTypes, properties")
    assert {"name": "property_location", "labelsOrTypes": ["Property"], "properties": ["location"]} in rows


def test_dash_answers_round_trip(admin: Actor) -> None:
    """DASH answers (true, false and not asked) come back exactly, with keys as strings."""
    doc = base()
    doc["risk_assessments"][0]["answers"] = {"3": False, "10": True, "24": True, "1": False}
    load.load(admin, doc)
    exported = by_id(export.export(admin), "risk_assessments")["R1"]
    assert exported["answers"] == {"1": False, "3": False, "10": True, "24": True}
    assert query("MATCH (r:RiskAssessment {id: 'R1'}) RETURN r.yes_count AS n") == [{"n": 2}]


def test_a_bulk_load_writes_the_same_graph_as_one_transaction(admin: Actor) -> None:
    """`bulk` (the benchmark's national sample: a commit per batch) ends with the same graph as `hearth load`."""
    document = source("demo")
    load.load(admin, document)
    one = export.export(admin)
    _reset()
    load.load(admin, document, bulk=True)
    assert export.export(admin) == one
