"""MARAC for the chair and coordinator: the meetings they may see, the agenda, agency map, gaps, actions, record."""

from __future__ import annotations

from datetime import date

from dashboard.services.acting import actor
from graph_model import db, read_model
from graph_model.read_model import MeetingSummary
from workflows import marac, marac_record, registry, security
from workflows.marac import AgencyMap, Agenda, Gap
from workflows.marac_record import MeetingRecord
from workflows.refs import ObjectRef


def meetings() -> list[MeetingSummary]:
    """Return the MARAC meetings the user may view, newest first."""
    user, reg = actor(), registry.default()
    found = read_model.marac_meetings()
    refs = [ObjectRef("marac_meeting", m.id) for m in found]
    seen = db.read(lambda tx: security.visible(tx, reg, user, "view", refs))
    return [m for m, ref in zip(found, refs, strict=True) if ref in seen]


def agenda(meeting: str) -> Agenda:
    """Return the meeting's agenda: the cases the user may view, in SafeLives order."""
    return marac.agenda(meeting, actor())


def agency_map(meeting: str) -> tuple[AgencyMap, list[Gap]]:
    """Return the agency-case map of the meeting's visible cases, and the expected agencies missing."""
    user = actor()
    return marac.agency_map(user, meeting=meeting), marac.gaps(user, meeting=meeting)


def record(meeting: str) -> tuple[MeetingRecord, str, date]:
    """Return the meeting record as the user may see it, as HTML for download too, and today's date."""
    found = marac_record.build(meeting, actor())
    return found, marac_record.to_html(found), marac.today()
