"""Who is signed in to this browser session, and for how long: the username and the time of the last interaction.

The session holds only the username; every service call looks the user up again, so a changed role or a removed
account takes effect at the next click. A session idle for longer than HEARTH_SESSION_MINUTES ends.
"""

from __future__ import annotations

import time

import streamlit as st

from graph_model.config import Settings
from graph_model.errors import HearthError

USER = "hearth_user"  # the signed-in username (tests set it, with SEEN, to act as a user)
SEEN = "hearth_seen"  # time.time() of the last interaction
NOTICE = "hearth_notice"  # a message for the sign-in page (timed out, signed out)
TIMED_OUT = "hearth_timed_out"  # the username whose session just timed out (the app records it in the audit log)


class NotSignedIn(HearthError, PermissionError):
    """No one is signed in to this session, or the session timed out."""


def timeout_seconds() -> int:
    """Return how long a session may stay idle, in seconds (HEARTH_SESSION_MINUTES, default 30 minutes)."""
    return Settings.from_env().session_minutes * 60


def _expired() -> bool:
    seen = st.session_state.get(SEEN)
    return not isinstance(seen, int | float) or time.time() - seen > timeout_seconds()


def username() -> str:
    """Return the signed-in username, or raise NotSignedIn (no one, or the session timed out)."""
    name = st.session_state.get(USER)
    if not name or _expired():
        raise NotSignedIn("you are not signed in, or your session timed out: sign in again")
    return str(name)


def current() -> str | None:
    """Return the signed-in username and mark this interaction, or None; end a session that has timed out."""
    name = st.session_state.get(USER)
    if not name:
        return None
    if _expired():
        end(f"Your session ended after {timeout_seconds() // 60} minutes without activity: sign in again.")
        st.session_state[TIMED_OUT] = str(name)
        return None
    st.session_state[SEEN] = time.time()
    return str(name)


def begin(name: str) -> None:
    """Start a session for a user who has just proved their password."""
    for key in list(st.session_state.keys()):  # nothing of a previous user's session survives
        del st.session_state[key]
    st.session_state[USER] = name
    st.session_state[SEEN] = time.time()


def end(notice: str) -> None:
    """End the session (clearing everything it held) and leave a notice for the sign-in page."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[NOTICE] = notice
