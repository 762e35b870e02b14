"""MAPPA and perpetrator-panel flags on a perpetrator: who records them, who sees them (police, DA lead, MARAC
roles, the IDVA on the case) and who never does (lettings, analysts, agencies not party), bad flags refused, and
each flag in the perpetrator record's history without its detail."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph_model.errors import InvalidInput, PermissionDenied
from tests.workflows.world import BASE
from workflows import service, support_housing, support_perp
from workflows.errors import GuardFailed, UnknownObject

# The police made a referral from the case: their agency (and the MARAC chair's, the same) is party to it.
POLICE_PARTY = {"id": "F9", "case": "C1", "kind": "other", "from_agency": "A1", "to_agency": "A4",
                "date": "2026-10-02", "basis": "consent"}


def _flagged(world: Any, who: Any, clock: Any) -> str:
    world(referrals=[POLICE_PARTY])
    return support_perp.record_flag("C1", "P2", who("police1"), "mappa", date(2026, 9, 1), category=2, level=2,
                                    panel="MAPPA level 2 meeting", clock=clock)


def test_the_roles_who_need_a_flag_see_it_and_no_one_else(world: Any, who: Any, clock: Any) -> None:
    flag = _flagged(world, who, clock)
    for username in ("police1", "lead1", "coord1", "chair1"):
        [p2] = support_perp.show("C1", who(username)).perpetrators
        [shown] = p2["flags"]
        assert (p2["id"], shown["id"], shown["kind"], shown["category"], shown["level"]) == ("P2", flag, "mappa", 2, 2)
        assert shown["recorded_by"] == "police1" and shown["agency"] == "A1"
    for username in ("lettings1", "analyst1", "outsider", "options1", "idva1"):
        with pytest.raises(PermissionDenied):
            support_perp.show("C1", who(username))
    # The IDVA sees them once the IDVA service is party to a case where the person is the perpetrator.
    support_housing.create_referral("C1", "A2", who("options1"), "consent", clock=clock)
    assert support_perp.show("C1", who("idva1")).perpetrators[0]["flags"][0]["id"] == flag


def test_only_police_da_leads_and_marac_coordinators_record_flags(world: Any, who: Any, clock: Any) -> None:
    world(referrals=[POLICE_PARTY])
    support_perp.record_flag("C1", "P2", who("lead1"), "perpetrator_panel", date(2026, 10, 1),
                             panel="Cambridge Perpetrator Panel", clock=clock)
    with pytest.raises(GuardFailed, match="lacks 'flag'"):
        support_perp.record_flag("C1", "P2", who("options1"), "matac", date(2026, 10, 1), panel="MATAC",
                                 clock=clock)
    for username in ("lettings1", "outsider"):
        with pytest.raises(PermissionDenied):
            support_perp.record_flag("C1", "P2", who(username), "matac", date(2026, 10, 1), panel="MATAC",
                                     clock=clock)
    with pytest.raises(UnknownObject, match="not a perpetrator in case"):
        support_perp.record_flag("C1", "P1", who("police1"), "matac", date(2026, 10, 1), panel="MATAC", clock=clock)
    entries = service.history(support_perp.record_ref("C1"), who("lead1"))
    assert [e["transition"] for e in entries] == ["enrol", "record_flag"]  # the refused ones left nothing


BAD_FLAGS = [
    ({"kind": "mappa", "category": 2}, "needs its category"),
    ({"kind": "mappa", "category": 4, "level": 1}, "needs its category"),
    ({"kind": "perpetrator_panel"}, "name the panel"),
    ({"kind": "matac", "panel": "MATAC", "level": 2}, "only a MAPPA flag"),
    ({"kind": "wanted", "panel": "x"}, "kind is one of"),
    ({"kind": "matac", "panel": "MATAC", "on": date(2027, 1, 1)}, "cannot be in the future"),
    ({"kind": "matac", "panel": "MATAC", "until": date(2025, 1, 1)}, "nor its end before it"),
]


def test_bad_flags_are_refused_with_the_reason(world: Any, who: Any, clock: Any) -> None:
    world(referrals=[POLICE_PARTY])
    for kwargs, message in BAD_FLAGS:
        args = {"on": date(2026, 10, 1), **kwargs}
        with pytest.raises(InvalidInput, match=message):
            support_perp.record_flag("C1", "P2", who("police1"), args.pop("kind"), args.pop("on"), clock=clock,
                                     **args)


def test_each_flag_is_in_the_history_without_its_detail(world: Any, who: Any, clock: Any) -> None:
    flag = _flagged(world, who, clock)
    entries = service.history(support_perp.record_ref("C1"), who("lead1"))
    assert [e["transition"] for e in entries] == ["enrol", "record_flag"]
    assert entries[1]["comment"] == f"mappa flag {flag} on P2" and "level 2" not in str(entries)


def test_flags_show_on_the_perpetrators_other_case_without_naming_the_case_they_came_from(world: Any, who: Any,
                                                                                        clock: Any) -> None:
    """Flags and releases belong to the person: an IDVA service party only to another case of the same perpetrator
    sees them there, but never the case they were recorded in (it may not see that case)."""
    elsewhere = {"id": "C9", "area": "Elsewhere", "opened": "2026-10-01", "victims": ["P9"], "perpetrators": ["P2"]}
    world(cases=[BASE["cases"][0], elsewhere],
          referrals=[POLICE_PARTY, {"id": "F8", "case": "C9", "kind": "other", "from_agency": "A9", "to_agency": "A9",
                                    "date": "2026-10-02", "basis": "consent"}])
    flag = support_perp.record_flag("C1", "P2", who("police1"), "mappa", date(2026, 9, 1), category=2, level=2,
                                    clock=clock)
    release, _ = support_perp.record_release("C1", "P2", date(2026, 10, 20), who("lead1"), clock=clock)
    with pytest.raises(PermissionDenied):
        support_perp.show("C1", who("outsider"))
    [p2] = support_perp.show("C9", who("outsider")).perpetrators
    assert [f["id"] for f in p2["flags"]] == [flag] and [r["id"] for r in p2["releases"]] == [release]
    assert [f["recorded_in_case"] for f in p2["flags"] + p2["releases"]] == [None, None]
    assert "'C1'" not in repr(p2)
    [here] = support_perp.show("C1", who("police1")).perpetrators
    assert [f["recorded_in_case"] for f in here["flags"] + here["releases"]] == ["C1", "C1"]
