"""The learner record in the learner's browser (localStorage, one key, versioned), kept in step with the session.

A tiny inline component (Streamlit components v2, no third-party package) is mounted in the sidebar of every page.
On a new session (a first visit, a reload, or a reconnection to another server) it reads the saved record once,
plus the notes saved by older versions of the app, and sends them back as a trigger value; the callback merges them
into the session (``receive_saved``). From then on every run hands it the record as JSON and it writes it when it
changed, compare-and-swap style: if another tab wrote since this page last read or wrote, it does not overwrite but
sends the other tab's copy back (``receive_changed``), which is merged first, so no tab drops another's work. The
component never puts learner text into the page: it only moves strings between Python and localStorage.
"""

from __future__ import annotations

import streamlit as st

from ui.common.keys import RecordKeys
from ui.common.record import session
from ui.common.record.codec import read_record, record_json, room_problem
from ui.common.record.fields import RecordFileError
from ui.common.record.model import Record

STORAGE_KEY = "batch-norm-lab.record.v1"
LEGACY_NOTES_KEY = "batch-norm-lab.notes.v1"  # where the Notes page kept notes before the learner record

STORE_JS = """
const STORAGE_KEY = "{storage_key}";
const LEGACY_KEY = "{legacy_key}";
const PROBE_KEY = STORAGE_KEY + ".probe";

function reason(error) { return String(error && error.name || error); }

function storage() {  // {store, problem}: reading window.localStorage itself throws where storage is disabled
  try {
    const store = window.localStorage;
    return store ? { store: store, problem: null } : { store: null, problem: "no localStorage" };
  } catch (error) {
    return { store: null, problem: reason(error) };
  }
}

let sentFor = null;   // the session the saved copy was last sent to: once per session, not once per render
let lastSeen = null;  // the stored text as this page last read or wrote it

export default function ({ data, setTriggerValue }) {
  if (!data) return;
  const { store, problem } = storage();
  if (!data.loaded) {
    if (sentFor === data.session) return;
    sentFor = data.session;
    if (!store) {
      setTriggerValue("loaded", { text: null, legacy: null, problem: problem });
      return;
    }
    try {
      store.setItem(PROBE_KEY, "1");
      store.removeItem(PROBE_KEY);
      lastSeen = store.getItem(STORAGE_KEY);
      setTriggerValue("loaded", { text: lastSeen, legacy: store.getItem(LEGACY_KEY), problem: null });
    } catch (error) {
      setTriggerValue("loaded", { text: null, legacy: null, problem: reason(error) });
    }
    return;
  }
  if (typeof data.record_json !== "string" || !store) return;
  try {
    const current = store.getItem(STORAGE_KEY);
    if (current !== null && current !== lastSeen && current !== data.record_json) {
      lastSeen = current;  // another tab wrote: merge its copy first, then write on the next run
      setTriggerValue("changed", current);
      return;
    }
    if (current !== data.record_json) store.setItem(STORAGE_KEY, data.record_json);
    lastSeen = data.record_json;
    if (data.drop_legacy) store.removeItem(LEGACY_KEY);
  } catch (error) {
    setTriggerValue("save_failed", reason(error));
  }
}
""".replace("{storage_key}", STORAGE_KEY).replace("{legacy_key}", LEGACY_NOTES_KEY)

_browser_store = st.components.v2.component("batch_norm_lab_record_store", js=STORE_JS)


def _cannot_keep(reason: str) -> str:
    return (
        f"This browser does not let the app keep your progress ({reason[:80]}): your notes, answers and predictions "
        "last only as long as this tab. Download your record to keep them."
    )


def _read_saved(text: str, source: str) -> Record | None:
    """A saved copy read leniently; what was left out (or the whole copy, if unreadable) is reported."""
    try:
        reading = read_record(text.encode("utf-8", errors="replace"), strict=False)
    except RecordFileError as error:
        st.session_state[RecordKeys.UNREADABLE] = text
        st.session_state[RecordKeys.IGNORED] = (
            f"The {source} saved in this browser could not be read ({error}) and will be replaced by this session's; "
            "download the old copy below."
        )
        return None
    if reading.ignored:
        st.session_state[RecordKeys.IGNORED] = (
            f"Some of the {source} saved in this browser could not be used and were left out: "
            f"{reading.ignored_sentence()}"
        )
    return reading.record


