"""The Support page's IDVA referral and housing options sections, and the helpers its forms share
(the page is dashboard/views/support.py; everything goes through dashboard/services/support.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from dashboard import feedback
from dashboard.services import HearthError
from dashboard.services import support as care
from graph_model.errors import InvalidInput

NOTES = "support_notes"  # success messages shown after the rerun a write starts


def label(value: str) -> str:
    """Return a vocabulary word as words (never_at_home -> never at home)."""
    return value.replace("_", " ")


def write(note: Callable[[Any], str], call: Callable[[], Any]) -> None:
    """Run a write; on success keep its note and rerun (the page shows it), on a HearthError say what is wrong."""
    try:
        with st.spinner("Saving..."):
            result = call()
    except HearthError as exc:
        feedback.explain(exc)
        return
    st.session_state.setdefault(NOTES, []).append(note(result))
    st.rerun()


def _remember(field: str, ident: str) -> str:
    """Put a new object's id in the field its next step is asked in (that field comes later in the page)."""
    st.session_state[field] = ident
    return ident


def _rules_only(reasons: tuple[str, ...]) -> bool:
    """True when only the workflow's rules (predicates) refuse: the user may try, and is told why it fails."""
    return bool(reasons) and all(r.startswith("predicate") for r in reasons)


def _referral_form(ref: care.ReferralSummary, option: Any) -> None:
    if not option.allowed:
        st.warning(f"{option.title}: the rules are not met: " + "; ".join(option.reasons))
    with st.form(f"referral-{ref.id}-{option.id}"):
        comment = st.text_input("Comment (required)" if option.comment_required else "Comment (optional)",
                                key=f"referral-comment-{ref.id}-{option.id}")
        who = (st.text_input("The IDVA to allocate (username)", key=f"referral-idva-{ref.id}")
               if "idva" in option.params else "")
        if st.form_submit_button(option.title, key=f"referral-fire-{ref.id}-{option.id}"):
            write(lambda fired: f"Referral {ref.id}: {option.title.lower()} done, now "
                                f"{label(fired.entries[-1]['to_state'])}.",
                  lambda: care.referral_step(ref.id, option.id, comment, {"idva": who}))


def _referral_actions(ref: care.ReferralSummary) -> None:
    for option in ref.options:
        if option.allowed or _rules_only(option.reasons):
            _referral_form(ref, option)
    blocked = [o for o in ref.options if not o.allowed and not _rules_only(o.reasons)]
    if blocked:
        st.caption("Not open to you now: " + "; ".join(f"{o.title} ({', '.join(o.reasons)})" for o in blocked))


def _document(ref: care.ReferralSummary) -> None:
    shown = st.session_state.setdefault("support_documents", {})
    if st.button("Show the referral document", key=f"referral-doc-{ref.id}"):
        try:
            shown[ref.id] = care.referral_document(ref.id)
        except HearthError as exc:
            feedback.explain(exc)
    if ref.id in shown:
        st.download_button("Download the document (Markdown)", shown[ref.id], file_name=f"referral-{ref.id}.md",
                           mime="text/markdown", key=f"referral-download-{ref.id}")
        st.markdown(shown[ref.id])


def referral_section(case: str, agency: str | None, may_record: bool) -> None:
    """The case's IDVA referrals (accept, decline, allocate; the document) and a form to make one."""
    st.caption("A Housing IDVA referral comes from a professional (never a self-referral) about abuse in the last "
               "three months or a recent rise in risk; the IDVA service checks both when it accepts. The document "
               "carries what the receiving service needs (IDVA guidance para 80), never the address or code word.")
    with st.spinner("Reading the case's referrals..."):
        found = care.referrals(case)
    if not found:
        st.info("No IDVA referral of this case that you may see.")
    for ref in found:
        with st.expander(f"{ref.id}: {ref.what}, {ref.on} ({ref.state})", expanded=ref.state == "Referred"):
            _referral_actions(ref)
            _document(ref)
    if not may_record:
        st.caption("Making a referral is for the IDVA, housing options officer or DA lead working the case.")
        return
    with st.form(f"referral-new-{case}"):
        st.markdown("**Make an IDVA referral from this case**")
        to = st.text_input("Receiving IDVA service (agency id)", value=agency or "", key=f"referral-to-{case}")
        basis = st.selectbox("Consent or lawful basis", care.BASES, index=care.BASES.index("consent"),
                             format_func=label, key=f"referral-basis-{case}")
        on = st.date_input("Referral date (empty: today)", value=None, format="YYYY-MM-DD", key=f"referral-on-{case}")
        self_referral = st.checkbox("The victim referred themselves (no referring agency)", key=f"referral-self-{case}")
        if st.form_submit_button("Make the referral", key=f"referral-make-{case}"):
            write(lambda new: f"Referral {new} made to {to.strip()}: now Referred. Accept it below (the rules are "
                              "checked then).",
                  lambda: care.create_referral(case, to, basis, on, self_referral))


def _cost(value: Any, name: str) -> int:
    if value is None or int(value) != value:
        raise InvalidInput(f"{name}: give whole pounds")
    return int(value)


