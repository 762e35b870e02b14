"""The screening rules, applied to what the queries found: outcome, reason codes, and the restricted findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from graph_model.screening.policy import Policy

REFUSE, REFER, CLEAR = "refuse", "refer", "clear"
# Reason codes, most serious first; each maps to the outcome it forces.
CODES: dict[str, str] = {
    "PERPETRATOR_SAME_BUILDING": REFUSE,
    "PERPETRATOR_NEAR_VICTIM": REFUSE,
    "ORDER_EXCLUSION_ZONE": REFUSE,
    "PERPETRATOR_WITHIN_OUTER_RADIUS": REFER,
    "WEAK_LINK_NEAR_VICTIM": REFER,
    "VICTIM_NEAR_PERPETRATOR": REFER,
    "CONNECTED_PERSON_NEAR_VICTIM": REFER,
}
PLAIN: dict[str, str] = {
    "PERPETRATOR_SAME_BUILDING": "The applicant is a recorded perpetrator against someone living in the same building.",
    "PERPETRATOR_NEAR_VICTIM": "The applicant is a recorded perpetrator against someone living close to this property.",
    "ORDER_EXCLUSION_ZONE": "The property lies inside the exclusion zone of a court order against the applicant.",
    "PERPETRATOR_WITHIN_OUTER_RADIUS": "The applicant is a recorded perpetrator against someone living in the "
                                       "wider area of this property.",
    "WEAK_LINK_NEAR_VICTIM": "The applicant is linked to abuse of someone living near this property by a weaker "
                             "record (a counter-allegation or a closed case).",
    "VICTIM_NEAR_PERPETRATOR": "The applicant is a recorded victim and someone who abused them lives near this "
                               "property.",
    "CONNECTED_PERSON_NEAR_VICTIM": "A person personally connected to the applicant is a recorded perpetrator "
                                    "against someone living close to this property.",
}


@dataclass(frozen=True)
class Finding:
    """One reason, with the restricted detail behind it (only a DA lead ever sees this)."""

    reason: str
    role: str
    person_id: str | None
    person_name: str | None
    case_id: str | None
    order_id: str | None
    distance_m: float
    same_building: bool
    via_person: str | None = None  # the connected perpetrator, for CONNECTED_PERSON_NEAR_VICTIM


def _closed(row: dict[str, Any], policy: Policy, on: date) -> tuple[bool, bool]:
    """Return (counts, weak) for a case row: ignored states and old closures do not count; closures are weak."""
    state = row.get("case_state")
    if state in policy.ignored_states:
        return False, False
    if state in policy.closed_states:
        since = row.get("state_since")
        closed_on = since.astimezone(UTC).date() if isinstance(since, datetime) else on
        years = (on - closed_on).days / 365.25
        return years <= policy.closed_case_years, True
    return True, bool(row.get("counter"))


def _finding(reason: str, row: dict[str, Any], via: str | None = None) -> Finding:
    return Finding(reason, row["role"], row.get("person_id"), row.get("person_name"), row.get("case"),
                   row.get("order"), round(float(row["distance"]), 1), bool(row.get("same_building")), via)


def apply(rows: list[dict[str, Any]], connected: list[dict[str, Any]], policy: Policy, on: date) -> list[Finding]:
    """Return every finding the rules make of the rows (applicant-first) and the connected perpetrators."""
    found = []
    for row in rows:
        near = row["same_building"] or row["distance"] <= policy.inner_radius_m
        wider = row["distance"] <= policy.outer_radius_m
        if row["side"] == "exclusion":
            if row["radius"] is not None and row["distance"] <= float(row["radius"]):
                found.append(_finding("ORDER_EXCLUSION_ZONE", row))
            continue
        counts, weak = _closed(row, policy, on) if row["case"] else (True, False)
        if not counts or not (near or wider):
            continue
        if row["side"] == "victim":
            found.append(_finding("VICTIM_NEAR_PERPETRATOR", row))
        elif row["role"] not in policy.protected_roles and row["role"] != "protected":
            continue
        elif weak:
            found.append(_finding("WEAK_LINK_NEAR_VICTIM", row))
        elif near:
            found.append(_finding("PERPETRATOR_SAME_BUILDING" if row["same_building"] else "PERPETRATOR_NEAR_VICTIM",
                                  row))
        else:
            found.append(_finding("PERPETRATOR_WITHIN_OUTER_RADIUS", row))
    for row in connected:
        counts, _ = _closed(row, policy, on)
        if counts and row["role"] in policy.protected_roles:
            found.append(_finding("CONNECTED_PERSON_NEAR_VICTIM", row, via=row["perpetrator"]))
    order = list(CODES)
    return sorted(found, key=lambda f: (order.index(f.reason), f.distance_m))


def outcome(findings: list[Finding]) -> tuple[str, tuple[str, ...]]:
    """Return the outcome (refuse over refer over clear) and the distinct reason codes, most serious first."""
    reasons = tuple(dict.fromkeys(f.reason for f in findings))
    if any(CODES[r] == REFUSE for r in reasons):
        return REFUSE, reasons
    return (REFER, reasons) if reasons else (CLEAR, reasons)
