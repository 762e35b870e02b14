"""Every DPA 2018 s.62 kind is logged: a table of (kind, action, the call that must log it, the subjects and
recipients it must name). Each row runs the call and searches the audit (`hearth audit`'s search, which also reads
the workflow history as the alteration log) for the event, with who, when, what, why and outcome."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph_model import audit, audit_search, db, users
from graph_model.analytics import console, network
from graph_model.analytics.export import export_pseudonymised
from graph_model.config import PROJECT_ROOT
from graph_model.errors import PermissionDenied
from graph_model.interchange import export
from graph_model.interchange import load as loader
from graph_model.screening import screen
from graph_model.users import Actor
from tests.audit.conftest import CONSENT
from tests.conftest import _reset as reset
from tests.marac.world import marac_world
from tests.workflows.world import dash
from workflows import marac_actions, marac_record, operations, service, support, support_housing, support_referral
from workflows.refs import ObjectRef

C1 = ObjectRef("case", "C1")
FAR = date(2030, 1, 1)


@dataclass
class Ctx:
    """What a row's call needs: actors by username, the admin, a folder for files."""

    who: Callable[[str], Actor]
    admin: Actor
    tmp: Path


def _referral(c: Ctx) -> str:
    return support_housing.create_referral("C1", "A2", c.who("options1"), "consent")


def _erase(c: Ctx) -> None:
    # What retention will do (issue #10 item 9): record the erasure in the transaction that erases.
    db.write(lambda tx: audit.record(tx, c.admin, "erase", "retention: closed 7 years ago", {"records": 1},
                                     ["person:P9"]))


def _login(c: Ctx) -> None:
    users.set_password(c.admin, ["idva1"], "a-long-password")
    users.authenticate("idva1", "a-long-password")


# (kind, action, call, subjects the event names, recipients it names)
ROWS: list[tuple[str, str, Callable[[Ctx], Any], set[str], set[str]]] = [
    ("collection", "load_data", lambda c: loader.load(c.admin, {"format": "hearth/1", "agencies": [
        {"id": "A8", "name": "Test Health", "kind": "health", "area": "Testshire"}]}), set(), set()),
    ("collection", "create_idva_referral", _referral, {"case:C1"}, set()),
    ("collection", "create_refuge_referral", lambda c: support_housing.refer_refuge("C1", c.who("options1")),
     {"case:C1"}, set()),
    ("collection", "create_target_hardening", lambda c: support_housing.request_hardening(
        "C1", ["door locks"], 300, c.who("options1")), {"case:C1"}, set()),
    ("collection", "create_marac_action", lambda c: marac_actions.create(
        "MC1", "A3", "Fit door locks within 14 days", FAR, c.who("chair1")), {"marac_case:MC1"}, set()),
    ("alteration", "transition", lambda c: service.fire(C1, "record_lawful_basis", c.who("lead1"),
                                                        comment="child at risk", params={"basis": "child_protection"}),
     {"case:C1"}, set()),
    ("alteration", "support_record_safe_contact", lambda c: support.set_contact(
        "C1", "P1", c.who("options1"), {"safe_times": "mornings"}), {"case:C1", "person:P1"}, set()),
    ("alteration", "manage_users", lambda c: users.set_password(c.admin, ["idva1"], "a-long-password"),
     set(), set()),
    ("consultation", "view_state", lambda c: service.state(C1, c.who("idva1")), {"case:C1"}, set()),
    ("consultation", "export_data", lambda c: export.export(c.admin), set(), set()),
    ("consultation", "export_pseudonymised", lambda c: export_pseudonymised(
        c.who("analyst1"), c.tmp / "out", purpose="annual figures"), set(), set()),
    ("consultation", "run_console", lambda c: console.run_console(
        c.who("analyst1"), "MATCH (p:Person) RETURN count(p)", "how many people"), set(), set()),
    ("disclosure", "share_idva_referral", _referral, {"case:C1"}, {"A2"}),
    ("disclosure", "share_referral_document", lambda c: support_referral.render(_referral(c), c.who("options1")),
     {"case:C1", "person:P1"}, {"A2"}),
    ("disclosure", "share_marac_record", lambda c: marac_record.render("M1", c.who("chair1")),
     {"marac_meeting:M1", "marac_case:MC1"}, {"A1", "A2", "A4"}),
    ("disclosure", "share_refuge_referral", lambda c: support_housing.refer_refuge("C1", c.who("options1")),
     {"case:C1"}, {"refuge services"}),
    ("combination", "screen_nomination", lambda c: screen.screen_adhoc(c.who("lead1"), "P1", "H1"), set(), set()),
    ("combination", "analyse", lambda c: network.analyse(c.who("analyst1"), area="Testshire",
                                                         betweenness_samples=5), set(), set()),
    ("erasure", "erase", _erase, {"person:P9"}, set()),
    ("access", "login", _login, set(), set()),
]


