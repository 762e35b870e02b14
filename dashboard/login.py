"""The sign-in page: the only page anyone sees before signing in."""

from __future__ import annotations

import streamlit as st

from dashboard import feedback, services, session


def page() -> None:
    """Ask for a username and password; start the session when they are right."""
    st.title("Hearth")
    st.caption("Keeping victims of domestic abuse safe across agencies. Sign in with your Hearth account.")
    notice = st.session_state.pop(session.NOTICE, None)
    if notice:
        st.info(notice)
    with st.form("sign-in"):
        username = st.text_input("Username", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in")
    if services.demo_mode():
        st.caption("Demo mode: synthetic data only. Every demo user (e.g. `idva.cambridge.1`, `lettings.cambridge.1`, "
                   "`marac-chair.cambridgeshire-peterborough.1`, and `admin`) has the password `hearth-demo`; "
                   "see the README.")
    if not submitted:
        return
    try:
        with st.spinner("Checking your password..."):
            user = services.sign_in(username, password)
    except services.HearthError as exc:
        feedback.explain(exc)
        return
    session.begin(user.username)
    st.rerun()
