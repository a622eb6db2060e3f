"""The sidebar's quick note on every page ("add a note about this page").

``ui.common.shell`` calls ``quick_note(page_title)`` from the shared sidebar, so every page gets it.
"""

from __future__ import annotations

import streamlit as st

from ui.common.record.session import room_for_notes
from ui.notes.catalog import current_lab_state, page_attachment
from ui.notes.keys import NotesKeys
from ui.notes.model import MAX_NEXT_ACTION, MAX_TEXT, NoteProblem, new_note, page_name
from ui.notes.store import notes, put_note

TARGET_LABELS = {"page": "This page", "lab": "The current Training Lab settings"}


def _add(page_title: str) -> None:
    """Button callback: save the quick note, attached to this page or to the lab state, and clear the fields."""
    lab = current_lab_state()
    attach_to = (
        lab
        if st.session_state.get(NotesKeys.QUICK_TARGET) == "lab" and lab is not None
        else page_attachment(page_title)
    )
    try:
        note = new_note(
            attach_to,
            page_name(page_title),
            st.session_state.get(NotesKeys.QUICK_TEXT, ""),
            st.session_state.get(NotesKeys.QUICK_NEXT_ACTION, ""),
        )
    except NoteProblem as problem:
        st.session_state[NotesKeys.QUICK_MESSAGE] = ("error", str(problem))
        return
    full = room_for_notes({**notes(), note.id: note})
    if full is not None:
        st.session_state[NotesKeys.QUICK_MESSAGE] = (
            "error",
            f"{full} Download your record and delete some notes first.",
        )
        return
    put_note(note)
    st.session_state[NotesKeys.QUICK_TEXT] = ""
    st.session_state[NotesKeys.QUICK_NEXT_ACTION] = ""
    st.session_state[NotesKeys.QUICK_MESSAGE] = ("success", "Note added. All your notes are on the Notes page.")


def quick_note(page_title: str) -> None:
    """Sidebar block: a quick note about the current page."""
    with st.expander("📝 Add a note about this page"):
        if current_lab_state() is not None:
            st.radio("Attach it to", list(TARGET_LABELS), format_func=TARGET_LABELS.get, key=NotesKeys.QUICK_TARGET)
        st.text_area("Note about this page", key=NotesKeys.QUICK_TEXT, height=110, max_chars=MAX_TEXT)
        st.text_input(
            "Next action (optional)",
            key=NotesKeys.QUICK_NEXT_ACTION,
            max_chars=MAX_NEXT_ACTION,
            placeholder="e.g. re-run with batch size 8",
        )
        st.button("Add note", key=NotesKeys.QUICK_ADD, on_click=_add, args=(page_title,))
        message = st.session_state.pop(NotesKeys.QUICK_MESSAGE, None)
        if message is not None:
            (st.error if message[0] == "error" else st.success)(message[1])
        count = len(notes())
        st.caption(f"{count} note{'s' if count != 1 else ''} so far, all of them on the Notes page.")
