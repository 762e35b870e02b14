"""The engine's batch fire: each object is checked as `fire` checks it, failures are returned with the error
`fire` would raise, the others move (with their automatic transitions) exactly as `fire` moves them."""

from __future__ import annotations

from typing import Any

from graph_model import db
from graph_model.errors import HearthError
from workflows import history, operations, service
from workflows.engine import WorkflowTx
from workflows.errors import GuardFailed, TransitionNotAllowed, UnknownObject, WorkflowConflict
from workflows.refs import ObjectRef

from .conftest import NOW


def _nominations(*ids: str) -> list[dict[str, Any]]:
    return [{"id": i, "applicant": "P9", "property": "H1", "nominated_by": "A4", "date": "2026-11-01"} for i in ids]


def _screened(nomination: str, outcome: str) -> None:
    db.write(lambda tx: tx.run("MATCH (n:Nomination {id: $id}) CREATE (:Screening {id: 'S-' + $id, outcome: $o, "
                               "at: datetime()})-[:SCREENS]->(n)", id=nomination, o=outcome).consume())


def _many(actor: Any, registry: Any, ids: list[str], transition: str,
          comments: dict[str, str] | None = None) -> dict[str, HearthError]:
    def work(tx: Any) -> dict[str, HearthError]:
        refs = [ObjectRef("nomination", i) for i in ids]
        failed = WorkflowTx(tx, registry, actor, NOW).fire_many(
            refs, transition, {ObjectRef("nomination", k): v for k, v in (comments or {}).items()})
        return {ref.id: exc for ref, exc in failed.items()}
    return db.write(work)


def _moves(nomination: str, who: Any) -> list[tuple[str, str | None, str, int]]:
    return [(e["transition"], e.get("from_state"), e["to_state"], e["seq"])
            for e in service.history(ObjectRef("nomination", nomination), who("lead1"))]


def test_a_batch_moves_each_object_exactly_as_firing_it_alone(load: Any, who: Any, clock: Any,
                                                             registry: Any) -> None:
    load(nominations=_nominations("N1", "N2", "N3", "N4"))
    for n, outcome in (("N1", "clear"), ("N2", "refuse"), ("N3", "clear"), ("N4", "refuse")):
        _screened(n, outcome)
    assert _many(who("lettings1"), registry, ["N1", "N2"], "screen") == {}
    service.fire(ObjectRef("nomination", "N3"), "screen", who("lettings1"), clock=clock)
    service.fire(ObjectRef("nomination", "N4"), "screen", who("lettings1"), clock=clock)
    assert _moves("N1", who) == _moves("N3", who) == [("enrol", None, "received", 1), ("screen", "received",
                                                      "screened", 2), ("to_clear", "screened", "clear", 3)]
    assert _moves("N2", who) == _moves("N4", who)
    assert _moves("N2", who)[-1][:3] == ("to_conflict", "screened", "conflict")
    assert history.verify("nomination").intact


def test_the_objects_that_fail_are_returned_with_the_reason_and_the_others_move(load: Any, who: Any,
                                                                                registry: Any) -> None:
    load(nominations=_nominations("N1", "N2", "N3"))
    _screened("N1", "clear")
    _screened("N3", "refuse")
    failed = _many(who("lettings1"), registry, ["N1", "N2", "NX"], "screen")
    assert set(failed) == {"N2", "NX"}
    assert isinstance(failed["N2"], GuardFailed) and "has not been screened" in str(failed["N2"])
    assert isinstance(failed["NX"], UnknownObject)
    assert _moves("N1", who)[-1][2] == "clear" and _moves("N2", who) == []
    # From `clear`, `screen` is allowed again, `rescreen` is not; and a DA lead's `rescreen` needs a comment.
    again = _many(who("lettings1"), registry, ["N1"], "rescreen")
    assert isinstance(again["N1"], TransitionNotAllowed) and "leaves conflict only" in str(again["N1"])
    assert _many(who("lettings1"), registry, ["N3"], "screen") == {}
    refused = _many(who("lead1"), registry, ["N3"], "rescreen")
    assert isinstance(refused["N3"], GuardFailed) and "needs a comment" in str(refused["N3"])
    assert _many(who("lead1"), registry, ["N3"], "rescreen", {"N3": "new facts"}) == {}


def test_a_user_without_the_permission_moves_nothing(load: Any, who: Any, registry: Any) -> None:
    load(nominations=_nominations("N1"))
    _screened("N1", "clear")
    failed = _many(who("idva1"), registry, ["N1"], "screen")
    assert isinstance(failed["N1"], GuardFailed) and "lacks 'manage'" in str(failed["N1"])
    assert _moves("N1", who) == []


def test_automatic_transitions_are_not_fired_by_a_user_batch(load: Any, who: Any, registry: Any) -> None:
    load(nominations=_nominations("N1"))
    _screened("N1", "clear")
    failed = _many(who("lettings1"), registry, ["N1"], "to_clear")
    assert isinstance(failed["N1"], TransitionNotAllowed) and "the engine fires it" in str(failed["N1"])


def test_an_object_moved_by_someone_else_meanwhile_is_a_conflict(load: Any, who: Any, clock: Any, admin: Any,
                                                                 registry: Any) -> None:
    load(nominations=_nominations("N1", "N2"))
    operations.enrol(admin, clock=clock)
    _screened("N1", "clear")
    _screened("N2", "clear")
    refs = [ObjectRef("nomination", "N1"), ObjectRef("nomination", "N2")]
    with db.connect().session(database=db.database()) as session:
        tx = session.begin_transaction()
        wtx = WorkflowTx(tx, registry, who("lettings1"), NOW)
        wtx.prefetch(refs)  # what this user saw ...
        service.fire(refs[0], "screen", who("lettings1"), clock=clock)  # ... before another user moved N1
        failed = wtx.fire_many(refs, "screen")
        tx.commit()
    assert list(failed) == [refs[0]] and isinstance(failed[refs[0]], WorkflowConflict)
    assert [m[0] for m in _moves("N1", who)] == ["enrol", "screen", "to_clear"]
    assert [m[0] for m in _moves("N2", who)] == ["enrol", "screen", "to_clear"]
    assert history.verify("nomination").intact
