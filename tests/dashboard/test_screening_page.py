"""The nomination screening page, run headless by Streamlit's AppTest: the queue, screening, the DA lead's decision."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from graph_model.config import PROJECT_ROOT
from graph_model.interchange import load
from graph_model.users import Actor, actor
from tests.dashboard.conftest import signed_in
from tests.screening.situations import home, world
from workflows import operations, service
from workflows.refs import ObjectRef

PAGE = str(PROJECT_ROOT / "dashboard" / "views" / "screening.py")
WORLD = world(victim_at=600, properties=[home("HR", 20000)],
              nominations=[{"id": "N2", "applicant": "P8", "property": "HR", "nominated_by": "A4",
                            "date": "2026-11-01"}])


def _page(admin: Actor, monkeypatch: pytest.MonkeyPatch, user: str) -> AppTest:
    load.load(admin, WORLD)
    operations.enrol(admin)
    app = signed_in(AppTest.from_file(PAGE, default_timeout=60), user).run()
    assert not app.exception
    return app


def _button(app: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in app.button if b.label.startswith(label))


def _text(app: AppTest) -> str:
    return "\n".join([m.value for m in app.markdown] + [e.value for e in app.error] + [w.value for w in app.warning]
                     + [s.value for s in app.success] + [i.value for i in app.info] + [c.value for c in app.caption])


def test_lettings_officer_screens_one_and_sees_no_detail(admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """lettings1 sees the queue and the policy, screens N1: REFUSE in plain words, and nothing about the victim."""
    app = _page(admin, monkeypatch, "lettings1")
    assert app.subheader[0].value == "Waiting to be screened (2)"
    assert list(app.dataframe[0].value["nomination"]) == ["N1", "N2"]
    assert app.expander[0].label == "Screening policy (version 1)"
    assert any(row["area"] == "Fenland" for row in app.table[1].value.to_dict("records"))
    app.selectbox[0].set_value("N1")
    _button(app, "Screen this nomination").click().run()
    assert not app.exception
    assert "Nomination N1: **REFUSE**" in app.error[0].value
    text = _text(app)
    assert "`PERPETRATOR_NEAR_VICTIM`: The applicant is a recorded perpetrator against someone living close" in text
    for secret in ("Restricted detail", "Vera", "Hidden", "P1", "C1", "Secret", "ZZ9"):
        assert secret not in text
    assert len(app.dataframe) == 1  # the queue only: no detail table
    assert app.subheader[0].value == "Waiting to be screened (1)"
    assert not any(b.label == "Refuse" for b in app.button)


def test_da_lead_screens_all_sees_detail_and_refuses_with_a_justification(admin: Actor,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """lead1 screens the queue (progress), sees who and how far, and must justify the refusal of N1."""
    app = _page(admin, monkeypatch, "lead1")
    _button(app, "Screen all 2").click().run()
    assert not app.exception
    assert "Screened 2: 1 clear, 0 refer, 1 refuse; 0 failed" in app.info[0].value
    assert app.subheader[0].value == "Waiting to be screened (0)"
    assert "Nomination N1: **REFUSE**" in app.error[0].value and "Nomination N2: **CLEAR**" in app.success[0].value
    assert len(app.dataframe) == 1  # N2 is clear: no table of findings for it
    detail = app.dataframe[0].value.to_dict("records")
    assert detail[0]["person"] == "Vera Hidden (P1)" and detail[0]["case"] == "C1"
    assert 590 < detail[0]["distance m"] < 610

    [conflict] = [e for e in app.expander if e.label.startswith("N1:")]
    assert conflict.label.startswith("N1: REFUSE (screening S-")
    _button(app, "Show restricted detail").click().run()
    assert any("Vera Hidden (P1)" in list(d.value["person"]) for d in app.dataframe)
    _button(app, "Refuse").click().run()
    assert not app.exception
    assert "A written justification is required." in [e.value for e in app.error]
    app.text_area[0].input("Victim lives 600 m away; refused under policy v1.")
    _button(app, "Refuse").click().run()
    assert not app.exception
    assert "N1: refuse recorded, with the justification, in its history." in [i.value for i in app.info]
    entries = service.history(ObjectRef("nomination", "N1"), actor("lead1"), workflow="nomination")
    assert (entries[-1]["transition"], entries[-1]["to_state"], entries[-1]["actor"]) == ("refuse", "refused", "lead1")
    assert entries[-1]["comment"] == "Victim lives 600 m away; refused under policy v1."
    assert "No nomination is waiting for your decision." in [i.value for i in app.info]


def test_page_reports_an_operator_who_may_not_screen(admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """The built-in admin may not screen: one clear error, no queue."""
    app = _page(admin, monkeypatch, "admin")
    assert "admin may not screen_adhoc" in app.error[0].value
    assert not app.dataframe
