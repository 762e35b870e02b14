"""Nomination screening: the queue, screening one or all, the outcome in plain words, and the DA lead's decisions."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import services

BOX = {"refuse": st.error, "refer": st.warning, "clear": st.success}

st.title("Nomination screening")
st.caption("Perpetrator-proximity screening of housing nominations. Everyone who screens sees the outcome and the "
           "reasons; only a DA lead sees who, which case and how far. Every screening and every view of its detail "
           "is recorded.")

try:
    operator, lead = services.screening_operator()
    policy = services.screening_policy()
    waiting, queue = services.pending_nominations()
except services.HearthError as exc:
    st.error(str(exc))
    st.stop()

screened: dict[str, Any] = st.session_state.setdefault("screened", {})
st.markdown(f"Acting as **{operator}**: " + ("a DA lead, so the restricted detail is shown (and recorded)." if lead
                                            else "you see outcomes and reasons, never who or where."))
for note in st.session_state.pop("screening_notes", []):
    st.info(note)


def show_policy(values: dict[str, Any]) -> None:
    """Show the policy's values and its per-area overrides."""
    st.table([{"setting": k, "value": ", ".join(map(str, v)) if isinstance(v, list) else str(v)}
              for k, v in values.items() if k != "areas"])
    if values["areas"]:
        st.markdown("**Per-area overrides** (the nominated property's area)")
        st.table([{"area": area, **{k: str(v) for k, v in override.items()}}
                  for area, override in sorted(values["areas"].items())])


def show_detail(findings: tuple[Any, ...]) -> None:
    """Show the restricted detail: person, role, case or order, distance, same building."""
    st.markdown("**Restricted detail** (DA lead only; this view is recorded)")
    if not findings:
        st.caption("Nobody the applicant must be kept away from lives within the policy's radii.")
        return
    st.dataframe([{"reason": f.reason, "person": f"{f.person_name or ''} ({f.person_id})" if f.person_id else "-",
                   "role": f.role, "case": f.case_id or (f"order {f.order_id}" if f.order_id else "-"),
                   "distance m": f.distance_m, "same building": f.same_building, "via": f.via_person or ""}
                  for f in findings], hide_index=True)


def show_result(result: Any) -> None:
    """Show a screening: outcome, reasons in plain words, policy version and id; the detail when it is there."""
    BOX[result.outcome](f"Nomination {result.nomination}: **{result.outcome.upper()}** (applicant {result.applicant}, "
                        f"property {result.property}, on {result.on.isoformat()})")
    for code, words in zip(result.reasons, result.explained(), strict=True):
        st.markdown(f"- `{code}`: {words}")
    st.caption(f"Policy version {result.policy}; screening {result.screening_id}")
    if result.detail is not None:
        show_detail(result.detail)


with st.expander(f"Screening policy (version {policy['version']})"):
    show_policy(policy)

st.subheader(f"Waiting to be screened ({waiting})")
if not queue:
    st.info("No nomination is waiting to be screened.")
else:
    st.dataframe([{"nomination": n.id, "applicant": n.applicant, "property": n.property, "date": n.on}
                  for n in queue], hide_index=True)
    one, every = st.columns(2)
    choice = one.selectbox("Nomination", [n.id for n in queue])
    try:
        if one.button("Screen this nomination"):
            screened[str(choice)] = services.screen_nomination(str(choice))
            st.rerun()
        if every.button(f"Screen all {waiting}"):
            bar = every.progress(0.0, text="screening...")

            def advance(done: int, total: int) -> None:
                bar.progress(done / total, text=f"{done} of {total}")
            report = services.screen_all(advance)
            screened.update(report.results)
            counts = ", ".join(f"{n} {outcome}" for outcome, n in report.counts().items())
            st.session_state["screening_notes"] = [f"Screened {len(report.results)}: {counts}; "
                                                   f"{len(report.failed)} failed"] + [
                f"{n} not screened: {why}" for n, why in report.failed.items()]
            st.rerun()
    except services.HearthError as exc:
        st.error(str(exc))

if screened:
    st.subheader("Screened in this session")
    for result in reversed(list(screened.values())):
        show_result(result)

st.subheader("Conflicts for the DA lead to decide")
if not lead:
    st.caption("A nomination in conflict goes to the DA lead's worklist, who refuses it or accepts it with a written "
               "justification.")
else:
    try:
        to_decide = services.nominations_to_decide()
    except services.HearthError as exc:
        st.error(str(exc))
        to_decide = []
    if not to_decide:
        st.info("No nomination is waiting for your decision.")
    for item in to_decide:
        with st.expander(f"{item.id}: {(item.outcome or 'conflict').upper()} (screening {item.screening_id or '?'})"):
            if item.screening_id and st.button("Show restricted detail", key=f"detail-{item.id}"):
                show_detail(services.screening_detail(item.screening_id))
            with st.form(f"decide-{item.id}"):
                why = st.text_area("Written justification (required)", key=f"why-{item.id}")
                refuse = st.form_submit_button("Refuse")
                override = st.form_submit_button("Override (accept despite the conflict)")
            if refuse or override:
                decision = "refuse" if refuse else "override"
                if not why.strip():
                    st.error("A written justification is required.")
                else:
                    try:
                        services.decide_nomination(item.id, decision, why.strip())
                    except services.HearthError as exc:
                        st.error(str(exc))
                    else:
                        st.session_state["screening_notes"] = [f"{item.id}: {decision} recorded, with the "
                                                               "justification, in its history."]
                        st.rerun()
