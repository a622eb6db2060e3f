"""What the learner sees of their record: where it is kept (and a warning with a download when it is not), the
download and import of the whole record, "Forget me" with a confirmation, and "continue where you left off".

Learner text never reaches Markdown here: messages are app-made sentences with numbers, and the unreadable saved
copy is offered only as a download.
"""

from __future__ import annotations

import streamlit as st

from ui.common.keys import RecordKeys
from ui.common.pages import LEARNING_PATH
from ui.common.record import session, storage
from ui.common.record.codec import read_record, record_json, room_problem
from ui.common.record.fields import RecordFileError, now_timestamp
from ui.common.record.model import Record, forgotten_record, merge
from ui.notes.model import merge_notes
from ui.walkthrough.latex import LAST_STEP, STEP_TITLES

RECORD_FILE = "batch-norm-lab-record.json"


def download_button(key: str, label: str = "Download your record (JSON)") -> None:
    st.download_button(
        label,
        record_json(session.collect(), exported=now_timestamp()),
        file_name=RECORD_FILE,
        mime="application/json",
        key=key,
        help="Everything you did here in one file: notes, quiz answers, practice loops, predictions, exercise "
        "attempts, where you left off. Import it on the home page (or the Notes page) in any browser to continue.",
    )


def storage_status(download_key: str | None = None) -> None:
    """Where the record is kept, in one line; a warning when the browser cannot keep it, with the download under
    ``download_key`` (None: the caller offers the download itself)."""
    level, sentence = storage.status()
    if level == "info":
        st.caption(sentence)
        return
    st.warning(sentence)
    if download_key is not None:
        download_button(download_key)


def saved_copy_problems() -> None:
    """What the browser's saved copy held that could not be used, and the unreadable copy for download."""
    ignored = st.session_state.get(RecordKeys.IGNORED)
    if ignored:
        st.warning(ignored)
    unreadable = st.session_state.get(RecordKeys.UNREADABLE)
    if unreadable:
        st.download_button(
            "Download the unreadable saved copy",
            unreadable,
            file_name="unreadable-record.json",
            mime="application/json",
            key=RecordKeys.DOWNLOAD_UNREADABLE,
        )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def import_summary(before: Record, incoming: Record, after: Record, from_notes_file: bool) -> str:
    """One sentence on what an import changed, counted per kind."""
    _, notes = merge_notes(before.notes, list(incoming.notes.values()))
    sentence = (
        f"Imported {_plural(len(incoming.notes), 'note')}: {notes.added} added, {notes.replaced} replaced by a "
        f"newer copy, {notes.kept} already up to date."
    )
    if from_notes_file:
        return sentence
    new = [
        _plural(len(after.answers.keys() - before.answers.keys()), "new quiz answer"),
        _plural(len(after.practice.keys() - before.practice.keys()), "new practice loop"),
        _plural(len(after.predictions.keys() - before.predictions.keys()), "new prediction"),
        _plural(len(after.exercises.keys() - before.exercises.keys()), "new exercise attempt"),
    ]
    return f"{sentence} Also {', '.join(new)}."


def import_file(data: bytes) -> tuple[str, str]:
    """Merge a record file (or an old notes file) into the session: ("success" | "error", sentence). A file with any
    problem, or one that would take the record past 1 MB, changes nothing."""
    try:
        reading = read_record(data, strict=True)
    except RecordFileError as error:
        return "error", f"Nothing was imported. {error}"
    before = session.collect()
    merged, left_out = session.usable(merge(before, reading.record))
    if left_out:
        return "error", f"Nothing was imported. The file holds {'; '.join(left_out)}."
    full = room_problem(merged)
    if full is not None:
        return "error", f"Nothing was imported. {full}"
    session.apply(merged)
    return "success", import_summary(before, reading.record, merged, reading.from_notes_file)


def _import(file_key: str, message_key: str) -> None:
    uploaded = st.session_state.get(file_key)
    if uploaded is None:
        st.session_state.pop(message_key, None)
        return
    st.session_state[message_key] = import_file(uploaded.getvalue())


def importer(label: str, file_key: str, message_key: str) -> None:
    """A file uploader for a record or notes file, merged in its callback, and what happened."""
    st.file_uploader(
        label,
        type=["json"],
        key=file_key,
        on_change=_import,
        args=(file_key, message_key),
        help="At most 1 MB. New entries are added; a note you already have is replaced only by a copy updated later; "
        "a practice loop keeps its first reveal. A file with any problem imports nothing.",
    )
    message = st.session_state.get(message_key)
    if message is not None:
        (st.error if message[0] == "error" else st.success)(message[1])


def forget() -> None:
    """Empty the record in this session and in the browser (and, through the saved copy, in the other tabs)."""
    session.apply(merge(session.collect(), forgotten_record(now_timestamp())))
    for key in (RecordKeys.FORGET_ASKED, RecordKeys.UNREADABLE, RecordKeys.IGNORED):
        st.session_state.pop(key, None)
    st.session_state[RecordKeys.MESSAGE] = (
        "success",
        "Forgotten: your notes, answers, practice loops, predictions and exercise attempts are gone from this browser.",
    )


def forget_me() -> None:
    """'Forget me', then a confirmation."""
    if not st.session_state.get(RecordKeys.FORGET_ASKED):
        st.button(
            "Forget me…",
            key=RecordKeys.FORGET,
            on_click=lambda: st.session_state.update({RecordKeys.FORGET_ASKED: True, RecordKeys.MESSAGE: None}),
        )
    else:
        st.warning(
            "This deletes your notes, quiz answers, practice loops, predictions, exercise attempts and where you left "
            "off, from this session and from this browser (other open tabs forget them too). Download your record "
            "first to keep a copy. Forget everything?"
        )
        yes, no, _ = st.columns([1, 1, 3])
        yes.button("Yes, forget me", key=RecordKeys.FORGET_CONFIRM, type="primary", on_click=forget)
        no.button(
            "Cancel", key=RecordKeys.FORGET_CANCEL, on_click=lambda: st.session_state.pop(RecordKeys.FORGET_ASKED)
        )
    message = st.session_state.get(RecordKeys.MESSAGE)
    if message:
        st.success(message[1])


def record_panel() -> None:
    """The home page's "Your record" block: where it lives, download, import, forget."""
    storage_status()
    saved_copy_problems()
    download_button(RecordKeys.EXPORT)
    importer("Import a record (or an old notes export)", RecordKeys.IMPORT_FILE, RecordKeys.IMPORT_MESSAGE)
    forget_me()


def continue_where_left_off() -> None:
    """A link to the page (and walkthrough step) the learner was last on, when there is one."""
    place = st.session_state.get(RecordKeys.PLACE)
    page = next((p for p in LEARNING_PATH if place is not None and p.title == place.page), None)
    if page is None:
        return
    where = page.title
    if place.step is not None:
        where += f", step {place.step} of {LAST_STEP} ({STEP_TITLES[min(place.step, LAST_STEP)]})"
    with st.container(border=True):
        st.page_link(page.path, label=f"Continue where you left off: {where}", icon=page.icon)
