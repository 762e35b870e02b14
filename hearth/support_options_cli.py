"""`hearth support transfer|reciprocal|tenancy|rehousing|options ...`: the housing options that move a victim or
keep them at home, as a named user. Each step is a workflow transition (see `hearth workflow history`)."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph_model.errors import InvalidInput
from graph_model.support.option_guards import TENURES
from graph_model.users import Actor
from hearth.analyse_cli import parse_date
from hearth.screen_cli import finding_lines
from hearth.workflow_ops_cli import emit
from workflows import housing_options, housing_reciprocal, housing_tenancy, housing_transfer, service
from workflows.engine import Fired
from workflows.refs import ObjectRef
from workflows.screening import ScreeningResult

Command = Callable[..., argparse.ArgumentParser]
# Plain transitions each command passes to the workflow (the comment says why).
PLAIN = {"refuse": "refuse", "withdraw": "withdraw", "decline-offer": "decline_offer", "approve": "approve"}


def _need(value: Any, option: str) -> Any:
    if value in (None, "", []):
        raise InvalidInput(f"give {option}")
    return value


def _fired(args: argparse.Namespace, fired: Fired, headline: str) -> int:
    lines = [headline] + [f"  {e['workflow']} #{e['seq']} {e['transition']}: {e.get('from_state') or '(start)'} -> "
                          f"{e['to_state']}" for e in fired.entries]
    return emit(args, fired.entries, lines)


def _created(args: argparse.Namespace, object_type: str, new: str) -> int:
    return emit(args, {"id": new}, [f"created {object_type.replace('_', ' ')} {new} ({object_type}:{new})"])


def _screened(args: argparse.Namespace, fired: Fired | None, result: ScreeningResult, target: str) -> int:
    lines = [f"{target}: screening {result.screening_id} of {result.property}: {result.outcome.upper()}"]
    lines += [f"  {reason}: {text}" for reason, text in zip(result.reasons, result.explained(), strict=True)]
    if result.detail:
        lines += finding_lines(result.detail)
    if fired:
        lines += [f"  {e['workflow']} #{e['seq']} {e['transition']} -> {e['to_state']}" for e in fired.entries]
    return emit(args, {"screening": result.as_dict(), "entries": fired.entries if fired else []}, lines)


def _plain(args: argparse.Namespace, object_type: str, actor: Actor) -> int:
    params = {"band": _need(args.band, "--band")} if args.action == "approve" and object_type == "emergency_transfer" \
        else None
    fired = service.fire(ObjectRef(object_type, args.target), PLAIN[args.action], actor, comment=args.comment or "",
                         params=params)
    return _fired(args, fired, f"{args.target}: {args.action}")


def cmd_transfer(args: argparse.Namespace, actor: Actor) -> int:
    """Emergency transfer: request (on a case), approve --band / refuse (the landlord), temporary --kind, offer
    --property --tenure, decline-offer, move --on, withdraw."""
    if args.action == "request":
        new = housing_transfer.request(args.target, _need(args.tenancy, "--tenancy"), args.reason,
                                       _need(args.tenure, "--tenure"), actor)
        return _created(args, "emergency_transfer", new)
    if args.action == "temporary":
        fired = housing_transfer.temporary(args.target, _need(args.kind, "--kind"), actor, args.comment or "")
        return _fired(args, fired, f"{args.target}: temporary accommodation recorded")
    if args.action == "offer":
        fired, result = housing_transfer.offer(args.target, _need(args.property, "--property"),
                                               _need(args.tenure, "--tenure"), actor)
        return _screened(args, fired, result, args.target)
    if args.action == "move":
        fired = housing_transfer.move(args.target, parse_date(_need(args.on, "--on"), "--on"), actor)
        return _fired(args, fired, f"{args.target}: moved")
    return _plain(args, "emergency_transfer", actor)


def cmd_reciprocal(args: argparse.Namespace, actor: Actor) -> int:
    """Managed reciprocal move: draft (on a case), send, render (the referral: no name, no address), offer /
    decline (the receiving landlord), decline-offer, move --on, withdraw."""
    if args.action == "draft":
        new = housing_reciprocal.draft(args.target, _need(args.tenancy, "--tenancy"), _need(args.to, "--to"), actor,
                                       _need(args.tenure, "--tenure"), args.adults, args.children, args.bedrooms,
                                       args.need, args.avoid)
        return _created(args, "reciprocal_move", new)
    if args.action == "send":
        return _fired(args, housing_reciprocal.send(args.target, actor), f"{args.target}: sent")
    if args.action == "render":
        d = housing_reciprocal.referral(args.target, actor)
        text = housing_reciprocal.to_text(d)
        if args.out:
            Path(args.out).write_text(text, encoding="utf-8")
            return emit(args, {"out": args.out}, [f"wrote {args.out}"])
        return emit(args, d.as_dict(), [text.rstrip("\n")])
    if args.action == "offer":
        fired, result = housing_reciprocal.offer(args.target, _need(args.property, "--property"),
                                                 _need(args.tenure, "--tenure"), actor)
        return _screened(args, fired, result, args.target)
    if args.action == "decline":
        return _fired(args, housing_reciprocal.decline(args.target, args.comment, actor), f"{args.target}: declined")
    if args.action == "move":
        fired = housing_reciprocal.move(args.target, parse_date(_need(args.on, "--on"), "--on"), actor)
        return _fired(args, fired, f"{args.target}: moved")
    return _plain(args, "reciprocal_move", actor)


def cmd_tenancy(args: argparse.Namespace, actor: Actor) -> int:
    """Joint tenancy change: request (on a case), legal (--order or --notice-on; the landlord), approve / refuse
    (the landlord, --comment), change --on (the tenancies change), withdraw."""
    if args.action == "request":
        new = housing_tenancy.request_change(args.target, _need(args.tenancy, "--tenancy"),
                                             _need(args.tenure, "--tenure"), args.reason, actor,
                                             args.perpetrator_tenancy)
        return _created(args, "tenancy_change", new)
    if args.action == "legal":
        notice = parse_date(args.notice_on, "--notice-on") if args.notice_on else None
        fired = housing_tenancy.record_legal_basis(args.target, actor, args.order, notice)
        return _fired(args, fired, f"{args.target}: legal basis recorded")
    if args.action == "change":
        fired = housing_tenancy.change(args.target, parse_date(_need(args.on, "--on"), "--on"), actor)
        return _fired(args, fired, f"{args.target}: tenancy changed")
    return _plain(args, "tenancy_change", actor)


def cmd_rehousing(args: argparse.Namespace, actor: Actor) -> int:
    """Rehousing the perpetrator: request (on a case, --victim-wishes-to-remain), approve / refuse (--comment),
    screen --property (perpetrator-proximity screening), offer [--justification], decline-offer, move --on,
    withdraw."""
    if args.action == "request":
        new = housing_tenancy.request_rehousing(args.target, _need(args.tenancy, "--tenancy"), args.reason, actor,
                                                args.victim_wishes_to_remain)
        return _created(args, "perpetrator_rehousing", new)
    if args.action == "screen":
        result = housing_tenancy.screen_home(args.target, _need(args.property, "--property"), actor)
        return _screened(args, None, result, args.target)
    if args.action == "offer":
        fired = housing_tenancy.offer_home(args.target, actor, args.justification)
        return _fired(args, fired, f"{args.target}: home offered")
    if args.action == "move":
        on = parse_date(_need(args.on, "--on"), "--on")
        return _fired(args, housing_tenancy.move_out(args.target, on, actor, args.tenure), f"{args.target}: moved")
    return _plain(args, "perpetrator_rehousing", actor)


def cmd_options(args: argparse.Namespace, actor: Actor) -> int:
    """How many housing options stand in each state (counts only: never who, never where)."""
    rows = housing_options.overview(actor)
    lines = [f"{'housing option':<28} {'state':<44} {'count':>5}"]
    lines += [f"{r.title[:27]:<28} {r.state_title[:43]:<44} {r.count:>5}" for r in rows]
    return emit(args, [dataclasses.asdict(r) for r in rows], lines)


def _common(p: argparse.ArgumentParser, actions: tuple[str, ...], target: str) -> None:
    p.add_argument("action", choices=actions)
    p.add_argument("target", help=target)
    p.add_argument("--comment", help="why (refuse, withdraw, decline, decline-offer; approve: the decision)")


def add_commands(command: Command) -> None:
    """Add the emergency transfer, reciprocal move, joint tenancy and rehousing commands to `hearth support`."""
    tenures = ", ".join(TENURES)
    t = command("transfer", cmd_transfer)
    _common(t, ("request", "approve", "refuse", "temporary", "offer", "decline-offer", "move", "withdraw"),
            "the case (request) or the transfer's id")
    t.add_argument("--tenancy", help="request: the victim's current tenancy")
    t.add_argument("--reason", help="request: the reason and the risk evidence")
    t.add_argument("--tenure", help=f"request: held now; offer: offered ({tenures})")
    t.add_argument("--band", choices=("emergency", "high"), help="approve: the priority band")
    t.add_argument("--kind", choices=housing_transfer.TEMPORARY, help="temporary: where they stay meanwhile")
    t.add_argument("--property", help="offer: the home offered")
    t.add_argument("--on", help="move: the day YYYY-MM-DD")
    r = command("reciprocal", cmd_reciprocal)
    _common(r, ("draft", "send", "render", "offer", "decline", "decline-offer", "move", "withdraw"),
            "the case (draft) or the move's id")
    r.add_argument("--tenancy", help="draft: the victim's current social tenancy")
    r.add_argument("--to", help="draft: the receiving landlord's agency id")
    r.add_argument("--tenure", help=f"draft: held now; offer: offered ({tenures})")
    r.add_argument("--adults", type=int, default=1, help="draft: adults in the household")
    r.add_argument("--children", type=int, default=0, help="draft: children in the household")
    r.add_argument("--bedrooms", type=int, help="draft: bedrooms needed")
    r.add_argument("--need", action="append", help="draft: a need, no names or addresses (repeatable)")
    r.add_argument("--avoid", action="append", help="draft: an area to avoid (repeatable)")
    r.add_argument("--property", help="offer: the receiving landlord's home")
    r.add_argument("--on", help="move: the day YYYY-MM-DD")
    r.add_argument("--out", help="render: write the referral here")
    c = command("tenancy", cmd_tenancy)
    _common(c, ("request", "legal", "approve", "refuse", "change", "withdraw"), "the case (request) or the change's id")
    c.add_argument("--tenancy", help="request: the victim's joint tenancy")
    c.add_argument("--perpetrator-tenancy", help="request: the perpetrator's tenancy of the same home (if several)")
    c.add_argument("--tenure", help=f"request: the tenure the sole tenancy keeps ({tenures})")
    c.add_argument("--reason", help="request: why")
    c.add_argument("--order", help="legal: the court order's id (occupation, or property transfer as 'other')")
    c.add_argument("--notice-on", help="legal: the day the perpetrator gave notice to quit")
    c.add_argument("--on", help="change: the day it takes effect YYYY-MM-DD")
    h = command("rehousing", cmd_rehousing)
    _common(h, ("request", "approve", "refuse", "screen", "offer", "decline-offer", "move", "withdraw"),
            "the case (request) or the rehousing's id")
    h.add_argument("--tenancy", help="request: the perpetrator's tenancy of the family home")
    h.add_argument("--reason", help="request: why")
    h.add_argument("--victim-wishes-to-remain", action="store_true", help="request: the victim wishes to stay home")
    h.add_argument("--property", help="screen: the home to screen for the perpetrator")
    h.add_argument("--justification", help="offer: a DA lead's justification to offer despite a refer")
    h.add_argument("--tenure", help=f"move: the new tenancy's tenure ({tenures})")
    h.add_argument("--on", help="move: the day YYYY-MM-DD")
    command("options", cmd_options)
