"""Named steps a transition runs before or after it moves: grant a local role, set a field, move related objects."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from graph_model import text
from graph_model.workflow import changes
from workflows.definitions import HookCall, TransitionDefinition
from workflows.errors import GuardFailure
from workflows.refs import ObjectRef

if TYPE_CHECKING:
    from workflows.engine import WorkflowTx

MAX_PARAM = 4_000  # a text parameter of a transition (e.g. a reason)
Hook = Callable[["WorkflowTx", ObjectRef, Mapping[str, Any]], None]


def _value(value: Any, params: Mapping[str, Any], wtx: WorkflowTx) -> Any:
    if value == "$today":
        return wtx.today
    if isinstance(value, str) and value.startswith("$"):
        return params.get(value[1:])
    return value


def _targets(wtx: WorkflowTx, ref: ObjectRef, on: str) -> list[ObjectRef]:
    if on == "self":
        return [ref]
    return [ObjectRef(t, i) for t, i in changes.related(wtx.tx, ref.type, ref.id, on)]


def grant_local_role(wtx: WorkflowTx, ref: ObjectRef, args: Mapping[str, Any]) -> None:
    """Give the user named by `user` the local role `role` on the object and on each of `also` (relations)."""
    username = str(args["user"])
    for target in [ref] + [t for on in args.get("also", []) for t in _targets(wtx, ref, on)]:
        changes.grant_local_role(wtx.tx, target.type, target.id, username, str(args["role"]), wtx.actor.id, wtx.now)


def set_fields(wtx: WorkflowTx, ref: ObjectRef, args: Mapping[str, Any]) -> None:
    """Set whitelisted fields of the object (keeps its hearth/1 record in step with the workflow)."""
    changes.set_fields(wtx.tx, ref.type, ref.id, dict(args["fields"]))


def fire_related(wtx: WorkflowTx, ref: ObjectRef, args: Mapping[str, Any]) -> None:
    """Fire `transition` on every related object (`relation`) standing in one of its source states, atomically."""
    for target in _targets(wtx, ref, str(args["relation"])):
        workflow = wtx.workflow_of(target, str(args["transition"]), args.get("workflow"))
        status = wtx.status(target, workflow)
        d = wtx.registry.definition(workflow, status.version)
        if status.state in d.transitions[str(args["transition"])].source:
            wtx.fire(target, str(args["transition"]), comment=f"with {ref}", workflow=workflow)


REGISTRY: dict[str, Hook] = {"grant_local_role": grant_local_role, "set_fields": set_fields,
                             "fire_related": fire_related}


def run(wtx: WorkflowTx, ref: ObjectRef, call: HookCall, params: Mapping[str, Any]) -> None:
    """Run one hook call with its `$param` arguments filled in."""
    args = {k: (_resolve(v, params, wtx)) for k, v in call.args.items()}
    REGISTRY[call.name](wtx, ref, args)
    wtx.forget()


def _resolve(value: Any, params: Mapping[str, Any], wtx: WorkflowTx) -> Any:
    if isinstance(value, dict):
        return {k: _value(v, params, wtx) for k, v in value.items()}
    return _value(value, params, wtx)


def check_params(tx: Any, t: TransitionDefinition, params: Mapping[str, Any]) -> list[GuardFailure]:
    """Return what is wrong with the values given for a transition's parameters."""
    found = []
    known = {p.name for p in t.params}
    found += [GuardFailure("parameter", f"{t.id!r} takes no parameter {n!r}") for n in params if n not in known]
    for p in t.params:
        value = params.get(p.name)
        if isinstance(value, str):
            one_line = p.kind != "text"
            text.check(f"parameter {p.name!r}", value, MAX_PARAM if not one_line else text.MAX_ID, one_line)
        if value in (None, ""):
            if p.required:
                found.append(GuardFailure("parameter", f"{t.id!r} needs {p.name!r} ({p.title})"))
            continue
        if p.kind == "username":
            roles = changes.user_roles(tx, str(value))
            if roles is None:
                found.append(GuardFailure("parameter", f"{p.name!r}: no user {value!r}"))
            elif p.has_role and p.has_role not in roles:
                found.append(GuardFailure("parameter", f"{p.name!r}: {value} is not a {p.has_role}"))
        if p.choices and str(value) not in p.choices:
            found.append(GuardFailure("parameter", f"{p.name!r} must be one of {', '.join(p.choices)}"))
        if p.kind == "date":
            try:
                date.fromisoformat(str(value))
            except ValueError:
                found.append(GuardFailure("parameter", f"{p.name!r}: {value!r} is not a date YYYY-MM-DD"))
    return found