DENIALS: list[tuple[str, Callable[[Ctx], Any]]] = [
    ("share_idva_referral", lambda c: support_housing.create_referral("C1", "A2", c.who("outsider"), "consent")),
    ("fire_transition", lambda c: service.fire(C1, "record_lawful_basis", c.who("lettings1"), comment="x",
                                               params={"basis": "child_protection"})),
    ("support_record_safe_contact", lambda c: support.set_contact("C1", "P1", c.who("outsider"),
                                                                  {"safe_times": "mornings"})),
    ("create_marac_action", lambda c: marac_actions.create("MC1", "A3", "Fit door locks within 14 days", FAR,
                                                           c.who("idva1"))),
    ("export_data", lambda c: export.export(c.who("lead1"))),
    ("load_data", lambda c: loader.load(c.who("lead1"), {"format": "hearth/1"})),
    ("run_console", lambda c: console.run_console(c.who("idva1"), "RETURN 1", "curious")),
]


def _new_events(before: set[str], kind: str | None, action: str) -> list[audit_search.AuditEntry]:
    return [e for e in audit_search.search(users.actor("admin"), kind=kind, action=action) if e.id not in before]


@pytest.fixture(scope="module")
def logged(neo4j_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Load the audit world once (with P1's consent to share), run every row and every refusal, and keep, per row,
    the events it left (or the error it raised): one world for the whole table keeps the suite fast."""
    reset()
    admin = users.actor("admin")
    loader.load(admin, marac_world(risk_assessments=[dash("R1", "C1", "2026-10-02", 15)], consents=[CONSENT]))
    operations.enrol(admin)
    c = Ctx(users.actor, admin, tmp_path_factory.mktemp("kinds"))
    found: dict[str, Any] = {}
    for kind, action, call, _, _ in ROWS:
        before = {e.id for e in audit_search.search(admin, limit=10_000)}
        call(c)
        found[f"{kind}/{action}"] = [e for e in _new_events(before, kind, action) if e.outcome == "done"]
    for action, call in DENIALS:
        before = {e.id for e in audit_search.search(admin, limit=10_000)}
        try:
            call(c)
        except PermissionDenied as exc:
            found[f"denied/{action}"] = (exc, _new_events(before, None, action))
    yield found
    reset()


@pytest.mark.parametrize(("kind", "action", "call", "subjects", "recipients"), ROWS, ids=[r[1] for r in ROWS])
def test_each_kind_is_logged(logged: dict[str, Any], kind: str, action: str, call: Callable[[Ctx], Any],
                             subjects: set[str], recipients: set[str]) -> None:
    found = logged[f"{kind}/{action}"]
    assert found, f"no {kind} event {action!r}"
    e = found[0]
    assert e.kind == kind
    assert e.actor and e.at and e.purpose, e  # who, when, why
    assert subjects <= set(e.subjects), e.subjects  # what
    assert recipients <= set(e.recipients), e.recipients  # to whom (disclosures)
    if kind == "disclosure":
        assert e.detail["basis"] in ("consent", "marac_meeting"), e.detail


def test_every_s62_kind_has_a_row() -> None:
    assert {r[0] for r in ROWS} == set(audit.KINDS)


@pytest.mark.parametrize(("action", "call"), DENIALS, ids=[d[0] for d in DENIALS])
def test_a_refused_act_leaves_a_denial(logged: dict[str, Any], action: str, call: Callable[[Ctx], Any]) -> None:
    """An act refused by a permission check rolls back, with its event: the refusal is recorded on its own."""
    assert f"denied/{action}" in logged, f"{action} was not refused"
    _, found = logged[f"denied/{action}"]
    [e] = found
    assert e.outcome == "denied" and "may not" in e.detail["reason"] and e.kind == audit.kind_of(action)


RECORDING = re.compile(r"\baudit\.(record|consultation|denials|disclosed|consulted)$|\bsharing\.disclose$")


def _actions_in_code() -> set[str]:
    """Return every action name (or the fixed start of an f-string one) passed to the audit in Hearth's code."""
    found: set[str] = set()
    for path in sorted(p for pkg in ("graph_model", "workflows", "dashboard", "hearth") for p in
                       (PROJECT_ROOT / pkg).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and RECORDING.search(ast.unparse(node.func)):
                args = [a for a in node.args if isinstance(a, (ast.Constant, ast.JoinedStr))]
                first = args[0] if args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
                elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                    found.add(str(first.values[0].value))
    return found


def test_every_action_in_the_code_has_an_s62_kind() -> None:
    actions = _actions_in_code()
    assert {"load_data", "view_state", "share_", "support_", "create_marac_action"} <= actions  # the scan sees them
    assert {a: audit.kind_of(a) for a in actions if audit.kind_of(a) == "other"} == {}
