"""Role-filtered navigation and every page for a role allowed it, through the signed-in shell (AppTest)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import navigation
from graph_model.users import Actor, authenticate
from tests.dashboard.conftest import text_of

ROLE_PAGES = {
    "lettings1": ["My work", "Nomination screening"],
    "idva1": ["My work", "Case", "Support", "DASH assessment", "Connections"],
    "options1": ["My work", "Nomination screening", "Case", "Support", "DASH assessment", "Connections"],
    "police1": ["My work", "Case", "Support", "DASH assessment", "Connections"],
    "chair1": ["My work", "Case", "MARAC"],
    "coord1": ["My work", "Case", "MARAC"],
    "lead1": ["My work", "Nomination screening", "Case", "Support", "DASH assessment", "MARAC", "Connections",
              "Analytics", "Workflows", "Audit"],
    "analyst1": ["Connections", "Analytics", "Workflows"],
    "admin": ["My work", "Workflows", "Admin", "Loaded data", "Audit"],
}


@pytest.mark.parametrize(("user", "titles"), ROLE_PAGES.items())
def test_navigation_shows_each_role_its_pages(world: Actor, shell: Callable[..., AppTest], user: str,
                                              titles: list[str]) -> None:
    """Each user's navigation holds exactly the pages of their roles; the first one opens."""
    app = shell(user)
    assert not app.exception
    assert app.session_state["hearth_pages"] == titles
    assert app.title and not app.error


def _open(shell: Callable[..., AppTest], user: str, title: str) -> AppTest:
    spec = next(p for p in navigation.PAGES if p.title == title)
    app = shell(user)
    app.switch_page(str(spec.path.relative_to(spec.path.parent.parent))).run()
    assert not app.exception
    return app


@pytest.mark.parametrize(("user", "title", "heading"), [
    ("lettings1", "Nomination screening", "Nomination screening"), ("idva1", "Connections", "Personal connection"),
    ("analyst1", "Analytics", "Analytics"), ("admin", "Workflows", "Workflows"), ("admin", "Loaded data", "Hearth"),
    ("admin", "Admin", "Admin"), ("chair1", "MARAC", "MARAC"), ("idva1", "DASH assessment", "DASH risk assessment"),
    ("chair1", "Case", "Case"), ("lead1", "My work", "My work")])
def test_every_page_renders_for_an_allowed_role(world: Actor, shell: Callable[..., AppTest], user: str, title: str,
                                                heading: str) -> None:
    """Each page opens without an error for a user whose roles allow it."""
    app = _open(shell, user, title)
    assert app.title[0].value == heading
    assert not app.error, [e.value for e in app.error]


def test_my_work_counts_and_ticks(world: Actor, shell: Callable[..., AppTest]) -> None:
    """lead1 sees worklists with counts and runs the deadline tick; idva1 has no tick button."""
    app = _open(shell, "lead1", "My work")
    next(b for b in app.button if b.label == "Run deadline tick").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("Tick: ")
    assert not any(b.label == "Run deadline tick" for b in _open(shell, "idva1", "My work").button)


def test_case_page_shows_timeline_transitions_and_why_not(world: Actor, shell: Callable[..., AppTest]) -> None:
    """idva1 (party: their agency attends its MARAC) opens case:C1: states, the DASH, history, why not."""
    app = _open(shell, "idva1", "Case")
    app.text_input[0].input("case:C1").run()
    assert not app.exception and not app.error
    assert app.subheader[0].value == "case:C1"
    timeline = app.dataframe[1].value
    assert "R1" in list(timeline["id"]) and "15 of 24 yes" in " ".join(timeline["detail"])
    headings = [s.value for s in app.subheader]
    assert "What you can do now" in headings and "History" in headings
    assert "Why can't I..." in headings and app.expander


def test_case_page_refuses_an_object_of_another_agency(world: Actor, shell: Callable[..., AppTest]) -> None:
    """outsider (an IDVA elsewhere) opening case:C1 gets a clear refusal, never a traceback or the data."""
    app = _open(shell, "outsider", "Case")
    app.text_input[0].input("case:C1").run()
    assert not app.exception
    assert app.error[0].value.startswith("Not allowed: outsider may not view case:C1")
    assert not app.dataframe


def test_case_page_names_a_malformed_object(world: Actor, shell: Callable[..., AppTest]) -> None:
    """A name that is not type:id is a clear message."""
    app = _open(shell, "idva1", "Case")
    app.text_input[0].input("C1").run()
    assert "name an object as type:id" in app.error[0].value


def test_dash_page_scores_bands_and_routes_by_area(world: Actor, shell: Callable[..., AppTest]) -> None:
    """15 yes answers: high band; Testshire-default threshold 14 routes high, Cambridge's 17 routes to the IDVA."""
    app = _open(shell, "idva1", "DASH assessment")
    for box in app.checkbox[:15]:
        box.check()
    app.run()
    assert [m.value for m in app.metric][:2] == ["15 of 24", "high"]
    assert "High risk: refer to MARAC" in app.error[0].value
    app.selectbox[0].set_value("Cambridge").run()
    assert app.metric[2].value == "17"
    assert "Refer to the IDVA service" in app.error[0].value


def test_marac_page_draws_map_with_gaps_and_overdue_actions(world: Actor, shell: Callable[..., AppTest]) -> None:
    """chair1's MARAC page: M1's agenda, the agency map with a missing agency in red, the overdue action, export."""
    app = _open(shell, "chair1", "MARAC")
    assert app.selectbox[0].value == "M1"
    spec = app.get("graphviz_chart")[0].proto.spec
    assert '"A1" [label="Test Police", shape=box]' in spec and "color=red" in spec
    assert "1 action(s) overdue." in text_of(app)
    assert app.get("download_button")


def test_admin_sets_a_password(world: Actor, shell: Callable[..., AppTest]) -> None:
    """The admin lists users and sets lettings1's password, which then signs in."""
    app = _open(shell, "admin", "Admin")
    assert "lettings1" in list(app.dataframe[0].value["username"])
    app.selectbox[0].set_value("lettings1")
    app.text_input[0].input("a-new-long-password")
    app.text_input[1].input("a-new-long-password")
    next(b for b in app.button if b.label == "Set password").click().run()
    assert not app.exception
    assert "Password of lettings1 set." in app.success[0].value
    assert authenticate("lettings1", "a-new-long-password").username == "lettings1"
