"""A number box that says what it rejected: ``number_box``.

Streamlit's ``number_input`` with bounds leaves an out-of-range entry in the box, red, with "Press Enter to apply",
and never tells the page; cleared, it falls back to its default. This box has no bounds in the browser: every entry
reaches Python, where one outside the box's range is taken back (the box shows the last good value again) and a
one-sentence message says what was rejected. Cleared, the box shows the value it was created with, which is the
value in use (``ui.common.state.keep``), so nothing changes.
"""

from __future__ import annotations

import streamlit as st

from ui.common.state import keep, kept


def problem_key(widget_key: str) -> str:
    """The non-widget key holding the message about the last rejected entry of a box (None when there is none)."""
    return f"{widget_key}.problem"


def rejection(label: str, entered: float | None, low: float, high: float, kept_value: float) -> str | None:
    """The sentence about an entry, or None when it lies in [low, high]."""
    if entered is not None and low <= entered <= high:
        return None
    shown = "an empty box" if entered is None else f"{entered:g}"
    return f"{label}: {shown} is outside {low:g} to {high:g}, so it was not applied; it stays {kept_value:g}."


def _check(widget_key: str, label: str, low: float, high: float) -> None:
    """on_change: keep an entry in range, or put the last good value back and remember why."""
    entered = st.session_state[widget_key]
    last_good = st.session_state[kept(widget_key)]
    message = rejection(label, entered, low, high, last_good)
    st.session_state[problem_key(widget_key)] = message
    if message:
        st.session_state[widget_key] = last_good
    else:
        st.session_state[kept(widget_key)] = entered


def number_box(label: str, low: float, high: float, *, key: str, default: float, container=st, **number_input) -> float:
    """A number input over [low, high] that keeps its value across pages and says what it rejected.

    Args:
        label: the box's label, also the start of its message.
        low, high: the accepted range (inclusive); ints give an integer box.
        key: its page-prefixed session-state key.
        default: the value before the learner changes it.
        container: where to draw it (a column, or ``st``).
        number_input: any other ``st.number_input`` argument (step, format, help, disabled).

    Returns:
        The value in use, always within [low, high].
    """
    value = container.number_input(
        label, **keep(key, default), on_change=_check, args=(key, label, low, high), **number_input
    )
    message = st.session_state.get(problem_key(key))
    if message:
        container.warning(message, icon="⚠️")
    return value
