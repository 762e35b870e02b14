"""Worklists: named queries of the definitions, each item filtered by the one permission rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph_model import db
from graph_model.users import Actor
from graph_model.workflow import objects
from graph_model.workflow import worklists as queries
from workflows import security
from workflows.clock import Clock, from_env
from workflows.definitions import WorklistDefinition
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef
from workflows.registry import Registry, default

MAX_ITEMS = 5000  # the most items one worklist returns
PAGE = 2000  # candidates read per query before the permission filter


@dataclass(frozen=True)
class WorklistItem:
    """One object on a worklist: where it stands, and its soonest deadline."""

    ref: ObjectRef
    state: str
    seq: int
    entered: datetime | None
    deadline: str | None
    due: datetime | None
    overdue: bool


def _moment(millis: int | None) -> datetime | None:
    return None if millis is None else datetime.fromtimestamp(millis / 1000, UTC)


def find(name: str, registry: Registry) -> tuple[str, WorklistDefinition]:
    """Return (workflow, worklist) for `workflow.worklist` or a worklist name unique across workflows."""
    workflow, _, wl = name.rpartition(".")
    matches = [(w, d.worklists[wl]) for w, d in ((w, registry.definition(w)) for w in registry.current)
               if wl in d.worklists and workflow in ("", w)]
    if len(matches) != 1:
        known = sorted(f"{w}.{k}" for w in registry.current for k in registry.definition(w).worklists)
        why = "is ambiguous" if matches else "is not a worklist"
        raise UnknownObject(f"{name!r} {why} (worklists: {', '.join(known)})")
    return matches[0]


def worklist(name: str, user: Actor, limit: int = 1000, registry: Registry | None = None,
             clock: Clock | None = None) -> list[WorklistItem]:
    """Return the items of a worklist the user may act on, soonest due first."""
    reg, now = registry or default(), (clock or from_env()).now()
    workflow, wl = find(name, reg)
    limit = max(1, min(limit, MAX_ITEMS))

    def work(tx: Any) -> list[WorklistItem]:
        items: list[WorklistItem] = []
        if not _could_see(tx, reg, user, workflow, wl):
            return items
        skip = 0
        while len(items) < limit:  # page through candidates: the filter may drop most of a page
            rows = queries.candidates(tx, workflow, list(wl.states), wl.deadline, wl.overdue_only, now, skip, PAGE)
            refs = [ObjectRef(r["type"], r["id"]) for r in rows]
            known = {ref: security.chain_states(reg, ref, row["chain"]) for ref, row in zip(refs, rows, strict=True)}
            allowed = security.visible(tx, reg, user, wl.permission, refs, wl.local_roles, known)
            for row, ref in zip(rows, refs, strict=True):
                if ref in allowed and len(items) < limit:
                    due = _moment(row["due_ms"])
                    items.append(WorklistItem(ref, row["state"], int(row["seq"]), _moment(row["entered_ms"]),
                                              row["deadline"], due, due is not None and due <= now))
            if len(rows) < PAGE:
                break
            skip += PAGE
        return items
    return db.read(work)


def _could_see(tx: Any, reg: Registry, user: Actor, workflow: str, wl: WorklistDefinition) -> bool:
    """Return False when no role the user could hold anywhere is granted the worklist's permission in any of
    its states (then no item can pass the permission rule: skip the scan)."""
    d = reg.definition(workflow)
    granted = {r for s in wl.states for r in d.states[s].roles_with(wl.permission)}
    possible = set(user.roles) | objects.roles_held_anywhere(tx, user.id, user.agency_id)
    return bool(granted & possible)


def counts(user: Actor, registry: Registry | None = None, clock: Clock | None = None) -> dict[str, tuple[int, int]]:
    """Return {workflow.worklist: (items, overdue)} for every worklist with items for the user."""
    reg = registry or default()
    found = {}
    for workflow in sorted(reg.current):
        for wl in reg.definition(workflow).worklists:
            items = worklist(f"{workflow}.{wl}", user, MAX_ITEMS, reg, clock)
            if items:
                found[f"{workflow}.{wl}"] = (len(items), sum(i.overdue for i in items))
    return found
