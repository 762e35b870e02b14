"""Every service function as a user of every role, in both areas: allowed roles succeed, the others are refused,
write nothing and, where the code audits views, leave a denied event; non-party agencies see nothing of a case;
lettings officers never see a victim's details. Who may do what comes from tests/security/oracle.py."""

from __future__ import annotations

import re
from typing import Any, LiteralString

import pytest

from graph_model import db
from graph_model.errors import HearthError
from tests.security.matrix import ENTRIES, Ctx, Entry
from tests.security.oracle import expected, may
from tests.security.world import Bundle, User
from tests.security.world import users as world_users

USERS = world_users()
# Anything of any bundle (all bundles are in the north, so no south agency is party to any of them).
ANY_BUNDLE = re.compile(r"(PVX|PKX|PPX|CX|NX|MX|MCX|XAX|FX|HVX|HNX|TVX|KX|RX|IX|TPX|OX|HTX|HRX|HPX|KEX|PFX|HFX|TFX)"
                        r"\d+Q|Zq(victim|child|abuser|former)")
# A victim's details in any bundle: id, name, address, postcode, coordinates. A bundle's home is at
# (52.213457 + k/100, 0.617283 + k/100): latitude decimals xx3457, longitude xx7283, caught to 5 decimals or more
# (float noise included) and rounded to 4 (xx35, xx73); the nominated flat (xx3757, xx7683) is not caught.
VICTIM = re.compile(r"PVX\d+Q|Zqvictim|Hidden Row|ZV\d+ 9HR|\d\.\d\d(34[56]|35(?!\d))|\d\.\d\d(728|73(?!\d))")
# The graph's size without audit events, and the user's denied events of one consultation: one query.
MEASURE: LiteralString = (
    "RETURN COUNT { MATCH (n) } - COUNT { MATCH (:AuditEvent) } AS nodes, COUNT { ()-[]->() } AS rels, "
    "COUNT { MATCH (e:AuditEvent {actor: $actor, action: $action, outcome: 'denied'}) } AS denied")


def measure(user: User, action: str | None) -> tuple[int, int, int]:
    """Return (nodes other than audit events, relationships, the user's denied events of the consultation)."""
    row = db.read(lambda tx: tx.run(MEASURE, actor=user.username, action=action or "").single(strict=True))
    return int(row["nodes"]), int(row["rels"]), int(row["denied"])


def leaks(pattern: re.Pattern[str], answer: Any, echoed: tuple[str, ...]) -> list[str]:
    """Return what of the pattern the answer shows, beyond what the caller gave."""
    text = repr(answer)
    for given in echoed:
        text = text.replace(given, "")
    return sorted({m.group(0) for m in pattern.finditer(text)})


def made(created: set[str], answer: Any) -> list[str]:
    """Return the ids of objects the setups created (options, flags, referrals...) that the answer shows."""
    text = repr(answer)
    return sorted(i for i in created if i in text)


def problems(entry: Entry, user: User, shared: dict[str, Any]) -> list[str]:
    """Call the function as the user; return what went wrong (nothing: as the oracle says, nothing leaked)."""
    bundle = Bundle(shared["slots"][(entry.name, user.username)] if entry.write else entry.bundle)
    if entry.setup and (entry.name, bundle.n) not in shared["set_up"]:  # the refused share one bundle, set up once
        entry.setup(bundle, shared)
        shared["set_up"].add((entry.name, bundle.n))
    ctx = Ctx(user, shared["actors"][user.username], bundle, shared["tmp"], shared)
    allowed = expected(entry, user)
    before = None if allowed else measure(user, entry.audit)  # a refusal must write nothing at all
    who = f"{entry.name} as {user.username}"
    try:
        with ctx.signed_in():
            answer = entry.call(ctx)
    except PermissionError as exc:  # PermissionDenied, GuardFailed, NotSignedIn
        if allowed:
            return [f"{who}: refused, but the definitions allow it: {exc}"]
        assert before is not None
        nodes, rels, denied = measure(user, entry.audit)
        found = [f"{who}: refused, but wrote to the graph"] if (nodes, rels) != before[:2] else []
        if entry.audit and denied != before[2] + 1:
            found.append(f"{who}: refused, but no denied {entry.audit!r} event was recorded")
        return found
    except HearthError as exc:
        return [f"{who}: {type(exc).__name__}: {exc}"]
    if not allowed:
        return [f"{who}: let through, but the definitions refuse it"]
    found = []
    if entry.shows:
        names_it, (permission, kind) = entry.shows
        if names_it(bundle, answer) != may(user, permission, kind, entry.states):
            found.append(f"{who}: the answer should name the object if and only if the user may {permission} it")
    if not user.inside and user.role != "admin" and not entry.across:
        if seen := leaks(ANY_BUNDLE, answer, entry.echo(bundle)) + made(shared["created"], answer):
            found.append(f"{who}: a non-party agency saw {seen[:5]}")
    if user.role == "lettings_officer" and (seen := leaks(VICTIM, answer, entry.echo(bundle))):
        found.append(f"{who}: a lettings officer saw a victim's details {seen[:5]}")
    return found


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_every_role_in_both_areas(entry: Entry, matrix_world: dict[str, Any]) -> None:
    """Call the function as a user of every role, party (north) and not (south): all as the oracle says."""
    found = [p for user in USERS for p in problems(entry, user, matrix_world)]
    assert found == [], "\n".join(found)
