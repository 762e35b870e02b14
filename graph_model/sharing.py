"""May a case's information go to another agency? Every victim's consent, or a lawful basis recorded on the case.

The lawful basis counts only when it is recorded where the law asks for it: the case's `information_sharing`
workflow is in `lawful_basis`, entered by `record_lawful_basis` (role-guarded, a named basis and a comment saying
why). A referral's own `basis` field is a claim, not a record: it never makes itself lawful.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import LiteralString

from neo4j import ManagedTransaction

from graph_model import db
from graph_model.workflow.store import status_key

CONSENT: LiteralString = (
    "MATCH (c:Case {id: $case})<-[:VICTIM_IN]-(p:Person) "
    "OPTIONAL MATCH (p)<-[:CONSENT_OF]-(k:Consent) "
    "WITH p, k ORDER BY k.date DESC, k.id DESC WITH p, collect(k)[0] AS latest "
    "RETURN p.id AS person, latest.status AS status, latest.date AS date ORDER BY person")
# The lawful basis stands while the case's information_sharing status is `lawful_basis`: the entry that put it there.
LAWFUL_BASIS: LiteralString = (
    "MATCH (s:WorkflowStatus {key: $key}) WHERE s.state = 'lawful_basis' "
    "MATCH (s)-[:ENTRY]->(h:HistoryEntry {transition: 'record_lawful_basis'}) "
    "RETURN h.params AS params, h.actor AS actor, h.at AS at, h.id AS entry ORDER BY h.seq DESC LIMIT 1")
CASE_EXISTS: LiteralString = "MATCH (c:Case {id: $case}) RETURN c.id AS id"


@dataclass(frozen=True)
class Basis:
    """What allows (or not) sharing a case: each victim's consent, and the lawful basis recorded, if any."""

    case: str
    consent: bool
    consent_reason: str
    lawful_basis: str | None
    lawful_entry: str | None

    def allows(self, claimed: str | None = None) -> tuple[bool, str]:
        """Return whether a share on the claimed basis (consent, a lawful basis, None: either) is allowed, and why."""
        lawful = (f"the lawful basis {self.lawful_basis} is recorded ({self.lawful_entry})" if self.lawful_basis
                  else "no lawful basis for sharing without consent is recorded (information_sharing "
                       "record_lawful_basis)")
        if claimed == "consent":
            return self.consent, self.consent_reason
        if claimed is not None:
            ok = self.lawful_basis == claimed
            return ok, lawful if ok or not self.lawful_basis else f"{lawful}, not {claimed}"
        if self.consent:
            return True, self.consent_reason
        return bool(self.lawful_basis), f"{self.consent_reason}; {lawful}"


def basis(tx: ManagedTransaction, case_id: str) -> Basis | None:
    """Return the consent and lawful basis of a case (None when there is no such case)."""
    if tx.run(CASE_EXISTS, case=case_id).single() is None:
        return None
    rows = db.rows(tx, CONSENT, case=case_id)
    missing = [r["person"] for r in rows if r["status"] != "given"]
    if not rows:
        consent, reason = False, f"case {case_id} has no victim whose consent could be given"
    elif missing:
        consent, reason = False, f"no consent given by {', '.join(missing)} (refused, withdrawn or never recorded)"
    else:
        consent, reason = True, f"consent given by {', '.join(r['person'] for r in rows)}"
    row = tx.run(LAWFUL_BASIS, key=status_key("case", "information_sharing", case_id)).single()
    lawful = json.loads(row["params"] or "{}").get("basis") if row else None
    return Basis(case_id, consent, reason, lawful, row["entry"] if row and lawful else None)
