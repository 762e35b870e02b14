"""The nomination workflow: screening moves it automatically; a conflict goes to the DA lead to decide."""

from __future__ import annotations

from typing import Any

import pytest

from graph_model import db
from graph_model.errors import PermissionDenied
from workflows import operations, service, worklists
from workflows.errors import GuardFailed
from workflows.refs import ObjectRef

N1 = ObjectRef("nomination", "N1")
NOMINATION = {"id": "N1", "applicant": "P9", "property": "H1", "nominated_by": "A4", "date": "2026-11-01"}


def _screened(outcome: str) -> None:
    # Screening (issue #6) stores its result; the workflow only reads the latest outcome.
    db.write(lambda tx: tx.run("MATCH (n:Nomination {id: 'N1'}) CREATE (:Screening {id: 'S-' + $o, outcome: $o, "
                               "at: datetime()})-[:SCREENS]->(n)", o=outcome).consume())


def test_a_clear_screening_moves_on_by_itself_then_lettings_accept_and_let(load: Any, who: Any, clock: Any) -> None:
    load(nominations=[NOMINATION])
    with pytest.raises(GuardFailed, match="has not been screened"):
        service.fire(N1, "screen", who("lettings1"), clock=clock)
    _screened("clear")
    fired = service.fire(N1, "screen", who("lettings1"), clock=clock)
    assert [e["to_state"] for e in fired.entries] == ["received", "screened", "clear"]
    service.fire(N1, "accept", who("lettings1"), clock=clock)
    service.fire(N1, "let", who("lettings1"), clock=clock)
    assert service.state(N1, who("lettings1"))[0].state == "let"


@pytest.mark.parametrize("outcome", ["refer", "refuse"])
def test_a_conflict_goes_to_the_da_lead_who_decides_with_a_reason(load: Any, who: Any, clock: Any, admin: Any,
                                                                  outcome: str) -> None:
    load(nominations=[NOMINATION])
    operations.enrol(admin, clock=clock)
    _screened(outcome)
    assert service.fire(N1, "screen", who("lettings1"), clock=clock).entries[-1]["to_state"] == "conflict"
    assert [i.ref for i in worklists.worklist("nomination.to_decide", who("lead1"), clock=clock)] == [N1]
    assert worklists.worklist("nomination.to_decide", who("lettings1"), clock=clock) == []
    with pytest.raises(GuardFailed, match="role: lettings1 needs one of da_lead"):
        service.fire(N1, "override", who("lettings1"), comment="we like them", clock=clock)
    with pytest.raises(GuardFailed, match="needs a comment"):
        service.fire(N1, "override", who("lead1"), clock=clock)
    service.fire(N1, "override", who("lead1"), comment="victim moved out of county in 2025", clock=clock)
    entries = service.history(N1, who("lead1"))
    assert (entries[-1]["transition"], entries[-1]["comment"]) == ("override", "victim moved out of county in 2025")


def test_agencies_outside_the_nomination_see_nothing(load: Any, who: Any, clock: Any) -> None:
    load(nominations=[NOMINATION])
    for username in ("idva1", "police1", "outsider"):
        with pytest.raises(PermissionDenied):
            service.state(N1, who(username))
