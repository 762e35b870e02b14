"""`hearth support referral|hardening|refuge|capacity ...`: referrals and housing options, as a named user."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph_model.errors import InvalidInput
from graph_model.users import Actor
from hearth.analyse_cli import parse_date
from hearth.workflow_ops_cli import emit
from workflows import service, support_housing, support_referral
from workflows.refs import ObjectRef

Command = Callable[..., argparse.ArgumentParser]


def _entries(fired: Any) -> list[str]:
    return [f"  {e['workflow']} #{e['seq']} {e['transition']}: {e.get('from_state') or '(start)'} -> {e['to_state']}"
            for e in fired.entries]


def cmd_referral(args: argparse.Namespace, actor: Actor) -> int:
    """Make an IDVA referral from a case (create) or write its document (render); accept it with
    `hearth workflow fire idva_referral:ID accept`, where the Housing IDVA rules are guards."""
    if args.action == "create":
        if not args.to:
            raise InvalidInput("give --to AGENCY (the IDVA service) and --basis")
        on = parse_date(args.on, "--on") if args.on else None
        new = support_housing.create_referral(args.target, args.to, actor, args.basis, on, args.self_referral)
        return emit(args, {"id": new}, [f"created referral {new} (idva_referral:{new}) from case {args.target}"])
    text = support_referral.render(args.target, actor)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        return emit(args, {"out": args.out}, [f"wrote {args.out}"])
    return emit(args, {"document": text}, [text.rstrip("\n")])


def cmd_hardening(args: argparse.Namespace, actor: Actor) -> int:
    """Sanctuary / target hardening: request (on a case), approve against the budget, decline, fit, budget."""
    if args.action == "budget":
        b = support_housing.budget(args.target, actor)
        lines = [f"{b.area} sanctuary budget {b.start} to {b.end}: £{b.budget:,}; committed £{b.committed:,} "
                 f"({b.approved} approved); left £{b.left:,}; awaiting decision £{b.pending_cost:,} ({b.pending})"]
        return emit(args, {**dataclasses.asdict(b), "left": b.left}, lines)
    if args.action == "request":
        if not (args.measure and args.cost):
            raise InvalidInput("give --measure (repeatable) and --cost POUNDS")
        new = support_housing.request_hardening(args.target, args.measure, args.cost, actor)
        return emit(args, {"id": new}, [f"requested target hardening {new} (target_hardening:{new})"])
    if args.action == "approve":
        fired, b = support_housing.approve_hardening(args.target, actor, args.cost)
        return emit(args, fired.entries, [f"{args.target} approved; £{b.left:,} of £{b.budget:,} left in {b.area}",
                                          *_entries(fired)])
    if args.action == "fit":
        on = parse_date(args.on, "--on") if args.on else None
        if on is None:
            raise InvalidInput("give --on YYYY-MM-DD (the day the measures were fitted)")
        fired = support_housing.fit_hardening(args.target, on, actor)
        return emit(args, fired.entries, [f"{args.target} fitted", *_entries(fired)])
    fired = service.fire(ObjectRef("target_hardening", args.target), args.action, actor, comment=args.comment or "")
    return emit(args, fired.entries, [f"{args.target} {args.action}", *_entries(fired)])


def cmd_refuge(args: argparse.Namespace, actor: Actor) -> int:
    """Refuge or dispersed accommodation: refer (on a case), offer a place (checks it is free), move-in, move-on,
    decline."""
    if args.action == "refer":
        new = support_housing.refer_refuge(args.target, actor, args.kind, args.children)
        return emit(args, {"id": new}, [f"referred {new} (refuge_referral:{new})"])
    if args.action == "offer":
        if not args.service:
            raise InvalidInput("give --service ID (see `hearth support capacity`)")
        fired = support_housing.offer_place(args.target, args.service, actor)
        return emit(args, fired.entries, [f"{args.target}: place offered", *_entries(fired)])
    transition = {"move-in": "move_in", "move-on": "move_on", "decline": "decline"}[args.action]
    fired = service.fire(ObjectRef("refuge_referral", args.target), transition, actor, comment=args.comment or "")
    return emit(args, fired.entries, [f"{args.target}: {transition}", *_entries(fired)])


def cmd_capacity(args: argparse.Namespace, actor: Actor) -> int:
    """Free places in refuges and dispersed units (counts only: never who is where)."""
    found = support_housing.capacity(actor)
    lines = [f"{'service':<36} {'kind':<10} {'adults free':>12} {'children free':>14}"]
    lines += [f"{c.name[:35]:<36} {c.kind:<10} {c.adults_free:>5} of {c.adults:<4} {c.children_free:>6} of "
              f"{c.children:<4}" for c in found]
    return emit(args, [dataclasses.asdict(c) for c in found], lines)


def add_commands(command: Command) -> None:
    """Add the referral and housing option commands to `hearth support`."""
    referral = command("referral", cmd_referral)
    referral.add_argument("action", choices=("create", "render"))
    referral.add_argument("target", help="the case's id (create) or the referral's id (render)")
    referral.add_argument("--to", help="the receiving IDVA service's agency id (create)")
    referral.add_argument("--basis", default="consent", help="consent or a lawful basis (create; default consent)")
    referral.add_argument("--on", help="referral date YYYY-MM-DD (create; default today)")
    referral.add_argument("--self-referral", action="store_true", help="record it with no referring agency")
    referral.add_argument("--out", help="write the document here (render; default standard output)")
    hardening = command("hardening", cmd_hardening)
    hardening.add_argument("action", choices=("request", "approve", "decline", "fit", "cancel", "budget"))
    hardening.add_argument("target", help="the case (request), the request's id, or the area (budget)")
    hardening.add_argument("--measure", action="append", help="a measure, e.g. 'door locks' (request; repeatable)")
    hardening.add_argument("--cost", type=int, help="pounds: estimated (request) or approved (approve)")
    hardening.add_argument("--on", help="the day fitted YYYY-MM-DD (fit)")
    hardening.add_argument("--comment", help="why (decline, cancel)")
    refuge = command("refuge", cmd_refuge)
    refuge.add_argument("action", choices=("refer", "offer", "move-in", "move-on", "decline"))
    refuge.add_argument("target", help="the case (refer) or the refuge referral's id")
    refuge.add_argument("--kind", default="refuge", choices=("refuge", "dispersed"), help="refer: the kind")
    refuge.add_argument("--children", type=int, default=0, help="refer: children coming too")
    refuge.add_argument("--service", help="offer: the service's id")
    refuge.add_argument("--comment", help="why (decline, move-on)")
    command("capacity", cmd_capacity)
