"""Emergency transfer: request, the landlord decides on risk evidence, temporary accommodation meanwhile, an offer
only of a vacant social home that screens clear and keeps the tenure, the move ending the old tenancy; every
guard refused with its reason, the roles refused, and the overview that names no one."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

import pytest

from graph_model import db
from graph_model.errors import InvalidInput, PermissionDenied
from tests.support.options_world import HOME_ADDRESS, load_options
from workflows import housing_options, housing_transfer, service, worklists
from workflows.clock import FixedClock
from workflows.errors import GuardFailed

TENANCIES = ("MATCH (t:Tenancy)-[:TENANT]->(p:Person {id: $person}), (t)-[:OF_PROPERTY]->(h:Property) "
             "RETURN t.id AS id, h.id AS home, t.start AS start, t.end AS end, t.tenure AS tenure ORDER BY t.start")


def tenancies(person: str) -> dict[str, tuple[Any, Any, Any]]:
    """Return {home: (start, end, tenure)} of a person's tenancies."""
    rows = db.read(lambda tx: [r.data() for r in tx.run(TENANCIES, person=person)])
    return {r["home"]: (db.native(r["start"]), db.native(r["end"]), r["tenure"]) for r in rows}


def test_an_emergency_transfer_from_request_to_the_move(load: Any, who: Any, clock: Any) -> None:
    load_options(load)
    tid = housing_transfer.request("C1", "T10", "assault last week, DASH 15, perpetrator knows the address",
                                   "secure", who("options1"), clock=clock)
    with pytest.raises(GuardFailed, match="'kind' must be one of none_needed, refuge"):
        housing_transfer.temporary(tid, "7 Safe Street", who("options1"), clock=clock)  # a kind, never an address
    housing_transfer.temporary(tid, "refuge", who("options1"), clock=clock)
    waiting = worklists.worklist("transfers_to_decide", who("lead1"), clock=clock)  # the landlord's DA lead
    assert [(i.ref.id, i.deadline, i.due) for i in waiting] == [(tid, "decision", datetime(2026, 11, 4, 9, 0,
                                                                                          tzinfo=UTC))]
    assert worklists.worklist("transfers_to_decide", who("options1"), clock=clock) == []
    with pytest.raises(GuardFailed, match="lacks 'decide'"):  # not the landlord: the housing options service
        housing_transfer.approve(tid, "emergency", who("options1"), clock=clock)
    with pytest.raises(GuardFailed, match="'band' must be one of emergency, high"):
        housing_transfer.approve(tid, "whenever", who("lead1"), clock=clock)
    housing_transfer.approve(tid, "emergency", who("lead1"), clock=clock)
    fired, result = housing_transfer.offer(tid, "H11", "secure", who("lead1"), clock=clock)
    assert result.outcome == "clear" and fired.entries[0]["to_state"] == "offered"
    with pytest.raises(InvalidInput, match="between the request"):
        housing_transfer.move(tid, date(2027, 1, 1), who("lead1"), clock=clock)
    housing_transfer.move(tid, date(2026, 11, 2), who("lead1"), clock=clock)
    homes = tenancies("P1")
    assert homes["H10"][1] == date(2026, 11, 2)  # the old tenancy ended on the day of the move
    assert homes["H11"] == (date(2026, 11, 2), None, "secure")  # the new one begins, security of tenure kept
    steps = [(e["transition"], e["to_state"]) for e in service.history(housing_transfer.ref(tid), who("options1"))]
    assert steps == [("enrol", "requested"), ("temporary", "requested"), ("approve", "approved"),
                     ("offer", "offered"), ("move", "moved")]


