"""The matrix's own parts can fail: the oracle refuses as well as allows, and the leak patterns catch leaks."""

from __future__ import annotations

from tests.security.matrix import ENTRIES
from tests.security.oracle import expected, may, may_fire
from tests.security.test_matrix import ANY_BUNDLE, VICTIM, leaks, made
from tests.security.world import Bundle, bundle, offered_homes, users


def _user(username: str):  # type: ignore[no-untyped-def]
    return next(u for u in users() if u.username == username)


def test_the_oracle_reads_the_definitions() -> None:
    """Known answers of the definitions: a lettings officer sees their nomination, never the case; a south IDVA
    sees nothing of a north case; the north chair chairs the listing; only a DA lead decides a conflict."""
    assert may(_user("lettings_officer.in"), "view", "nomination")
    assert not may(_user("lettings_officer.in"), "view", "case")
    assert may(_user("idva.in"), "view", "case") and not may(_user("idva.out"), "view", "case")
    assert may(_user("marac_chair.in"), "chair", "marac_case") and not may(_user("marac_chair.out"), "view",
                                                                            "marac_meeting")
    assert may(_user("da_lead.in"), "view", "case") and not may(_user("da_lead.out"), "view", "case")
    conflict = {"nomination": "conflict"}
    assert may_fire(_user("da_lead.in"), "nomination", "nomination", "refuse", conflict)
    assert not may_fire(_user("lettings_officer.in"), "nomination", "nomination", "refuse", conflict)


def test_every_role_is_refused_something_and_most_rows_refuse_someone() -> None:
    """The matrix is not a list of yeses: every role meets refusals, and rows needing permissions refuse someone."""
    everyone = users()
    for user in everyone:
        assert any(not expected(e, user) for e in ENTRIES), user.username
    for entry in ENTRIES:
        if entry.needs or entry.fires:
            outcomes = {expected(entry, u) for u in everyone}
            assert outcomes == {True, False}, entry.name


def test_the_leak_patterns_catch_every_marker() -> None:
    """Each of a victim's details, and each id or name of a bundle's people, is caught (and echoes are not)."""
    b = Bundle("37")
    for detail in b.victim_details:
        assert leaks(VICTIM, {"shown": detail}, ()), detail
    for marker in (*b.people, b.case, b.nomination, b.meeting, b.listing, b.action, b.referral, b.perpetrator_tenancy,
                   b.order, b.transfer_home, b.receiving_home, b.rehousing_home, b.equality_consent, b.former,
                   f"Zqformer{b.n}"):
        assert leaks(ANY_BUNDLE, [marker], ()), marker
    assert made({"ET-0a1b2c3d4e", "PF-5f6a7b8c9d"}, {"item": "ET-0a1b2c3d4e"}) == ["ET-0a1b2c3d4e"]
    assert leaks(ANY_BUNDLE, (b.perpetrator, b.flat), (b.perpetrator, b.flat)) == []
    assert leaks(VICTIM, "outcome refuse, reasons ('perpetrator_near_victim',)", ()) == []
    flat = bundle(b)["properties"][1]
    assert leaks(VICTIM, (flat["latitude"], flat["longitude"], round(flat["latitude"], 4)), ()) == []
    for lat, lon in offered_homes(b).values():  # the homes a housing bundle offers are not the victim's
        assert leaks(VICTIM, (lat, lon, round(lat, 4), round(lon, 4)), ()) == [], (lat, lon)
