"""Where notes live: st.session_state for this session, and the learner's browser (localStorage) across reloads.

    notes.items            {note id: Note}, replaced (never mutated) on every change
    notes.browser_loaded   True once the browser's saved copy has been read (or found missing / unavailable)
    notes.browser_problem  a sentence for the learner when the browser cannot save, else absent
    notes.unreadable_saved the raw saved copy when it could not be read, so the learner can download it
    notes.last_deleted     the last deleted note, for Undo

A tiny inline component (Streamlit components v2, no third-party package) is mounted in the sidebar of every page.
On a new session it reads localStorage once and sends the saved JSON back as a trigger value; the callback merges it
into the session by note id. From then on every run hands the component the current notes as JSON and it writes
them to localStorage when they changed. The component never puts note text into the page: it only moves a string
between Python and localStorage. Every mutation happens in a widget callback, before the sidebar is drawn, so the
copy the component writes is always current.
"""

from __future__ import annotations

import streamlit as st

from ui.notes.io import NotesFileError, export_json, parse_notes_file
from ui.notes.keys import NotesKeys
from ui.notes.model import Note, merge_notes

STORAGE_KEY = "batch-norm-lab.notes.v1"

STORE_JS = """
const STORAGE_KEY = "{storage_key}";

function storage() {
  try { return window.localStorage; } catch (error) { return null; }
}

let sentSavedCopy = false;  // once per page load: every extra trigger would be one more rerun of the whole page

export default function ({ data, setTriggerValue }) {
  const store = storage();
  if (!data || !data.loaded) {
    if (sentSavedCopy) return;
    sentSavedCopy = true;
    let text = null;
    try {
      if (!store) throw new Error("localStorage is not available");
      text = store.getItem(STORAGE_KEY);
    } catch (error) {
      setTriggerValue("loaded", { text: null, problem: String(error && error.name || error) });
      return;
    }
    setTriggerValue("loaded", { text: text, problem: null });
    return;
  }
  if (typeof data.notes_json !== "string" || !store) return;
  try {
    if (store.getItem(STORAGE_KEY) !== data.notes_json) store.setItem(STORAGE_KEY, data.notes_json);
  } catch (error) {
    setTriggerValue("save_failed", String(error && error.name || error));
  }
}
""".replace("{storage_key}", STORAGE_KEY)

_browser_store = st.components.v2.component("batch_norm_lab_notes_store", js=STORE_JS)


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


def _cannot_save(reason: str) -> str:
    return (
        f"This browser does not let the app save notes ({reason}), so they last only as long as this tab: "
        "export them to keep them."
    )


def receive_saved_copy(payload) -> None:
    """Merge the browser's saved notes (the component's "loaded" trigger) into the session, once per session."""
    if st.session_state.get(NotesKeys.BROWSER_LOADED) or not isinstance(payload, dict):
        return
    st.session_state[NotesKeys.BROWSER_LOADED] = True
    if payload.get("problem"):
        st.session_state[NotesKeys.BROWSER_PROBLEM] = _cannot_save(str(payload["problem"])[:80])
        return
    text = payload.get("text")
    if not isinstance(text, str) or not text:
        return
    try:
        saved = parse_notes_file(text.encode("utf-8", errors="replace"))
    except NotesFileError as error:
        st.session_state[NotesKeys.UNREADABLE_SAVED] = text
        st.session_state[NotesKeys.BROWSER_PROBLEM] = (
            f"The notes saved in this browser could not be read ({error}) and were "
            "replaced by this session's notes; download the old copy below."
        )
        return
    merged, _ = merge_notes(saved_as_dict(saved), list(notes().values()))
    replace_notes(merged)


def saved_as_dict(saved: list[Note]) -> dict[str, Note]:
    return {note.id: note for note in saved}


def _on_loaded() -> None:
    receive_saved_copy((st.session_state.get(NotesKeys.BROWSER_STORE) or {}).get("loaded"))


def _on_save_failed() -> None:
    reason = (st.session_state.get(NotesKeys.BROWSER_STORE) or {}).get("save_failed")
    if reason:
        st.session_state[NotesKeys.BROWSER_PROBLEM] = _cannot_save(str(reason)[:80])


def sync_with_browser() -> None:
    """Mount the storage component: it reads the saved notes once, then keeps the browser's copy current."""
    loaded = bool(st.session_state.get(NotesKeys.BROWSER_LOADED))
    data = {"loaded": loaded, "notes_json": export_json(notes()) if loaded else None}
    _browser_store(
        key=NotesKeys.BROWSER_STORE, data=data, on_loaded_change=_on_loaded, on_save_failed_change=_on_save_failed
    )


def browser_status() -> tuple[str, str]:
    """("info" | "warning", one sentence) on where the notes are kept right now."""
    if st.session_state.get(NotesKeys.BROWSER_PROBLEM):
        return "warning", st.session_state[NotesKeys.BROWSER_PROBLEM]
    if not st.session_state.get(NotesKeys.BROWSER_LOADED):
        return "info", "Looking for notes saved in this browser…"
    return "info", "Saved in this browser."