def _absorb(record: Record, *, restore_step: bool) -> None:
    left_out = session.absorb(record, restore_step=restore_step)
    if left_out:
        previous = st.session_state.get(RecordKeys.IGNORED, "")
        st.session_state[RecordKeys.IGNORED] = f"{previous} Left out: {'; '.join(left_out)}.".strip()


def receive_saved(payload) -> None:
    """The component's "loaded" trigger: merge the browser's saved record (and old saved notes) into the session,
    once per session."""
    if st.session_state.get(RecordKeys.LOADED) or not isinstance(payload, dict):
        return
    st.session_state[RecordKeys.LOADED] = True
    if payload.get("problem"):
        st.session_state[RecordKeys.STORAGE_PROBLEM] = _cannot_keep(str(payload["problem"]))
        return
    legacy = payload.get("legacy")
    if isinstance(legacy, str) and legacy:
        st.session_state[RecordKeys.DROP_LEGACY] = True
        saved_notes = _read_saved(legacy, "notes")
        if saved_notes is not None:
            _absorb(saved_notes, restore_step=False)
    text = payload.get("text")
    if isinstance(text, str) and text:
        saved = _read_saved(text, "record")
        if saved is not None:
            _absorb(saved, restore_step=True)


def receive_changed(text) -> None:
    """The component's "changed" trigger: another tab wrote the record; merge its copy before writing ours."""
    if not isinstance(text, str) or not text:
        return
    try:
        other = read_record(text.encode("utf-8", errors="replace"), strict=False).record
    except RecordFileError:
        return  # another tab wrote something unreadable: ours replaces it
    _absorb(other, restore_step=False)


def _on_loaded() -> None:
    receive_saved((st.session_state.get(RecordKeys.STORE) or {}).get("loaded"))


def _on_changed(key: str) -> None:
    receive_changed((st.session_state.get(key) or {}).get("changed"))


def _on_save_failed(key: str) -> None:
    reason = (st.session_state.get(key) or {}).get("save_failed")
    if reason:
        st.session_state[RecordKeys.STORAGE_PROBLEM] = _cannot_keep(str(reason))


def _data() -> dict:
    loaded = bool(st.session_state.get(RecordKeys.LOADED))
    data = {"session": session.session_tag(), "loaded": loaded, "record_json": None, "drop_legacy": False}
    if loaded and not st.session_state.get(RecordKeys.STORAGE_PROBLEM):
        record = session.collect()
        too_big = room_problem(record)
        st.session_state[RecordKeys.TOO_BIG] = too_big
        if too_big is None:
            data["record_json"] = record_json(record)
            data["drop_legacy"] = bool(st.session_state.get(RecordKeys.DROP_LEGACY))
    return data


def sync() -> None:
    """Mount the storage component (in the sidebar): it reads the saved record once, then keeps it current."""
    data = _data()
    st.session_state[RecordKeys.HANDED] = data["record_json"]
    _browser_store(
        key=RecordKeys.STORE,
        data=data,
        on_loaded_change=_on_loaded,
        on_changed_change=lambda: _on_changed(RecordKeys.STORE),
        on_save_failed_change=lambda: _on_save_failed(RecordKeys.STORE),
    )


def save_now() -> None:
    """Write the record from a part of the page that changed it after the sidebar was drawn, or from inside an
    st.fragment (whose reruns do not redraw the sidebar's component); nothing if the browser was already handed this
    record. At most once per page run."""
    if not st.session_state.get(RecordKeys.LOADED):
        return
    data = _data()
    if data["record_json"] == st.session_state.get(RecordKeys.HANDED):
        return
    st.session_state[RecordKeys.HANDED] = data["record_json"]
    _browser_store(
        key=RecordKeys.LATE_STORE,
        data=data,
        on_changed_change=lambda: _on_changed(RecordKeys.LATE_STORE),
        on_save_failed_change=lambda: _on_save_failed(RecordKeys.LATE_STORE),
    )


def status() -> tuple[str, str]:
    """("info" | "warning", one sentence) on where the learner's record is kept right now."""
    for key in (RecordKeys.STORAGE_PROBLEM, RecordKeys.TOO_BIG):
        if st.session_state.get(key):
            return "warning", st.session_state[key]
    if not st.session_state.get(RecordKeys.LOADED):
        return "info", "Looking for your progress saved in this browser…"
    return "info", "Your notes and progress are saved in this browser."
