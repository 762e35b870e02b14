"""My work: the signed-in user's worklists with counts and overdue items; the deadline tick for those who run it."""

from __future__ import annotations

import streamlit as st

from dashboard import services

st.title("My work")
st.caption("What waits for you, soonest due first. Only the objects you may act on are counted.")

with st.spinner("Reading your worklists..."):
    titles = services.worklist_titles()
    counts = services.my_counts()

if services.may_tick():
    if st.button("Run deadline tick", help="Handle every deadline past due: fire its transition or flag it overdue"):
        with st.spinner("Handling deadlines past due..."):
            report = services.run_tick()
        st.success(f"Tick: {report.expired} deadlines expired, {len(report.fired)} transitions fired, "
                   f"{len(report.flagged)} flagged overdue, {len(report.swept)} swept, {len(report.failed)} failed.")
        for failure in report.failed:
            st.warning(failure)

if not counts:
    st.info("Nothing is waiting for you.")
else:
    st.dataframe([{"worklist": titles.get(name, name), "items": n, "overdue": overdue}
                  for name, (n, overdue) in counts.items()], hide_index=True)
    for name, (n, overdue) in counts.items():
        label = f"{titles.get(name, name)}: {n}" + (f" ({overdue} overdue)" if overdue else "")
        with st.expander(label, expanded=bool(overdue)):
            items = services.my_items(name)
            st.dataframe([{"object": str(i.ref), "state": i.state, "since": i.entered, "deadline": i.deadline or "",
                           "due": i.due, "overdue": "OVERDUE" if i.overdue else ""} for i in items], hide_index=True)
            if len(items) < n:
                st.caption(f"The first {len(items)} of {n}.")
    st.caption("Open an object on the Case page by its name (type:id, e.g. case:C1).")
