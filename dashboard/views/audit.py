"""Audit: who did what to whom, when and why (DA leads and administrators); every search here is audited too."""

from __future__ import annotations

import streamlit as st

from dashboard import services

PAGE = "audit_page"

st.title("Audit")
st.caption("The DPA 2018 s.62 log: collection, alteration (workflow transitions included), consultation, "
           "disclosure (with the receiving agencies), combination and erasure. Your searches are recorded too.")

with st.form("audit-filters"):
    left, right = st.columns(2)
    user = left.text_input("User (username)")
    subject = right.text_input("Subject (an id such as C1, or type:id such as person:P7)")
    kind = left.selectbox("Kind", ["", *services.AUDIT_KINDS], format_func=lambda k: k or "any")
    why = right.text_input("Purpose contains")
    since = left.date_input("From (UTC day)", value=None, format="YYYY-MM-DD")
    until = right.date_input("To (UTC day, included)", value=None, format="YYYY-MM-DD")
    purpose = st.text_input("Why you search (recorded)", value="")
    if st.form_submit_button("Search"):
        st.session_state[PAGE] = 0

page = int(st.session_state.get(PAGE, 0))
found = services.search_audit(user, subject, str(kind or ""), why, since, until, page, purpose=purpose)
if not found.entries:
    st.info("No audit events match." if page == 0 else "No more events.")
else:
    st.caption(f"Page {page + 1}: events {page * services.AUDIT_PAGE_SIZE + 1}-"
               f"{page * services.AUDIT_PAGE_SIZE + len(found.entries)}, newest first.")
    st.dataframe([{"at": e.at.isoformat(timespec="seconds"), "user": e.actor, "kind": e.kind, "action": e.action,
                   "outcome": e.outcome, "subjects": ", ".join(e.subjects), "to": ", ".join(e.recipients),
                   "purpose": e.purpose} for e in found.entries], hide_index=True)
back, forward = st.columns(2)
if page > 0 and back.button("Newer events"):
    st.session_state[PAGE] = page - 1
    st.rerun()
if found.more and forward.button("Older events"):
    st.session_state[PAGE] = page + 1
    st.rerun()
