"""The Hearth dashboard: navigation between the pages (sign-in arrives with the dashboard issue)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).parent / "pages"

st.set_page_config(page_title="Hearth", page_icon=":house:", layout="wide")
navigation = st.navigation([
    st.Page(str(PAGES / "loaded.py"), title="What is loaded", default=True),
    st.Page(str(PAGES / "connections.py"), title="Connections"),
    st.Page(str(PAGES / "analytics.py"), title="Analytics"),
    st.Page(str(PAGES / "workflows.py"), title="Workflows"),
    st.Page(str(PAGES / "screening.py"), title="Nomination screening"),
])
navigation.run()
