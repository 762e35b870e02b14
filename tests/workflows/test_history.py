"""History: a single hash chain per object and workflow, tamper-evident, safe under concurrent transitions."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from graph_model import db
from graph_model.errors import PermissionDenied
from workflows import operations, service
from workflows import registry as registries
from workflows.errors import DefinitionError, TransitionNotAllowed, WorkflowConflict
from workflows.refs import ObjectRef

C1 = ObjectRef("case", "C1")
CONSENT = {"id": "K1", "person": "P1", "scope": "share_with_idva", "status": "given", "date": "2026-10-01"}


def _race(who: Any, clock: Any, threads: int, **kw: Any) -> tuple[list[Any], list[BaseException]]:
    barrier, wins, errors = threading.Barrier(threads), [], []

    def attempt() -> None:
        barrier.wait()
        try:
            wins.append(service.fire(C1, "open", who("options1"), clock=clock, **kw))
        except (WorkflowConflict, TransitionNotAllowed) as exc:
            errors.append(exc)
    workers = [threading.Thread(target=attempt) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return wins, errors


def test_concurrent_fires_one_wins_the_rest_get_a_conflict(load: Any, who: Any, clock: Any, admin: Any) -> None:
    load(consents=[CONSENT])
    operations.enrol(admin, clock=clock)
    wins, errors = _race(who, clock, 8, expected_seq=1)
    assert len(wins) == 1 and len(errors) == 7
    assert all(isinstance(e, WorkflowConflict) and "reload it" in str(e) for e in errors)
    entries = service.history(C1, who("options1"), "da_case")
    assert [e["seq"] for e in entries] == [1, 2]
    assert operations.verify_history(admin).intact


def test_concurrent_first_fires_on_an_unenrolled_object_keep_one_chain(load: Any, who: Any, clock: Any,
                                                                        admin: Any) -> None:
    load(consents=[CONSENT])
    wins, errors = _race(who, clock, 6)
    assert len(wins) == 1 and len(errors) == 5
    assert [e["transition"] for e in service.history(C1, who("options1"), "da_case")] == ["enrol", "open"]
    assert operations.verify_history(admin).intact


def _walk(load: Any, who: Any, clock: Any) -> None:
    load(consents=[CONSENT])
    service.fire(C1, "open", who("options1"), clock=clock)
    service.fire(C1, "record_consent", who("options1"), clock=clock)


@pytest.mark.parametrize(("tamper", "found"), [
    ("MATCH (h:HistoryEntry {seq: 2, workflow: 'da_case'}) SET h.comment = 'nothing to see'", "altered"),
    ("MATCH (h:HistoryEntry {seq: 1, workflow: 'da_case'}) SET h.actor = 'someone else'", "altered"),
    ("MATCH (s:WorkflowStatus {workflow: 'da_case'}) SET s.state = 'closed'", "is not where the history leads"),
    ("MATCH (h:HistoryEntry {seq: 2, workflow: 'da_case'}) DETACH DELETE h", "status does not point"),
    ("MATCH (h:HistoryEntry {seq: 1, workflow: 'da_case'}) DETACH DELETE h", "an entry is missing"),
])
def test_verify_detects_tampering(load: Any, who: Any, clock: Any, admin: Any, tamper: str, found: str) -> None:
    _walk(load, who, clock)
    report = operations.verify_history(admin)
    assert report.intact and report.entries == 4 and report.statuses == 2
    db.write(lambda tx: tx.run(tamper).consume())
    report = operations.verify_history(admin)
    assert not report.intact
    assert any(found in p and "case/da_case/C1" in p for p in report.problems), report.problems


def test_verify_needs_permission(graph: Any, who: Any, load: Any) -> None:
    load()
    with pytest.raises(PermissionDenied):
        operations.verify_history(who("idva1"))


def test_waits_across_objects(load: Any, who: Any, clock: Any, admin: Any) -> None:
    load(consents=[CONSENT])
    operations.enrol(admin, clock=clock)
    clock.advance(hours=30)
    service.fire(C1, "open", who("options1"), clock=clock)
    [late] = operations.waits(admin, "da_case", "disclosure", 24, clock=clock)
    assert (late["id"], late["transition"]) == ("C1", "open")
    assert operations.waits(admin, "da_case", "disclosure", 31, clock=clock) == []


def _v2_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "definitions"
    shutil.copytree(registries.HERE / "definitions", folder)
    (folder / "versions").mkdir(exist_ok=True)
    shutil.copy(folder / "da_case.yaml", folder / "versions" / "da_case@1.yaml")
    text = (folder / "da_case.yaml").read_text().replace("version: 1", "version: 2", 1)
    text = text.replace("disclosure", "received")
    text += "migrations:\n  - from: 1\n    states: {disclosure: received}\n"
    (folder / "da_case.yaml").write_text(text)
    return folder


def test_objects_keep_their_version_until_migrated(load: Any, who: Any, clock: Any, admin: Any,
                                                   tmp_path: Path) -> None:
    load(consents=[CONSENT])
    operations.enrol(admin, clock=clock)  # on version 1, in `disclosure`
    v2 = registries.load(_v2_folder(tmp_path))
    [status] = [s for s in service.state(C1, who("options1"), v2) if s.workflow == "da_case"]
    assert (status.version, status.state) == (1, "disclosure")  # still on the version it started with
    plan = operations.migrate("da_case", 2, admin, dry_run=True, registry=v2)
    assert [(m["ref"], m["from_state"], m["to_state"]) for m in plan.moves] == [("case:C1", "disclosure",
                                                                                 "received")]
    assert service.state(C1, who("options1"), v2)[0].version == 1  # a dry run moves nothing
    operations.migrate("da_case", 2, admin, dry_run=False, registry=v2, clock=clock)
    [status] = [s for s in service.state(C1, who("options1"), v2) if s.workflow == "da_case"]
    assert (status.version, status.state) == (2, "received")
    assert service.history(C1, who("options1"), "da_case", v2)[-1]["transition"] == "migrate"
    assert operations.verify_history(admin).intact
    service.fire(C1, "open", who("options1"), registry=v2, clock=clock)


def test_a_migration_must_map_every_state_that_disappears(tmp_path: Path) -> None:
    folder = _v2_folder(tmp_path)
    text = (folder / "da_case.yaml").read_text().replace("states: {disclosure: received}", "states: {}")
    (folder / "da_case.yaml").write_text(text)
    with pytest.raises(DefinitionError, match="does not map states disclosure"):
        registries.load(folder)


def test_a_stored_definition_is_immutable(graph: Any, tmp_path: Path) -> None:
    registries.sync(registries.default())
    registries.sync(registries.default())  # the same content again: fine
    folder = tmp_path / "definitions"
    shutil.copytree(registries.HERE / "definitions", folder)
    path = folder / "nomination.yaml"
    path.write_text(path.read_text().replace("title: Housing nomination", "title: Changed in place"))
    with pytest.raises(DefinitionError, match=r"nomination@\d.*immutable"):
        registries.sync(registries.load(folder))
