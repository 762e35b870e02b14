"""Retention: what is due for erasure or pseudonymisation on a date (`plan`), and doing it (`apply`).

The rules are policy/retention.yaml (graph_model/retention_policy.py); what each kind counts from, what each
action does and why are in docs/retention.md. `plan` only reads (one consultation event records that it ran);
`apply` re-plans, then works kind by kind in bounded transactions: each batch erases or pseudonymises its records,
erases the free text of their workflow history under a redaction seal (graph_model/workflow/redaction.py, so
`hearth workflow verify` still passes), and writes its audit event (ids and kinds only), all or nothing.
The erasing queries are in graph_model/retention_writes.py.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from graph_model import audit, db, permissions, retention_writes
from graph_model.errors import InvalidInput
from graph_model.retention_policy import CASE_STATES, Policy, Rule, load
from graph_model.users import Actor

BATCH = 200
# The order kinds are worked in: a case takes its referrals, listings and plans with it, so they are planned
# only when their case stays; a meeting waits for every case it heard; a person after their cases.
ORDER = ("case", "referral", "marac_meeting", "nomination", "screening", "person", "safe_contact")
PLAN_PURPOSE = "retention review (dry run)"

_DUE: LiteralString = "WITH x, since, since + duration($period) AS due WHERE due <= $on RETURN x.id AS id, since, due "
# A case still open: no da_case status (never enrolled: counted as open, to be safe) or one in an active state.
OPEN_CASE: LiteralString = (
    "NOT EXISTS { MATCH (c)-[:WORKFLOW_STATUS]->(cs:WorkflowStatus {workflow: 'da_case'}) "
    "WHERE cs.state IN $inactive }")
# A person kept whatever the date: in an open case, a live tenancy or a live court order.
PROTECTED: LiteralString = (
    "(EXISTS { MATCH (p)-[:VICTIM_IN|PERPETRATOR_IN|CHILD_IN]->(c:Case) WHERE " + OPEN_CASE + " } "
    "OR EXISTS { MATCH (t:Tenancy)-[:TENANT]->(p) WHERE t.end IS NULL OR t.end > $on } "
    "OR EXISTS { MATCH (o:CourtOrder)-[:RESPONDENT|PROTECTS]->(p) WHERE o.end IS NULL OR o.end > $on })")
NOT_DONE: LiteralString = "($action = 'erase' OR x.retention_pseudonymised IS NULL)"

FIND: dict[str, LiteralString] = {
    "case": "MATCH (x:Case)-[:WORKFLOW_STATUS]->(s:WorkflowStatus {workflow: 'da_case', state: $state}) "
            "WHERE " + NOT_DONE + " WITH x, date(s.entered_at) AS since " + _DUE + "ORDER BY due, id",
    # Counted from the later of the referral and its case's closure; a case erased in this run takes it along.
    "referral": "MATCH (x:Referral)-[:REFERS]->(c:Case)-[:WORKFLOW_STATUS]->(s:WorkflowStatus {workflow: 'da_case'}) "
                "WHERE s.state IN $inactive AND NOT c.id IN $gone "
                "WITH x, CASE WHEN x.date > date(s.entered_at) THEN x.date ELSE date(s.entered_at) END AS since "
                + _DUE + "ORDER BY due, id",
    # A meeting waits until every case it heard is gone (or goes in this run).
    "marac_meeting": "MATCH (x:MaracMeeting) WHERE NOT EXISTS { MATCH (x)<-[:LISTED_AT]-(:MaracCase)-[:MARAC_FOR]->"
                     "(c:Case) WHERE NOT c.id IN $gone } WITH x, x.date AS since " + _DUE + "ORDER BY due, id",
    "nomination": "MATCH (x:Nomination) WITH x, x.date AS since " + _DUE + "ORDER BY due, id",
    "screening": "MATCH (x:Screening) WHERE " + NOT_DONE + " AND NOT EXISTS { MATCH (x)-[:SCREENS]->(n:Nomination) "
                 "WHERE n.id IN $gone } WITH x, date(x.at) AS since " + _DUE + "ORDER BY due, id",
    # The last dated record about the person; none at all: never due (nothing to count from).
    "person": "MATCH (x:Person) WHERE " + NOT_DONE + " WITH x AS p WHERE NOT " + PROTECTED + " "
              "CALL (p) { MATCH (p)-[:VICTIM_IN|PERPETRATOR_IN|CHILD_IN]->(:Case)-[:WORKFLOW_STATUS]->"
              "(s:WorkflowStatus {workflow: 'da_case'}) RETURN date(s.entered_at) AS d "
              "UNION MATCH (t:Tenancy)-[:TENANT]->(p) RETURN t.end AS d "
              "UNION MATCH (o:CourtOrder)-[:RESPONDENT|PROTECTS]->(p) RETURN o.end AS d "
              "UNION MATCH (n:Nomination)-[:APPLICANT]->(p) RETURN n.date AS d "
              "UNION MATCH (k:Consent)-[:CONSENT_OF]->(p) RETURN k.date AS d "
              "UNION MATCH (i:Incident)-[:BY|TOWARDS]->(p) RETURN i.date AS d "
              "UNION MATCH (p)-[l]-(:Person) RETURN coalesce(l.end, l.start) AS d "
              "UNION MATCH (p)-[:HAS_SAFE_CONTACT]->(sc:SafeContact) RETURN date(sc.updated_at) AS d } "
              "WITH p AS x, max(d) AS since WHERE since IS NOT NULL " + _DUE + "ORDER BY due, id",
    # Keyed by the person; counted from the later of the last update and the closure of their last case.
    "safe_contact": "MATCH (x:Person)-[:HAS_SAFE_CONTACT]->(sc:SafeContact) WHERE NOT x.id IN $gone "
                    "AND NOT EXISTS { MATCH (x)-[:VICTIM_IN|PERPETRATOR_IN|CHILD_IN]->(c:Case) WHERE " + OPEN_CASE
                    + " } CALL (x, sc) { RETURN date(sc.updated_at) AS d "
                    "UNION MATCH (x)-[:VICTIM_IN|PERPETRATOR_IN|CHILD_IN]->(:Case)-[:WORKFLOW_STATUS]->"
                    "(s:WorkflowStatus {workflow: 'da_case'}) RETURN date(s.entered_at) AS d } "
                    "WITH x, max(d) AS since " + _DUE + "ORDER BY due, id",
}
# Which earlier kinds' ids a kind's query must leave out (they go first and take it along).
GONE_FROM: dict[str, tuple[str, ...]] = {"referral": ("case",), "marac_meeting": ("case",),
                                         "screening": ("nomination",), "safe_contact": ("person",)}


@dataclass(frozen=True)
class Due:
    """One record due: its kind and id, what happens to it, under which rule, counted from when, due when."""

    kind: str
    id: str
    action: str
    rule: str
    since: date
    due: date
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """Return the item as plain data (dates as ISO text)."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()}


