"""Per-learner state shared by every page: the expertise level, and controls that keep their value across pages.

A control is always *created with its value* (``value=`` / ``index=``), never created at its default and set
afterwards: Streamlit would first draw it at its minimum and only then move it (a visible flash, and on a slow
browser a control showing one value while the page computes with another). ``keep`` and ``keep_choice`` give a
widget its keyword arguments; ``set_kept`` changes a kept control's value from code (a preset, a shared link).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from quizzes.glossary import EXPERTISE_LEVELS
from ui.common.keys import AppKeys


def expertise_level() -> str:
    """The learner's expertise level, "Beginner" until they choose."""
    level = st.session_state.get(AppKeys.EXPERTISE, EXPERTISE_LEVELS[0])
    return level if level in EXPERTISE_LEVELS else EXPERTISE_LEVELS[0]


def kept(widget_key: str) -> str:
    """The non-widget shadow key a kept control's value is stored under (Streamlit forgets a widget's own value once
    a run does not draw it, e.g. on another page; the shadow does not forget)."""
    return f"{widget_key}.kept"


def kept_value(widget_key: str, default):
    """The value a kept control has now: its live value while drawn, else the one it last had, else ``default``."""
    if widget_key in st.session_state:
        value = st.session_state[widget_key]
    else:
        value = st.session_state.get(kept(widget_key), default)
    st.session_state[kept(widget_key)] = value
    return value


def keep(widget_key: str, default) -> dict:
    """``key`` and ``value`` for a slider, select_slider or number_input that keeps its value across pages::

    st.slider("Batch size m", 2, 64, **keep("walk.m", 8))
    """
    return {"key": widget_key, "value": kept_value(widget_key, default)}


def keep_choice(widget_key: str, options: Sequence, default) -> dict:
    """``key`` and ``index`` for a selectbox or radio over ``options`` that keeps its choice across pages. A choice
    that no longer exists (a table or tensor shrank) goes back to ``default``::

    st.selectbox("Sample", range(n), **keep_choice("family.sample", range(n), 0))
    """
    options = list(options)
    value = kept_value(widget_key, default)
    if value not in options:
        value = default if default in options else options[0]
        set_kept(widget_key, value)
    return {"key": widget_key, "index": options.index(value)}


def set_kept(widget_key: str, value) -> None:
    """Give a kept control a new value from code: its shadow, and the widget itself while it is drawn (so the
    control on screen moves too). Call it before the control is drawn (in a callback or above the control)."""
    st.session_state[kept(widget_key)] = value
    if widget_key in st.session_state:
        st.session_state[widget_key] = value
