"""Perpetrator programme referrals as a user: the programmes are configuration (policy/perpetrator_programmes.yaml);
a referral is made from a case for one of its perpetrators and moves through the `perpetrator_programme`
workflow. Where the case holds a counter-allegation, no referral is made until the primary perpetrator is
identified with the specialist service, and the other party is never referred (001 s.11.7)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph_model import audit, db
from graph_model.errors import ConfigurationError, InvalidInput
from graph_model.support import perpetrator as perpetrator_q
from graph_model.users import Actor
from workflows import security
from workflows.clock import Clock, from_env
from workflows.engine import WorkflowTx
from workflows.errors import GuardFailed, GuardFailure
from workflows.refs import ObjectRef
from workflows.registry import Registry, default
from workflows.support_perp import check_perpetrator
from workflows.support_policy import POLICY


@dataclass(frozen=True)
class Programme:
    """A perpetrator programme a case may refer to: who runs it and who it is for."""

    id: str
    name: str
    provider: str
    for_whom: str


def load_programmes(path: Path = POLICY / "perpetrator_programmes.yaml") -> tuple[Programme, ...]:
    """Read the programmes; raise ConfigurationError on a missing or malformed file."""
    try:
        raw = yaml.safe_load(path.read_text()) or {}
        return tuple(Programme(str(p["id"]), str(p["name"]), str(p["provider"]), str(p["for"]))
                     for p in raw["programmes"])
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigurationError(f"{path}: cannot read the perpetrator programmes: {exc}") from exc


@cache
def programmes() -> tuple[Programme, ...]:
    """Return the shipped programmes (read once per process)."""
    return load_programmes()


def programme_ref(referral_id: str) -> ObjectRef:
    """Return a perpetrator programme referral as a workflow object."""
    return ObjectRef("perpetrator_programme", referral_id)


def refer(case_id: str, person_id: str, programme_id: str, actor: Actor, on: date | None = None,
          clock: Clock | None = None, registry: Registry | None = None,
          known: tuple[Programme, ...] | None = None) -> str:
    """Refer a perpetrator of the case to a programme (needs `manage` on the case); refused with the reason while
    a counter-allegation has no primary perpetrator, or for the party identified as the victim."""
    chosen = next((p for p in known or programmes() if p.id == programme_id), None)
    if chosen is None:
        raise InvalidInput(f"no programme {programme_id!r} (programmes: "
                           f"{', '.join(p.id for p in known or programmes())})")
    reg, now = registry or default(), (clock or from_env()).now()
    referral_id = f"PP-{uuid.uuid4().hex[:10]}"
    ref = programme_ref(referral_id)

    def work(tx: Any) -> str:
        security.check_in(tx, reg, actor, "manage", ObjectRef("case", case_id))
        check_perpetrator(tx, case_id, person_id)
        perpetrator_q.create_programme_referral(tx, referral_id, case_id, person_id, chosen.id, on or now.date(),
                                                actor.username, now)
        ok, reason = perpetrator_q.primary_perpetrator_identified(tx, ref.type, ref.id, actor.id, {}, now.date())
        if not ok:
            raise GuardFailed(f"referral of {person_id} to {chosen.name}", [GuardFailure("counter-allegation",
                                                                                         reason)])
        wtx = WorkflowTx(tx, reg, actor, now)
        wtx.enrol(ref, "perpetrator_programme")
        wtx.require("manage", ref)
        audit.record(tx, actor, "create_perpetrator_programme", f"perpetrator_programme from case {case_id}",
                     {"case": case_id, "id": referral_id, "person": person_id, "programme": chosen.id})
        return referral_id
    return db.write_once(work)