@dataclass
class Plan:
    """What is due on a date under one version of the policy."""

    on: date
    policy_version: int
    items: list[Due] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        """Return {kind: {action: records}} for the kinds with something due."""
        found: dict[str, dict[str, int]] = {}
        for (kind, action), n in sorted(Counter((i.kind, i.action) for i in self.items).items()):
            found.setdefault(kind, {})[action] = n
        return found

    def as_dict(self) -> dict[str, Any]:
        """Return the plan as plain data (the CLI's --json)."""
        return {"on": self.on.isoformat(), "policy_version": self.policy_version, "counts": self.counts(),
                "items": [i.as_dict() for i in self.items]}


@dataclass
class Applied:
    """What `apply` did: records per kind and action, history entries redacted, records skipped and why."""

    on: date
    policy_version: int
    purpose: str
    done: dict[str, dict[str, int]] = field(default_factory=dict)
    history_redacted: int = 0
    batches: int = 0
    skipped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the result as plain data."""
        return {**asdict(self), "on": self.on.isoformat()}


def find(tx: ManagedTransaction, policy: Policy, on: date) -> list[Due]:
    """Return every record due on `on`, kind by kind in ORDER (the records a kind takes along left out)."""
    found: list[Due] = []
    gone: dict[str, set[str]] = {}
    for kind in ORDER:
        rules = policy.case_rules() if kind == "case" else [policy.rule(kind)]
        for rule in rules:
            if rule.action == "keep":
                continue
            left_out = sorted(set().union(*(gone.get(k, set()) for k in GONE_FROM.get(kind, ()))))
            rows = db.rows(tx, FIND[kind], on=on, period=rule.period, action=rule.action, state=rule.state,
                           inactive=list(CASE_STATES), gone=left_out)
            found += [_due(rule, row) for row in rows]
            if rule.action == "erase" or kind == "person":  # a pseudonymised person loses their safe contact too
                gone.setdefault(kind, set()).update(row["id"] for row in rows)
    return found


def _due(rule: Rule, row: dict[str, Any]) -> Due:
    since, due = db.native(row["since"]), db.native(row["due"])
    reason = f"{rule.reason or rule.name}: {rule.period} from {since.isoformat()}"
    return Due(rule.kind, row["id"], rule.action, rule.name, since, due, reason)


def plan(actor: Actor, on: date, policy: Policy | None = None, purpose: str | None = None) -> Plan:
    """Return what is due on `on` (needs retention_plan); writes nothing but its own consultation event."""
    with audit.consultation(actor, "retention_plan", purpose or PLAN_PURPOSE) as seen:
        permissions.check(actor, "retention_plan")
        used = policy or load()
        items = db.read(lambda tx: find(tx, used, on))
        result = Plan(on, used.version, items)
        seen.detail.update(on=on.isoformat(), policy_version=used.version, counts=result.counts())
    return result


def apply(actor: Actor, on: date, purpose: str, policy: Policy | None = None, batch: int = BATCH) -> Applied:
    """Erase and pseudonymise what is due on `on` (needs retention_apply and a purpose), in bounded
    transactions, each with its audit event; return what was done."""
    permissions.check(actor, "retention_apply")
    if not (purpose or "").strip():
        raise InvalidInput("retention --apply needs a purpose (why: e.g. 'annual review under the ISA')")
    used = policy or load()
    history = used.rule("workflow_history").action == "pseudonymise"
    items = db.read(lambda tx: find(tx, used, on))
    if any(i.action == "pseudonymise" for i in items):
        retention_writes.pseudonym_key()  # fail before writing anything when the key is missing
    result = Applied(on, used.version, purpose.strip())
    for kind in ORDER:
        for rule in (used.case_rules() if kind == "case" else [used.rule(kind)]):
            ids = [i.id for i in items if i.kind == kind and i.rule == rule.name]
            for start in range(0, len(ids), batch):
                chunk = ids[start:start + batch]

                def work(tx: ManagedTransaction, c: list[str] = chunk, r: Rule = rule) -> retention_writes.Done:
                    return _batch(tx, actor, r, c, on, purpose, used, history)
                _tally(result, rule, chunk, db.write(work))
    return result


def _batch(tx: ManagedTransaction, actor: Actor, rule: Rule, ids: list[str], on: date, purpose: str,
           policy: Policy, history: bool) -> retention_writes.Done:
    done = retention_writes.carry_out(tx, rule, ids, on, actor.username, history)
    detail = {"kind": rule.kind, "rule": rule.name, "action": rule.action, "period": rule.period,
              "policy_version": policy.version, "on": on.isoformat(), "records": len(done.ids),
              "history_entries_redacted": done.redacted, "skipped": sorted(set(ids) - set(done.ids))}
    audit.record(tx, actor, f"retention_{rule.action}", purpose.strip(), detail,
                 [audit.subject(rule.kind, i) for i in done.ids])
    return done


def _tally(result: Applied, rule: Rule, asked: list[str], done: retention_writes.Done) -> None:
    counts = result.done.setdefault(rule.kind, {})
    counts[rule.action] = counts.get(rule.action, 0) + len(done.ids)
    result.history_redacted += done.redacted
    result.batches += 1
    result.skipped += [f"{rule.kind}:{i}: no longer due (reopened, or protected since the plan)"
                       for i in sorted(set(asked) - set(done.ids))]
