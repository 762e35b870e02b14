"""A referral as a document the receiving agency can read: the contents of IDVA guidance para 80, so the victim
does not have to repeat their story.

It carries: contact preferences and safe times (with the "never at home" warnings and the SPOC), accessibility
and language needs (an independent interpreter), the needs and risk assessment (the latest DASH, the one before
it and recent incidents: escalation), the safety plan and support actions, the other agencies known to be in
contact (derived from the graph), the consent or lawful basis, and the support directory.

It never carries the victim's address (para 80 does not ask for it; an address goes to no one who does not need
it) nor the agreed code word (only the assigned IDVA or caseworker sees it; the document says one is agreed).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph_model import audit, db
from graph_model.marac import involvement as involvement_q
from graph_model.support import records
from graph_model.support import referral as referral_q
from graph_model.users import Actor
from workflows import security, sharing
from workflows.errors import UnknownObject
from workflows.refs import ObjectRef
from workflows.registry import Registry, default
from workflows.support_policy import SAFETY_ITEMS, SupportPolicy, directory_lines
from workflows.support_policy import default as default_policy

# Involvement that means an agency is in contact with the victim or family (attending the MARAC that heard the
# case does not: every agency at the meeting attends).
IN_CONTACT = frozenset({"referral_from", "referral_to", "action_owner", "practitioner", "assessor", "consent",
                        "lawful_basis"})
HIDDEN = ("code_word", "person", "updated_at", "updated_by", "spoc_previous")


@dataclass(frozen=True)
class ReferralDocument:
    """What the receiving agency reads, already reduced to what it may see."""

    referral: dict[str, Any]
    victims: tuple[dict[str, Any], ...]
    children: int
    dash: tuple[dict[str, Any], ...]
    incidents_3m: tuple[int, date | None]
    needs: dict[str, Any] | None
    safety: dict[str, Any] | None
    actions: tuple[dict[str, Any], ...]
    agencies: tuple[tuple[str, str, str], ...]
    consents: tuple[dict[str, Any], ...]
    sharing_state: str
    directory: tuple[str, ...]
    reader: str


def build(referral_id: str, actor: Actor, registry: Registry | None = None,
          policy: SupportPolicy | None = None, purpose: str | None = None) -> ReferralDocument:
    """Gather a referral's document (needs `view` on the referral and on its case)."""
    reg, rules = registry or default(), policy or default_policy()

    def work(tx: Any) -> ReferralDocument:
        security.check_in(tx, reg, actor, "view", ObjectRef("idva_referral", referral_id))
        ref = referral_q.referral(tx, referral_id)
        if ref is None:
            raise UnknownObject(f"no referral {referral_id!r}")
        case_id = ref["case"]
        security.check_in(tx, reg, actor, "view", ObjectRef("case", case_id))
        victims = records.victims(tx, case_id)
        contacts = {c["person"]: c for c in records.contacts(tx, [v["id"] for v in victims])}
        people = tuple({**v, "contact": contacts.get(v["id"], {}).get("contact", {})} for v in victims)
        since = months_before(ref["date"], 3)
        edges = [e for e in involvement_q.involvement(tx, [case_id]) if e.kind in IN_CONTACT]
        kinds: dict[tuple[str, str], set[str]] = {}
        for e in edges:
            kinds.setdefault((e.agency_name, e.agency_kind), set()).add(e.kind.replace("_", " "))
        agencies = tuple((name, kind, ", ".join(sorted(how))) for (name, kind), how in sorted(kinds.items()))
        sharing = security.states_of(tx, reg, ObjectRef("case", case_id)).get("information_sharing", (0, "-"))[1]
        info = records.case_info(tx, case_id) or {}
        return ReferralDocument(ref, people, int(info.get("children") or 0), tuple(referral_q.dash(tx, case_id)),
                                referral_q.incidents(tx, case_id, since, ref["date"]),
                                records.latest_needs(tx, case_id), records.safety(tx, case_id),
                                tuple(records.actions(tx, case_id)), agencies,
                                tuple(referral_q.consents(tx, case_id)), sharing, tuple(directory_lines(rules)),
                                actor.username)
    asked = [audit.subject("idva_referral", referral_id)]
    with audit.consultation(actor, "view_referral_document", purpose, asked) as seen:
        doc = db.read(work)
        seen.add(audit.subject("case", str(doc.referral["case"])), *audit.people(str(v["id"]) for v in doc.victims))
        return doc


def render(referral_id: str, actor: Actor, registry: Registry | None = None, policy: SupportPolicy | None = None,
           purpose: str | None = None) -> str:
    """Return the referral's document for the receiving agency as Markdown: a disclosure to that agency, refused
    unless the victim still consents (or the case records a lawful basis, for a referral made on one)."""
    reg = registry or default()
    why = purpose or "IDVA referral document sent to the receiving agency"
    subjects = [audit.subject("idva_referral", referral_id)]

    def target(tx: Any) -> dict[str, Any]:
        security.check_in(tx, reg, actor, "view", ObjectRef("idva_referral", referral_id))
        ref = referral_q.referral(tx, referral_id)
        if ref is None:
            raise UnknownObject(f"no referral {referral_id!r}")
        sharing.require(tx, actor, ref["case"], [ref["to_id"]], ref["basis"])
        return ref

    def record(tx: Any) -> None:
        sharing.disclose(tx, actor, "share_referral_document", found["case"], [found["to_id"]], why,
                         [*subjects, *audit.people(str(v["id"]) for v in doc.victims)], found["basis"])
    with audit.denials(actor, "share_referral_document", why, subjects):
        found = db.read(target)
        doc = build(referral_id, actor, reg, policy, purpose)
        db.write(record)
    return to_markdown(doc)


