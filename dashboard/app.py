"""The Hearth dashboard: sign-in, then the pages the user's roles allow (dashboard/navigation.py)."""

from __future__ import annotations

import streamlit as st

from dashboard import feedback, login, navigation, services, session

PAGES_SHOWN = "hearth_pages"  # the titles in this user's navigation (read by the tests)


def _sign_out(name: str, reason: str, notice: str) -> None:
    try:
        services.sign_out(name, reason)
    except services.HearthError:
        pass  # the account may be gone; the session ends regardless
    session.end(notice)


def _sidebar(name: str, roles: frozenset[str]) -> None:
    with st.sidebar:
        st.markdown(f"Signed in as **{name}**")
        st.caption(", ".join(sorted(roles)).replace("_", " "))
        if st.button("Sign out", key="sign-out"):
            _sign_out(name, "signed out", "You are signed out.")
            st.rerun()
        if services.demo_mode():
            st.caption("Demo mode: synthetic data only.")


def main() -> None:
    """Show the sign-in page to a stranger; otherwise the user's pages, each shielded from tracebacks."""
    st.set_page_config(page_title="Hearth", page_icon=":house:", layout="wide")
    name = session.current()
    timed_out = st.session_state.pop(session.TIMED_OUT, None)
    if timed_out:
        _sign_out(timed_out, "session timed out", str(st.session_state.get(session.NOTICE, "")))
    if name is None:
        st.navigation([st.Page(login.page, title="Sign in", url_path="sign-in")]).run()
        return
    try:
        user = services.whoami()
    except services.HearthError as exc:  # the account was removed or the database is down
        session.end(f"Signed out: {exc}")
        st.rerun()
    _sidebar(user.username, user.roles)
    allowed = navigation.pages_for(user.roles)
    st.session_state[PAGES_SHOWN] = [p.title for p in allowed]
    pages = [st.Page(str(p.path), title=p.title, default=i == 0) for i, p in enumerate(allowed)]
    if not pages:
        st.warning("Your roles give you no page here yet: ask an administrator.")
        return
    feedback.shielded(st.navigation(pages).run)


main()
