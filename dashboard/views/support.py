"""Support: on one case, a victim's safe contact, needs and risk review, safety and support plans, the IDVA
referral and housing options; the support directory in the sidebar."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import feedback
from dashboard.services import HearthError, whoami
from dashboard.services import support as care
from dashboard.support_sections import NOTES, housing_section, label, referral_section, write

SECTIONS = ("Safe contact", "Needs and risk review", "Safety and support plan", "IDVA referral", "Housing options")
CONTACT_ORDER = ("warnings", "ways", "safe_times", "phone", "code_word", "language", "interpreter",
                 "interpreter_notes", "accessibility", "notes", "spoc", "spoc_agreed_on", "spoc_previous",
                 "updated_at", "updated_by")
TEXTS = {"safe_times": "Safe times", "phone": "Safe phone", "language": "Preferred language",
         "interpreter_notes": "Interpreter notes (e.g. a female interpreter the victim does not know)",
         "accessibility": "Accessibility needs", "notes": "Other contact notes"}
INTERPRETER = {"": "not recorded", "independent": "independent (never family or community)",
               "not_needed": "not needed"}


def directory() -> None:
    """The helplines and emergency numbers, in the sidebar."""
    with st.sidebar.expander("Support directory"):
        for group, entries in care.directory().items():
            st.markdown(f"**{group.capitalize()}**")
            for e in entries:
                st.markdown(f"- {e['name']}: **{e['number']}**. {e['for']}")


def pick_case() -> str | None:
    """Return the case chosen from the user's worklists or typed, or None."""
    if "support_my_cases" not in st.session_state:
        with st.spinner("Reading your worklists..."):
            st.session_state["support_my_cases"] = care.my_cases()
    left, right = st.columns(2)
    picked = left.selectbox("Your cases (from your worklists)", ["", *st.session_state["support_my_cases"]],
                            key="support-pick")
    typed = right.text_input("Or open a case by its id", key="support-typed", placeholder="e.g. C1")
    return care.case_id(typed) if typed.strip() else picked or None


