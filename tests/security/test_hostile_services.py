"""Hostile strings through the service functions: workflow comments and parameters, object ids, screening ids,
audit search, connections, passwords and usernames, support records; and through the CLI's arguments.

Accepted text is stored exactly (read back unchanged); refused text raises InvalidInput naming the field and
leaves the graph's fingerprint unchanged. Each test loads its world once and tries every value in turn (a
refused value writes nothing, so the next one starts from the same graph).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from graph_model import audit_search, connections, db, users
from graph_model.analytics import ego, paths
from graph_model.errors import AuthenticationFailed, InvalidInput, UnknownPerson
from graph_model.screening import screen
from graph_model.users import Actor
from hearth import cli
from tests.security.hostile_graph import ACCEPTED, MULTILINE, REJECTED, fingerprint
from tests.support.conftest import world  # noqa: F401  (the support world)
from tests.workflows.conftest import clock, load, registry, who  # noqa: F401  (shared fixtures)
from workflows import marac_actions, service, support, support_housing, support_plan
from workflows.errors import GuardFailed
from workflows.refs import ObjectRef

C1 = ObjectRef("case", "C1")
TEXTS = {**ACCEPTED, "multiline": MULTILINE}
# Every accepted kind in one text, so one write proves them all.
ALL_ACCEPTED = "\n".join(TEXTS.values())
Who = Callable[[str], Actor]


def refused(name: str, call: Callable[[], Any], error: type[Exception] | tuple[type[Exception], ...],
            words: str) -> None:
    """Assert the call raises `error` with `words` in its message; say which hostile value failed if not."""
    try:
        call()
    except error as exc:
        assert words in str(exc), f"{name}: {exc}"
    else:
        raise AssertionError(f"{name}: accepted")


def test_comment_stored_exactly(world: Any, who: Who, clock: Any) -> None:  # noqa: F811
    """A transition comment holding every hostile kind at once is in the history unchanged."""
    world()
    service.fire(C1, "open", who("options1"), comment=ALL_ACCEPTED, clock=clock)
    [entry] = [e for e in service.history(C1, who("options1")) if e["transition"] == "open"]
    assert entry["comment"] == ALL_ACCEPTED


def test_comment_refused_by_name(world: Any, who: Who, clock: Any) -> None:  # noqa: F811
    """A comment with control characters, a lone surrogate or 100 kB is refused and nothing moves."""
    world()
    before = fingerprint()
    for name, value in REJECTED.items():
        refused(name, lambda v=value: service.fire(C1, "open", who("options1"), comment=v, clock=clock),
                InvalidInput, "the comment")
    assert fingerprint() == before


def test_parameter_values(world: Any, who: Who, clock: Any) -> None:  # noqa: F811
    """A username parameter holding hostile text names no user (the guard refuses), or is refused by name."""
    world()
    ref = ObjectRef("idva_referral", support_housing.create_referral("C1", "A2", who("options1"), "consent",
                                                                     clock=clock))
    service.fire(ref, "accept", who("idva1"), clock=clock)
    before = fingerprint()
    for name, value in {**ACCEPTED, **REJECTED, "multiline": MULTILINE}.items():
        fire = lambda v=value: service.fire(ref, "allocate", who("idva1"), params={"idva": v}, clock=clock)  # noqa: E731
        if name in ACCEPTED:
            refused(name, fire, GuardFailed, "no user")
        else:
            refused(name, fire, InvalidInput, "parameter 'idva'")
    assert fingerprint() == before


def test_object_ids_and_transition_names(world: Any, who: Who, clock: Any) -> None:  # noqa: F811
    """An object id or transition name holding hostile text finds nothing, or is refused by name; nothing moves."""
    world()
    before = fingerprint()
    for name, value in {**TEXTS, **REJECTED}.items():
        words = "no case" if name in ACCEPTED else "the id of the case"
        refused(name, lambda v=value: service.fire(ObjectRef("case", v), "open", who("options1"), clock=clock),
                (InvalidInput, LookupError), words)
        refused(name, lambda v=value: service.fire(C1, v, who("options1"), clock=clock), ValueError, "transition")
    assert fingerprint() == before


def test_screening_ad_hoc_ids(world: Any, who: Who) -> None:  # noqa: F811
    """Ad hoc screening of a hostile applicant or property id: no such person or property, or refused by name;
    no screening is stored."""
    world()
    lettings = who("lettings1")
    before = fingerprint()
    for name, value in {**TEXTS, **REJECTED}.items():
        if name in ACCEPTED:
            refused(name, lambda v=value: screen.screen_adhoc(lettings, v, "H1"), UnknownPerson, "no person")
            refused(name, lambda v=value: screen.screen_adhoc(lettings, "P9", v), InvalidInput, "no property")
        else:
            refused(name, lambda v=value: screen.screen_adhoc(lettings, v, "H1"), InvalidInput, "the applicant's id")
            refused(name, lambda v=value: screen.screen_adhoc(lettings, "P9", v), InvalidInput, "the property's id")
    assert fingerprint() == before


def test_audit_search_terms_round_trip(admin: Actor) -> None:
    """Hostile search terms and purposes find nothing, and each search's own audit event records them exactly."""
    for value in ACCEPTED.values():
        assert audit_search.search(admin, actor=value, subject=value, action=value, purpose=value) == []
    events = audit_search.search(admin, action="search_audit", limit=100)
    recorded = {e.purpose: e.detail["filters"] for e in events}
    for value in ACCEPTED.values():
        assert recorded[value] == {"actor": value, "subject": value, "action": value}