def test_each_guard_of_the_offer_refuses_with_its_reason(load: Any, who: Any, clock: Any) -> None:
    load_options(load)
    tid = housing_transfer.request("C1", "T10", "threats to kill", "secure", who("options1"), clock=clock)
    housing_transfer.approve(tid, "high", who("lead1"), clock=clock)
    refusals = {"H12": "screening S-[0-9a-f]+ of H12: refer, not clear",   # the perpetrator lives 110 m away
                "H14": "H14 is let \\(1 open tenancy\\)",
                "H15": "H15 has no social landlord recorded",
                "H10": "H10 is the home the move starts from"}
    for home, reason in refusals.items():
        with pytest.raises(GuardFailed, match=reason):
            housing_transfer.offer(tid, home, "secure", who("lead1"), clock=clock)
    with pytest.raises(GuardFailed, match="the flexible tenancy offered is less secure than the secure"):
        housing_transfer.offer(tid, "H11", "flexible", who("lead1"), clock=clock)
    with pytest.raises(InvalidInput, match="tenure must be one of"):
        housing_transfer.offer(tid, "H11", "castle", who("lead1"), clock=clock)
    # Fired directly, around the service functions: the guards read what those record, so nothing passes.
    with pytest.raises(GuardFailed, match="no home proposed"):
        service.fire(housing_transfer.ref(tid), "offer", who("lead1"), params={"property": "H11"}, clock=clock)
    assert [e["to_state"] for e in service.history(housing_transfer.ref(tid), who("lead1"))][-1] == "approved"
    housing_transfer.offer(tid, "H11", "assured", who("lead1"), clock=clock)  # as secure as secure
    with pytest.raises(GuardFailed, match="the tenancies are not changed"):
        service.fire(housing_transfer.ref(tid), "move", who("lead1"), params={"moved_on": "2026-11-02"}, clock=clock)
    with pytest.raises(GuardFailed, match="needs a comment"):
        service.fire(housing_transfer.ref(tid), "decline_offer", who("options1"), clock=clock)
    service.fire(housing_transfer.ref(tid), "decline_offer", who("options1"), comment="too far from school",
                 clock=clock)


def test_requests_and_decisions_refused(load: Any, who: Any) -> None:
    later = FixedClock(datetime(2027, 6, 1, 9, 0, tzinfo=UTC))  # the DASH and the incident are 7 months old
    load_options(load)
    with pytest.raises(InvalidInput, match="T1 is not a social tenancy"):
        housing_transfer.request("C1", "T1", "reason", "secure", who("options1"), clock=later)
    with pytest.raises(InvalidInput, match="T11 is not held by a victim in case C1"):
        housing_transfer.request("C1", "T11", "reason", "secure", who("options1"), clock=later)
    with pytest.raises(InvalidInput, match="give the reason and the risk evidence"):
        housing_transfer.request("C1", "T10", "  ", "secure", who("options1"), clock=later)
    for username in ("lettings1", "analyst1", "outsider"):
        with pytest.raises(PermissionDenied):
            housing_transfer.request("C1", "T10", "reason", "secure", who(username), clock=later)
    tid = housing_transfer.request("C1", "T10", "reason", "secure", who("options1"), clock=later)
    with pytest.raises(GuardFailed, match="no risk evidence: no DASH or incident in the last 3 months"):
        housing_transfer.approve(tid, "emergency", who("lead1"), clock=later)
    with pytest.raises(PermissionDenied):  # a lettings officer of the landlord never sees the victim's transfer
        housing_transfer.approve(tid, "emergency", who("lettings1"), clock=later)
    with pytest.raises(GuardFailed, match="needs a comment"):
        service.fire(housing_transfer.ref(tid), "refuse", who("lead1"), clock=later)
    service.fire(housing_transfer.ref(tid), "refuse", who("lead1"), comment="no risk evidence yet", clock=later)


def test_the_overview_counts_and_names_no_one(load: Any, who: Any, clock: Any) -> None:
    load_options(load)
    tid = housing_transfer.request("C1", "T10", "reason", "secure", who("options1"), clock=clock)
    housing_transfer.approve(tid, "emergency", who("lead1"), clock=clock)
    housing_transfer.request("C1", "T10", "another reason", "secure", who("options1"), clock=clock)
    rows = housing_options.overview(who("options1"))
    counts = {(r.workflow, r.state): r.count for r in rows}
    assert counts[("emergency_transfer", "approved")] == 1 and counts[("emergency_transfer", "requested")] == 1
    assert counts[("reciprocal_move", "drafted")] == 0
    shown = str([dataclasses.asdict(r) for r in rows])
    for secret in (tid, "C1", "P1", "Ava", "T10", "H10", HOME_ADDRESS):
        assert secret not in shown
    for username in ("lettings1", "analyst1"):
        with pytest.raises(PermissionDenied):
            housing_options.overview(who(username))