def _shown(key: str, value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(label(str(v)).upper() if key == "warnings" else label(str(v)) for v in value) or "-"
    return label(str(value)) if key == "interpreter" else str(value)


def _contact_form(case: str, person: str, current: dict[str, Any]) -> None:
    with st.form(f"contact-{case}-{person}"):
        st.markdown("**Record or change safe contact details** (empty text clears a field)")
        given: dict[str, Any] = {
            "ways": st.multiselect("Safe ways to contact", care.CONTACT_WAYS, format_func=label,
                                   default=[w for w in current.get("ways") or [] if w in care.CONTACT_WAYS],
                                   key=f"contact-ways-{case}-{person}"),
            "warnings": st.multiselect("Warnings for anyone who contacts them", care.WARNINGS, format_func=label,
                                       default=[w for w in current.get("warnings") or [] if w in care.WARNINGS],
                                       key=f"contact-warnings-{case}-{person}")}
        for name, title in TEXTS.items():
            given[name] = st.text_input(title, value=str(current.get(name) or ""),
                                        key=f"contact-{name}-{case}-{person}").strip()
        options: list[str] = ["", *care.INTERPRETER]
        now = current.get("interpreter")
        given["interpreter"] = st.selectbox("Interpreter", options, format_func=lambda o: INTERPRETER.get(o, o),
                                            index=options.index(now) if now in options else 0,
                                            key=f"contact-interpreter-{case}-{person}") or None
        code = st.text_input("Code word (new or changed; empty keeps it)", type="password",
                             key=f"contact-code-{case}-{person}")
        if not st.form_submit_button("Record safe contact", key=f"contact-save-{case}-{person}"):
            return
    changed = {k: v for k, v in given.items() if v is not None and v != (current.get(k) or type(v)())}
    if code.strip():
        changed["code_word"] = code.strip()
    if not changed:
        st.info("Nothing changed: the details shown are what is recorded.")
        return
    write(lambda names: f"Safe contact of {person} recorded: {', '.join(label(n) for n in names)}.",
          lambda: care.set_contact(case, person, changed))


def _spoc_form(case: str, person: str, current: dict[str, Any]) -> None:
    with st.form(f"spoc-{case}-{person}"):
        st.markdown(f"**Single point of contact** (now: {current.get('spoc') or 'none chosen'}). The victim chooses "
                    "it and may change it at any time.")
        spoc = st.text_input("The SPOC the victim chose (worker and agency)", key=f"spoc-name-{case}-{person}")
        agreed = st.checkbox("The victim agreed this SPOC", key=f"spoc-agreed-{case}-{person}")
        if st.form_submit_button("Record the SPOC", key=f"spoc-save-{case}-{person}"):
            write(lambda _: f"SPOC of {person} recorded as chosen by the victim.",
                  lambda: care.set_spoc(case, person, spoc, agreed))


def safe_contact(case: str, may_record: bool) -> None:
    """The victims' safe contact details (code word only for those allowed), and the forms to record them."""
    views = care.contact(case)
    if not views:
        st.info("No victim is recorded in this case.")
        return
    for v in views:
        st.markdown(f"**{v.name}** ({v.person})")
        rows = [{"detail": label(k), "value": _shown(k, v.contact[k])} for k in CONTACT_ORDER if k in v.contact]
        if rows:
            st.table(rows)
        else:
            st.caption("No safe contact details recorded yet: agree them before any contact.")
    if not may_record:
        st.caption("You may read these to contact the victim safely; recording them is for the IDVA, housing "
                   "options officer or DA lead.")
        return
    person = st.selectbox("Victim", [v.person for v in views], key=f"contact-person-{case}",
                          format_func=lambda p: next(f"{v.name} ({p})" for v in views if v.person == p))
    current = next(v.contact for v in views if v.person == person)
    _contact_form(case, person, current)
    _spoc_form(case, person, current)


def needs(case: str, may_record: bool) -> None:
    """The latest needs assessment, the risk review clock, and the form to record an assessment."""
    view = care.needs(case)
    left, middle, right = st.columns(3)
    left.metric("Latest DASH", str(view.latest_dash or "none"))
    middle.metric("Risk review due", str(view.risk_review_due or "-"))
    right.metric("Review clock", "running" if view.risk_review_running else "from the latest DASH")
    if view.needs:
        st.markdown(f"Needs assessment **{view.needs['id']}** on {view.needs['date']}, review by "
                    f"{view.needs['review_by']}" + (" · **NO RECOURSE TO PUBLIC FUNDS**" if view.needs.get("nrpf")
                                                    else ""))
        st.table([{"area": label(k), "need": v} for k, v in sorted(view.needs["areas"].items())])
        if view.needs.get("change"):
            st.markdown(f"Change of circumstances: {view.needs['change']}")
    else:
        st.caption("No needs assessment recorded yet.")
    if not may_record:
        return
    with st.form(f"needs-{case}"):
        st.markdown("**Record a needs assessment** (IDVA guidance para 23): write in the areas that apply")
        areas = {a: st.text_area(label(a).capitalize(), height=68, key=f"needs-{a}-{case}") for a in care.NEEDS_AREAS}
        nrpf = st.checkbox("No recourse to public funds", key=f"needs-nrpf-{case}")
        change = st.text_input("Change of circumstances (e.g. a release date): starts a risk review",
                               key=f"needs-change-{case}")
        on = st.date_input("Assessment date (empty: today)", value=None, format="YYYY-MM-DD", key=f"needs-on-{case}")
        if st.form_submit_button("Record the needs assessment", key=f"needs-save-{case}"):
            given = {k: v.strip() for k, v in areas.items() if v.strip()}
            write(lambda new: f"Needs assessment {new} recorded.",
                  lambda: care.record_needs(case, given, nrpf, change.strip(), on))


def _safety_form(case: str, plan: care.PlanView) -> None:
    with st.form(f"safety-{case}"):
        st.markdown(f"**Safety plan** (reviewed {plan.safety_reviewed_on or 'never'}): tick what is in place")
        done, notes = [], {}
        for item, title in care.SAFETY_ITEMS.items():
            now = plan.safety.get(item, {})
            if st.checkbox(title, value=bool(now.get("done")), key=f"safety-{item}-{case}"):
                done.append(item)
            notes[item] = st.text_input(f"Note: {label(item)}", value=str(now.get("note") or ""),
                                        key=f"safety-note-{item}-{case}", label_visibility="collapsed",
                                        placeholder="note (optional)")
        if st.form_submit_button("Record the safety plan review", key=f"safety-save-{case}"):
            write(lambda _: f"Safety plan reviewed: {len(done)} of {len(care.SAFETY_ITEMS)} items in place.",
                  lambda: care.record_safety_plan(case, done, notes))


def _action_forms(case: str, plan: care.PlanView) -> None:
    with st.form(f"action-{case}"):
        st.markdown("**Add a support plan action**")
        text = st.text_input("Action", key=f"action-text-{case}")
        owner = st.text_input("Owner (a worker and agency, or an agency)", key=f"action-owner-{case}")
        kind = st.selectbox("Kind", care.ACTION_KINDS, format_func=label, key=f"action-kind-{case}")
        due = st.date_input("Due (optional)", value=None, format="YYYY-MM-DD", key=f"action-due-{case}")
        if st.form_submit_button("Add the action", key=f"action-save-{case}"):
            write(lambda new: f"Action {new} added, owned by {owner.strip()}.",
                  lambda: care.add_action(case, text, owner, kind, due))
    if plan.actions:
        with st.form(f"action-status-{case}"):
            action = st.selectbox("Action", [a["id"] for a in plan.actions], key=f"action-id-{case}")
            status = st.selectbox("Status", care.ACTION_STATUSES, key=f"action-status-{case}")
            if st.form_submit_button("Set the action's status", key=f"action-status-save-{case}"):
                write(lambda _: f"Action {action}: {status}.", lambda: care.set_action_status(case, action, status))
    with st.form(f"exit-{case}"):
        text = st.text_area("Planned exit: how support ends safely", value=plan.planned_exit or "", key=f"exit-{case}")
        by = st.date_input("By (optional)", value=plan.planned_exit_by, format="YYYY-MM-DD", key=f"exit-by-{case}")
        if st.form_submit_button("Record the planned exit", key=f"exit-save-{case}"):
            write(lambda _: "Planned exit recorded.", lambda: care.set_exit(case, text, by))


def _plan_steps(case: str, plan: care.PlanView) -> None:
    if plan.state in ("planning", "none"):
        if st.button("Agree the support plan", key=f"plan-agree-{case}",
                     help="Needs a safety plan, an open action with an owner and a planned exit"):
            write(lambda _: "Support plan agreed: now active.", lambda: care.agree_plan(case))
        return
    if plan.state != "active":
        return
    with st.form(f"plan-step-{case}"):
        comment = st.text_input("The contact, or how the planned exit was reached (required)",
                                key=f"plan-comment-{case}")
        review = st.form_submit_button("Record a review after a contact", key=f"plan-review-{case}")
        leave = st.form_submit_button("Planned exit: end support", key=f"plan-exit-{case}")
    if review or leave:
        step = "review" if review else "exit"
        write(lambda _: f"Support plan {step} recorded.", lambda: care.plan_step(case, step, comment))


def safety_and_support(case: str, plan: care.PlanView, may_record: bool) -> None:
    """The safety plan checklist, the support plan's actions and planned exit, agree / review / exit."""
    st.markdown(f"Support plan: **{label(plan.state)}** · planned exit: {plan.planned_exit or '-'}"
                + (f" by {plan.planned_exit_by}" if plan.planned_exit_by else ""))
    if plan.safety:
        st.table([{"in place": "yes" if plan.safety.get(k, {}).get("done") else "no", "item": title,
                   "note": plan.safety.get(k, {}).get("note") or ""} for k, title in care.SAFETY_ITEMS.items()])
    if plan.actions:
        st.dataframe([{"action": a["id"], "what": a["description"], "owner": a["owner"], "kind": label(a["kind"]),
                       "due": a.get("due") or "", "status": a["status"]} for a in plan.actions], hide_index=True)
    else:
        st.caption("No support plan action yet.")
    if may_record:
        _safety_form(case, plan)
        _action_forms(case, plan)
        _plan_steps(case, plan)


def main() -> None:
    """Pick a case, check the user may see its support, then show the chosen section."""
    st.title("Support")
    st.caption("Safe contact, needs, safety and support plans, the IDVA referral and housing options for a victim. "
               "You see a case only if your agency is party to it; every view and every change is recorded.")
    directory()
    for note in st.session_state.pop(NOTES, []):
        st.success(note)
    case = pick_case()
    if case is None:
        st.info("Pick one of your cases, or type a case's id.")
        return
    try:
        with st.spinner(f"Opening the support of case {case}..."):
            plan = care.plan(case)
    except HearthError as exc:
        feedback.explain(exc)
        return
    may_record = care.may_record()
    st.subheader(f"Case {case}")
    section = st.radio("Section", SECTIONS, horizontal=True, key="support-section")
    if section == "Safe contact":
        safe_contact(case, may_record)
    elif section == "Needs and risk review":
        needs(case, may_record)
    elif section == "Safety and support plan":
        safety_and_support(case, plan, may_record)
    elif section == "IDVA referral":
        user = whoami()
        referral_section(case, user.agency_id if user.has_role("idva") else None, may_record)
    else:
        housing_section(case, care.case_area(case) if care.may("support_budget") else None, may_record)


feedback.shielded(main)
