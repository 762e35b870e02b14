"""MARAC for the chair: the agenda, the agency map, gaps and area figures, each as a user through the one check.

The meeting needs `view` (marac_meeting); each listed case appears only if the user may `view` its listing
(marac_case); a case's own map and gaps need `view` on the case. Actions: workflows/marac_actions.py; the
meeting record: workflows/marac_record.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from graph_model import audit, db, permissions
from graph_model.analytics.figures import SAFELIVES, Figure
from graph_model.analytics.offending import band
from graph_model.marac import agenda as agenda_q
from graph_model.marac import figures as figures_q
from graph_model.marac import gaps as gaps_q
from graph_model.marac import involvement as involvement_q
from graph_model.marac import policy
from graph_model.marac.involvement import Involvement
from graph_model.users import Actor
from workflows import security
from workflows.clock import Clock, from_env
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef
from workflows.registry import Registry, default

GROUPS = ("children", "adult", "repeat")  # SafeLives agenda order
NATIONAL = {"per_10k_adult_women": 45.0, "repeat_rate": 0.32, "children_per_case": 1.27, "non_police_share": 0.36}


@dataclass(frozen=True)
class AgendaItem:
    """One case on the agenda, labelled without naming anyone."""

    position: int
    label: str
    marac_case: str
    case: str
    group: str
    criterion: str
    referred: date
    dash_yes: int | None
    risk_band: str
    repeat: bool
    repeat_evidence: str
    children: tuple[str, ...]
    agencies: tuple[str, ...]
    open_actions: int


@dataclass(frozen=True)
class Agenda:
    """A meeting and the cases the user may see on it, in SafeLives order."""

    meeting: str
    area: str
    date: date
    chair: str | None
    items: tuple[AgendaItem, ...]
    hidden: int  # listed cases this user may not see


@dataclass(frozen=True)
class AgencyMap:
    """The agency-case graph: agency and case nodes, typed involvement edges with evidence."""

    nodes: tuple[dict[str, str], ...]
    edges: tuple[Involvement, ...]


@dataclass(frozen=True)
class Scope:
    """The cases a question covers for one user: (listing or None, case, label), the date judged at."""

    meeting: str | None
    on: date
    cases: tuple[tuple[str | None, str, str], ...]
    hidden: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def today(clock: Clock | None = None) -> date:
    """Return today's date by the engine's clock (HEARTH_CLOCK in the CLI, a FixedClock in tests)."""
    return (clock or from_env()).now().date()


def group_of(listing: agenda_q.Listing) -> str:
    """Return the agenda group: repeats last, then cases with children before adult-only ones."""
    if listing.repeat:
        return "repeat"
    return "children" if listing.children else "adult"


def order(listings: list[agenda_q.Listing]) -> list[agenda_q.Listing]:
    """Sort listings in SafeLives order: children, adult-only, repeats; each group by referral date."""
    return sorted(listings, key=lambda x: (GROUPS.index(group_of(x)), x.referred, x.id))


def label(position: int, marac_case: str) -> str:
    """Return the pseudonymous label of an agenda case: its position and listing id, never a name."""
    return f"Case {position} ({marac_case})"


def _meeting_scope(tx: Any, reg: Registry, actor: Actor, meeting_id: str,
                   now: date) -> tuple[agenda_q.Meeting, list[agenda_q.Listing], int]:
    security.check_in(tx, reg, actor, "view", ObjectRef("marac_meeting", meeting_id))
    found = agenda_q.meeting(tx, meeting_id)
    if found is None:
        raise UnknownObject(f"no marac_meeting {meeting_id!r} in the graph")
    refs = [ObjectRef("marac_case", i) for i in found.cases]
    seen = sorted(r.id for r in security.visible(tx, reg, actor, "view", refs))
    return found, order(agenda_q.listings(tx, seen, now)), len(refs) - len(seen)


def scope(tx: Any, reg: Registry, actor: Actor, now: date, meeting: str | None = None,
          case: str | None = None) -> Scope:
    """Return the cases of a meeting (those the user may view) or one case (needing view on it)."""
    if (meeting is None) == (case is None):
        raise UnknownObject("name a meeting or a case (one of them)")
    if meeting is not None:
        found, listed, hidden = _meeting_scope(tx, reg, actor, meeting, now)
        cases = tuple((x.id, x.case, label(n, x.id)) for n, x in enumerate(listed, 1))
        return Scope(meeting, found.date, cases, hidden, {"meeting": found, "listings": listed})
    assert case is not None
    security.check_in(tx, reg, actor, "view", ObjectRef("case", case))
    return Scope(None, now, ((None, case, f"Case {case}"),))


def agenda(meeting_id: str, actor: Actor, clock: Clock | None = None, registry: Registry | None = None,
           gap_policy: policy.GapPolicy | None = None, purpose: str | None = None) -> Agenda:
    """Return the meeting's agenda: the cases the user may view, in SafeLives order, with what the chair needs."""
    reg, rules = registry or default(), gap_policy or policy.gap_policy()

    def work(tx: Any) -> Agenda:
        s = scope(tx, reg, actor, today(clock), meeting=meeting_id)
        edges = involvement_q.involvement(tx, [c for _, c, _ in s.cases], meeting_id)
        involved = _involved(edges, rules)
        items = tuple(_item(n, x, involved.get(x.case, ())) for n, x in enumerate(s.extra["listings"], 1))
        m = s.extra["meeting"]
        return Agenda(m.id, m.area, m.date, m.chair, items, s.hidden)
    with audit.consultation(actor, "view_marac_agenda", purpose, [audit.subject("marac_meeting", meeting_id)]) as seen:
        found = db.read(work)
        seen.add(*(k for x in found.items for k in (audit.subject("marac_case", x.marac_case),
                                                     audit.subject("case", x.case))))
        return found


