"""`hearth support perpetrator ...` (flags, release, counter-allegations, programme referrals) and
`hearth support equality ...` (record with consent, withdraw, the aggregate report), as a named user."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from datetime import date

from graph_model.errors import InvalidInput
from graph_model.users import Actor
from hearth.analyse_cli import parse_date
from hearth.workflow_ops_cli import emit
from workflows import service, support_equality, support_perp, support_programme
from workflows.support_equality import CHARACTERISTICS, PREFER

Command = Callable[..., argparse.ArgumentParser]
STEPS = {"assess": "assess", "accept": "accept", "unsuitable": "unsuitable", "start": "start",
         "complete": "complete", "drop-out": "drop_out"}


def _need(args: argparse.Namespace, *names: str) -> None:
    missing = [f"--{n.replace('_', '-')}" for n in names if getattr(args, n) in (None, "")]
    if missing:
        raise InvalidInput(f"{args.action} needs {', '.join(missing)}")


def _day(text: str | None, option: str) -> date | None:
    return parse_date(text, option) if text else None


def _show_lines(view: support_perp.PerpetratorView) -> list[str]:
    lines = [f"{view.case}: perpetrator side"]
    for p in view.perpetrators:
        lines.append(f"  {p['id']} {p['name']}")
        lines += [f"    flag {f['kind']}" + (f" category {f['category']} level {f['level']}" if f["kind"] == "mappa"
                                               else "") + (f", {f['panel']}" if f.get("panel") else "")
                  + f", from {f['on']}" + (f" until {f['until']}" if f.get("until") else "")
                  + f" (recorded by {f['recorded_by']})" for f in p["flags"]]
        lines += [f"    release from prison {r['date']}" + (f" ({r['note']})" if r.get("note") else "")
                  for r in p["releases"]]
    for c in view.counter_allegations:
        state = (f"primary perpetrator {c.decision['primary']} identified with {c.decision['service_name']} on "
                 f"{c.decision['decided_on']} by {c.decision['decided_by']}" if c.decision
                 else "NO PRIMARY PERPETRATOR IDENTIFIED: MARAC and programme steps wait")
        lines.append(f"  counter-allegation {c.victim} / {c.perpetrator} ({'; '.join(c.grounds)}): {state}")
    lines += [f"  programme referral {r['id']} of {r['person']} to {r['programme']} on {r['date']}: {r['state']}"
              for r in view.programme_referrals]
    return lines


def cmd_perpetrator(args: argparse.Namespace, actor: Actor) -> int:
    """The perpetrator side of a case: show, flag (MAPPA / panel), release, primary (counter-allegations),
    refer (to a programme), programmes, and the programme steps (assess, accept, unsuitable, start, complete,
    drop-out on a referral)."""
    if args.action == "programmes":
        found = support_programme.programmes()
        return emit(args, [dataclasses.asdict(p) for p in found],
                    [f"{p.id}: {p.name} ({p.provider}). {p.for_whom}" for p in found])
    if not args.target:
        raise InvalidInput(f"{args.action} needs the case's id (or, for a programme step, the referral's id)")
    if args.action in STEPS:
        fired = service.fire(support_programme.programme_ref(args.target), STEPS[args.action], actor,
                             comment=args.comment or "")
        return emit(args, fired.entries, [f"{args.target}: {e['from_state']} -> {e['to_state']}"
                                          for e in fired.entries])
    if args.action == "show":
        view = support_perp.show(args.target, actor)
        return emit(args, dataclasses.asdict(view), _show_lines(view))
    if args.action == "flag":
        _need(args, "person", "kind", "on")
        new = support_perp.record_flag(args.target, args.person, actor, args.kind, parse_date(args.on, "--on"),
                                       args.category, args.level, args.panel, _day(args.until, "--until"))
        return emit(args, {"id": new}, [f"recorded {args.kind} flag {new} on {args.person}"])
    if args.action == "release":
        _need(args, "person", "on")
        new, reviewed = support_perp.record_release(args.target, args.person, parse_date(args.on, "--on"), actor,
                                                    args.note)
        return emit(args, {"id": new, "review_started": reviewed},
                    [f"recorded release {new} of {args.person}"
                     + ("; the victim's risk review has started (change of circumstances)" if reviewed else "")])
    if args.action == "primary":
        _need(args, "primary", "other", "service", "decided_by", "on", "rationale")
        new = support_perp.identify_primary(args.target, args.primary, args.other, args.service, args.decided_by,
                                            parse_date(args.on, "--on"), args.rationale, actor)
        return emit(args, {"id": new}, [f"recorded decision {new}: {args.primary} is the primary perpetrator"])
    _need(args, "person", "programme")
    new = support_programme.refer(args.target, args.person, args.programme, actor, _day(args.on, "--on"))
    return emit(args, {"id": new}, [f"referred {args.person} to {args.programme}: {new} "
                                    f"(perpetrator_programme:{new})"])


def _report_lines(r: support_equality.EqualityReport) -> list[str]:
    lines = [f"Equality monitoring of victims, {r.start} to {r.end} (counts under 5 shown as <5; national: "
             f"{r.national_source})"]
    for a in r.areas:
        lines.append(f"{a.area}: {a.total} recorded")
        for c in a.characteristics:
            lines.append(f"  {c.name}: " + ", ".join(f"{cell.answer} {cell.shown}" for cell in c.cells))
            lines += [f"    {answer}: {local} here, {national} nationally" for answer, local, national in c.comparison]
    return lines if r.areas else [*lines, "no equality records in this period"]


def cmd_equality(args: argparse.Namespace, actor: Actor) -> int:
    """Equality monitoring: record a victim's answers with their consent, withdraw (erases them), report
    (aggregate only), questions (the characteristics and answers)."""
    if args.action == "questions":
        return emit(args, {k: [*v, PREFER] for k, v in CHARACTERISTICS.items()},
                    [f"{k}: {', '.join((*v, PREFER))}" for k, v in CHARACTERISTICS.items()])
    if args.action == "report":
        r = support_equality.report(actor, _day(args.start, "--from"), _day(args.end, "--to"), args.area)
        return emit(args, dataclasses.asdict(r), _report_lines(r))
    if not (args.target and args.person):
        raise InvalidInput(f"{args.action} needs the case's id and --person P (a victim in the case)")
    if args.action == "withdraw":
        erased = support_equality.withdraw(args.target, args.person, actor)
        return emit(args, {"erased": erased}, [f"{args.person}: consent withdrawn"
                                               + ("; equality answers erased" if erased else "")])
    from hearth.support_cli import pairs  # here: support_cli imports this module to register its commands

    n = support_equality.record(args.target, args.person, actor, pairs(args.answer, "--answer"), args.consent_given)
    return emit(args, {"answers": n}, [f"{args.person}: {n} equality answer(s) recorded"])


def add_commands(command: Command) -> None:
    """Add the perpetrator and equality commands to `hearth support`."""
    perp = command("perpetrator", cmd_perpetrator)
    perp.add_argument("action", choices=("show", "flag", "release", "primary", "refer", "programmes", *STEPS))
    perp.add_argument("target", nargs="?", help="the case's id, or the programme referral's id (a step)")
    perp.add_argument("--person", help="the perpetrator's person id (flag, release, refer)")
    perp.add_argument("--kind", choices=support_perp.FLAG_KINDS, help="flag: mappa, perpetrator_panel or matac")
    perp.add_argument("--category", type=int, choices=(1, 2, 3), help="flag (MAPPA): the category")
    perp.add_argument("--level", type=int, choices=(1, 2, 3), help="flag (MAPPA): the level of management")
    perp.add_argument("--panel", help="flag: the panel, e.g. 'Cambridge Perpetrator Panel'")
    perp.add_argument("--on", help="YYYY-MM-DD: flagged on, released on, decided on, referred on")
    perp.add_argument("--until", help="flag: ended on YYYY-MM-DD")
    perp.add_argument("--note", help="release: e.g. 'on licence, exclusion zone'")
    perp.add_argument("--primary", help="primary: the person identified as the primary perpetrator")
    perp.add_argument("--other", help="primary: the other party (identified as the victim)")
    perp.add_argument("--service", help="primary: the specialist service's agency id")
    perp.add_argument("--decided-by", help="primary: who decided (name and role at the service)")
    perp.add_argument("--rationale", help="primary: why")
    perp.add_argument("--programme", help="refer: the programme's id (see `programmes`)")
    perp.add_argument("--comment", help="a step: why (unsuitable, drop-out)")
    eq = command("equality", cmd_equality)
    eq.add_argument("action", choices=("record", "withdraw", "report", "questions"))
    eq.add_argument("target", nargs="?", help="the case's id (record, withdraw)")
    eq.add_argument("--person", help="the victim's person id (record, withdraw)")
    eq.add_argument("--answer", action="append", metavar="CHARACTERISTIC=ANSWER",
                    help="repeatable; see `questions` (each may be prefer_not_to_say)")
    eq.add_argument("--consent-given", action="store_true", help="the person consents to equality monitoring now")
    eq.add_argument("--area", help="report: one area only")
    eq.add_argument("--from", dest="start", help="report: first day YYYY-MM-DD (default a year before --to)")
    eq.add_argument("--to", dest="end", help="report: the day after the last (default tomorrow)")
