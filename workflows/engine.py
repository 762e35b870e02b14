"""The engine: one transaction's view of workflows, and `fire`, whose steps read in DCWorkflow's order."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from graph_model import text as checked_text
from graph_model.errors import HearthError, PermissionDenied
from graph_model.users import Actor
from graph_model.workflow import changes, objects, store
from graph_model.workflow.predicates import BATCH_PREDICATES, PREDICATES
from workflows import deadlines, hooks, security
from workflows.definitions import TransitionDefinition, WorkflowDefinition
from workflows.errors import GuardFailed, GuardFailure, TransitionNotAllowed, UnknownObject, WorkflowConflict
from workflows.guard import GuardContext, PredicateCall
from workflows.history import entry_hash
from workflows.refs import ObjectRef
from workflows.registry import Registry

log = logging.getLogger(__name__)
MAX_AUTOMATIC = 25  # automatic transitions one fire may set off before the engine calls it a loop
# One checked move of a batch: the object, its definition, its status as locked, the transition, the comment.
Move = tuple[ObjectRef, WorkflowDefinition, store.StatusRecord, TransitionDefinition, str]


@dataclass
class Fired:
    """The entries one call wrote, in order (the one asked for first, then automatic and related ones)."""

    entries: list[dict[str, Any]] = field(default_factory=list)


class WorkflowTx:
    """Workflows inside one transaction, for one actor at one moment."""

    def __init__(self, tx: Any, registry: Registry, actor: Actor, now: datetime) -> None:
        self.tx, self.registry, self.actor, self.now = tx, registry, actor, now
        self.today = now.astimezone(UTC).date()
        self._area: tuple[str | None] | None = None
        self._facts: dict[ObjectRef, objects.ObjectFacts] = {}  # cleared whenever a hook changes the graph
        self._stored: dict[ObjectRef, dict[str, store.StatusRecord]] = {}  # cleared when the object moves
        self.fired = Fired()
        self._automatic = 0
        self._verdicts: dict[tuple[ObjectRef, str], tuple[bool, str]] = {}  # answered in batch, for one check

    # -- reading ---------------------------------------------------------------------------------------
    def facts(self, ref: ObjectRef) -> objects.ObjectFacts:
        """Return the object's facts for this actor, or raise UnknownObject."""
        found = self._facts.get(ref)
        if found is None:
            found = objects.facts(self.tx, ref.type, [ref.id], self.actor.id, self.actor.agency_id).get(ref.id)
            if found is None:
                raise UnknownObject(f"no {ref.type} {ref.id!r} in the graph")
            self._facts[ref] = found
        return found

    def forget(self) -> None:
        """Drop cached facts (a hook granted a role or set a field)."""
        self._facts.clear()

    def require(self, permission: str, ref: ObjectRef) -> None:
        """Raise PermissionDenied unless the actor has the permission on the object (security.check's rule)."""
        states = {w: (s.version, s.state) for w in self.registry.chain(ref.type) for s in [self.status(ref, w)]}
        ok, reason = security.granted(self.registry, permission, self.roles(ref), states)
        if not ok:
            raise PermissionDenied(self.actor.username, f"{permission} {ref}", reason)

    def roles(self, ref: ObjectRef, facts: objects.ObjectFacts | None = None) -> frozenset[str]:
        """Return the actor's effective roles on the object."""
        if self._area is None:
            self._area = (objects.agency_area(self.tx, self.actor.agency_id),)
        return security.effective_roles(self.registry, self.actor, facts or self.facts(ref), self._area[0])

    def status(self, ref: ObjectRef, workflow: str, facts: objects.ObjectFacts | None = None) -> store.StatusRecord:
        """Return the object's status in a workflow; one never entered is shown at its starting state, seq 0."""
        found = self.stored(ref).get(workflow)
        if found is not None:
            return found
        d = self.registry.definition(workflow)
        return store.StatusRecord(store.status_key(ref.type, workflow, ref.id), ref.type, ref.id, workflow,
                                  d.version, self.starting_state(d, facts or self.facts(ref)), 0, "", None)

    def starting_state(self, d: WorkflowDefinition, facts: objects.ObjectFacts) -> str:
        """Return where an object enters a workflow: the initial state, or the enrol map of its property."""
        if d.enrol_property:
            value = facts.fields.get(d.enrol_property)
            if value in d.enrol_states:
                return d.enrol_states[str(value)]
        return d.initial_state

    def workflow_of(self, ref: ObjectRef, transition: str, workflow: str | None) -> str:
        """Return the workflow of the object's chain that defines a transition (or check the one named)."""
        chain = self.registry.chain(ref.type)
        if workflow is not None:
            if workflow not in chain:
                raise TransitionNotAllowed(f"{ref} does not go through workflow {workflow!r}")
            return workflow
        having = [w for w in chain if transition in self.definition_for(ref, w).transitions]
        if not having:
            raise TransitionNotAllowed(f"no workflow of {ref} has a transition {transition!r}")
        if len(having) > 1:
            raise TransitionNotAllowed(f"{transition!r} is in several workflows of {ref}: name one of "
                                       f"{', '.join(having)}")
        return having[0]

    def stored(self, ref: ObjectRef) -> dict[str, store.StatusRecord]:
        """Return the object's stored statuses by workflow, read in one query and kept until it moves."""
        if ref not in self._stored:
            keys = {store.status_key(ref.type, w, ref.id): w for w in self.registry.chain(ref.type)}
            self._stored[ref] = {keys[k]: v for k, v in store.read_many(self.tx, list(keys)).items()}
        return self._stored[ref]

    def prefetch(self, refs: list[ObjectRef]) -> None:
        """Read the stored statuses and the facts of many objects of one type in two queries (before a batch)."""
        if not refs:
            return
        otype = refs[0].type
        keys = {store.status_key(otype, w, r.id): (r, w) for r in refs for w in self.registry.chain(otype)}
        found = store.read_many(self.tx, list(keys))
        for ref in refs:
            self._stored[ref] = {}
        for key, status in found.items():
            ref, workflow = keys[key]
            self._stored[ref][workflow] = status
        missing = [r.id for r in refs if r not in self._facts]
        if missing:
            facts = objects.facts(self.tx, otype, missing, self.actor.id, self.actor.agency_id)
            self._facts.update({ObjectRef(otype, i): f for i, f in facts.items()})

    def definition_for(self, ref: ObjectRef, workflow: str) -> WorkflowDefinition:
        """Return the definition version the object is on in a workflow."""
        status = self.stored(ref).get(workflow)
        return self.registry.definition(workflow, status.version if status else None)

    # -- guards ----------------------------------------------------------------------------------------
    def failures(self, ref: ObjectRef, d: WorkflowDefinition, status: store.StatusRecord, t: TransitionDefinition,
                 comment: str | None = None, params: dict[str, Any] | None = None,
                 check_inputs: bool = False) -> list[GuardFailure]:
        """Return why the actor may not fire t now (empty: they may)."""
        if status.state not in t.source:
            return [GuardFailure("state", f"{ref} is in {status.state!r}; {t.id!r} leaves "
                                          f"{', '.join(t.source)} only")]
        facts = self.facts(ref)
        roles = self.roles(ref, facts)
        state = d.states[status.state]
        perms = frozenset(p for p in d.permissions if state.roles_with(p) & roles)
        ctx = GuardContext(self.actor.username, roles, perms, lambda call: self.predicate(ref, d, facts, call))
        found = t.guard.check(ctx)
        if check_inputs:
            if t.comment_required and not (comment or "").strip():
                found.append(GuardFailure("comment", f"{t.id!r} needs a comment saying why"))
            found += hooks.check_params(self.tx, t, params or {})
        return found

    def predicate(self, ref: ObjectRef, d: WorkflowDefinition, facts: objects.ObjectFacts,
                  call: PredicateCall) -> tuple[bool, str]:
        """Ask one named graph question about the object, with $settings resolved for its area."""
        answered = self._verdicts.get((ref, call.label()))
        if answered is not None:
            return answered
        args = {k: self.registry.setting(d, v, facts.area) for k, v in call.args.items()}
        return PREDICATES[call.name](self.tx, ref.type, ref.id, self.actor.id, args, self.today)

    def _ask_many(self, items: list[tuple[ObjectRef, WorkflowDefinition, TransitionDefinition]]) -> None:
        """Answer the batch-capable predicates of many guards in one query per predicate and arguments."""
        self._verdicts.clear()
        groups: dict[tuple[str, str, str], tuple[PredicateCall, dict[str, Any], list[ObjectRef]]] = {}
        for ref, d, t in items:
            facts = self._facts.get(ref)
            if facts is None:
                continue
            for call in t.guard.predicates:
                if call.name in BATCH_PREDICATES:
                    args = {k: self.registry.setting(d, v, facts.area) for k, v in call.args.items()}
                    key = (call.label(), ref.type, json.dumps(args, sort_keys=True, default=str))
                    groups.setdefault(key, (call, args, []))[2].append(ref)
        for (label, otype, _), (call, args, refs) in groups.items():
            answers = BATCH_PREDICATES[call.name](self.tx, otype, [r.id for r in refs], self.actor.id, args,
                                                  self.today)
            self._verdicts.update({(r, label): answers[r.id] for r in refs})

    # -- firing ----------------------------------------------------------------------------------------
    def fire(self, ref: ObjectRef, transition: str, comment: str = "", params: dict[str, Any] | None = None,
             workflow: str | None = None, expected_seq: int | None = None, automatic: bool = False) -> Fired:
        """Fire a transition: check, before hooks, history, state, deadlines, after hooks, automatic loop."""
        workflow = self.workflow_of(ref, transition, workflow)
        seen = self.stored(ref).get(workflow)
        status = self._lock(ref, workflow, seen, expected_seq)
        d = self.registry.definition(workflow, status.version)
        t = d.transitions.get(transition)
        if t is None:
            raise TransitionNotAllowed(f"{workflow} v{d.version} has no transition {transition!r}")
        if t.trigger != "user" and not automatic:
            raise TransitionNotAllowed(f"{transition!r} is {t.trigger}: the engine fires it, not a user")
        if status.state not in t.source:
            raise TransitionNotAllowed(f"{ref} is in {workflow} state {status.state!r}; {transition!r} leaves "
                                       f"{', '.join(t.source)} only")
        failed = self.failures(ref, d, status, t, comment, params, check_inputs=True)
        if failed:
            raise GuardFailed(f"{transition} on {ref}", failed)
        for call in t.before:
            hooks.run(self, ref, call, params or {})
        self._record(ref, d, status, t, comment, params or {})
        for call in t.after:
            hooks.run(self, ref, call, params or {})
        self.run_automatic(ref)
        return self.fired

    def fire_many(self, refs: list[ObjectRef], transition: str, comments: Mapping[ObjectRef, str] | None = None,
                  workflow: str | None = None) -> dict[ObjectRef, HearthError]:
        """Fire one user transition on many objects of one type in a few queries for the lot (a queue). Each
        object is checked as `fire` checks it (workflow, conflict, state, guard, comment); those that fail are
        returned with the error `fire` would raise, the others move, then take their automatic transitions.
        Transitions with hooks or parameters are refused here: fire those one object at a time."""
        refs = list(dict.fromkeys(refs))
        failed: dict[ObjectRef, HearthError] = {}
        if not refs:
            return failed
        self.prefetch([r for r in refs if r not in self._stored or r not in self._facts])
        chosen: dict[ObjectRef, str] = {}
        for ref in refs:
            try:
                if ref not in self._facts:
                    raise UnknownObject(f"no {ref.type} {ref.id!r} in the graph")
                chosen[ref] = self.workflow_of(ref, transition, workflow)
            except HearthError as exc:
                failed[ref] = exc
        keys = [store.status_key(r.type, w, r.id) for r, w in chosen.items() if w in self._stored[r]]
        locked = store.lock_many(self.tx, keys)
        items: list[Move] = []
        for ref, wf in chosen.items():
            try:  # an object not yet in the workflow is checked at its starting state, and enrolled if it passes
                stored = wf in self._stored[ref]
                status = locked.get(store.status_key(ref.type, wf, ref.id)) if stored else self.status(ref, wf)
                items.append(self._checked(ref, wf, status, stored, transition, (comments or {}).get(ref, "")))
            except HearthError as exc:
                failed[ref] = exc
        self._ask_many([(ref, d, t) for ref, d, _, t, _ in items])
        passing: list[Move] = []
        for ref, d, status, t, comment in items:
            found = self.failures(ref, d, status, t, comment, None, check_inputs=True)
            if found:
                failed[ref] = GuardFailed(f"{transition} on {ref}", found)
            else:
                passing.append((ref, d, status, t, comment))
        self._verdicts.clear()
        new = [ref for ref, d, status, _, _ in passing if status.seq == 0]
        for wf in {d.id for _, d, _, _, _ in passing}:
            ids = [ref.id for ref, d, status, _, _ in passing if d.id == wf and status.seq == 0]
            if ids:
                self.enrol_many(new[0].type, wf, ids)
        if new:
            self.prefetch(new)
            passing = [(ref, d, self._stored[ref][d.id] if status.seq == 0 else status, t, comment)
                       for ref, d, status, t, comment in passing]
        self._record_many(passing)
        self.run_automatic_many([item[0] for item in passing])
        return failed

    def _checked(self, ref: ObjectRef, workflow: str, status: store.StatusRecord | None, stored: bool,
                 transition: str, comment: str) -> Move:
        """Check one object of a batch as `fire` does before its guard (status, conflict, trigger, state)."""
        seen = self._stored[ref].get(workflow) if stored else status
        if status is None or seen is None:
            raise UnknownObject(f"{ref} has no status in {workflow}")
        if status.seq != seen.seq:
            raise WorkflowConflict(f"{ref} changed in {workflow} while you were acting (now {status.state!r}, "
                                   f"entry {status.seq}): reload it and decide again")
        d = self.registry.definition(workflow, status.version)
        t = d.transitions.get(transition)
        if t is None:
            raise TransitionNotAllowed(f"{workflow} v{d.version} has no transition {transition!r}")
        if t.trigger != "user":
            raise TransitionNotAllowed(f"{transition!r} is {t.trigger}: the engine fires it, not a user")
        if t.before or t.after or t.params:
            raise TransitionNotAllowed(f"{transition!r} has hooks or parameters: fire it one object at a time")
        if status.state not in t.source:
            raise TransitionNotAllowed(f"{ref} is in {workflow} state {status.state!r}; {transition!r} leaves "
                                       f"{', '.join(t.source)} only")
        return ref, d, status, t, comment

    def _record_many(self, items: list[Move]) -> None:
        """Append the entries of many checked moves (one object each) in one query, then their deadlines."""
        rows: list[dict[str, Any]] = []
        for ref, d, status, t, comment in items:
            dest = t.dest or status.state
            entry = self._entry(status.key, ref, d, status.seq + 1, t.id, status.state, dest, comment, {},
                                status.head_hash)
            rows.append({"key": status.key, "entry": entry, "moved": dest != status.state})
        store.append_many(self.tx, rows)
        for (ref, d, status, _t, _), row in zip(items, rows, strict=True):
            entry = row["entry"]  # the status as just written: a batch reads nothing back
            self._stored.setdefault(ref, {})[d.id] = replace(
                status, version=d.version, state=entry["to_state"], seq=entry["seq"], head_hash=entry["hash"],
                entered_at=self.now if row["moved"] else status.entered_at)
            if row["moved"]:
                deadlines.on_move(self, ref, d, status.key, status.seq + 1, status.state, row["entry"]["to_state"])
            self.fired.entries.append(row["entry"])
        if rows:
            log.info("%d %s moved by %s in one batch", len(rows), items[0][0].type, self.actor.username)

    def run_automatic_many(self, refs: list[ObjectRef]) -> None:
        """`run_automatic` for many objects of one type: each round asks the guards of every automatic exit in
        batch and moves each object by its first passing one (chain order, then definition order)."""
        pending, rounds = list(refs), 0
        while pending:
            rounds += 1
            if rounds > MAX_AUTOMATIC:
                raise TransitionNotAllowed(f"automatic transitions on {pending[0]} loop")
            self.prefetch([r for r in pending if r not in self._stored])
            exits: dict[ObjectRef, list[tuple[WorkflowDefinition, store.StatusRecord, TransitionDefinition]]] = {}
            for ref in pending:
                for wf in self.registry.chain(ref.type):
                    status = self._stored[ref].get(wf)
                    if status is not None:
                        d = self.registry.definition(wf, status.version)
                        exits.setdefault(ref, []).extend((d, status, t) for t in d.exits(status.state) if t.automatic)
            self._ask_many([(ref, d, t) for ref, found in exits.items() for d, _, t in found])
            simple: list[Move] = []
            hooked: list[Move] = []
            for ref, found in exits.items():
                for d, status, t in found:
                    if not self.failures(ref, d, status, t):
                        (hooked if t.before or t.after else simple).append((ref, d, status, t, ""))
                        break
            self._verdicts.clear()
            self._record_many(simple)
            for ref, d, _, t, _ in hooked:  # hooks write to the graph: those go one at a time, as `fire` does
                self._stored.pop(ref, None)
                self.fire(ref, t.id, workflow=d.id, automatic=True)
            pending = [item[0] for item in simple]

    def _lock(self, ref: ObjectRef, workflow: str, seen: store.StatusRecord | None,
              expected_seq: int | None) -> store.StatusRecord:
        key = store.status_key(ref.type, workflow, ref.id)
        if seen is None:
            self.enrol(ref, workflow)
            seen = store.read(self.tx, key)
        status = store.lock(self.tx, key)
        if status is None or seen is None:
            raise UnknownObject(f"{ref} has no status in {workflow}")
        if (expected_seq is not None and status.seq != expected_seq) or status.seq != seen.seq:
            raise WorkflowConflict(f"{ref} changed in {workflow} while you were acting (now {status.state!r}, "
                                   f"entry {status.seq}): reload it and decide again")
        return status

    def enrol(self, ref: ObjectRef, workflow: str) -> None:
        """Put an object into a workflow at its starting state: a status, a first entry, its deadlines."""
        self.enrol_many(ref.type, workflow, [ref.id])

    def enrol_many(self, object_type: str, workflow: str, ids: list[str]) -> int:
        """Enrol many objects of one type at once (a few queries for the lot); return how many."""
        d = self.registry.definition(workflow)
        cached = {i: self._facts[ObjectRef(object_type, i)] for i in ids if ObjectRef(object_type, i) in self._facts}
        found = cached if len(cached) == len(ids) else objects.facts(self.tx, object_type, ids, self.actor.id,
                                                                     self.actor.agency_id)
        rows: list[dict[str, Any]] = []
        for object_id in ids:
            facts = found.get(object_id)
            if facts is None:
                raise UnknownObject(f"no {object_type} {object_id!r} in the graph")
            ref, state = ObjectRef(object_type, object_id), self.starting_state(d, facts)
            key = store.status_key(object_type, workflow, object_id)
            entry = self._entry(key, ref, d, 1, "enrol", None, state, "", {}, "")
            dues = deadlines.starting_dues(self, ref, d, d.deadlines_for(state), facts)
            rows.append({"key": key, "id": object_id, "state": state, "entry": entry, "deadlines": dues})
            self._stored.pop(ref, None)
        store.create_many(self.tx, object_type, workflow, d.version, rows, self.now)
        self.fired.entries += [r["entry"] for r in rows]
        return len(rows)

    def _entry(self, key: str, ref: ObjectRef, d: WorkflowDefinition, seq: int, transition: str,
               from_state: str | None, to_state: str, comment: str, params: dict[str, Any],
               prev_hash: str) -> dict[str, Any]:
        """Return one history entry, hashed with the previous entry's hash."""
        entry = {"id": f"{key}#{seq}", "status_key": key, "object_type": ref.type, "object_id": ref.id,
                 "workflow": d.id, "version": d.version, "seq": seq, "transition": transition,
                 "from_state": from_state, "to_state": to_state, "actor_id": self.actor.id,
                 "actor": self.actor.username, "comment": comment or "",
                 "params": json.dumps(params, sort_keys=True, default=str), "at": self.now, "prev_hash": prev_hash}
        entry["hash"] = entry_hash(entry)
        return entry

    def _record(self, ref: ObjectRef, d: WorkflowDefinition, status: store.StatusRecord, t: TransitionDefinition,
                comment: str, params: dict[str, Any]) -> None:
        dest = t.dest or status.state
        entry = self._entry(status.key, ref, d, status.seq + 1, t.id, status.state, dest, comment, params,
                            status.head_hash)
        moved = dest != status.state
        store.append(self.tx, status.key, entry, moved)
        self._stored.pop(ref, None)
        if moved:
            deadlines.on_move(self, ref, d, status.key, status.seq + 1, status.state, dest)
        self.fired.entries.append(entry)
        log.info("%s %s: %s -> %s by %s", ref, t.id, entry["from_state"], dest, self.actor.username)

    def run_automatic(self, ref: ObjectRef) -> None:
        """Fire automatic transitions of the object's workflows whose guards pass, until none does."""
        progressed = True
        while progressed:
            progressed = False
            for workflow in self.registry.chain(ref.type):
                status = self.stored(ref).get(workflow)
                if status is None:
                    continue
                d = self.registry.definition(workflow, status.version)
                for t in d.exits(status.state):
                    if t.automatic and not self.failures(ref, d, status, t):
                        self._automatic += 1
                        if self._automatic > MAX_AUTOMATIC:
                            raise TransitionNotAllowed(f"automatic transitions on {ref} loop ({t.id!r})")
                        self.fire(ref, t.id, workflow=workflow, automatic=True)
                        progressed = True
                        break
                if progressed:
                    break

    def params_user_exists(self, username: str) -> bool:
        """Return True when a username names a user."""
        return changes.user_roles(self.tx, username) is not None


def require_comment(text: str | None) -> str:
    """Return a comment stripped, refusing control characters and more than 10,000 characters (graph_model.text)."""
    return checked_text.check("the comment", text or "").strip()