def _involved(edges: list[Involvement], rules: policy.GapPolicy) -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = {}
    for e in edges:
        if e.kind in rules.counts_as_involved:
            found.setdefault(e.case, set()).add(e.agency_name)
    return {case: tuple(sorted(names)) for case, names in found.items()}


def _item(position: int, x: agenda_q.Listing, agencies: tuple[str, ...]) -> AgendaItem:
    evidence = (f"incident {x.repeat_incident} on {x.repeat_date}, within 12 months of the MARAC referral on "
                f"{x.previous_referral}") if x.repeat else ""
    return AgendaItem(position, label(position, x.id), x.id, x.case, group_of(x), x.criterion, x.referred,
                      x.dash_yes, band(x.dash_yes, x.judged_high), x.repeat, evidence, x.children, agencies,
                      x.open_actions)


def agency_map(actor: Actor, meeting: str | None = None, case: str | None = None, clock: Clock | None = None,
               registry: Registry | None = None, purpose: str | None = None) -> AgencyMap:
    """Return the agency-case graph of a meeting's visible cases, or of one case, with typed edges."""
    reg = registry or default()

    def work(tx: Any) -> AgencyMap:
        s = scope(tx, reg, actor, today(clock), meeting=meeting, case=case)
        edges = involvement_q.involvement(tx, [c for _, c, _ in s.cases], meeting)
        nodes: dict[str, dict[str, str]] = {c: {"id": c, "type": "case", "label": lab} for _, c, lab in s.cases}
        for e in edges:
            nodes.setdefault(e.agency, {"id": e.agency, "type": "agency", "label": e.agency_name,
                                        "kind": e.agency_kind})
        return AgencyMap(tuple(nodes.values()), tuple(edges))
    asked = [audit.subject("marac_meeting", meeting)] if meeting else [audit.subject("case", case or "")]
    with audit.consultation(actor, "view_marac_map", purpose, asked) as seen:
        found = db.read(work)
        seen.add(*(audit.subject("case", n["id"]) for n in found.nodes if n["type"] == "case"))
        return found


@dataclass(frozen=True)
class Gap:
    """An expected agency missing from a case, by a configured rule, with the evidence that triggered it."""

    case: str
    label: str
    rule: str
    says: str
    expected_kinds: tuple[str, ...]
    evidence: str


