"""The dashboard end to end in a real headless Chromium (Debian's): sign in, screen a nomination, open the MARAC map.

`streamlit run dashboard/app.py` serves a hand-built world from the tests' Neo4j; Playwright drives /usr/bin/chromium.
Screenshots and each page's render time (click to script run finished) go to .artifacts/browser/ (not committed).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from graph_model import users
from graph_model.config import Settings
from graph_model.interchange import load
from tests.browser.driver import ARTIFACTS, CHROMIUM, Dashboard, chromium, serve, time_pages
from tests.conftest import _reset
from tests.marac.world import action, marac_world
from tests.screening.situations import AREA, LAT, LON, home, lives
from tests.workflows.world import dash
from workflows import operations

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no {CHROMIUM}: install Debian's chromium package "
                                                               "(.ci/run does) to run the browser test")

PASSWORD = "browser-test-password"
# The MARAC world (meetings M0 and M1, chair1, an overdue action) plus two nominations: N1 puts the perpetrator P2
# in H0, 600 m from the victim Ava (P1) at HV on Secret Street (a refusal); N2 is clear.
WORLD = marac_world(
    risk_assessments=[dash("R1", "C1", "2026-10-02", 15)],
    marac_actions=[action("X1", "MC1", "A2", "2026-01-10")],
    properties=[{"id": "H0", "address": "1 Nominated Road", "postcode": "AA1 1AA", "latitude": LAT,
                 "longitude": LON, "area": AREA, "landlord": "A3"}, home("HV", 600), home("HFAR", 20000)],
    tenancies=[lives("T1", "P1", "HV")],
    nominations=[{"id": "N1", "applicant": "P2", "property": "H0", "nominated_by": "A4", "date": "2026-11-01"},
                 {"id": "N2", "applicant": "P9", "property": "HFAR", "nominated_by": "A4", "date": "2026-11-01"}])
SHOTS = ARTIFACTS / "shots"
TIMINGS: dict[str, dict[str, list[float]]] = {}


@pytest.fixture(scope="module")
def served(neo4j_server: Settings) -> Iterator[str]:
    """Load the world, set passwords, serve the dashboard on a free port; yield its URL; stop it and reset."""
    admin = users.actor(users.BUILTIN_ADMIN)
    try:
        load.load(admin, WORLD)
        operations.enrol(admin)
        users.set_password(admin, ["lettings1", "chair1"], PASSWORD)
        env = {k: v for k, v in os.environ.items() if k != "HEARTH_DEMO"}  # a real password, not demo mode
        with serve(env, ARTIFACTS / "streamlit.log") as url:
            yield url
    finally:
        _reset()
        if TIMINGS:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / "timings.json").write_text(json.dumps(TIMINGS, indent=2) + "\n")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Launch Debian's headless Chromium once for the module (Playwright gives it a fresh profile)."""
    with chromium() as launched:
        yield launched


@pytest.fixture()
def session(served: str, browser: Browser) -> Iterator[Dashboard]:
    """Open a fresh browser session (its own Streamlit session) on the served dashboard."""
    opened = Dashboard(browser, served, SHOTS, ARTIFACTS / "streamlit.log")
    yield opened
    opened.close()


def _record(user: str, figures: dict[str, list[float]]) -> None:
    TIMINGS[user] = {title: [round(s, 3) for s in seconds] for title, seconds in figures.items()}
    slowest = max(max(s) for s in figures.values())
    assert slowest < 15, f"{user}: a page took {slowest:.1f} s to render: {TIMINGS[user]}"


def test_lettings_officer_screens_a_nomination_and_sees_the_outcome_only(session: Dashboard) -> None:
    """lettings1 signs in, screens N1: REFUSE with the reason in plain words, and nothing about the victim."""
    session.sign_in("lettings1", PASSWORD)
    assert session.nav_titles() == ["My work", "Nomination screening"]
    session.open("Nomination screening")
    session.expect_text("Waiting to be screened (2)", "the queue")
    assert session.page.get_by_role("combobox", name="Nomination").input_value() == "N1"
    session.screenshot("lettings-queue")

    session.step("screen N1", lambda: session.button("Screen this nomination").click())
    session.expect_text("Waiting to be screened (1)", "N1 left the queue")
    outcome = session.page.locator('[data-testid="stAlert"]', has_text="Nomination N1:").first
    assert "REFUSE" in outcome.inner_text()
    session.expect_text("The applicant is a recorded perpetrator against someone living close", "the reason")
    text = session.main_text()
    assert "PERPETRATOR_NEAR_VICTIM" in text
    for secret in ("Ava", "Secret Street", "ZZ9", "Restricted detail"):
        assert secret not in text, f"the lettings officer's page shows {secret!r}"
    session.screenshot("lettings-screened")

    _record("lettings_officer", time_pages(session, session.nav_titles()))


def _pick_meeting(session: Dashboard, meeting: str, date: str) -> None:
    def choose() -> Any:
        session.page.locator('[data-testid="stSelectbox"]').first.click()
        return session.page.get_by_role("option", name=re.compile(rf"\({meeting},")).first.click()
    session.step(f"pick meeting {meeting}", choose)
    session.expect_text(f"Agenda: {AREA}, {date}", f"the agenda of {meeting}")


def test_marac_chair_opens_the_agency_map(session: Dashboard) -> None:
    """chair1 opens MARAC, picks M0 then M1, and sees M1's agency map with the missing agency in red."""
    session.sign_in("chair1", PASSWORD)
    assert session.nav_titles() == ["My work", "Case", "MARAC"]
    session.open("MARAC")
    _pick_meeting(session, "M0", "2026-10-01")
    _pick_meeting(session, "M1", "2026-11-05")

    svg = session.page.locator('[data-testid="stGraphVizChart"] svg').first
    svg.wait_for(state="visible")
    drawn = svg.text_content() or ""
    assert "Test Police" in drawn and "missing:" in drawn, drawn
    assert session.page.locator('[data-testid="stGraphVizChart"] svg [stroke="red"]').count() > 0, "no gap in red"
    session.expect_text("1 action(s) overdue.", "the overdue action")
    session.screenshot("marac-agenda")
    session.screenshot("marac-agency-map", '[data-testid="stGraphVizChart"]')

    _record("marac_chair", time_pages(session, session.nav_titles()))


def test_artefacts_are_kept_out_of_git() -> None:
    """The screenshots and timings folder is ignored by git (only docs/screenshots/ is committed)."""
    assert ".artifacts/" in (Path(__file__).parents[2] / ".gitignore").read_text().splitlines()
