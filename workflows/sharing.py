"""Case information going to another agency: refused without consent or a recorded lawful basis, else disclosed.

Every path that sends a case's information out (an IDVA referral made, a refuge referral, the referral document
rendered for the receiving agency) calls `disclose` inside its own write transaction: the rule is checked there
(graph_model.sharing: every victim's latest consent is given, or the case's information_sharing workflow records a
lawful basis) and the disclosure event (recipients, basis, subjects) commits with the act. A refusal raises
SharingRefused naming the reason; the transaction, and anything it wrote, rolls back, and `audit.denials` records
the refusal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph_model import audit
from graph_model import sharing as sharing_q
from graph_model.users import Actor
from workflows.errors import SharingRefused, UnknownObject


def require(tx: Any, actor: Actor, case_id: str, recipients: Iterable[str], claimed: str | None = None) -> str:
    """Return the basis a share of the case rests on (`consent` or the lawful basis), or raise SharingRefused."""
    found = sharing_q.basis(tx, case_id)
    if found is None:
        raise UnknownObject(f"no case {case_id!r} in the graph")
    ok, reason = found.allows(claimed)
    if not ok:
        to = ", ".join(sorted(recipients)) or "another agency"
        on = f" on the basis {claimed!r}" if claimed else ""
        raise SharingRefused(actor.username, f"share case {case_id} with {to}{on}",
                             f"no consent or recorded lawful basis: {reason}")
    return claimed or ("consent" if found.consent else str(found.lawful_basis))


def disclose(tx: Any, actor: Actor, action: str, case_id: str, recipients: Iterable[str], purpose: str,
             subjects: Iterable[str] = (), claimed: str | None = None, detail: dict[str, Any] | None = None) -> str:
    """Check the case may be shared with the recipients, and record the disclosure in tx; return the basis."""
    to = sorted(set(recipients))
    used = require(tx, actor, case_id, to, claimed)
    audit.disclosed(tx, actor, action, purpose, to, used, [audit.subject("case", case_id), *subjects], detail)
    return used