def gaps(actor: Actor, meeting: str | None = None, case: str | None = None, clock: Clock | None = None,
         registry: Registry | None = None, gap_policy: policy.GapPolicy | None = None,
         purpose: str | None = None) -> list[Gap]:
    """Return the gaps of a meeting's visible cases, or of one case, by the configured rules."""
    reg, rules = registry or default(), gap_policy or policy.gap_policy()

    def work(tx: Any) -> list[Gap]:
        s = scope(tx, reg, actor, today(clock), meeting=meeting, case=case)
        ids = [c for _, c, _ in s.cases]
        facts = gaps_q.facts(tx, ids, s.on, rules.supervision_kinds, rules.social_landlord_kinds)
        kinds: dict[str, set[str]] = {}
        for e in involvement_q.involvement(tx, ids, meeting):
            if e.kind in rules.counts_as_involved:
                kinds.setdefault(e.case, set()).add(e.agency_kind)
        found = []
        for _, cid, lab in s.cases:
            found += evaluate(facts[cid], kinds.get(cid, set()), rules, lab)
        return found
    asked = [audit.subject("marac_meeting", meeting)] if meeting else [audit.subject("case", case or "")]
    with audit.consultation(actor, "view_marac_gaps", purpose, asked) as seen:
        gaps_found = db.read(work)
        seen.add(*(audit.subject("case", g.case) for g in gaps_found))
        return gaps_found


def fact_evidence(f: gaps_q.CaseFacts, rules: policy.GapPolicy) -> dict[str, str]:
    """Return the facts a case shows, each with its evidence (absent facts are left out)."""
    shown = {}
    if f.children:
        shown["children_in_household"] = f"children in the household: {', '.join(f.children)}"
    if f.judged_high or (f.dash_yes or 0) >= rules.high_risk_threshold:
        shown["high_risk"] = ("professional judgement: high risk" if f.judged_high
                              else f"DASH {f.dash_yes} yes (threshold {rules.high_risk_threshold})")
    if f.supervisors:
        shown["perpetrator_supervised"] = f"perpetrator known to {', '.join(f.supervisors)}"
    if f.landlords:
        shown["victim_social_tenant"] = f"victim a tenant of {', '.join(f.landlords)}"
    if f.substance_misuse:
        shown["substance_misuse"] = "DASH question 21 (drugs, alcohol or mental health) answered yes"
    return shown


def evaluate(f: gaps_q.CaseFacts, involved_kinds: set[str], rules: policy.GapPolicy, case_label: str) -> list[Gap]:
    """Apply every rule to one case's facts and the kinds of agency involved in it."""
    shown = fact_evidence(f, rules)
    return [Gap(f.case, case_label, r.id, r.says, r.expect, shown[r.when]) for r in rules.rules
            if r.when in shown and not involved_kinds & set(r.expect)]


@dataclass(frozen=True)
class AreaFigures:
    """One MARAC area's figures over twelve months, each beside the SafeLives national figure."""

    area: str
    start: date
    end: date
    cases: int
    figures: tuple[Figure, ...]


def figures(actor: Actor, clock: Clock | None = None, area: str | None = None,
            adult_women: dict[str, int] | None = None) -> list[AreaFigures]:
    """Return each area's MARAC figures for the twelve months to today (aggregates only)."""
    permissions.check(actor, "marac_figures")
    end = today(clock)
    start = end - timedelta(days=365)
    population = adult_women if adult_women is not None else policy.adult_women()
    found = db.read(lambda tx: figures_q.counts(tx, start, end, area))
    return [AreaFigures(c.area, start, end, c.cases, _figures(c, population.get(c.area))) for c in found]


def _ratio(name: str, num: int, den: int | None, scale: float, unit: str, note: str = "") -> Figure:
    value = round(num * scale / den, 2) if den else None
    return Figure(name, value, unit, NATIONAL[name], SAFELIVES, num, den, note)


def _figures(c: figures_q.AreaCounts, women: int | None) -> tuple[Figure, ...]:
    missing = "" if women else "no adult female population configured for this area (policy/marac_areas.yaml)"
    return (_ratio("per_10k_adult_women", c.cases, women, 10_000, "cases per 10,000 adult women", missing),
            _ratio("repeat_rate", c.repeats, c.cases, 1, "repeat rate (share of cases)"),
            _ratio("children_per_case", c.children, c.cases, 1, "children in the household per case"),
            _ratio("non_police_share", c.non_police, c.referrer_known, 1,
                   "referred by agencies other than police (share of referrals with a known referrer)"))
