"""Issue #10 item 3: case information goes to another agency only with consent or a recorded lawful basis.

Every path that sends a case out (an IDVA referral made, a refuge referral made, the referral document rendered for
the receiving agency) and the workflow predicate `consent_or_lawful_basis`, under four situations: with consent
(allowed), with a lawful basis recorded on the case's information_sharing workflow (allowed), with neither (refused,
the reason named, nothing written but the refusal's audit event), and with consent given then withdrawn (refused
again). One world per situation, every path run in it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from graph_model import db, users
from graph_model.interchange import load as loader
from graph_model.users import Actor
from graph_model.workflow.predicates import PREDICATES
from tests.conftest import _reset as reset
from tests.workflows.world import world
from workflows import service, support_housing, support_referral
from workflows.errors import SharingRefused
from workflows.refs import ObjectRef

GIVEN = {"id": "K1", "person": "P1", "scope": "share_with_idva", "status": "given", "date": "2026-10-01"}
WITHDRAWN = {"id": "K2", "person": "P1", "scope": "share_with_idva", "status": "withdrawn", "date": "2026-10-05"}
LAWFUL = "child_protection"
# The basis each situation's referrals claim: the lawful basis where one is recorded, else consent.
SITUATIONS = {"consent": "consent", "lawful basis": LAWFUL, "neither": "consent", "consent withdrawn": "consent"}
ALLOWED = {"consent": True, "lawful basis": True, "neither": False, "consent withdrawn": False}
NOT_AUDIT = "MATCH (n) WHERE NOT n:AuditEvent RETURN count(n) AS n"
SHARES = "MATCH (e:AuditEvent) WHERE e.kind = 'disclosure' RETURN e.outcome AS outcome, e.action AS action"


def _predicate(options: Actor, basis: str) -> Any:
    ok, reason = db.read(lambda tx: PREDICATES["consent_or_lawful_basis"](tx, "case", "C1", options.id, {},
                                                                          date(2026, 11, 2)))
    if not ok:
        raise SharingRefused(options.username, "pass consent_or_lawful_basis", reason)


# (path, the call as options1 with the basis claimed): every way case information leaves for another agency.
PATHS: dict[str, Callable[[Actor, str], Any]] = {
    "idva referral": lambda u, basis: support_housing.create_referral("C1", "A2", u, basis),
    "refuge referral": lambda u, basis: support_housing.refer_refuge("C1", u),
    "referral document": lambda u, basis: support_referral.render("F9", u),
    "guard predicate": _predicate,
}


def _situation(name: str, admin: Actor) -> None:
    """Load the base world with a referral F9 to the IDVA service, and the consent or lawful basis of `name`."""
    consents = {"consent": [GIVEN], "consent withdrawn": [GIVEN, WITHDRAWN]}.get(name, [])
    loader.load(admin, world(consents=consents, referrals=[
        {"id": "F9", "case": "C1", "kind": "idva", "from_agency": "A4", "to_agency": "A2", "date": "2026-10-20",
         "basis": SITUATIONS[name]}]))
    if name == "lawful basis":
        service.fire(ObjectRef("case", "C1"), "record_lawful_basis", users.actor("lead1"),
                     comment="children in the household at risk", params={"basis": LAWFUL})


def _count(query: str) -> Any:
    return db.read(lambda tx: [r.data() for r in tx.run(query)])


@pytest.fixture(scope="module")
def outcomes(neo4j_server: Any) -> Iterator[dict[tuple[str, str], dict[str, Any]]]:
    """Run every path in every situation; keep what each returned or raised, and what it wrote."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for situation, basis in SITUATIONS.items():
        reset()
        _situation(situation, users.actor("admin"))
        options = users.actor("options1")
        for path, call in PATHS.items():
            before, shares = _count(NOT_AUDIT)[0]["n"], len(_count(SHARES))
            error: Exception | None = None
            try:
                call(options, basis)
            except SharingRefused as exc:
                error = exc
            found[(path, situation)] = {"error": error, "written": _count(NOT_AUDIT)[0]["n"] - before,
                                        "shares": _count(SHARES)[shares:]}
    yield found
    reset()


@pytest.mark.parametrize("situation", SITUATIONS)
@pytest.mark.parametrize("path", PATHS)
def test_every_path_needs_consent_or_a_lawful_basis(outcomes: dict[tuple[str, str], dict[str, Any]], path: str,
                                                    situation: str) -> None:
    got = outcomes[(path, situation)]
    disclosure = path != "guard predicate"
    if ALLOWED[situation]:
        assert got["error"] is None, got["error"]
        if disclosure:
            assert [s["outcome"] for s in got["shares"]] == ["done"]
    else:
        assert isinstance(got["error"], SharingRefused), f"{path} was not refused with {situation}"
        assert "no consent" in str(got["error"]) and "lawful basis" in str(got["error"])
        if situation == "consent withdrawn":
            assert "P1" in str(got["error"])
        assert got["written"] == 0  # nothing but the refusal's own audit event
        if disclosure:
            assert [s["outcome"] for s in got["shares"]] == ["denied"]


def test_a_claimed_lawful_basis_must_be_the_recorded_one(graph: Any, admin: Actor) -> None:
    """Consent alone does not make a referral 'on a lawful basis', nor does one basis stand for another."""
    _situation("consent", admin)
    with pytest.raises(SharingRefused, match="no lawful basis for sharing without consent is recorded"):
        support_housing.create_referral("C1", "A2", users.actor("options1"), "legal_duty")
    reset()
    _situation("lawful basis", admin)
    with pytest.raises(SharingRefused, match="child_protection is recorded .*not legal_duty"):
        support_housing.create_referral("C1", "A2", users.actor("options1"), "legal_duty")
