"""This session's notes (``notes.items``, {note id: Note}, replaced and never mutated on every change) and the last
deleted note for Undo (``notes.last_deleted``). The notes are part of the learner record, which keeps them in the
browser across reloads (ui.common.record.storage). Every mutation happens in a widget callback.
"""

from __future__ import annotations

import streamlit as st

from ui.notes.keys import NotesKeys
from ui.notes.model import Note


def notes() -> dict[str, Note]:
    """This session's notes by id (a copy)."""
    return dict(st.session_state.get(NotesKeys.ITEMS, {}))


def replace_notes(new_notes: dict[str, Note]) -> None:
    st.session_state[NotesKeys.ITEMS] = dict(new_notes)


def put_note(note: Note) -> None:
    replace_notes({**notes(), note.id: note})


def delete_note(note_id: str) -> None:
    current = notes()
    if note_id in current:
        st.session_state[NotesKeys.LAST_DELETED] = current.pop(note_id)
        replace_notes(current)


def undo_delete() -> None:
    note = st.session_state.pop(NotesKeys.LAST_DELETED, None)
    if note is not None:
        put_note(note)
