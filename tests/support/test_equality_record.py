"""Equality monitoring is recorded only with the person's consent (refused otherwise, with the reason), needs the
case's support permission, is stored where no read of the person reaches it, and is erased when consent is
withdrawn."""

from __future__ import annotations

import json
from typing import Any

import pytest

from graph_model import db
from graph_model.errors import InvalidInput, PermissionDenied
from graph_model.interchange import export as exporter
from workflows import service, support_equality
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef
from workflows.support_equality import ConsentRequired

ANSWERS = {"sex": "female", "sexual_orientation": "bisexual", "religion_belief": "prefer_not_to_say",
           "race_ethnicity": "mixed"}
REFUSED = {"id": "K7", "person": "P1", "scope": "equality_monitoring", "status": "refused", "date": "2026-10-03"}
STORED = "MATCH (e:EqualityRecord) RETURN properties(e) AS e, COUNT { (e)--() } AS links"
NEAR_P1 = "MATCH (:Person {id: 'P1'})-[*1..3]-(n) RETURN DISTINCT labels(n) AS labels"
EVENTS = "MATCH (e:AuditEvent) WHERE e.action IN ['record_equality', 'withdraw_equality'] RETURN e.detail AS d"


def _stored() -> list[dict[str, Any]]:
    return db.read(lambda tx: db.rows(tx, STORED))


def test_without_consent_nothing_is_recorded_and_the_reason_is_given(world: Any, who: Any, clock: Any) -> None:
    world()
    with pytest.raises(ConsentRequired, match="P1 has not consented to equality monitoring \\(none is recorded\\)"):
        support_equality.record("C1", "P1", who("options1"), ANSWERS, clock=clock)
    world(consents=[REFUSED])
    with pytest.raises(ConsentRequired, match="the latest is refused \\(2026-10-03\\)"):
        support_equality.record("C1", "P1", who("options1"), ANSWERS, clock=clock)
    assert _stored() == []


def test_with_consent_the_answers_are_stored_apart_from_the_person(world: Any, who: Any, clock: Any,
                                                                   admin: Any) -> None:
    world(consents=[REFUSED])
    assert support_equality.record("C1", "P1", who("options1"), ANSWERS, consent_given=True, clock=clock) == 4
    support_equality.record("C1", "P1", who("options1"), {"sex": "female", "disability": "yes"}, clock=clock)
    [row] = _stored()  # the consent given is on record now; the second answers replace the first
    assert row["links"] == 0 and {k: v for k, v in row["e"].items() if k not in ("key", "period", "recorded_on")} == {
        "area": "Testshire", "role": "victim", "sex": "female", "disability": "yes"}
    assert "P1" not in str(row) and "Ava" not in str(row)
    near = db.read(lambda tx: db.rows(tx, NEAR_P1))
    assert near and not any("EqualityRecord" in r["labels"] for r in near)
    assert "EqualityRecord" not in json.dumps(exporter.export(admin), default=str)
    details = db.read(lambda tx: db.rows(tx, EVENTS))
    assert len(details) == 2 and "female" not in str(details) and "disability" not in str(details)


def test_withdrawing_consent_erases_the_answers(world: Any, who: Any, clock: Any) -> None:
    world()
    support_equality.record("C1", "P1", who("options1"), ANSWERS, consent_given=True, clock=clock)
    assert support_equality.withdraw("C1", "P1", who("options1"), clock=clock)
    assert _stored() == []
    with pytest.raises(ConsentRequired, match="the latest is withdrawn"):
        support_equality.record("C1", "P1", who("options1"), ANSWERS, clock=clock)
    # Withdrawing consent to equality monitoring is not withdrawing consent to the case (K1, to share).
    assert service.fire(ObjectRef("case", "C1"), "open", who("options1"), clock=clock).entries[-1]["to_state"] == "open"


def test_bad_answers_and_the_wrong_people_are_refused(world: Any, who: Any, clock: Any) -> None:
    world()
    for answers, message in [({"sex": "unsure"}, r"sex=unsure \(sex takes female, male, prefer_not_to_say\)"),
                             ({"star_sign": "leo"}, "unknown: star_sign"),
                             ({}, "give equality answers")]:
        with pytest.raises(InvalidInput, match=message):
            support_equality.record("C1", "P1", who("options1"), answers, consent_given=True, clock=clock)
    with pytest.raises(UnknownObject, match="not a victim"):
        support_equality.record("C1", "P2", who("options1"), ANSWERS, consent_given=True, clock=clock)
    for username in ("police1", "lettings1", "outsider", "analyst1"):  # police read the case, not its support
        with pytest.raises(PermissionDenied):
            support_equality.record("C1", "P1", who(username), ANSWERS, consent_given=True, clock=clock)
    assert _stored() == []
