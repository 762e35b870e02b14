"""Managed reciprocal move: drafted, sent with consent, a referral the receiving landlord reads that carries no
applicant name, id, address, postcode or coordinates, the receiving landlord's offer (its own vacant home outside
the areas to avoid, screened clear, tenure kept) or refusal, and the move; the receiving landlord never views the
move or its case."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from graph_model import db
from graph_model.errors import InvalidInput, PermissionDenied
from tests.support.options_world import HOME_ADDRESS, HOME_LAT, HOME_LON, HOME_POSTCODE, load_options
from tests.support.test_housing_options_transfer import tenancies
from workflows import housing_reciprocal, service, worklists
from workflows.errors import GuardFailed

READS = ("MATCH (e:AuditEvent {action: 'view_reciprocal_referral'}) RETURN e.actor AS actor, e.outcome AS outcome, "
         "e.subjects AS subjects ORDER BY e.at")
# The applicant's name and ids, their home's id, address, postcode and coordinates, the case and its tenancies.
SECRETS = ("Ava", "Ava Test", "P1", "P2", "Ben", "C1", "T10", "H10", HOME_ADDRESS, HOME_POSTCODE,
           HOME_POSTCODE.replace(" ", ""), str(HOME_LAT), str(HOME_LON), "1990-01-01")


def _draft(who: Any, clock: Any, **more: Any) -> str:
    return housing_reciprocal.draft("C1", "T10", "A6", who("options1"), "secure", adults=1, children=1, bedrooms=2,
                                    needs=["ground floor flat", "near a primary school"], avoid=["Badtown"],
                                    clock=clock, **more)


def test_the_referral_names_no_one_and_the_receiving_landlord_moves_the_household(load: Any, who: Any,
                                                                                 clock: Any) -> None:
    load_options(load)
    move_id = _draft(who, clock)
    with pytest.raises(PermissionDenied):  # not sent yet: the receiving landlord reads nothing
        housing_reciprocal.referral(move_id, who("lettings6"))
    housing_reciprocal.send(move_id, who("options1"), clock=clock)
    assert [i.ref.id for i in worklists.worklist("reciprocals_to_answer", who("lettings6"), clock=clock)] == [move_id]
    d = housing_reciprocal.referral(move_id, who("lettings6"))
    shown = housing_reciprocal.to_text(d) + json.dumps(d.as_dict(), default=str)
    for secret in SECRETS:
        assert secret not in shown, secret
    assert (d.adults, d.children, d.bedrooms, d.risk_level, d.tenure_to_keep) == (1, 1, 2, "high", "secure")
    assert d.needs == ("ground floor flat", "near a primary school") and d.areas_to_avoid == ("Badtown",)
    assert "Other Homes" in shown and "Test Housing Options" in shown  # who it goes to, whom to contact
    reads = db.read(lambda tx: [r.data() for r in tx.run(READS)])
    assert [(e["actor"], e["outcome"]) for e in reads] == [("lettings6", "denied"), ("lettings6", "done")]
    assert {"case:C1", "person:P1", f"reciprocal_move:{move_id}"} <= set(reads[1]["subjects"])
    for look in (lambda u: service.history(housing_reciprocal.ref(move_id), u),
                 lambda u: service.state(housing_reciprocal.ref(move_id), u)):
        with pytest.raises(PermissionDenied):  # the receiving landlord never views the move, its case or history
            look(who("lettings6"))
    with pytest.raises(GuardFailed, match="H7 is in Badtown, an area the household must avoid"):
        housing_reciprocal.offer(move_id, "H7", "secure", who("lettings6"), clock=clock)
    for elsewhere in ("H11", "H10", "H404"):  # not theirs, the applicant's own home, no such home: never screened
        with pytest.raises(InvalidInput, match=f"{elsewhere} is not a home of the receiving landlord"):
            housing_reciprocal.offer(move_id, elsewhere, "secure", who("lettings6"), clock=clock)
    with pytest.raises(GuardFailed, match="the introductory tenancy offered is less secure"):
        housing_reciprocal.offer(move_id, "H6", "introductory", who("lettings6"), clock=clock)
    fired, result = housing_reciprocal.offer(move_id, "H6", "secure", who("lettings6"), clock=clock)
    assert result.outcome == "clear" and "P1" not in json.dumps(result.as_dict())
    housing_reciprocal.move(move_id, date(2026, 11, 2), who("lettings6"), clock=clock)
    homes = tenancies("P1")
    assert homes["H10"][1] == date(2026, 11, 2) and homes["H6"] == (date(2026, 11, 2), None, "secure")
    steps = [e["transition"] for e in service.history(housing_reciprocal.ref(move_id), who("options1"))]
    assert steps == ["enrol", "send", "offer", "move"]


def test_the_referral_refuses_identifying_text_and_needs_consent(load: Any, who: Any, clock: Any) -> None:
    load_options(load, consents=[{"id": "K2", "person": "P1", "scope": "share_with_idva", "status": "withdrawn",
                                  "date": "2026-10-30", "recorded_by": "U3"}])
    for needs in (["Ava needs a ground floor flat"], [f"not near {HOME_ADDRESS}"], ["away from hh11hh"],
                  ["see P1's file"]):
        with pytest.raises(InvalidInput, match="must not identify the household"):
            housing_reciprocal.draft("C1", "T10", "A6", who("options1"), "secure", needs=needs, clock=clock)
    with pytest.raises(InvalidInput, match="A3 is not another social landlord"):
        housing_reciprocal.draft("C1", "T10", "A3", who("options1"), "secure", clock=clock)
    with pytest.raises(InvalidInput, match="A7 is not another social landlord"):
        housing_reciprocal.draft("C1", "T10", "A7", who("options1"), "secure", clock=clock)
    move_id = _draft(who, clock)
    with pytest.raises(GuardFailed, match="the latest consent of P1 is not given"):
        housing_reciprocal.send(move_id, who("options1"), clock=clock)
    for username in ("lettings6", "lettings1", "outsider"):
        with pytest.raises(PermissionDenied):
            housing_reciprocal.send(move_id, who(username), clock=clock)


def test_the_receiving_landlord_declines_with_a_reason(load: Any, who: Any, clock: Any) -> None:
    load_options(load)
    move_id = _draft(who, clock)
    housing_reciprocal.send(move_id, who("options1"), clock=clock)
    with pytest.raises(InvalidInput, match="give the reason"):
        housing_reciprocal.decline(move_id, "", who("lettings6"), clock=clock)
    with pytest.raises(PermissionDenied):  # only the receiving landlord answers
        housing_reciprocal.decline(move_id, "no stock", who("lettings1"), clock=clock)
    housing_reciprocal.decline(move_id, "no two-bedroom homes this quarter", who("lettings6"), clock=clock)
    [entry] = [e for e in service.history(housing_reciprocal.ref(move_id), who("options1"))
               if e["transition"] == "decline"]
    assert entry["to_state"] == "declined" and entry["actor"] == "lettings6"
