"""The Support page, run headless by Streamlit's AppTest as a signed-in user on the MARAC world: an IDVA records
safe contact, needs, the safety plan and an action, makes referrals (refused with the reason, accepted), requests
target hardening; a lettings officer neither gets the page nor reaches a case through it; police never see the
code word."""

from __future__ import annotations

import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from graph_model.config import PROJECT_ROOT
from graph_model.interchange import load as loader
from graph_model.users import Actor, actor
from tests.dashboard.conftest import signed_in, text_of
from tests.marac.world import marac_world
from tests.workflows.world import dash
from workflows import operations, service, support, support_housing
from workflows.refs import ObjectRef

PAGE = str(PROJECT_ROOT / "dashboard" / "views" / "support.py")
CODE_WORD = "bluebell"


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand the clock at 2026-11-02: I3 (C3, 2026-10-20) is recent abuse; C1 has none in three months."""
    monkeypatch.setenv("HEARTH_CLOCK", "2026-11-02T09:00:00+00:00")


@pytest.fixture()
def world(admin: Actor) -> Actor:
    """Load the MARAC world (C1 with one DASH; C3 with a recent incident; both victims consenting to share) and
    enrol; no passwords (AppTest signs users in through the session)."""
    # The victims of C1 and C3 consent to sharing: a referral without consent or a lawful basis is refused.
    consents = [{"id": f"K{n}", "person": p, "scope": "share_with_idva", "status": "given", "date": "2026-10-01"}
                for n, p in ((1, "P1"), (4, "P4"))]
    loader.load(admin, marac_world(risk_assessments=[dash("R1", "C1", "2026-10-02", 15)], consents=consents))
    operations.enrol(admin)
    return admin


def _open(user: str, case: str | None = "C1", section: str | None = None) -> AppTest:
    app = signed_in(AppTest.from_file(PAGE, default_timeout=60), user).run()
    if case:
        app.text_input(key="support-typed").input(case).run()
    if section:
        app.radio(key="support-section").set_value(section).run()
    assert not app.exception, app.exception
    return app


def _click(app: AppTest, key: str) -> AppTest:
    app.button(key=key).click().run()
    assert not app.exception, app.exception
    return app


def _texts(app: AppTest) -> str:
    tables = "\n".join(t.value.to_string() for t in app.table)
    return text_of(app) + "\n" + tables + "\n" + "\n".join(str(m.value) for m in app.metric)


def test_an_idva_records_safe_contact_needs_a_safety_plan_item_and_an_action(world: Actor) -> None:
    """idva1 on C1: safe contact (code word withheld from them), a SPOC only with agreement, needs with the review
    clock, a safety plan item, an action; bad input names what is wrong."""
    app = _open("idva1")
    assert app.subheader[0].value == "Case C1" and not app.error
    assert {"C1", "C2", "C3"} <= set(app.selectbox(key="support-pick").options)  # from idva1's worklists
    app.multiselect(key="contact-ways-C1-P1").set_value(["text", "via_spoc"])
    app.multiselect(key="contact-warnings-C1-P1").set_value(["never_at_home"])
    app.text_input(key="contact-safe_times-C1-P1").input("weekdays 10-14")
    app.selectbox(key="contact-interpreter-C1-P1").set_value("independent")
    app.text_input(key="contact-code-C1-P1").input(CODE_WORD)
    _click(app, "contact-save-C1-P1")
    assert app.success[0].value == "Safe contact of P1 recorded: code word, interpreter, safe times, warnings, ways."
    shown = app.table[0].value.set_index("detail")["value"]
    assert shown["warnings"] == "NEVER AT HOME" and shown["ways"] == "text, via spoc"
    assert shown["code word"] == "(agreed: ask the assigned IDVA)" and CODE_WORD not in _texts(app)

    app.text_input(key="spoc-name-C1-P1").input("IDVA 1, Test IDVA Service")
    _click(app, "spoc-save-C1-P1")
    assert "a SPOC is recorded only with the victim's agreement" in app.error[0].value
    app.checkbox(key="spoc-agreed-C1-P1").check()
    _click(app, "spoc-save-C1-P1")
    assert app.success[0].value == "SPOC of P1 recorded as chosen by the victim."

    app.radio(key="support-section").set_value("Needs and risk review").run()
    assert [m.value for m in app.metric] == ["2026-10-02", "2026-11-13", "from the latest DASH"]
    _click(app, "needs-save-C1")
    assert "give needs areas from: age, care_experience" in app.error[0].value
    app.text_area(key="needs-finances-C1").input("no access to money")
    app.checkbox(key="needs-nrpf-C1").check()
    _click(app, "needs-save-C1")
    assert re.fullmatch(r"Needs assessment NA-\w+ recorded\.", app.success[0].value)
    assert "NO RECOURSE TO PUBLIC FUNDS" in _texts(app) and "no access to money" in _texts(app)

    app.radio(key="support-section").set_value("Safety and support plan").run()
    app.checkbox(key="safety-documents-C1").check()
    app.text_input(key="safety-note-documents-C1").input("kept at her sister's")
    _click(app, "safety-save-C1")
    assert app.success[0].value == "Safety plan reviewed: 1 of 8 items in place."
    checklist = app.table[0].value.to_dict("records")
    assert checklist[0] == {"in place": "yes", "item": checklist[0]["item"], "note": "kept at her sister's"}
    app.text_input(key="action-text-C1").input("Help")
    _click(app, "action-save-C1")
    assert "an action needs a description (5 to 500 characters) and an owner" in app.error[0].value
    app.text_input(key="action-text-C1").input("Refer to a solicitor for a non-molestation order")
    app.text_input(key="action-owner-C1").input("idva1, Test IDVA Service")
    app.selectbox(key="action-kind-C1").set_value("legal")
    _click(app, "action-save-C1")
    assert app.success[0].value.endswith("owned by idva1, Test IDVA Service.")
    assert list(app.dataframe[0].value["owner"]) == ["idva1, Test IDVA Service"]
    steps = [e["transition"] for e in service.history(ObjectRef("support_plan", "C1"), actor("idva1"))]
    assert steps == ["enrol", "record_safe_contact", "change_spoc", "record_needs", "record_safety_plan",
                     "record_action"]


def _refer(app: AppTest, case: str) -> str:
    assert app.text_input(key=f"referral-to-{case}").value == "A2"  # the IDVA's own service
    _click(app, f"referral-make-{case}")
    found = re.match(r"Referral (F-\w+) made to A2", app.success[0].value)
    assert found, app.success[0].value
    return found.group(1)


def test_an_idva_referral_is_refused_with_the_reason_then_one_is_accepted(world: Actor) -> None:
    """C1 has no abuse in the last three months and no rise in risk: refused, saying so; C3 (I3 on 2026-10-20) is
    accepted; its document carries no address."""
    app = _open("idva1", section="IDVA referral")
    refused = _refer(app, "C1")
    assert "recent_abuse_or_risk_rise" in app.warning[0].value
    _click(app, f"referral-fire-{refused}-accept")
    assert f"accept on idva_referral:{refused} refused: predicate recent_abuse_or_risk_rise" in app.error[0].value
    assert "no abuse recorded in the 3 months" in app.error[0].value
    assert [e.label for e in app.expander if refused in e.label][0].endswith("(Referred)")

    app.text_input(key="support-typed").input("C3").run()
    accepted = _refer(app, "C3")
    assert not app.warning
    _click(app, f"referral-fire-{accepted}-accept")
    assert app.success[0].value == f"Referral {accepted}: accept the referral done, now accepted."
    _click(app, f"referral-doc-{accepted}")
    document = "\n".join(m.value for m in app.markdown)
    assert f"# Referral {accepted} to Test IDVA Service" in document and "Incidents in the 3 months" in document
    assert "address is not included" in document and app.get("download_button")


def test_an_idva_requests_target_hardening_and_sees_free_places_and_the_directory(world: Actor) -> None:
    """idva1 requests door locks on C1 (a zero cost is refused, naming it); options1 approves it against the
    budget and records it fitted; the capacity table counts places only; the directory is in the sidebar."""
    app = _open("idva1", section="Housing options")
    _click(app, "hardening-request-C1")
    assert "name the measures" in app.error[0].value
    app.text_area(key="hardening-measures-C1").input("door locks\nwindow alarms")
    _click(app, "hardening-request-C1")
    assert "estimated cost is whole pounds" in app.error[0].value
    app.number_input(key="hardening-cost-C1").set_value(800)
    _click(app, "hardening-request-C1")
    request = re.match(r"Target hardening (TH-\w+) requested", app.success[0].value).group(1)  # type: ignore[union-attr]
    assert app.text_input(key="hardening-id-C1").value == request
    free = app.dataframe[0].value.to_dict("records")
    assert free[0]["adults free"].endswith("of 12") and set(free[0]) == {"service", "kind", "adults free",
                                                                           "children free"}
    assert "999" in "\n".join(m.value for m in app.sidebar.markdown)

    lead = _open("options1", section="Housing options")
    lead.text_input(key="hardening-id-C1").input(request)
    _click(lead, "hardening-apply-C1")
    assert lead.success[0].value.startswith(f"{request} approved; £19,200 of £20,000 left")
    lead.text_input(key="hardening-id-C1").input(request)
    lead.selectbox(key="hardening-step-C1").set_value("fit")
    _click(lead, "hardening-apply-C1")
    assert "fitted on: give the day the measures were fitted" in lead.error[0].value
    steps = [e["to_state"] for e in service.history(ObjectRef("target_hardening", request), actor("options1"))]
    assert steps == ["requested", "approved"]


def test_a_lettings_officer_neither_gets_the_page_nor_reaches_a_case(world: Actor, shell: Any) -> None:
    """Not in lettings1's navigation; opening the page's script directly, the service refuses: nothing of C1."""
    assert "Support" not in shell("lettings1").session_state["hearth_pages"]
    app = _open("lettings1")
    assert app.error[0].value.startswith("Not allowed: lettings1 may not view")
    assert not app.table and not app.dataframe and not app.radio and not app.metric
    assert "Ava" not in _texts(app) and "Case C1" not in [s.value for s in app.subheader]


def test_police_read_safe_contact_without_the_code_word_and_the_assigned_idva_sees_it(world: Actor) -> None:
    """police1 reads C3's safe contact (to contact safely) with the code word withheld and no form to change it;
    idva2, allocated to C3's referral, sees the code word."""
    support.set_contact("C3", "P4", actor("idva1"), {"warnings": ["no_voicemail"], "code_word": CODE_WORD})
    police = _open("police1", "C3")
    shown = police.table[0].value.set_index("detail")["value"]
    assert shown["warnings"] == "NO VOICEMAIL" and shown["code word"] == "(agreed: ask the assigned IDVA)"
    assert CODE_WORD not in _texts(police) and not police.get("form")
    assert "recording them is for the IDVA" in text_of(police)
    police.radio(key="support-section").set_value("IDVA referral").run()
    assert not police.get("form") and "Making a referral is for the IDVA" in text_of(police)

    referral = ObjectRef("idva_referral", support_housing.create_referral("C3", "A2", actor("idva1"), "consent"))
    service.fire(referral, "accept", actor("idva1"))
    service.fire(referral, "allocate", actor("idva1"), params={"idva": "idva2"})
    assigned = _open("idva2", "C3")
    assert assigned.table[0].value.set_index("detail")["value"]["code word"] == CODE_WORD
