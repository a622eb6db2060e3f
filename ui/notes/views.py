"""The Notes page's parts: where notes live, the editor, the filtered list with edit and delete, export and import.

Note text, next actions and object labels are learner data: they are shown with st.text (never Markdown, never
HTML). Only fixed strings, validated page titles, timestamps and validated Training Lab links reach st.markdown.
Every change to the notes happens in a widget callback (see ui.notes.store).
"""

from __future__ import annotations

import streamlit as st

from quizzes.claims import research
from ui.common.record import panel as record_panel
from ui.common.record.session import room_for_notes
from ui.notes import store
from ui.notes.catalog import catalog, current_lab_state, recorded_attempts
from ui.notes.io import cited_label, export_json, export_markdown
from ui.notes.keys import NotesKeys
from ui.notes.model import (
    KIND_TITLES,
    KINDS,
    MAX_NEXT_ACTION,
    MAX_TEXT,
    Attachment,
    Note,
    NoteProblem,
    edited_note,
    filter_notes,
    new_note,
    now_timestamp,
    readable_time,
)

PAGE = "Notes"


ALL = "All"
NOTHING = ""  # in the "Cites" filter: notes that cite nothing


def citations() -> list[str]:
    """What a note can cite, as the editor offers it: nothing, then every claim and source id."""
    return [NOTHING, *research().citable()]


def object_id(attachment: Attachment) -> str:
    return f"{attachment.kind}\x1f{attachment.key}"


def targets(kind: str) -> dict[str, Attachment]:
    """The objects of a kind the editor offers, by object id, including the edited note's own object."""
    if kind == "lab_state":
        options = [current_lab_state()]
    elif kind == "exercise_attempt":
        options = recorded_attempts()
    else:
        options = catalog(kind)
    editing = store.notes().get(st.session_state.get(NotesKeys.EDITING))
    if editing is not None and editing.attached_to.kind == kind:
        options = [editing.attached_to] + options
    return {object_id(a): a for a in options if a is not None}


def where_notes_live() -> None:
    st.info(
        "**Where your notes live:** with the rest of your progress, in this browser only (its localStorage), on "
        "this device. Reloading the page or coming back later in the same browser restores them; another browser, "
        "another device, a private window or clearing site data does not. **Export** them (JSON) to move them or "
        "keep a copy, and **import** that file wherever you continue."
    )
    record_panel.saved_copy_problems()


def _clear_editor() -> None:
    for key in (NotesKeys.TEXT, NotesKeys.NEXT_ACTION, NotesKeys.CITES):
        st.session_state[key] = ""
    st.session_state.pop(NotesKeys.EDITING, None)


def _save() -> None:
    """'Save note' callback: a new note, or the edited one; on a problem nothing changes and a message says why."""
    kind = st.session_state.get(NotesKeys.KIND)
    attachment = targets(kind).get(st.session_state.get(NotesKeys.target(kind))) if kind else None
    if attachment is None:
        st.session_state[NotesKeys.EDITOR_MESSAGE] = ("error", "Choose what the note is about first.")
        return
    cites = st.session_state.get(NotesKeys.CITES) or ""
    if cites not in citations():
        st.session_state[NotesKeys.EDITOR_MESSAGE] = ("error", "Choose what the note cites from the list.")
        return
    text, next_action = st.session_state.get(NotesKeys.TEXT, ""), st.session_state.get(NotesKeys.NEXT_ACTION, "")
    editing = store.notes().get(st.session_state.get(NotesKeys.EDITING))
    try:
        if editing is None:
            note = new_note(attachment, PAGE, text, next_action, cites=cites)
        else:
            note = edited_note(editing, text=text, next_action=next_action, attached_to=attachment, cites=cites)
    except NoteProblem as problem:
        st.session_state[NotesKeys.EDITOR_MESSAGE] = ("error", str(problem))
        return
    full = room_for_notes({**store.notes(), note.id: note})
    if full is not None:
        st.session_state[NotesKeys.EDITOR_MESSAGE] = ("error", f"{full} Export your notes and delete some first.")
        return
    store.put_note(note)
    st.session_state.pop(NotesKeys.LAST_DELETED, None)
    st.session_state[NotesKeys.EDITOR_MESSAGE] = ("success", "Note updated." if editing else "Note saved.")
    _clear_editor()


def _start_edit(note_id: str) -> None:
    note = store.notes()[note_id]
    st.session_state[NotesKeys.EDITING] = note_id
    st.session_state[NotesKeys.KIND] = note.attached_to.kind
    st.session_state[NotesKeys.target(note.attached_to.kind)] = object_id(note.attached_to)
    st.session_state[NotesKeys.TEXT] = note.text
    st.session_state[NotesKeys.NEXT_ACTION] = note.next_action
    st.session_state[NotesKeys.CITES] = note.cites
    st.session_state.pop(NotesKeys.EDITOR_MESSAGE, None)


def _cancel_edit() -> None:
    _clear_editor()
    st.session_state[NotesKeys.EDITOR_MESSAGE] = ("info", "Edit cancelled; the note is unchanged.")


