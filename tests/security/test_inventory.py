"""The matrix covers the service layer: every function taking an actor (or in a case-data module) has a row or
a reason to be exempt, and no row or exemption names a function that is gone."""

from __future__ import annotations

from tests.security.inventory import EXEMPT, exemption, inventory
from tests.security.matrix import ENTRIES


def _covered() -> set[str]:
    return {f"{e.func.__module__}.{e.func.__name__}" for e in ENTRIES}


def test_every_function_taking_an_actor_is_in_the_matrix() -> None:
    """A new service function fails here until it has a matrix row (or an exemption with a reason)."""
    missing = sorted(name for name in inventory() if name not in _covered() and exemption(name) is None)
    assert missing == [], "\n".join(f"function {n} takes an actor (or serves case data) but is not in the access "
                                    "matrix" for n in missing)


def test_no_row_or_exemption_is_stale() -> None:
    """Every row and exemption names a function that exists, and none is both in the matrix and exempt."""
    found = inventory()
    stale = sorted(n for n in _covered() | {k for k in EXEMPT if not k.endswith(".*")} if n not in found)
    assert stale == []
    assert sorted(n for n in _covered() if exemption(n)) == []


def test_exemptions_give_a_reason() -> None:
    """Each exemption says why, in one line."""
    assert all(reason.strip() and "\n" not in reason for reason in EXEMPT.values())
