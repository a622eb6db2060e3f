"""The sidebar's quick note on every page ("add a note about this page"), and the browser storage it mounts.

``ui.shell`` calls ``quick_note(page_title)`` from the shared sidebar, so every page gets it.
"""

from __future__ import annotations

import streamlit as st

from ui.notes_catalog import current_lab_state, page_attachment
from ui.notes_io import room_problem
from ui.notes_model import MAX_NEXT_ACTION, MAX_TEXT, NoteProblem, new_note, page_name
from ui.notes_store import notes, put_note, sync_with_browser

TEXT = "notes.quick_text"
NEXT_ACTION = "notes.quick_next_action"
TARGET = "notes.quick_target"
MESSAGE = "notes.quick_message"  # (level, sentence) after the last click
TARGET_LABELS = {"page": "This page", "lab": "The current Training Lab settings"}


def _add(page_title: str) -> None:
    """Button callback: save the quick note, attached to this page or to the lab state, and clear the fields."""
    lab = current_lab_state()
    attach_to = lab if st.session_state.get(TARGET) == "lab" and lab is not None else page_attachment(page_title)
    try:
        note = new_note(
            attach_to, page_name(page_title), st.session_state.get(TEXT, ""), st.session_state.get(NEXT_ACTION, "")
        )
    except NoteProblem as problem:
        st.session_state[MESSAGE] = ("error", str(problem))
        return
    full = room_problem({**notes(), note.id: note})
    if full is not None:
        st.session_state[MESSAGE] = ("error", f"{full} Export your notes and delete some first.")
        return
    put_note(note)
    st.session_state[TEXT] = ""
    st.session_state[NEXT_ACTION] = ""
    st.session_state[MESSAGE] = ("success", "Note added. All your notes are on the Notes page.")


def quick_note(page_title: str) -> None:
    """Sidebar block: keep the browser copy in sync, and offer a quick note about the current page."""
    sync_with_browser()
    with st.expander("📝 Add a note about this page"):
        if current_lab_state() is not None:
            st.radio("Attach it to", list(TARGET_LABELS), format_func=TARGET_LABELS.get, key=TARGET)
        st.text_area("Note about this page", key=TEXT, height=110, max_chars=MAX_TEXT)
        st.text_input(
            "Next action (optional)",
            key=NEXT_ACTION,
            max_chars=MAX_NEXT_ACTION,
            placeholder="e.g. re-run with batch size 8",
        )
        st.button("Add note", key="notes.quick_add", on_click=_add, args=(page_title,))
        message = st.session_state.pop(MESSAGE, None)
        if message is not None:
            (st.error if message[0] == "error" else st.success)(message[1])
        count = len(notes())
        st.caption(
            f"{count} note{'s' if count != 1 else ''} so far. Notes are kept in this browser only "
            "(its localStorage); export them on the Notes page to move them."
        )
