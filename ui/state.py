"""Per-learner state shared by every page: the expertise level. Everything lives in st.session_state."""

from __future__ import annotations

import streamlit as st

LEVELS = ("Beginner", "Intermediate", "Expert")
EXPERTISE_KEY = "app.expertise"  # non-widget key: survives pages that do not draw the selector


def expertise_level() -> str:
    """The learner's expertise level, "Beginner" until they choose."""
    level = st.session_state.get(EXPERTISE_KEY, LEVELS[0])
    return level if level in LEVELS else LEVELS[0]


def keep(widget_key: str, default) -> str:
    """Make a widget keep its value when the learner visits another page and comes back.

    Streamlit forgets a widget's value once a run does not draw it; a non-widget shadow key does not forget. Call this
    as the widget's ``key=`` argument and give the widget no ``value=``/``index=`` of its own::

        st.slider("Batch size m", 2, 64, key=keep("walk.m", 8))
    """
    shadow = f"{widget_key}.kept"
    if widget_key not in st.session_state:
        st.session_state[widget_key] = st.session_state.get(shadow, default)
    st.session_state[shadow] = st.session_state[widget_key]
    return widget_key


def keep_in_range(key: str, size: int) -> None:
    """An index selection (widget ``key``) that no longer exists, because a table or tensor shrank, goes back to 0."""
    if st.session_state.get(key, 0) >= size:
        st.session_state[key] = 0
