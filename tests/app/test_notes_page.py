"""The Notes page and the sidebar quick note in AppTest: add, edit, delete, filter, export, import, bad imports."""

import json

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui.common.record.fields import MAX_FILE_BYTES
from ui.notes.io import FORMAT, note_record
from ui.notes.keys import NotesKeys
from ui.notes.model import Attachment, Note

NOTES_PAGE = str(ROOT / "pages" / "8_Notes.py")
T0, T1 = "2025-01-01T10:00:00Z", "2025-01-02T10:00:00Z"
KEPT = Note("kept", Attachment("page", "Practice", "Practice"), "Practice", "already here", "", T0, T0)


@pytest.fixture
def downloads(monkeypatch) -> dict[str, str]:
    """Every download button's content by file name, as the page handed it to Streamlit."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        files[filename] = path_or_data.decode("utf-8") if isinstance(path_or_data, bytes) else path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    return files


def notes_page(notes: dict | None = None, **state) -> AppTest:
    at = AppTest.from_file(NOTES_PAGE, default_timeout=60)
    if notes is not None:
        at.session_state[NotesKeys.ITEMS] = notes
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def write(at: AppTest, text: str, next_action: str = "", kind: str = "concept", target: str | None = None) -> AppTest:
    at.selectbox(key="notes.kind").set_value(kind).run()
    if target is not None:
        at.selectbox(key=f"notes.target.{kind}").set_value(target)
    at.text_area(key="notes.text").set_value(text)
    at.text_input(key="notes.next_action").set_value(next_action)
    return at.button(key="notes.save").click().run()


def only_note(at: AppTest) -> Note:
    (note,) = at.session_state[NotesKeys.ITEMS].values()
    return note


def test_the_editor_is_labelled_note_with_a_save_note_button_and_says_where_notes_live():
    at = notes_page()
    assert at.text_area(key="notes.text").label == "Note"
    assert at.button(key="notes.save").label == "Save note"
    assert "in this browser only (its localStorage)" in at.info[0].value and "**Export**" in at.info[0].value


def test_add_a_note_attached_to_an_equation():
    at = write(
        notes_page(),
        "ε keeps a constant feature finite\nsecond line",
        "check eps = 0",
        kind="equation",
        target="equation\x1fnormalize",
    )
    note = only_note(at)
    assert (note.attached_to.kind, note.attached_to.key, note.page) == ("equation", "normalize", "Notes")
    assert (note.text, note.next_action) == ("ε keeps a constant feature finite\nsecond line", "check eps = 0")
    texts = [t.value for t in at.text]
    assert note.text in texts and "check eps = 0" in texts
    assert at.text_area(key="notes.text").value == ""  # the editor is cleared for the next note


def test_an_empty_note_is_refused_and_nothing_changes():
    at = write(notes_page({"kept": KEPT}), "   ")
    assert at.error[0].value == "Write something first: the note is empty."
    assert at.session_state[NotesKeys.ITEMS] == {"kept": KEPT}


def test_edit_a_note_keeps_its_id_and_creation_time():
    at = notes_page({"kept": KEPT})
    at.button(key="notes.edit.kept").click().run()
    assert at.text_area(key="notes.text").value == "already here" and at.selectbox(key="notes.kind").value == "page"
    at.text_area(key="notes.text").set_value("changed my mind")
    at.button(key="notes.save").click().run()
    note = only_note(at)
    assert (note.id, note.text, note.created, note.attached_to) == ("kept", "changed my mind", T0, KEPT.attached_to)
    assert note.updated > T0 and at.success[0].value == "Note updated."


def test_delete_a_note_and_undo():
    at = notes_page({"kept": KEPT})
    at.button(key="notes.delete.kept").click().run()
    assert at.session_state[NotesKeys.ITEMS] == {}
    at.button(key="notes.undo_delete").click().run()
    assert at.session_state[NotesKeys.ITEMS] == {"kept": KEPT}


def test_filter_by_object_type_object_and_page():
    concept = Note("c1", Attachment("concept", "momentum", "momentum"), "Notes", "about momentum", "", T0, T1)
    at = notes_page({"kept": KEPT, "c1": concept})
    assert "Showing 2 of 2 notes, most recently updated first." in [c.value for c in at.caption]
    at.selectbox(key="notes.filter_kind").set_value("concept").run()
    texts = [t.value for t in at.text]
    assert "about momentum" in texts and "already here" not in texts
    at.selectbox(key="notes.filter_kind").set_value("All").run()
    at.selectbox(key="notes.filter_page").set_value("Practice").run()
    texts = [t.value for t in at.text]
    assert "already here" in texts and "about momentum" not in texts
    at.selectbox(key="notes.filter_page").set_value("All").run()
    at.selectbox(key="notes.filter_object").set_value("concept\x1fmomentum").run()
    assert "Showing 1 of 2 notes, most recently updated first." in [c.value for c in at.caption]


def test_markup_in_a_note_is_shown_as_plain_text():
    markup = "<script>alert(1)</script> <img src=x onerror=alert(2)> [link](javascript:alert(3))"
    at = write(notes_page(), markup)
    assert markup in [t.value for t in at.text]
    assert not any("javascript" in m.value or "<script>" in m.value for m in [*at.markdown, *at.caption])


def test_export_markdown_and_json_hold_every_note(downloads):
    at = notes_page({"kept": KEPT})
    assert not at.exception
    document = json.loads(downloads["batch-norm-lab-notes.json"])
    assert document["format"] == FORMAT and document["notes"] == [note_record(KEPT)]
    markdown = downloads["batch-norm-lab-notes.md"]
    assert "## 1. Page · Practice" in markdown and "already here" in markdown


def test_export_then_import_into_a_fresh_session_round_trips(downloads):
    lab = Attachment("lab_state", "?depth=8", "Training Lab: depth 8", "Training_Lab?depth=8")
    notes = {"kept": KEPT, "u": Note("u", lab, "Training Lab", "Ünïcödé ✓\n\nline 3", "", T0, T1)}
    notes_page(notes)
    exported = downloads["batch-norm-lab-notes.json"].encode("utf-8")
    fresh = notes_page()
    fresh.file_uploader(key="notes.import_file").set_value(("notes.json", exported, "application/json")).run()
    assert fresh.session_state[NotesKeys.ITEMS] == notes
    assert fresh.success[0].value == "Imported 2 notes: 2 added, 0 replaced by a newer copy, 0 already up to date."
    assert "[Open these settings in the Training Lab](Training_Lab?depth=8)" in [m.value for m in fresh.markdown]


def test_import_merges_by_id_and_the_newer_copy_wins():
    newer = Note("kept", KEPT.attached_to, "Practice", "newer text", "", T0, T1)
    data = json.dumps({"format": FORMAT, "version": 1, "notes": [note_record(newer)]}).encode()
    at = notes_page({"kept": KEPT})
    at.file_uploader(key="notes.import_file").set_value(("n.json", data, "application/json")).run()
    assert at.session_state[NotesKeys.ITEMS] == {"kept": newer}
    assert "1 replaced by a newer copy" in at.success[0].value


def bad_document(**changes) -> bytes:
    return json.dumps({"format": FORMAT, "version": 1, "notes": [{**note_record(KEPT), **changes}]}).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[1, 2, 3]", "The file holds a list"),
        (bad_document(text=["not", "a", "string"]), "'text' must be a string, not a list"),
        (b'{"format": "batch-norm-lab-notes", "notes": [', "not valid JSON"),
        (b"{" + b" " * MAX_FILE_BYTES + b"}", "can be at most 1 MB"),
        (b"[" * 50_000 + b"]" * 50_000, "nested far too deeply"),
        (bad_document(extra=1), "field this app does not know: 'extra'"),
        (bad_document(text="x" * 30_000), "'text' has 30,000 characters"),
        (b'{"format": "batch-norm-lab-notes", "version": 1, "notes": [], "x": NaN}', "NaN"),
    ],
)
def test_a_bad_import_is_refused_with_a_message_and_changes_nothing(data, message):
    at = notes_page({"kept": KEPT})
    at.file_uploader(key="notes.import_file").set_value(("notes.json", data, "application/json")).run()
    assert at.error[0].value.startswith("Nothing was imported. ") and message in at.error[0].value
    assert at.session_state[NotesKeys.ITEMS] == {"kept": KEPT}
    assert not at.exception


def test_an_import_that_would_pass_one_megabyte_is_refused_and_changes_nothing():
    page = Attachment("page", "Notes", "Notes")
    ours = {f"a{i}": Note(f"a{i}", page, "Notes", "x" * 20_000, "", T0, T0) for i in range(30)}
    theirs = [note_record(Note(f"b{i}", page, "Notes", "y" * 20_000, "", T0, T0)) for i in range(30)]
    at = notes_page(ours)
    data = json.dumps({"format": FORMAT, "version": 1, "notes": theirs}).encode()
    at.file_uploader(key="notes.import_file").set_value(("notes.json", data, "application/json")).run()
    assert "Nothing was imported. That would take your learner record past 1 MB" in at.error[0].value
    assert at.session_state[NotesKeys.ITEMS] == ours


def test_lab_state_is_offered_only_when_the_training_lab_published_its_settings():
    assert "lab_state" not in notes_page().selectbox(key="notes.kind").options
    at = notes_page(**{"lab.settings": {"depth": 8, "lr": 0.1}, "lab.share_query": "?depth=8&lr=0.1"})
    at = write(at, "deep net, fast", kind="lab_state")
    note = only_note(at)
    assert note.attached_to.link == "Training_Lab?depth=8&lr=0.1" and note.attached_to.label.startswith("Training Lab")


@pytest.mark.parametrize("script", ["app.py", "pages/6_Practice.py", "pages/8_Notes.py"])
def test_every_page_has_the_sidebar_quick_note(script):
    at = AppTest.from_file(str(ROOT / script), default_timeout=60).run()
    title = {"app.py": "Home", "pages/6_Practice.py": "Practice", "pages/8_Notes.py": "Notes"}[script]
    at.sidebar.text_area(key="notes.quick_text").set_value(f"a thought on {title}").run()
    at.sidebar.button(key="notes.quick_add").click().run()
    note = only_note(at)
    assert (note.attached_to.kind, note.attached_to.key, note.page, note.text) == (
        "page",
        title,
        title,
        f"a thought on {title}",
    )
    assert at.sidebar.text_area(key="notes.quick_text").value == ""
    assert "1 note so far, all of them on the Notes page." in [c.value for c in at.sidebar.caption]


def test_an_empty_quick_note_is_refused():
    at = notes_page({"kept": KEPT})
    at.sidebar.button(key="notes.quick_add").click().run()
    assert at.sidebar.error[0].value == "Write something first: the note is empty."
    assert at.session_state[NotesKeys.ITEMS] == {"kept": KEPT}