def test_audit_search_refuses_by_name(admin: Actor) -> None:
    """A hostile search term or purpose is refused by name before anything is read or recorded."""
    before = fingerprint()
    for name, value in REJECTED.items():
        for term in ("actor", "subject", "action", "purpose"):
            refused(name, lambda t=term, v=value: audit_search.search(admin, **{t: v}), InvalidInput, f"the {term}")
    assert fingerprint() == before


def test_connection_ids(world: Any, who: Who) -> None:  # noqa: F811
    """A personal-connection check or an analyst's path or network of a hostile id: no such person, or refused by
    name; nothing recorded."""
    world()
    options, analyst = who("options1"), who("analyst1")
    before = fingerprint()
    for name, value in {**TEXTS, **REJECTED}.items():
        if name in ACCEPTED:
            refused(name, lambda v=value: connections.check(options, v, "P1"), UnknownPerson, "no person")
            refused(name, lambda v=value: connections.connected_people(options, v), UnknownPerson, "no person")
            refused(name, lambda v=value: paths.how_connected(analyst, "P1", v), UnknownPerson, "no person")
            refused(name, lambda v=value: ego.ego_network(analyst, v), UnknownPerson, "no person")
        else:
            refused(name, lambda v=value: paths.how_connected(analyst, "P1", v), InvalidInput, "person B's id")
            refused(name, lambda v=value: ego.ego_network(analyst, v), InvalidInput, "the person's id")
            refused(name, lambda v=value: connections.check(options, v, "P1"), InvalidInput, "the first person's id")
            refused(name, lambda v=value: connections.check(options, "P1", v), InvalidInput, "the second person's")
            refused(name, lambda v=value: connections.connected_people(options, v), InvalidInput, "the person's id")
    assert fingerprint() == before


def test_last_line_of_defence(graph: Any) -> None:
    """Text no check named (a lone surrogate) reaching the driver becomes InvalidInput, not a UnicodeEncodeError."""
    with pytest.raises(InvalidInput, match="not valid Unicode text"):
        db.read(lambda tx: tx.run("RETURN $x AS x", x="a\ud800").single())
    with pytest.raises(InvalidInput, match="nothing was written"):
        db.write(lambda tx: tx.run("CREATE (:HostileProbe {x: $x})", x="\udfff").consume())
    assert db.read(lambda tx: tx.run("MATCH (n:HostileProbe) RETURN count(n) AS n").single()["n"]) == 0


def test_password_round_trips(world: Any) -> None:  # noqa: F811
    """A password holding quotes, Cypher, unicode and line breaks is hashed and then signs the user in."""
    world()
    users.set_password(users.actor(users.BUILTIN_ADMIN), ["idva1"], ALL_ACCEPTED)
    assert users.authenticate("idva1", ALL_ACCEPTED, demo_mode=False).username == "idva1"


def test_password_and_username_refused_by_name(world: Any) -> None:  # noqa: F811
    """A password with control characters, a lone surrogate or 100 kB is refused, and so is a username with a
    line break; the account keeps no hash."""
    world()
    admin = users.actor(users.BUILTIN_ADMIN)
    before = fingerprint()
    for name, value in REJECTED.items():
        refused(name, lambda v=value: users.set_password(admin, ["idva1"], v + "-pad1234"), InvalidInput,
                "the password")
        refused(name, lambda v=value: users.set_password(admin, [v], "long-enough-1"), InvalidInput, "the username")
    refused("multiline", lambda: users.set_password(admin, ["idva1\n"], "long-enough-1"), InvalidInput,
            "the username holds a line break")
    assert fingerprint() == before


def test_sign_in_with_hostile_username_or_password(world: Any) -> None:  # noqa: F811
    """Signing in with a hostile username or password fails like any wrong password: no crash, one audit event
    each (argon2 makes each try slow, so a few of each kind)."""
    world()
    tries = [(ACCEPTED["cypher"], "whatever-123"), (REJECTED["nul"], "whatever-123"),
             ("idva1", REJECTED["lone_surrogate"])]
    for username, password in tries:
        refused(repr(username[:20]), lambda u=username, p=password: users.authenticate(u, p, demo_mode=False),
                AuthenticationFailed, "wrong username or password")
    logins = audit_search.search(users.actor(users.BUILTIN_ADMIN), action="login")
    assert [e.detail["outcome"] for e in logins] == ["failure"] * len(tries)


