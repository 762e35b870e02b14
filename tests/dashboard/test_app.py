"""The first dashboard page, run headless by Streamlit's AppTest against the real Neo4j."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from graph_model.config import PROJECT_ROOT
from graph_model.interchange import load
from graph_model.users import Actor
from tests.dashboard.conftest import signed_in

APP = str(PROJECT_ROOT / "dashboard" / "views" / "loaded.py")
CONNECTIONS = str(PROJECT_ROOT / "dashboard" / "views" / "connections.py")
SHELL = str(PROJECT_ROOT / "dashboard" / "app.py")


def test_page_lists_loaded_counts(admin: Actor) -> None:
    """The page shows the acting operator and the number of people loaded."""
    load.load(admin, {"format": "hearth/1", "people": [{"id": "P1"}, {"id": "P2"}]})
    app = signed_in(AppTest.from_file(APP, default_timeout=30), "admin").run()
    assert not app.exception
    rows = {row["section"]: row["records"] for row in app.table[0].value.to_dict("records")}
    assert rows["people"] == 2
    assert "admin" in app.markdown[0].value


def test_page_reports_unknown_operator(admin: Actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An operator who is not a user gets a clear error, not a traceback."""
    app = signed_in(AppTest.from_file(APP, default_timeout=30), "nobody").run()
    assert not app.exception
    assert "nobody" in app.error[0].value


FAMILY = {"format": "hearth/1", "people": [
    {"id": "P1", "given_name": "Amy", "date_of_birth": "1990-01-01"},
    {"id": "P2", "given_name": "Ben", "date_of_birth": "1988-01-01"},
    {"id": "P3", "given_name": "Cal", "date_of_birth": "2015-01-01"}],
    "links": [{"type": "MARRIED", "a": "P1", "b": "P2", "start": "2012-06-01", "end": "2019-01-01"},
              {"type": "PARENT_OF", "a": "P1", "b": "P3"}]}


def test_shell_runs_the_default_page(admin: Actor) -> None:
    """Without a session the shell opens on the sign-in page, without an error."""
    app = AppTest.from_file(SHELL, default_timeout=30).run()
    assert not app.exception
    assert app.title[0].value == "Hearth" and app.text_input[0].label == "Username"


def test_connections_page_shows_verdict_and_path(admin: Actor) -> None:
    """Checking two married people shows the s.2(1)(a) ground and its path."""
    load.load(admin, FAMILY)
    app = signed_in(AppTest.from_file(CONNECTIONS, default_timeout=30), "admin").run()
    app.text_input[0].input("P1")
    app.text_input[1].input("P2")
    app.button[0].click().run()
    assert not app.exception
    assert "are personally connected" in app.success[0].value
    assert any("s2(1)(a)" in e.label for e in app.expander)


def test_connections_page_names_unknown_person(admin: Actor) -> None:
    """An unknown id is a clear error on the page."""
    app = signed_in(AppTest.from_file(CONNECTIONS, default_timeout=30), "admin").run()
    app.text_input[0].input("P1")
    app.text_input[1].input("NOBODY")
    app.button[0].click().run()
    assert not app.exception
    assert "NOBODY" in app.error[0].value or "P1" in app.error[0].value


ANALYTICS = str(PROJECT_ROOT / "dashboard" / "views" / "analytics.py")


def test_analytics_page_ranks_serial_perpetrators_and_finds_paths(admin: Actor) -> None:
    """The serial-perpetrator table lists Sid; the path form finds the path through him."""
    from tests.graph_model.analytics.world import WORLD

    load.load(admin, WORLD)
    app = signed_in(AppTest.from_file(ANALYTICS, default_timeout=30), "admin").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["person"]) == ["Sid Test (S)"]
    inputs = [t for t in app.text_input if t.label.startswith("Person")]
    inputs[0].input("V1")
    inputs[1].input("V2")
    app.button[0].click().run()
    assert not app.exception
    assert any("Sid Test (S) married to Val Test (V1)" in m.value for m in app.markdown)


def test_analytics_page_refused_for_lettings(admin: Actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A lettings officer signed in sees a refusal, not the data."""
    from tests.graph_model.analytics.world import WORLD

    load.load(admin, WORLD)
    app = signed_in(AppTest.from_file(ANALYTICS, default_timeout=30), "lettings1").run()
    assert not app.exception
    assert "lettings1 may not analyse" in app.error[0].value


def test_analytics_page_draws_ego_network_and_figures(admin: Actor) -> None:
    """The ego tab draws Sid's neighbourhood as a graph; the figures tab shows each area beside benchmarks."""
    from tests.graph_model.analytics.world import WORLD

    load.load(admin, WORLD)
    app = signed_in(AppTest.from_file(ANALYTICS, default_timeout=30), "admin").run()
    person = next(t for t in app.text_input if t.label == "Person (id)")
    person.input("S")
    next(b for b in app.button if b.label == "Show neighbourhood").click().run()
    assert not app.exception
    dot = app.get("graphviz_chart")[0].proto.spec
    assert '"S" [label="S Sid Test", shape=box]' in dot and '"C1" [label="C1", shape=ellipse]' in dot
    assert any("Cambridge" in m.value for m in app.markdown)
