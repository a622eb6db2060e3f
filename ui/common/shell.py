"""The frame of every page: page config and the shared sidebar. Every page (and app.py) starts with ``setup_page``."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from quizzes.glossary import EXPERTISE_LEVELS
from ui.common.keys import AppKeys, RecordKeys, key_class
from ui.common.narrow_screens import narrow_screen_rules
from ui.common.pages import existing_pages
from ui.common.reconnection import run_the_page_on_reconnection
from ui.common.record import panel as record_panel
from ui.common.record import session as record_session
from ui.common.record import storage as record_storage
from ui.common.state import expertise_level
from ui.notes.sidebar import quick_note

LEVEL_HINTS = {
    "Beginner": "Every technical term is explained where it appears.",
    "Intermediate": "Basic terms are assumed; batch-norm specifics are still explained.",
    "Expert": "Only a few subtle points are spelled out.",
}
# KaTeX draws a square root's or a fraction's upper part as boxes lifted above the line; inside a radio or checkbox
# option they reach over the middle of the option above, so a click there chose the option below. Formulas in
# choices let clicks through to the option they sit on.
FORMULAS_IN_CHOICES = "[data-testid=stRadioOption] .katex, [data-testid=stCheckbox] .katex { pointer-events: none; }"
# The components that draw nothing (the learner record's storage, the reconnection watch, the code prefetch) would
# each still add a gap between the elements around them.
DRAWING_NOTHING = (RecordKeys.STORE, RecordKeys.LATE_STORE, AppKeys.RECONNECTION, AppKeys.PREFETCH)
NO_GAPS_FOR_THEM = ", ".join(f".{key_class(key)}" for key in DRAWING_NOTHING) + " { display: none; }"


def setup_page(title: str, icon: str) -> None:
    """Configure the page (title, icon, wide layout) and draw the shared sidebar."""
    st.set_page_config(page_title=f"{title} · Batch Norm Lab", page_icon=icon, layout="wide")
    narrow_screen_rules()
    st.html(f"<style>{FORMULAS_IN_CHOICES} {NO_GAPS_FOR_THEM}</style>")
    record_session.note_place(title)
    _sidebar(title)


def _keep_expertise() -> None:
    """The selector's callback. Its key can be gone: a merged saved record resets the selector (pops the key), and if
    the run that would redraw it is cut short, the browser still reports its old value; then the level stays."""
    level = st.session_state.get(AppKeys.EXPERTISE_WIDGET)
    if level in EXPERTISE_LEVELS:
        record_session.choose_expertise(level)


def _served_from_app_py() -> bool:
    """Whether app.py is the entrypoint (a real server); AppTest of a single page runs that page as its entrypoint,
    where links to the other pages cannot resolve."""
    ctx = get_script_run_ctx()
    return ctx is not None and Path(ctx.main_script_path).name == "app.py"


def _navigation() -> None:
    """Home, then every page in learning order (Streamlit's own menu is off: it would list them by file name)."""
    if not _served_from_app_py():
        return
    st.page_link("app.py", label="Home", icon="📊")
    for page in existing_pages():
        st.page_link(page.path, label=page.title, icon=page.icon)


def _sidebar(page_title: str) -> None:
    with st.sidebar:
        _navigation()
        st.divider()
        level = expertise_level()
        st.radio(
            "Expertise level",
            EXPERTISE_LEVELS,
            index=EXPERTISE_LEVELS.index(level),
            key=AppKeys.EXPERTISE_WIDGET,
            on_change=_keep_expertise,
            horizontal=True,
            help="Decides how many terms get an inline explanation (tooltips and 'Terms used here' boxes).",
        )
        st.caption(LEVEL_HINTS[expertise_level()])
        quick_note(page_title)
        record_storage.sync()
        run_the_page_on_reconnection()
        record_panel.storage_status(RecordKeys.SIDEBAR_EXPORT)