def editor() -> None:
    """Attach-to choice, the 'Note' text area, the next action and 'Save note'."""
    editing = store.notes().get(st.session_state.get(NotesKeys.EDITING))
    if editing is not None:
        st.caption(f"Editing a note written on {editing.page}, created {readable_time(editing.created)}.")
    kinds = [k for k in KINDS if k not in ("lab_state", "exercise_attempt") or targets(k)]
    if st.session_state.get(NotesKeys.KIND) not in kinds:
        st.session_state[NotesKeys.KIND] = "concept"
    about, which = st.columns([1, 2])
    kind = about.selectbox("About", kinds, format_func=KIND_TITLES.get, key=NotesKeys.KIND)
    options = targets(kind)
    which.selectbox("Which one", list(options), format_func=lambda o: options[o].label, key=NotesKeys.target(kind))
    st.text_area(
        "Note",
        key=NotesKeys.TEXT,
        height=150,
        max_chars=MAX_TEXT,
        placeholder="What did you notice, what surprised you, what do you want to check?",
    )
    next_column, cites_column = st.columns(2)
    next_column.text_input(
        "Next action (optional)",
        key=NotesKeys.NEXT_ACTION,
        max_chars=MAX_NEXT_ACTION,
        placeholder="e.g. try the same run with batch size 8",
    )
    if st.session_state.get(NotesKeys.CITES) not in citations():
        st.session_state[NotesKeys.CITES] = ""
    cites_column.selectbox(
        "Cites a claim or source (optional)",
        citations(),
        format_func=lambda cited: research().label(cited) if cited else "Nothing",
        key=NotesKeys.CITES,
        help="The key claims are the cards above; the sources are the papers they come from.",
    )
    save, cancel, _ = st.columns([1, 1, 4])
    save.button("Save note", key=NotesKeys.SAVE, type="primary", on_click=_save)
    if editing is not None:
        cancel.button("Cancel edit", key=NotesKeys.CANCEL_EDIT, on_click=_cancel_edit)
    message = st.session_state.pop(NotesKeys.EDITOR_MESSAGE, None)
    if message is not None:
        {"error": st.error, "success": st.success, "info": st.info}[message[0]](message[1])


def _delete(note_id: str) -> None:
    store.delete_note(note_id)
    if st.session_state.get(NotesKeys.EDITING) == note_id:
        _clear_editor()


def filters(notes: dict[str, Note]) -> list[Note]:
    """Object type, object, page and citation filters over the notes; returns the matching notes, newest first."""
    kind_column, object_column, page_column, cites_column = st.columns(4)
    kinds = [ALL] + [k for k in KINDS if any(n.attached_to.kind == k for n in notes.values())]
    kind = kind_column.selectbox(
        "Object type", kinds, format_func=lambda k: KIND_TITLES.get(k, k), key=NotesKeys.FILTER_KIND
    )
    kind = None if kind == ALL else kind
    objects = {object_id(n.attached_to): n.attached_to for n in notes.values() if kind in (None, n.attached_to.kind)}
    chosen = object_column.selectbox(
        "Object",
        [ALL] + sorted(objects, key=lambda o: objects[o].describe()),
        format_func=lambda o: o if o == ALL else objects[o].describe(),
        key=NotesKeys.FILTER_OBJECT,
    )
    pages = sorted({n.page for n in notes.values()})
    page = page_column.selectbox("Written on", [ALL] + pages, key=NotesKeys.FILTER_PAGE)
    cited = sorted({n.cites for n in notes.values()})
    cites = cites_column.selectbox(
        "Cites",
        [ALL] + cited,
        format_func=lambda c: c if c == ALL else (c or "Nothing"),
        key=NotesKeys.FILTER_CITES,
    )
    return filter_notes(
        notes,
        kind=kind,
        attached_to=objects.get(chosen),
        page=None if page == ALL else page,
        cites=None if cites == ALL else cites,
    )


def note_card(note: Note) -> None:
    with st.container(border=True):
        heading, edit, delete = st.columns([6, 1, 1])
        heading.markdown(f"**{KIND_TITLES[note.attached_to.kind]}**")
        heading.text(note.attached_to.label)
        edit.button("Edit", key=NotesKeys.edit(note.id), on_click=_start_edit, args=(note.id,))
        delete.button("Delete", key=NotesKeys.delete(note.id), on_click=_delete, args=(note.id,))
        st.text(note.text)
        if note.next_action:
            st.markdown("**Next action**")
            st.text(note.next_action)
        if note.cites:
            st.markdown("**Cites**")
            st.text(cited_label(note.cites))
        if note.attached_to.link:
            st.markdown(f"[Open these settings in the Training Lab]({note.attached_to.link})")
        st.caption(
            f"Written on {note.page} · created {readable_time(note.created)} · updated {readable_time(note.updated)}"
        )


def note_list() -> None:
    """Undo for the last delete, the filters and the matching notes."""
    notes = store.notes()
    deleted = st.session_state.get(NotesKeys.LAST_DELETED)
    if deleted is not None and deleted.id not in notes:
        st.button("Undo the last delete", key=NotesKeys.UNDO_DELETE, on_click=store.undo_delete)
    if not notes:
        st.caption("No notes yet. Write one above, or use 'Add a note about this page' in the sidebar of any page.")
        return
    shown = filters(notes)
    st.caption(f"Showing {len(shown)} of {len(notes)} notes, most recently updated first.")
    for note in shown:
        note_card(note)


def export_and_import() -> None:
    notes = store.notes()
    stamp = now_timestamp()
    markdown_column, json_column, _ = st.columns([1, 1, 2])
    markdown_column.download_button(
        "Export as Markdown",
        export_markdown(notes, stamp),
        file_name="batch-norm-lab-notes.md",
        mime="text/markdown",
        key=NotesKeys.EXPORT_MARKDOWN,
        disabled=not notes,
    )
    json_column.download_button(
        "Export as JSON",
        export_json(notes, stamp),
        file_name="batch-norm-lab-notes.json",
        mime="application/json",
        key=NotesKeys.EXPORT_JSON,
        disabled=not notes,
    )
    record_panel.importer(
        "Import notes (a notes export or a whole learner record)",
        NotesKeys.IMPORT_FILE,
        NotesKeys.IMPORT_MESSAGE,
    )
