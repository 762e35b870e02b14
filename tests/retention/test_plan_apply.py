"""Retention on the hand-built world: the dry run lists exactly what is due and writes nothing; apply erases
exactly that, keeps people in open cases or live tenancies and orders, leaves `workflow verify` passing, and logs
each batch with ids only."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest

from graph_model import db, retention, retention_policy, users
from graph_model.errors import InvalidInput, PermissionDenied
from graph_model.screening import screen
from graph_model.users import Actor
from tests.retention.conftest import events, ids, snapshot
from tests.retention.world import ON, SECRET_NAME
from workflows import operations

DUE = {("case", "C1", "erase"), ("case", "C4", "erase"), ("marac_meeting", "M1", "erase"),
       ("nomination", "N1", "erase"), ("person", "P1", "erase"), ("person", "P3", "erase"),
       ("person", "P13", "erase"), ("person", "P16", "erase"), ("safe_contact", "P4", "erase"),
       ("safe_contact", "P10", "erase")}
# Due exactly on ON: a day earlier they are not (and M1 waits for C1, the case it heard).
ON_THE_DAY = {("case", "C1"), ("nomination", "N1"), ("person", "P1"), ("person", "P3"), ("safe_contact", "P10"),
              ("marac_meeting", "M1")}


def _listed(plan: retention.Plan) -> set[tuple[str, str, str]]:
    return {(i.kind, i.id, i.action) for i in plan.items}


def test_the_dry_run_lists_exactly_the_due_records_and_changes_nothing(world: Actor) -> None:
    before = snapshot()
    plan = retention.plan(world, ON, purpose="annual review")
    assert snapshot() == before
    [event] = events("retention_plan")
    assert event["purpose"] == "annual review" and event["detail"]["counts"]["person"] == {"erase": 4}
    assert _listed(plan) == DUE
    assert plan.counts() == {"case": {"erase": 2}, "marac_meeting": {"erase": 1}, "nomination": {"erase": 1},
                             "person": {"erase": 4}, "safe_contact": {"erase": 2}}
    c1 = next(i for i in plan.items if i.id == "C1")
    assert (c1.rule, c1.since.isoformat(), c1.due) == ("case.closed", "2020-06-01", ON)
    day_before = retention.plan(world, ON - timedelta(days=1))
    assert {(k, i) for k, i, _ in DUE} - {(i.kind, i.id) for i in day_before.items} == ON_THE_DAY


def test_apply_erases_exactly_what_was_due_and_audits_each_batch(world: Actor) -> None:
    planned = retention.plan(world, ON).counts()
    done = retention.apply(world, ON, "annual review under the ISA")
    assert done.done == planned and done.skipped == [] and done.history_redacted == 2
    assert retention.plan(world, ON).items == []
    assert ids("MATCH (c:Case) RETURN c.id AS id") == {"C2", "C3"}
    assert ids("MATCH (p:Person) RETURN p.id AS id") == {f"P{n}" for n in (2, 4, 5, 6, 8, 9, 10, 11, 14, 15)}
    # C1 took its referral, incident, DASH, MARAC listing and action along; C4 its referral and consent.
    assert ids("MATCH (r:Referral) RETURN r.id AS id") == {"F2", "F3"}
    assert ids("MATCH (x:MaracCase) RETURN x.id AS id") == {"MC2"}
    assert ids("MATCH (x) WHERE x:MaracAction OR x:Incident RETURN x.id AS id") == set()
    assert ids("MATCH (x:RiskAssessment) RETURN x.id AS id") == {"R2"}
    assert ids("MATCH (m:MaracMeeting) RETURN m.id AS id") == {"M2", "M3"}
    assert ids("MATCH (n:Nomination) RETURN n.id AS id") == {"N2"}
    assert ids("MATCH (t:Tenancy) RETURN t.id AS id") == {"T8", "T14"}
    assert ids("MATCH (p:Person)-[:HAS_SAFE_CONTACT]->() RETURN p.id AS id") == {"P6", "P11"}
    erased = events("retention_erase")
    assert {e["detail"]["kind"] for e in erased} == {"case", "marac_meeting", "nomination", "person", "safe_contact"}
    assert all(e["actor"] == "admin" and e["purpose"] == "annual review under the ISA" for e in erased)
    by_kind = {(e["detail"]["rule"]): e for e in erased}
    assert by_kind["person"]["subjects"] == ["person:P1", "person:P13", "person:P16", "person:P3"]
    assert by_kind["case.closed"]["subjects"] == ["case:C1"]
    assert by_kind["case.closed"]["detail"]["history_entries_redacted"] == 1
    everything = json.dumps(events(), default=str)
    for personal in (SECRET_NAME, "Ava", "07700 900000", "1985-01-01"):
        assert personal not in everything


def test_people_in_an_open_case_or_a_live_tenancy_or_order_are_never_erased(world: Actor) -> None:
    policy = retention_policy.load()
    at_once = replace(policy, rules={**policy.rules, "person": replace(policy.rule("person"), period="P0D")})
    plan = retention.plan(world, ON, policy=at_once)
    listed = {i.id for i in plan.items if i.kind == "person"}
    # P2 is in C1 (due) but also perpetrator in open C3; P6 victim in C3; P8 has a live tenancy; P9 is protected
    # and P15 the respondent of a running court order. P4, P5 (closed C2) and P14 now come due.
    assert listed.isdisjoint({"P2", "P6", "P8", "P9", "P15"})
    assert {"P4", "P5", "P14"} <= listed
    retention.apply(world, ON, "test: everyone whose time is up", policy=at_once)
    kept = db.read(lambda tx: {r["id"]: r["name"] for r in tx.run(
        "MATCH (p:Person) WHERE p.id IN ['P2', 'P6', 'P8', 'P9', 'P15'] RETURN p.id AS id, p.given_name AS name")})
    assert kept == {"P2": "Ben", "P6": "Person6", "P8": "Person8", "P9": "Person9", "P15": "Person15"}


def test_history_still_verifies_holds_no_erased_text_and_its_seal_catches_changes(world: Actor) -> None:
    before = operations.verify_history(world)
    retention.apply(world, ON, "annual review")
    after = operations.verify_history(world)
    assert after.intact, after.problems
    assert (after.statuses, after.entries) == (before.statuses, before.entries) and after.redacted == 2
    texts = db.read(lambda tx: [json.dumps(r["h"], default=str) for r in tx.run(
        "MATCH (h:HistoryEntry) RETURN properties(h) AS h")])
    assert not [t for t in texts if SECRET_NAME in t]
    sealed = db.read(lambda tx: tx.run("MATCH (h:HistoryEntry {id: 'case/da_case/C1#5'}) RETURN h {.*} AS h")
                     .single()["h"])
    assert (sealed["transition"], sealed["comment"], sealed["redacted"]) == ("close", "[erased]", ["comment"])
    # Altered afterwards: a redacted comment rewritten, a redacted entry's state changed.
    c4 = "case/da_case/C4#2"  # the record_only entry, redacted too
    for entry, change in (("case/da_case/C1#5", "SET h.comment = 'rewritten'"), (c4, "SET h.to_state = 'open'")):
        db.write(lambda tx, e=entry, c=change: tx.run("MATCH (h:HistoryEntry {id: $id}) " + c, id=e).consume())
    problems = operations.verify_history(world).problems
    assert "case/da_case/C1 entry 5: redacted field(s) comment do not hold the erasure marker (altered)" in problems
    assert "case/da_case/C4 entry 2: its content does not match its redaction seal (altered)" in problems


def test_only_an_administrator_applies_and_a_refusal_writes_nothing(world: Actor) -> None:
    before, logged = snapshot(), events()
    for username in ("lead1", "idva1", "analyst1"):
        with pytest.raises(PermissionDenied, match="retention_apply"):
            retention.apply(users.actor(username), ON, "trying")
    assert snapshot() == before
    assert events() == logged
    with pytest.raises(InvalidInput, match="needs a purpose"):
        retention.apply(world, ON, "  ")
    assert snapshot() == before
    assert events() == logged


def test_a_da_lead_may_plan_and_others_are_refused_and_logged(world: Actor) -> None:
    assert _listed(retention.plan(users.actor("lead1"), ON)) == DUE
    before = snapshot()
    with pytest.raises(PermissionDenied, match="retention_plan"):
        retention.plan(users.actor("idva1"), ON)
    assert snapshot() == before
    assert [(e["actor"], e["outcome"]) for e in events("retention_plan")] == [("lead1", "done"), ("idva1", "denied")]


def test_pseudonymising_keeps_the_record_without_who_it_is(world: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    policy = retention_policy.load()
    keep = {name: replace(rule, action="keep", reason="test") for name, rule in policy.rules.items()
            if "keep" in retention_policy.ACTIONS[rule.kind]}
    people_only = replace(policy, rules={**keep, "person": replace(policy.rule("person"), action="pseudonymise"),
                                         "workflow_history": policy.rule("workflow_history")})
    monkeypatch.delenv("HEARTH_PSEUDONYM_KEY")
    before = snapshot()
    with pytest.raises(Exception, match="HEARTH_PSEUDONYM_KEY must be set"):
        retention.apply(world, ON, "test", policy=people_only)
    assert snapshot() == before
    monkeypatch.setenv("HEARTH_PSEUDONYM_KEY", "tests-only-pseudonym-key-not-a-secret")
    done = retention.apply(world, ON, "test", policy=people_only)
    assert done.done == {"person": {"pseudonymise": 4}}
    p1 = db.read(lambda tx: tx.run("MATCH (p:Person {id: 'P1'}) RETURN p {.*, cases: [(p)-->(c:Case) | c.id], "
                                   "homes: [(p)<-[:TENANT]-(t) | t.id]} AS p").single()["p"])
    assert not {"given_name", "family_name", "date_of_birth"} & set(p1)
    assert p1["pseudonym"].startswith("person-") and p1["birth_year"] == 1985
    assert p1["cases"] == ["C1"] and p1["homes"] == []
    assert retention.plan(world, ON, policy=people_only).items == []
    [event] = events("retention_pseudonymise")
    assert event["detail"]["kind"] == "person" and SECRET_NAME not in json.dumps(event, default=str)


def test_pseudonymising_a_case_and_a_screening_keeps_structure_and_codes(world: Actor) -> None:
    policy = retention_policy.load()
    rules = {name: replace(rule, action="keep", reason="test") for name, rule in policy.rules.items()
             if "keep" in retention_policy.ACTIONS[rule.kind]}
    rules.update({"case.closed": replace(policy.rule("case.closed"), action="pseudonymise"),
                  "screening": replace(policy.rule("screening"), action="pseudonymise", period="P0D"),
                  "referral": replace(policy.rule("referral"), period="P1Y"),
                  "workflow_history": policy.rule("workflow_history")})
    chosen = replace(policy, rules=rules)
    screened = screen.screen_adhoc(users.actor("lettings1"), "P9", "H1")
    today = date.today()
    plan = retention.plan(world, today, policy=chosen)
    # C1 and C2 are pseudonymised, not erased: their referrals stay and come due under their own (shorter) rule.
    assert _listed(plan) == {("case", "C1", "pseudonymise"), ("case", "C2", "pseudonymise"),
                             ("referral", "F1", "erase"), ("referral", "F2", "erase"), ("referral", "F4", "erase"),
                             ("screening", screened.screening_id, "pseudonymise")}
    retention.apply(world, today, "test", policy=chosen)
    assert operations.verify_history(world).intact
    found = db.read(lambda tx: tx.run(
        "MATCH (c:Case {id: 'C1'})<-[:MARAC_FOR]-(:MaracCase)<-[:ACTION_FOR]-(a:MaracAction), (s:Screening) "
        "RETURN c.retention_pseudonymised AS on, a.description AS action, s {.*} AS s").single().data())
    assert (found["on"].to_native(), found["action"]) == (today, "[erased]")
    assert found["s"]["applicant"].startswith("person-") and found["s"]["property"].startswith("property-")
    assert "detail" not in found["s"] and found["s"]["outcome"] == screened.outcome
    assert retention.plan(world, today, policy=chosen).items == []
