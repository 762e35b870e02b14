"""Connections: are two people personally connected (DA Act 2021 s.2), and the proof."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import services

st.title("Personal connection")
st.caption("Domestic Abuse Act 2021 s.2 with Family Law Act 1996 s.63: every ground that holds, and its proof.")

with st.form("connection"):
    left, right, when = st.columns(3)
    a = left.text_input("Person A (id)")
    b = right.text_input("Person B (id)")
    on = when.date_input("On", value=date.today(), format="YYYY-MM-DD")
    asked = st.form_submit_button("Check")

if asked:
    try:
        verdict = services.check_connection(a.strip(), b.strip(), on)
    except services.HearthError as exc:
        st.error(str(exc))
        st.stop()
    (st.success if verdict.personally_connected else st.info)(verdict.sentence())
    for ground in verdict.grounds:
        with st.expander(f"{ground.limb}: {ground.relation or ''} {ground.via or ''}".strip(), expanded=True):
            st.write(ground.explanation)
            st.table([{"step": i + 1, **step} for i, step in enumerate(ground.path_steps())])