def test_support_records_round_trip(world: Any, who: Who, clock: Any) -> None:  # noqa: F811
    """Safe contact fields keep every hostile kind exactly."""
    world()
    support.set_contact("C1", "P1", who("options1"), {"notes": ALL_ACCEPTED, "phone": ACCEPTED["cypher"]},
                        clock=clock)
    [seen] = support.contact("C1", who("options1"))
    assert seen.contact["notes"] == ALL_ACCEPTED and seen.contact["phone"] == ACCEPTED["cypher"]


def test_support_records_refuse_by_name(world: Any, who: Who, clock: Any) -> None:  # noqa: F811
    """A hostile safe-contact field, SPOC, need, measure, support plan action, exit, safety note or MARAC action is
    refused by name; nothing is recorded."""
    world()
    options = who("options1")
    before = fingerprint()
    for name, value in REJECTED.items():
        for field in ("notes", "safe_times", "code_word"):
            refused(name, lambda f=field, v=value: support.set_contact("C1", "P1", options, {f: v}, clock=clock),
                    InvalidInput, field)
        refused(name, lambda v=value: support.set_spoc("C1", "P1", v, options, True, clock=clock), InvalidInput,
                "the SPOC")
        refused(name, lambda v=value: support.record_needs("C1", options, {"housing": v}, clock=clock),
                InvalidInput, "the need 'housing'")
        refused(name, lambda v=value: support_housing.request_hardening("C1", [v], 100, options, clock=clock),
                InvalidInput, "a measure")
        refused(name, lambda v=value: support_plan.add_action("C1", options, v, "idva2", clock=clock),
                InvalidInput, "the description")
        refused(name, lambda v=value: support_plan.add_action("C1", options, "Fit door locks", v, clock=clock),
                InvalidInput, "the owner")
        refused(name, lambda v=value: support_plan.set_exit("C1", options, v, clock=clock), InvalidInput,
                "the planned exit")
        refused(name, lambda v=value: support_plan.record_safety_plan("C1", options, [], {"emergency_bag": v},
                                                                      clock=clock), InvalidInput, "the note")
        refused(name, lambda v=value: marac_actions.create("MC1", "A2", v, date(2030, 1, 1), options, clock=clock),
                InvalidInput, "the description")
    assert fingerprint() == before


def test_cli_bytes_that_are_not_utf8(capsys: pytest.CaptureFixture[str]) -> None:
    """An argument of bytes that are not UTF-8 (Python's argv holds them as lone surrogates): one line, exit 2."""
    assert cli.main(["connection", b"\xff\xfe".decode("utf-8", "surrogateescape"), "P1"]) == 2
    assert capsys.readouterr().err == "hearth: error: argument 2 is not UTF-8 text; nothing was done\n"


CLI_CASES = [
    (["connection", "P\x01", "P1"], "the first person's id holds a control character (U+0001)"),
    (["connection", ACCEPTED["cypher"], "P1"], "no person"),
    (["--as", ACCEPTED["cypher"], "summary"], "no user"),
    (["workflow", "fire", "case:C1", "open", "--comment", "\x1b[2Jx"], "the comment holds a control character"),
    (["workflow", "fire", "case:C\x07", "open"], "the id of the case holds a control character"),
    (["audit", "--subject", "x" * 5000], "the subject is 5,000 characters long; at most 200"),
    (["audit", "--purpose", "why\x00"], "the purpose holds a control character (U+0000)"),
    (["user", "passwd", "idva1\n", "--password-stdin"], "the username holds a line break or tab"),
]


def test_cli_arguments(world: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """Hostile command-line arguments end in one line on stderr and exit 1, never a stack trace or raw escape."""
    world()
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("long-enough-1\n"))
    before = fingerprint()
    for args, message in CLI_CASES:
        assert cli.main(args) == 1, args
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1 and "\x1b" not in err, (args, err)
    assert fingerprint() == before


def test_json_errors_are_ascii_safe(tmp_path: Any, capsys: pytest.CaptureFixture[str], admin: Actor) -> None:
    """`hearth load --json` lists problems as JSON even when ids hold control characters or lone surrogates."""
    path = tmp_path / "doc.json"
    path.write_text('{"format": "hearth/1", "people": [{"id": "\\u0000\\ud800"}]}', encoding="utf-8")
    assert cli.main(["load", str(path), "--json"]) == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert (errors[0]["section"], errors[0]["field"]) == ("people", "id")
    assert "control character" in errors[0]["message"]
