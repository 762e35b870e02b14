"""Errors as a clear message, never a traceback: the one place that turns a HearthError into words on the page."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from graph_model.errors import HearthError, PermissionDenied


def explain(exc: HearthError) -> None:
    """Show a HearthError as one message: a refusal says what is not allowed and why."""
    if isinstance(exc, PermissionDenied):
        st.error(f"Not allowed: {exc}. If you need this, ask your DA lead or an administrator.")
    else:
        st.error(str(exc))


def shielded(run: Callable[[], None]) -> None:
    """Run a page; a HearthError it raises becomes a clear message (the page stops there)."""
    try:
        run()
    except HearthError as exc:
        explain(exc)
