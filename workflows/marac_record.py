"""The record of a MARAC meeting as a user may see it, and as HTML (every value escaped by the stdlib `html`)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph_model import audit, db
from graph_model.marac import actions as actions_q
from graph_model.marac import involvement as involvement_q
from graph_model.marac import policy
from graph_model.marac import record as record_q
from graph_model.marac.actions import Action
from graph_model.users import Actor
from workflows import security
from workflows.clock import Clock
from workflows.marac import label, scope, today
from workflows.refs import ObjectRef
from workflows.registry import Registry, default


@dataclass(frozen=True)
class RecordCase:
    """One heard case in the record: its label, criterion and the actions agreed for it."""

    label: str
    marac_case: str
    criterion: str
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class MeetingRecord:
    """Date, chair, attendance by agency, apologies, and per case the actions agreed (only what the reader sees)."""

    meeting: str
    area: str
    date: date
    chair: str | None
    attending: tuple[str, ...]
    apologies: tuple[str, ...]
    cases: tuple[RecordCase, ...]
    hidden: int
    reader: str
    attending_ids: tuple[str, ...] = ()


def build(meeting_id: str, actor: Actor, clock: Clock | None = None, registry: Registry | None = None,
          gap_policy: policy.GapPolicy | None = None, purpose: str | None = None) -> MeetingRecord:
    """Return the meeting's record as the user may see it; apologies are agencies involved but absent."""
    reg, rules = registry or default(), gap_policy or policy.gap_policy()

    def work(tx: Any) -> MeetingRecord:
        s = scope(tx, reg, actor, today(clock), meeting=meeting_id)
        m = s.extra["meeting"]
        listings = s.extra["listings"]
        found = actions_q.of_listings(tx, [x.id for x in listings])
        seen = security.visible(tx, reg, actor, "view", [ObjectRef("marac_action", a.id) for a in found])
        edges = involvement_q.involvement(tx, [x.case for x in listings], meeting_id)
        expected = {e.agency for e in edges if e.kind in rules.counts_as_involved} - set(m.attending)
        names = {a.id: a.name for a in record_q.agencies(tx, sorted(set(m.attending) | expected))}
        cases = tuple(RecordCase(label(n, x.id), x.id, x.criterion,
                                 tuple(a for a in found if a.marac_case == x.id and ObjectRef("marac_action", a.id)
                                       in seen)) for n, x in enumerate(listings, 1))
        return MeetingRecord(m.id, m.area, m.date, m.chair, tuple(sorted(names[a] for a in m.attending if a in names)),
                             tuple(sorted(names[a] for a in expected if a in names)), cases, s.hidden,
                             actor.username, tuple(sorted(m.attending)))
    with audit.consultation(actor, "view_marac_record", purpose, [audit.subject("marac_meeting", meeting_id)]) as seen:
        found = db.read(work)
        seen.add(*(audit.subject("marac_case", c.marac_case) for c in found.cases))
        return found


def render(meeting_id: str, actor: Actor, clock: Clock | None = None, registry: Registry | None = None,
           purpose: str | None = None) -> tuple[MeetingRecord, str]:
    """Return the meeting record and its HTML to send to the agencies that attended: recorded as a disclosure to them.

    Not refused for want of consent: the record carries listing labels, criteria and the actions agreed, never a
    name, and goes only to agencies that heard the cases at the meeting (MARAC's own information-sharing basis).
    """
    found = build(meeting_id, actor, clock, registry, purpose=purpose)
    subjects = [audit.subject("marac_meeting", meeting_id), *(audit.subject("marac_case", c.marac_case)
                                                            for c in found.cases)]
    db.write(lambda tx: audit.disclosed(tx, actor, "share_marac_record", purpose or "MARAC meeting record sent",
                                        found.attending_ids, "marac_meeting", subjects))
    return found, to_html(found)


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _case_html(c: RecordCase) -> list[str]:
    out = [f"<h3>{_e(c.label)}</h3>", f"<p>Referral criterion: {_e(c.criterion.replace('_', ' '))}</p>"]
    if not c.actions:
        return out + ["<p>No actions recorded.</p>"]
    out.append("<table><tr><th>Action</th><th>Owner agency</th><th>Due</th><th>Status</th></tr>")
    out += [f"<tr><td>{_e(a.description)}</td><td>{_e(a.owner_name)}</td><td>{_e(a.due)}</td><td>{_e(a.status)}</td>"
            "</tr>" for a in c.actions]
    return out + ["</table>"]


def to_html(r: MeetingRecord) -> str:
    """Return the record as a standalone HTML page; every value from the graph is escaped."""
    title = f"MARAC {r.area}, {r.date}"
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{_e(title)}</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
             "td,th{border:1px solid #999;padding:.3em .6em;text-align:left}</style></head><body>",
             f"<h1>{_e(title)}</h1>", "<p>OFFICIAL-SENSITIVE. MARAC record: confidential to the agencies present.</p>",
             f"<p>Meeting {_e(r.meeting)}. Date: {_e(r.date)}. Chair: {_e(r.chair or 'not recorded')}.</p>",
             "<h2>Attendance by agency</h2>", "<ul>", *[f"<li>{_e(a)}</li>" for a in r.attending], "</ul>",
             "<h2>Apologies (agencies involved in a case but not attending)</h2>", "<ul>",
             *([f"<li>{_e(a)}</li>" for a in r.apologies] or ["<li>None</li>"]), "</ul>",
             "<h2>Cases and actions agreed</h2>"]
    for c in r.cases:
        parts += _case_html(c)
    if r.hidden:
        parts.append(f"<p>{_e(r.hidden)} further case(s) listed are not shown to {_e(r.reader)}.</p>")
    parts.append(f"<p>Produced for {_e(r.reader)}.</p></body></html>")
    return "\n".join(parts) + "\n"
