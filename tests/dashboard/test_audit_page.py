"""The dashboard and the audit: one event per Case page view, and the Audit page (DA leads and admins) that
searches the log by user, subject, kind, purpose and dates, a page at a time, and is audited itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streamlit.testing.v1 import AppTest

from dashboard import navigation
from graph_model import audit, db, users
from graph_model.users import Actor

EVENTS = "MATCH (e:AuditEvent) WHERE e.action <> 'login' RETURN e {.*} AS e ORDER BY e.at"


def _events() -> list[dict[str, Any]]:
    return db.read(lambda tx: [r["e"] for r in tx.run(EVENTS)])


def _open(shell: Callable[..., AppTest], user: str, title: str) -> AppTest:
    spec = next(p for p in navigation.PAGES if p.title == title)
    app = shell(user)
    app.switch_page(str(spec.path.relative_to(spec.path.parent.parent))).run()
    assert not app.exception
    return app


def test_a_case_page_view_is_one_event_naming_its_subjects(world: Actor, shell: Callable[..., AppTest]) -> None:
    """Opening case:C1 reads its state, history and timeline: one consultation naming the case and its people."""
    app = _open(shell, "idva1", "Case")
    before = len(_events())
    app.text_input[0].input("case:C1").run()
    assert not app.exception and not app.error
    new = _events()[before:]
    assert [e["action"] for e in new] == ["view_case"], [e["action"] for e in new]
    assert {"case:C1", "person:P1", "person:P2", "person:P3"} <= set(new[0]["subjects"])
    assert new[0]["actor"] == "idva1" and new[0]["kind"] == "consultation" and new[0]["outcome"] == "done"


def test_a_refused_case_page_is_one_denial(world: Actor, shell: Callable[..., AppTest]) -> None:
    app = _open(shell, "outsider", "Case")
    before = len(_events())
    app.text_input[0].input("case:C1").run()
    new = _events()[before:]
    assert [(e["action"], e["outcome"]) for e in new] == [("view_case", "denied")]


def _filters(app: AppTest, **values: str) -> AppTest:
    for label, value in values.items():
        next(t for t in app.text_input if t.label.startswith(label)).input(value)
    next(b for b in app.button if b.label == "Search").click()
    return app.run()


def test_the_audit_page_searches_pages_and_is_audited(world: Actor, shell: Callable[..., AppTest]) -> None:
    idva = users.actor("idva1")
    for n in range(55):  # more than a page of consultations by idva1
        audit.consulted(idva, "view_state", "weekly review", [f"case:C{n}"])
    app = _open(shell, "lead1", "Audit")
    assert app.title[0].value == "Audit" and not app.error
    app = _filters(app, **{"User": "idva1", "Purpose contains": "weekly", "Why you search": "complaint 7"})
    shown = app.dataframe[0].value
    assert len(shown) == 50 and set(shown["user"]) == {"idva1"} and set(shown["kind"]) == {"consultation"}
    next(b for b in app.button if b.label == "Older events").click().run()
    assert len(app.dataframe[0].value) == 5
    searches = [e for e in _events() if e["action"] == "search_audit"]
    assert searches and all(e["actor"] == "lead1" for e in searches)
    assert searches[-1]["purpose"] == "complaint 7" and '"skip": 50' in searches[-1]["detail"]


def test_the_audit_page_filters_by_subject_and_kind(world: Actor, shell: Callable[..., AppTest]) -> None:
    audit.consulted(users.actor("idva1"), "view_state", "review", ["case:C1"])
    audit.consulted(users.actor("police1"), "view_state", "review", ["case:C2"])
    app = _open(shell, "admin", "Audit")
    app = _filters(app, Subject="C2")
    assert set(app.dataframe[0].value["user"]) == {"police1", "admin"}  # admin enrolled C2: an alteration
    app.selectbox[0].set_value("consultation")
    app = _filters(app, Subject="C2")
    rows = app.dataframe[0].value
    assert set(rows["kind"]) == {"consultation"} and set(rows["action"]) == {"view_state"}
    assert set(rows["user"]) == {"police1"}
    app.selectbox[0].set_value("disclosure")
    app = _filters(app, Subject="")
    assert "No audit events match." in [i.value for i in app.info]
