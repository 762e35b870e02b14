"""The workflows page, run headless by Streamlit's AppTest: each definition drawn and tabulated."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from graph_model.config import PROJECT_ROOT
from graph_model.users import Actor
from tests.dashboard.conftest import signed_in
from workflows import diagrams
from workflows.registry import default

PAGE = str(PROJECT_ROOT / "dashboard" / "views" / "workflows.py")


def test_page_draws_the_chosen_workflow(admin: Actor) -> None:
    """The page draws da_case (DOT and Mermaid) with its states and transitions, then nomination when chosen."""
    app = signed_in(AppTest.from_file(PAGE, default_timeout=30), "admin").run()
    assert not app.exception
    assert app.selectbox[0].value == "da_case"
    reg = default()
    assert app.selectbox[0].options == [f"{reg.definition(w).title} ({w})" for w in sorted(reg.current)]
    d = default().definition("da_case")
    assert app.get("graphviz_chart")[0].proto.spec == diagrams.dot(d)
    assert any(code.value.strip() == diagrams.mermaid(d).strip() for code in app.code)
    assert [e.label for e in app.expander] == ["Mermaid", "Graphviz DOT"]
    states = app.dataframe[0].value
    assert list(states["state"]) == list(d.states)
    assert bool(states.set_index("state").loc["closed", "final"])
    transitions = app.dataframe[1].value.set_index("transition")
    assert list(transitions.index) == list(d.transitions)
    assert transitions.loc["open", "guard"] == "perm: manage; consent_given"
    assert transitions.loc["route_high", "trigger"] == "automatic"

    app.selectbox[0].set_value("nomination").run()
    assert not app.exception
    nomination = default().definition("nomination")
    assert app.get("graphviz_chart")[0].proto.spec == diagrams.dot(nomination)
    assert list(app.dataframe[1].value["transition"]) == list(nomination.transitions)


def test_page_reports_unknown_operator(admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """An operator who is not a user gets one clear error and no diagram."""
    app = signed_in(AppTest.from_file(PAGE, default_timeout=30), "nobody").run()
    assert not app.exception
    assert "nobody" in app.error[0].value
    assert not app.get("graphviz_chart")
