"""What is loaded: records per section."""

from __future__ import annotations

import streamlit as st

from dashboard import services

st.title("Hearth")
st.caption("Keeping victims of domestic abuse safe across agencies. Synthetic demo data only.")

try:
    actor_name, counts = services.loaded_counts()
except services.HearthError as exc:
    st.error(str(exc))
    st.stop()

st.write(f"Signed in as **{actor_name}**.")
st.subheader("What is loaded")
st.metric("Records", sum(counts.values()))
st.table([{"section": section, "records": n} for section, n in counts.items()])
