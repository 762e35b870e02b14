"""Case: one object by type:id: where it stands, its timeline, the transitions the user may fire now, its history."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import feedback, services

KIND = {"incident": "Incident", "assessment": "DASH", "referral": "Referral", "consent": "Consent", "marac": "MARAC"}

st.title("Case")
st.caption("Open a case, referral, MARAC listing, action, meeting or nomination by its name, e.g. case:C1. "
           "You see it only if your agency is party to it (or your role reaches it); every refusal says why.")
for note in st.session_state.pop("case_notes", []):
    st.success(note)

name = st.text_input("Object (type:id)", value=st.session_state.get("case_object", ""), key="case_input")
if not name.strip():
    st.info("Name an object to open it.")
    st.stop()
obj = services.parse(name)
st.session_state["case_object"] = str(obj)
with st.spinner(f"Opening {obj}..."):
    view = services.open_object(obj)  # one read, one audit event for the page view
states, options, history, timeline = view.states, view.options, view.history, view.timeline

st.subheader(str(obj))
st.dataframe([{"workflow": s.workflow, "state": s.state_title, "history entries": s.seq,
               "deadlines": ", ".join(f"{d['deadline']} due {d['due']}" + (" (OVERDUE)" if d.get("expired") else "")
                                      for d in s.deadlines)} for s in states], hide_index=True)

if timeline is not None:
    st.markdown(f"**Area** {timeline.area or '-'} · **opened** {timeline.opened or '-'}  \n"
                f"**Victims** {', '.join(timeline.victims) or '-'} · **perpetrators** "
                f"{', '.join(timeline.perpetrators) or '-'} · **children** {', '.join(timeline.children) or '-'}")
    st.subheader("Timeline")
    if timeline.events:
        st.dataframe([{"date": e.on, "what": KIND.get(e.kind, e.kind), "id": e.id, "detail": e.what}
                      for e in timeline.events], hide_index=True)
    else:
        st.caption("No incident, assessment, referral, consent or MARAC listing is recorded.")


def _inputs(workflow: str, transition: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for p in services.params_of(workflow, transition):
        label = (p.title or p.name) + ("" if p.required else " (optional)")
        key = f"param-{workflow}-{transition}-{p.name}"
        if p.choices:
            values[p.name] = st.selectbox(label, ["", *p.choices], key=key)
        elif p.kind == "date":
            picked = st.date_input(label, value=None, format="YYYY-MM-DD", key=key)
            values[p.name] = picked.isoformat() if picked else ""
        else:
            values[p.name] = st.text_input(label + (f" (a user with role {p.has_role})" if p.has_role else ""),
                                           key=key)
    return values


st.subheader("What you can do now")
allowed = [o for o in options if o.allowed]
if not allowed:
    st.caption("Nothing you may do now: see below for why.")
for option in allowed:
    with st.form(f"fire-{option.workflow}-{option.id}"):
        st.markdown(f"**{option.title}** ({option.workflow}: to {option.dest or 'the same state'})")
        comment = st.text_area("Comment (required)" if option.comment_required else "Comment",
                               key=f"comment-{option.workflow}-{option.id}")
        params = _inputs(option.workflow, option.id)
        if st.form_submit_button(option.title):
            try:
                with st.spinner(f"{option.title}..."):
                    fired = services.fire(obj, option.workflow, option.id, comment, params)
            except services.HearthError as exc:
                feedback.explain(exc)
            else:
                moves = "; ".join(f"{e.get('transition')} to {e.get('to_state')}" for e in fired.entries)
                st.session_state["case_notes"] = [f"{option.title}: done ({moves})."]
                st.rerun()

blocked = [o for o in options if not o.allowed]
if blocked:
    st.subheader("Why can't I...")
    for option in blocked:
        with st.expander(f"{option.title} ({option.workflow})"):
            for reason in option.reasons:
                st.markdown(f"- {reason}")

st.subheader("History")
if history:
    st.dataframe([{"at": e.get("at"), "workflow": e.get("workflow"), "transition": e.get("transition"),
                   "from": e.get("from_state"), "to": e.get("to_state"), "by": e.get("actor"),
                   "comment": e.get("comment") or ""} for e in history], hide_index=True)
else:
    st.caption("No history yet: the object has not entered its workflows.")
