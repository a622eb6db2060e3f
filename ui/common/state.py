"""Per-learner state shared by every page: the expertise level. Everything lives in st.session_state."""

from __future__ import annotations

import streamlit as st

from quizzes.glossary import EXPERTISE_LEVELS
from ui.common.keys import AppKeys


def expertise_level() -> str:
    """The learner's expertise level, "Beginner" until they choose."""
    level = st.session_state.get(AppKeys.EXPERTISE, EXPERTISE_LEVELS[0])
    return level if level in EXPERTISE_LEVELS else EXPERTISE_LEVELS[0]


def keep(widget_key: str, default) -> str:
    """Make a widget keep its value when the learner visits another page and comes back.

    Streamlit forgets a widget's value once a run does not draw it; a non-widget shadow key does not forget. Call this
    as the widget's ``key=`` argument and give the widget no ``value=``/``index=`` of its own::

        st.slider("Batch size m", 2, 64, key=keep("walk.m", 8))
    """
    shadow = kept(widget_key)
    if widget_key not in st.session_state:
        st.session_state[widget_key] = st.session_state.get(shadow, default)
    st.session_state[shadow] = st.session_state[widget_key]
    return widget_key


def kept(widget_key: str) -> str:
    """The non-widget shadow key ``keep`` stores a widget's value under."""
    return f"{widget_key}.kept"


def keep_in_range(widget_key: str, size: int) -> None:
    """An index selection (a widget drawn with ``keep``) that no longer exists, because a table or tensor shrank, goes
    back to 0, in the widget and in its shadow."""
    for key in (widget_key, kept(widget_key)):
        if st.session_state.get(key, 0) >= size:
            st.session_state[key] = 0
