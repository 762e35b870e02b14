"""The first dashboard page, run headless by Streamlit's AppTest against the real Neo4j."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from graph_model.config import PROJECT_ROOT
from graph_model.interchange import load
from graph_model.users import Actor

APP = str(PROJECT_ROOT / "dashboard" / "app.py")


def test_page_lists_loaded_counts(admin: Actor) -> None:
    """The page shows the acting operator and the number of people loaded."""
    load.load(admin, {"format": "hearth/1", "people": [{"id": "P1"}, {"id": "P2"}]})
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    rows = {row["section"]: row["records"] for row in app.table[0].value.to_dict("records")}
    assert rows["people"] == 2
    assert "admin" in app.markdown[0].value


def test_page_reports_unknown_operator(admin: Actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An operator who is not a user gets a clear error, not a traceback."""
    monkeypatch.setenv("HEARTH_USER", "nobody")
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    assert "nobody" in app.error[0].value
