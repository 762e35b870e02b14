"""DASH assessment: the 24 questions, the count and band, the area's thresholds, and the routing proposed."""

from __future__ import annotations

import streamlit as st

from dashboard import services

BOX = {"high": st.error, "medium": st.warning, "standard": st.info}

st.title("DASH risk assessment")
st.caption("SafeLives DASH risk identification checklist: 24 yes/no questions. Bands by yes answers: 0-9 standard, "
           "10-13 medium, 14+ high; professional judgement can raise the level, never lower it. Saving an assessment "
           "to a case comes later: today it is loaded with the case data, and this page shows what the workflow "
           "would do with it.")

areas = services.areas()
area = st.selectbox("Area (its thresholds apply)", ["(default)", *areas])
left, right = st.columns(2)
answers = {}
for number, question in enumerate(services.QUESTIONS, 1):
    column = left if number <= 12 else right
    answers[number] = column.checkbox(f"{number}. {question}", key=f"dash-{number}")
judgement = st.checkbox("Professional judgement: high risk (say why in the case record)", key="dash-judgement")

outcome = services.score(answers, judgement, None if area == "(default)" else str(area))
yes_col, band_col, marac_col, idva_col = st.columns(4)
yes_col.metric("Yes answers", f"{outcome.yes} of 24")
band_col.metric("Risk band", outcome.band)
marac_col.metric("MARAC threshold", outcome.marac_threshold)
idva_col.metric("IDVA threshold", outcome.idva_threshold)
BOX[outcome.band](f"Proposed routing: **{outcome.route_words}**"
                  + (" (raised by professional judgement)" if judgement and outcome.yes < outcome.marac_threshold
                     else ""))
st.caption(f"The da_case workflow routes automatically once the assessment is recorded: high risk at "
           f"{outcome.marac_threshold}+ yes or on professional judgement; the IDVA service from "
           f"{outcome.idva_threshold} yes; otherwise outreach. Thresholds: workflows/da_case.yaml settings, "
           "overridden per area in workflows/areas.yaml.")
