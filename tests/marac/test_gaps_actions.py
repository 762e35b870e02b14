"""Involvement kinds, each gap rule and its absence, actions (overdue, create, update, the split), record, figures."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph_model import db
from graph_model.errors import InvalidInput, PermissionDenied
from tests.marac.world import action
from tests.workflows.world import dash
from workflows import marac, marac_actions, marac_record


def test_involvement_kinds_with_evidence(load: Any, who: Any, clock: Any) -> None:
    load(risk_assessments=[{**dash("R1", "C1", "2026-10-15", 15), "assessor": "U1"}],
         consents=[{"id": "K1", "person": "P1", "scope": "share_with_idva", "status": "given", "date": "2026-10-02",
                    "recorded_by": "U1"}],
         referrals=[{"id": "F1", "case": "C1", "kind": "childrens_social_care", "from_agency": "A1",
                     "to_agency": "A5", "date": "2026-10-03", "basis": "child_protection"}],
         marac_actions=[action("X1", "MC1", "A3", "2026-11-20")])
    db.write(lambda tx: tx.run("MATCH (u:User {id: 'U2'}), (c:Case {id: 'C1'}) "
                               "CREATE (u)-[:LOCAL_ROLE {role: 'assigned_idva'}]->(c)").consume())
    m = marac.agency_map(who("chair1"), meeting="M1", clock=clock)
    kinds = {(e.case, e.agency, e.kind) for e in m.edges}
    assert {("C1", "A4", "referral_from"), ("C1", "A4", "referral_to"), ("C1", "A1", "referral_from"),
            ("C1", "A5", "referral_to"), ("C1", "A5", "lawful_basis"), ("C1", "A3", "action_owner"),
            ("C1", "A2", "practitioner"), ("C1", "A2", "assessor"), ("C1", "A2", "consent"),
            ("C1", "A1", "attended")} <= kinds
    assert {n["id"] for n in m.nodes} >= {"C1", "C2", "C3", "A1", "A5"}
    evidence = {e.evidence for e in m.edges if e.kind == "practitioner"}
    assert evidence == {"idva2 is assigned_idva on the case"}


def _gaps(who: Any, clock: Any, case: str) -> set[str]:
    return {g.rule for g in marac.gaps(who("lead1"), case=case, clock=clock)}  # da_lead: views cases


HOME = {"id": "H2", "latitude": 52.0, "longitude": 0.2, "area": "Testshire", "landlord": "A3"}


@pytest.mark.parametrize(("case", "extra", "agency", "rule"), [
    ("C1", {}, "A5", "children_no_social_care"),
    ("C3", {"risk_assessments": [dash("R1", "C3", "2026-10-15", 14)]}, "A2", "high_risk_no_idva"),
    ("C3", {"referrals": [{"id": "F7", "case": "C5", "kind": "other", "from_agency": "A1", "to_agency": "A6",
                           "date": "2025-01-01", "basis": "legal_duty"}],
            "cases": [{"id": "C5", "area": "Testshire", "victims": ["P9"], "perpetrators": ["P5"]}]},
     "A6", "supervised_no_probation"),
    ("C3", {"properties": [HOME], "tenancies": [{"id": "T1", "person": "P4", "property": "H2",
                                                 "start": "2020-01-01"}]}, "A3", "social_tenant_no_housing"),
    ("C3", {"risk_assessments": [{**dash("R1", "C3", "2026-10-15", 3), "answers": {"21": True}}]},
     "A7", "substance_misuse_no_service"),
])
def test_each_gap_rule_and_its_absence(load: Any, who: Any, clock: Any, case: str, extra: dict[str, Any],
                                       agency: str, rule: str) -> None:
    from tests.marac.world import CASES
    sections = {k: v for k, v in extra.items() if k != "cases"}
    cases = CASES + extra.get("cases", [])
    load(cases=cases, **sections)
    assert rule in _gaps(who, clock, case)
    fix = {"id": "FX", "case": case, "kind": "other", "from_agency": "A4", "to_agency": agency, "date": "2026-10-05",
           "basis": "consent"}
    load(cases=cases, **{**sections, "referrals": [*sections.get("referrals", []), fix]})
    assert rule not in _gaps(who, clock, case)


def test_no_gaps_where_no_fact_applies(load: Any, who: Any, clock: Any) -> None:
    load()
    assert _gaps(who, clock, "C2") == set()


def test_what_an_agency_owes_with_overdue(load: Any, who: Any, clock: Any) -> None:
    load(marac_actions=[action("X1", "MC1", "A3", "2026-11-09"), action("X2", "MC1", "A3", "2026-11-10"),
                        action("X3", "MC1", "A3", "2026-11-01", status="done")])
    owed = marac_actions.owed("A3", who("lead1"), clock=clock)
    assert [(o.action.id, o.overdue, o.days_overdue) for o in owed] == [("X1", True, 1), ("X2", False, 0)]
    assert marac_actions.owed("A3", who("outsider"), clock=clock) == []


def test_create_and_update_go_through_the_checks(load: Any, who: Any, clock: Any) -> None:
    load()
    with pytest.raises(PermissionDenied):
        marac_actions.create("MC1", "A3", "Fit door locks within 14 days", date(2026, 11, 24), who("idva1"),
                             clock=clock)
    with pytest.raises(InvalidInput, match="in the past"):
        marac_actions.create("MC1", "A3", "Fit door locks within 14 days", date(2026, 11, 1), who("chair1"),
                             clock=clock)
    new = marac_actions.create("MC1", "A3", "Fit door locks within 14 days", date(2026, 11, 24), who("chair1"),
                               clock=clock)
    [owed] = marac_actions.owed("A3", who("lead1"), clock=clock)
    assert owed.action.id == new and owed.action.status == "open"
    fired = marac_actions.update(new, "cancelled", who("lead1"), comment="victim moved out of area", clock=clock)
    assert [e["transition"] for e in fired.entries][-1] == "cancel"
    assert marac_actions.owed("A3", who("lead1"), clock=clock) == []


def test_outstanding_actions_split(load: Any, who: Any, clock: Any) -> None:
    load(marac_actions=[action("X1", "MCP", "A1", "2026-10-15"), action("X2", "MCP", "A2", "2026-10-15"),
                        action("X3", "MCP", "A4", "2026-10-15", status="done")])
    report = marac_actions.outstanding("M1", who("chair1"), clock=clock)
    assert report.previous == "M0"
    # MC1 (a new MARAC referral of C1 on 2026-10-20) came after M0: circumstances changed for both.
    assert {o.action.id for o in report.circumstances_changed} == {"X1", "X2"}
    assert "MARAC referral MC1" in report.circumstances_changed[0].reason


def test_outstanding_agency_did_not_act_and_cancelled_with_reason(load: Any, who: Any, clock: Any) -> None:
    from tests.marac import world as w
    original = w.EXTRA
    w.EXTRA = {**w.EXTRA, "marac_cases": [m for m in w.EXTRA["marac_cases"] if m["id"] != "MC1"]}
    try:
        load(marac_actions=[action("X1", "MCP", "A1", "2026-10-15"), action("X2", "MCP", "A1", "2026-10-15")])
    finally:
        w.EXTRA = original
    marac_actions.update("X2", "cancelled", who("chair1"), comment="perpetrator in custody", clock=clock)
    report = marac_actions.outstanding("M1", who("chair1"), clock=clock)
    assert [o.action.id for o in report.agency_did_not_act] == ["X1"]
    assert [(o.action.id, o.reason) for o in report.circumstances_changed] == [("X2", "cancelled: perpetrator in "
                                                                                        "custody")]


def test_record_escapes_and_shows_only_what_the_reader_may_see(load: Any, who: Any, clock: Any) -> None:
    load(marac_actions=[action("X1", "MC1", "A7", "2026-11-20", text="<script>alert('x')</script> & lock")])
    page = marac_record.to_html(marac_record.build("M1", who("chair1"), clock=clock))
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; lock" in page
    assert "Test Recovery &lt;Service&gt;" in page  # owns an action but did not attend: apologies
    assert "Ava" not in page and "Case 1 (MC1)" in page
    with pytest.raises(PermissionDenied):
        marac_record.build("M1", who("outsider"), clock=clock)


def test_figures_beside_the_national_ones(load: Any, who: Any, clock: Any) -> None:
    load()
    [area] = marac.figures(who("chair1"), clock=clock, adult_women={"Testshire": 1000})
    values = {f.name: f.value for f in area.figures}
    # M0 (MCP) and M1 (MC1, MC2, MC3): 4 cases; MC3 a repeat; 2 children (P3 twice); 2 of 4 not police.
    assert area.cases == 4
    assert values == {"per_10k_adult_women": 40.0, "repeat_rate": 0.25, "children_per_case": 0.5,
                      "non_police_share": 0.5}
    assert {f.name: f.benchmark for f in area.figures}["per_10k_adult_women"] == 45.0
    with pytest.raises(PermissionDenied):
        marac.figures(who("lettings1"), clock=clock)