def _hardening_step(request: str, action: str, cost: Any, fitted: date | None, comment: str) -> str:
    if not request.strip():
        raise InvalidInput("request: give the target hardening request's id (TH-...)")
    if action == "approve":
        _, left = care.approve_hardening(request, _cost(cost, "approved cost") or None)
        return f"{request.strip()} approved; £{left.left:,} of £{left.budget:,} left in {left.area}."
    if action == "fit":
        if fitted is None:
            raise InvalidInput("fitted on: give the day the measures were fitted")
        care.fit_hardening(request, fitted)
        return f"{request.strip()} fitted on {fitted}."
    care.hardening_step(request, action, comment)
    return f"{request.strip()} {'declined' if action == 'decline' else 'cancelled'}."


def _hardening(case: str) -> None:
    st.markdown("#### Target hardening (sanctuary)")
    with st.form(f"hardening-new-{case}"):
        measures = st.text_area("Measures, one a line (e.g. door locks)", key=f"hardening-measures-{case}")
        cost = st.number_input("Estimated cost (whole pounds)", min_value=0, max_value=100_000, step=50,
                               key=f"hardening-cost-{case}")
        if st.form_submit_button("Request target hardening", key=f"hardening-request-{case}"):
            write(lambda new: f"Target hardening {new} requested: it waits for a budget holder's decision.",
                  lambda: _remember(f"hardening-id-{case}", care.request_hardening(
                      case, measures.splitlines(), _cost(cost, "estimated cost"))))
    with st.form(f"hardening-act-{case}"):
        st.markdown("**Decide or record a request** (approve and decline: DA lead or housing options officer)")
        request = st.text_input("Request (TH-...)", key=f"hardening-id-{case}")
        action = st.selectbox("Step", ("approve", "decline", "fit", "cancel"), key=f"hardening-step-{case}")
        cost = st.number_input("Approved cost (approve; 0: as estimated)", min_value=0, max_value=100_000, step=50,
                               key=f"hardening-approved-{case}")
        fitted = st.date_input("Fitted on (fit)", value=None, format="YYYY-MM-DD", key=f"hardening-fitted-{case}")
        comment = st.text_input("Why (decline, cancel)", key=f"hardening-why-{case}")
        if st.form_submit_button("Record the step", key=f"hardening-apply-{case}"):
            write(lambda note: note, lambda: _hardening_step(request, action, cost, fitted, comment))


def _refuge_step(referral: str, action: str, service: str, comment: str, places: list[care.Capacity]) -> str:
    if not referral.strip():
        raise InvalidInput("referral: give the refuge referral's id (RR-...)")
    if action == "offer":
        care.offer_place(referral, service)
        name = next((c.name for c in places if c.service == service), service)
        return f"{referral.strip()}: a place is offered in {name}."
    care.refuge_step(referral, action, comment)
    return f"{referral.strip()}: {label(action)} recorded."


def _refuge(case: str, places: list[care.Capacity]) -> None:
    st.markdown("#### Refuge or dispersed safe accommodation")
    with st.form(f"refuge-new-{case}"):
        kind = st.selectbox("Kind", ("refuge", "dispersed"), key=f"refuge-kind-{case}")
        children = st.number_input("Children coming too", min_value=0, max_value=12, key=f"refuge-children-{case}")
        if st.form_submit_button("Refer", key=f"refuge-refer-{case}"):
            write(lambda new: f"Refuge referral {new} made: it waits for a place.",
                  lambda: _remember(f"refuge-id-{case}", care.refer_refuge(case, kind, int(children))))
    with st.form(f"refuge-act-{case}"):
        st.markdown("**Offer a place or record a move** (offer and decline: housing options officer or DA lead)")
        referral = st.text_input("Referral (RR-...)", key=f"refuge-id-{case}")
        action = st.selectbox("Step", ("offer", "move_in", "move_on", "decline"), format_func=label,
                              key=f"refuge-step-{case}")
        service = st.selectbox("Service (offer)", [c.service for c in places] or [""],
                               format_func=lambda s: next((c.name for c in places if c.service == s), s),
                               key=f"refuge-service-{case}")
        comment = st.text_input("Why, or where to in general terms (decline, move on)", key=f"refuge-why-{case}")
        if st.form_submit_button("Record the step", key=f"refuge-apply-{case}"):
            write(lambda note: note, lambda: _refuge_step(referral, action, service, comment, places))


def housing_section(case: str, area: str | None, may_record: bool) -> None:
    """Target hardening and refuge referrals on the case, the sanctuary budget and free places (counts only), and
    what waits for the user."""
    places = care.capacity() if care.may("support_capacity") else []
    if may_record:
        _hardening(case)
        _refuge(case, places)
    else:
        st.caption("Requesting target hardening or a refuge place is for the IDVA, housing options officer or DA "
                   "lead working the case.")
    if care.may("support_budget"):
        b = care.budget(area)
        st.caption(f"{b.area or 'Default'} sanctuary budget {b.start} to {b.end}: £{b.budget:,}; committed "
                   f"£{b.committed:,}; left £{b.left:,}; awaiting a decision £{b.pending_cost:,} ({b.pending}).")
    if places:
        st.markdown("#### Free places (counts only: never who or where)")
        st.dataframe([{"service": c.name, "kind": c.kind, "adults free": f"{c.adults_free} of {c.adults}",
                       "children free": f"{c.children_free} of {c.children}"} for c in places],
                      hide_index=True)
    waiting = care.housing_waiting()
    if waiting:
        st.markdown("#### Waiting for you (every case)")
        for name, ids in waiting.items():
            workflow, _, worklist = name.partition(".")
            st.markdown(f"- {label(worklist).capitalize()} ({label(workflow)}): " + ", ".join(ids))
