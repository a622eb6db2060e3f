"""Per-learner state shared by every page: the expertise level. Everything lives in st.session_state."""

from __future__ import annotations

import streamlit as st

LEVELS = ("Beginner", "Intermediate", "Expert")
EXPERTISE_KEY = "app.expertise"  # non-widget key: survives pages that do not draw the selector


def expertise_level() -> str:
    """The learner's expertise level, "Beginner" until they choose."""
    level = st.session_state.get(EXPERTISE_KEY, LEVELS[0])
    return level if level in LEVELS else LEVELS[0]