def months_before(day: date, months: int) -> date:
    """Return the same day `months` calendar months earlier (clamped to the month's last day)."""
    month0 = day.month - 1 - months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _band(yes: int | None, judgement: bool) -> str:
    if judgement or (yes or 0) >= 14:
        return "high"
    return "medium" if (yes or 0) >= 10 else "standard"


def _contact_lines(person: dict[str, Any]) -> list[str]:
    c = {k: v for k, v in person["contact"].items() if k not in HIDDEN}
    if not c:
        return ["- No safe contact details recorded: ask the referrer before any contact."]
    warnings = c.get("warnings") or []
    lines = [f"- WARNING: {w.replace('_', ' ').upper()}" for w in warnings]
    lines += [f"- Safe ways to contact: {', '.join(c.get('ways') or []) or 'not recorded'}",
              f"- Safe times: {c.get('safe_times') or 'not recorded'}",
              f"- Safe phone: {c.get('phone') or 'not recorded'}",
              f"- Single point of contact chosen by the victim: {c.get('spoc') or 'none chosen'}"
              + (f" (agreed {c['spoc_agreed_on']})" if c.get("spoc_agreed_on") else "")]
    if "code_word" in person["contact"]:
        lines.append("- A code word is agreed: the assigned IDVA or caseworker holds it (not written here).")
    lines += ["", "Accessibility and language:",
              f"- Language: {c.get('language') or 'not recorded'}",
              f"- Interpreter: {(c.get('interpreter') or 'not recorded').replace('_', ' ')}"
              + (f" ({c['interpreter_notes']})" if c.get("interpreter_notes") else "")
              + " - never a family or community member",
              f"- Accessibility needs: {c.get('accessibility') or 'none recorded'}"]
    return lines


def _risk_lines(d: ReferralDocument) -> list[str]:
    lines = []
    if d.dash:
        latest = d.dash[0]
        lines.append(f"- Latest DASH {latest['date']}: {latest['yes']} of 24, {_band(latest['yes'], latest['pj'])} "
                     "risk" + (" (professional judgement: high)" if latest["pj"] else ""))
        if len(d.dash) == 2:
            prev = d.dash[1]
            trend = "RISING" if (latest["yes"] or 0) > (prev["yes"] or 0) else "not rising"
            lines.append(f"- Previous DASH {prev['date']}: {prev['yes']} of 24 ({trend})")
    else:
        lines.append("- No DASH risk assessment recorded")
    n, last = d.incidents_3m
    lines.append(f"- Incidents in the 3 months before the referral: {n}" + (f", the last on {last}" if last else ""))
    if d.needs:
        lines.append(f"- Needs assessment {d.needs['date']} (review by {d.needs.get('review_by')}):")
        lines += [f"    - {k.replace('_', ' ')}: {v}" for k, v in sorted(d.needs["areas"].items())]
        if d.needs.get("nrpf"):
            lines.append("    - NO RECOURSE TO PUBLIC FUNDS")
        if d.needs.get("change"):
            lines.append(f"    - change of circumstances: {d.needs['change']}")
    else:
        lines.append("- No needs assessment recorded")
    return lines


def to_markdown(d: ReferralDocument) -> str:
    """Return the document as Markdown (plain text anyone can read)."""
    r = d.referral
    out = [f"# Referral {r['id']} to {r['to_name']}", "", "OFFICIAL-SENSITIVE. Shared for the victim's safety; "
           "do not pass on. The victim's address is not included.", "",
           f"- Kind: {r['kind']} referral, {r['date']}; case {r['case']} ({r['area']})",
           f"- From: {r['from_name'] or 'NO REFERRING AGENCY (self-referral)'}", f"- To: {r['to_name']}", "",
           "## Consent or lawful basis", f"- Basis of this referral: {r['basis'].replace('_', ' ')}",
           f"- Information sharing on the case: {d.sharing_state.replace('_', ' ')}"]
    out += [f"- Consent {c['scope']} by {c['person']}: {c['status']} ({c['date']})" for c in d.consents]
    for v in d.victims:
        out += ["", f"## {v['name'] or v['id']} (born {v['date_of_birth'] or 'unknown'})", "",
                "Contact preferences and safe times:", *_contact_lines(v)]
    out += ["", f"Children in the household: {d.children}", "", "## Needs and risk assessment", *_risk_lines(d),
            "", "## Safety plan and safeguarding actions"]
    items = (d.safety or {}).get("items", {})
    out += [f"- [{'x' if items.get(k, {}).get('done') else ' '}] {label}"
            + (f" ({items[k]['note']})" if items.get(k, {}).get("note") else "") for k, label in SAFETY_ITEMS.items()]
    if d.safety:
        out.append(f"- Safety plan last reviewed {d.safety.get('reviewed_on')}")
    out += [f"- Action ({a['kind']}, {a['status']}): {a['description']} - owner {a['owner']}"
            + (f", due {a['due']}" if a.get("due") else "") for a in d.actions]
    out += ["", "## Other agencies known to be in contact"]
    out += [f"- {name} ({kind.replace('_', ' ')}): {how}" for name, kind, how in d.agencies]
    out += ["", "## Support directory"]
    out += [f"- {line.strip()}" if line.startswith("  ") else f"\n{line}" for line in d.directory]
    out += [
            "", f"Produced for {d.reader}."]
    return "\n".join(out) + "\n"
