"""Screening many nominations at once (the queue): each gets exactly what screening it alone gives, the ones that
cannot be screened are reported with the reason and leave nothing behind, and concurrent batches never leave a
screening without its workflow move."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

import pytest

from graph_model import db, users
from graph_model.errors import HearthError, PermissionDenied
from graph_model.interchange import load as loader
from graph_model.screening import screen as screening
from graph_model.screening.policy import current
from tests.screening.situations import ON, home, lives, world
from workflows import history, operations, service
from workflows import screening as screening_service
from workflows.clock import FixedClock
from workflows.errors import UnknownObject, WorkflowConflict
from workflows.refs import ObjectRef

CLOCK = FixedClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))


def _world() -> dict[str, Any]:
    """N1 refuse (victim 600 m away), N2 clear (a far property), N3 clear (an applicant with no record), N4 refer
    (the victim applies near her abuser's home), N5 at another landlord's property (lettings1 may not screen it)."""
    return world(victim_at=600, properties=[home("HP", 2500), {**home("HX", 100), "landlord": "A9"}],
                 agencies=[{"id": "A9", "name": "Other Homes", "kind": "housing_provider", "area": "Testshire"}],
                 tenancies=[lives("T2", "P2", "HP")],
                 nominations=[{"id": "N2", "applicant": "P2", "property": "HFAR", "nominated_by": "A4", "date": ON},
                              {"id": "N3", "applicant": "P7", "property": "H0", "nominated_by": "A4", "date": ON},
                              {"id": "N4", "applicant": "P1", "property": "H0", "nominated_by": "A4", "date": ON},
                              {"id": "N5", "applicant": "P2", "property": "HX", "nominated_by": "A4", "date": ON}])


@pytest.fixture()
def loaded(graph: Any, admin: Any) -> None:
    loader.load(admin, _world(), today=date(2026, 11, 25))


def _count(query: str, **params: Any) -> int:
    return int(db.read(lambda tx: tx.run(query, **params).single(strict=True)["n"]))


def _screens(nomination: str) -> tuple[int, int]:
    """Return (stored screenings, `screen` history entries) of a nomination."""
    return (_count("MATCH (:Nomination {id: $id})<-[:SCREENS]-(s:Screening) RETURN count(s) AS n", id=nomination),
            _count("MATCH (h:HistoryEntry {object_id: $id, transition: 'screen'}) RETURN count(h) AS n", id=nomination))


def test_a_batch_gives_each_nomination_what_screening_it_alone_gives(loaded: None) -> None:
    found = screening_service.screen_many(["N1", "N2", "N3", "N4"], users.actor("lettings1"), clock=CLOCK)
    def alone_of(tx: Any, nomination: str) -> Any:
        t = screening.nomination_target(tx, nomination)
        return screening.evaluate(tx, t.applicant, t.property, t.on, current())
    alone = {n: db.read(lambda tx, n=n: alone_of(tx, n)) for n in found}
    got = {n: (r.outcome, r.reasons) for n, r in found.items() if isinstance(r, screening.ScreeningResult)}
    assert got == {n: (a[0], a[1]) for n, a in alone.items()}
    assert {n: o for n, (o, _) in got.items()} == {"N1": "refuse", "N2": "clear", "N3": "clear", "N4": "refer"}
    lettings = users.actor("lettings1")
    assert {n: service.state(ObjectRef("nomination", n), lettings)[0].state for n in got} == {
        "N1": "conflict", "N2": "clear", "N3": "clear", "N4": "conflict"}
    assert [(e["transition"], e["comment"]) for e in service.history(ObjectRef("nomination", "N2"), lettings)] == [
        ("enrol", ""), ("screen", f"screening {found['N2'].screening_id}: clear"), ("to_clear", "")]
    assert all(r.detail is None for r in found.values() if isinstance(r, screening.ScreeningResult))
    assert history.verify("nomination").intact
    events = _count("MATCH (e:AuditEvent {action: 'screen_nomination'}) WHERE 'nomination:N4' IN e.subjects "
                    "RETURN count(e) AS n")
    assert events == 1


def test_a_batch_reports_what_it_could_not_screen_and_writes_nothing_for_it(loaded: None) -> None:
    found = screening_service.screen_many(["N1", "NX", "N5"], users.actor("lettings1"), clock=CLOCK)
    assert isinstance(found["N1"], screening.ScreeningResult)
    assert isinstance(found["NX"], UnknownObject) and "NX" in str(found["NX"])
    assert isinstance(found["N5"], PermissionDenied)
    assert _screens("N5") == (0, 0)
    assert _count("MATCH (s:Screening) RETURN count(s) AS n") == 1
    assert _count("MATCH (e:AuditEvent {action: 'screen_nomination'}) RETURN count(e) AS n") == 1


def test_a_da_lead_batch_rescreens_conflicts_and_sees_the_detail(loaded: None) -> None:
    screening_service.screen_many(["N1", "N2"], users.actor("lettings1"), clock=CLOCK)
    again = screening_service.screen_many(["N1", "N2"], users.actor("lead1"), clock=CLOCK)
    n1 = again["N1"]
    assert isinstance(n1, screening.ScreeningResult) and n1.detail and n1.detail[0].person_id == "P1"
    moves = [e["transition"] for e in service.history(ObjectRef("nomination", "N1"), users.actor("lead1"))]
    assert moves == ["enrol", "screen", "to_conflict", "rescreen", "to_conflict"]
    assert _count("MATCH (e:AuditEvent {action: 'view_screening_detail', actor: 'lead1'}) RETURN count(e) AS n") == 2


def test_someone_who_may_not_screen_is_refused_before_anything_is_read(loaded: None) -> None:
    with pytest.raises(PermissionDenied):
        screening_service.screen_many(["N1"], users.actor("idva1"), clock=CLOCK)
    assert _count("MATCH (s:Screening) RETURN count(s) AS n") == 0


def test_concurrent_batches_never_leave_a_screening_without_its_move(loaded: None) -> None:
    operations.enrol(users.actor(users.BUILTIN_ADMIN), clock=CLOCK)
    ids = ["N1", "N2", "N3", "N4"]
    results: list[dict[str, Any]] = []
    start = threading.Barrier(3)

    def run() -> None:
        start.wait()
        results.append(screening_service.screen_many(ids, users.actor("lettings1"), clock=CLOCK))
    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for n in ids:
        stored, moved = _screens(n)
        done = [r[n] for r in results if isinstance(r[n], screening.ScreeningResult)]
        assert stored == moved == len(done) >= 1, n
    errors = [r[n] for r in results for n in ids if isinstance(r[n], HearthError)]
    # A batch that lost the race reports a conflict, or (the nomination already in conflict) a refusal to move it.
    assert all(isinstance(e, (WorkflowConflict, PermissionDenied)) for e in errors), errors
    assert history.verify("nomination").intact


def test_the_queue_screens_every_pending_nomination_in_batches_with_progress(loaded: None) -> None:
    seen: list[tuple[int, int]] = []
    lettings = users.actor("lettings1")
    assert screening_service.pending_for(lettings) == ["N1", "N2", "N3", "N4"]
    report = screening_service.screen_pending(lettings, progress=lambda d, t: seen.append((d, t)), workers=2,
                                              clock=CLOCK, batch=3)
    assert sorted(report.results) == ["N1", "N2", "N3", "N4"] and report.failed == {}
    assert report.counts() == {"clear": 2, "refer": 1, "refuse": 1}
    assert sorted(seen) == [(1, 4), (4, 4)] or sorted(seen) == [(3, 4), (4, 4)]
    assert screening_service.pending_for(lettings) == []
