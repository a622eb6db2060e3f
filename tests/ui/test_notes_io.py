"""Notes files: lossless export -> import, Markdown export, and a strict reader that refuses bad files clearly."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.common.record.fields import MAX_FILE_BYTES, RecordFileError
from ui.notes.io import (
    FORMAT,
    MAX_NOTES,
    export_json,
    export_markdown,
    note_record,
    parse_notes_file,
)
from ui.notes.model import MAX_TEXT, Attachment, Note

T0, T1 = "2025-01-01T10:00:00Z", "2025-01-02T11:30:00Z"
LAB = Attachment("lab_state", "?depth=8&lr=0.1", "Training Lab: depth 8, lr 0.1", "Training_Lab?depth=8&lr=0.1")
NOTES = {
    "n1": Note(
        "n1", Attachment("concept", "momentum", "momentum"), "Notes", "Ünïcödé ✓ 🎯 μ_B\nline 2\r\n\ttab", "", T0, T1
    ),
    "n2": Note("n2", LAB, "Training Lab", "<script>alert(1)</script> [x](javascript:alert(1))", "re-run", T1, T1),
}


def document(**note_changes) -> dict:
    record = {**note_record(NOTES["n1"]), **note_changes}
    return {"format": FORMAT, "version": 1, "notes": [record]}


def as_bytes(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def test_export_then_import_gives_back_exactly_the_same_notes():
    text = export_json(NOTES, exported=T1)
    assert {note.id: note for note in parse_notes_file(text.encode("utf-8"))} == NOTES


printable = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=60, deadline=None)
@given(text=printable.filter(lambda t: t.strip()), next_action=printable, label=printable.filter(lambda t: t.strip()))
def test_round_trip_is_lossless_for_any_text(text, next_action, label):
    notes = {
        "x": Note("x", Attachment("equation", "normalize", label[:200]), "Notes", text, next_action[:1000], T0, T0)
    }
    assert parse_notes_file(export_json(notes).encode("utf-8")) == list(notes.values())


CITING = {
    "c1": Note("c1", LAB, "Training Lab", "smoother?", "", T0, T1, cites="STIM18.smoothness"),
    "c2": Note("c2", LAB, "Notes", "the paper", "", T0, T0, cites="IS15"),
}


def test_citations_survive_export_and_import_and_show_in_the_markdown():
    text = export_json({**NOTES, **CITING}, exported=T1)
    assert json.loads(text)["version"] == 2
    assert {note.id: note for note in parse_notes_file(text.encode())} == {**NOTES, **CITING}
    markdown = export_markdown(CITING, exported=T1)
    assert "- Cites: STIM18.smoothness · Santurkar, Tsipras, Ilyas & Mądry (2018) §3" in markdown
    assert "- Cites: IS15 · Ioffe & Szegedy (2015)" in markdown
    unknown = export_markdown({"u": Note("u", LAB, "Notes", "x", "", T0, T0, cites="XX99.gone")}, exported=T1)
    assert "- Cites: XX99.gone (a claim or source this version of the app does not have)" in unknown


def test_an_old_version_1_file_without_citations_still_imports():
    old = {
        "format": FORMAT,
        "version": 1,
        "notes": [{k: v for k, v in note_record(n).items() if k != "cites"} for n in NOTES.values()],
    }
    assert {note.id: note for note in parse_notes_file(as_bytes(old))} == NOTES
    assert all(note.cites == "" for note in parse_notes_file(as_bytes(old)))


def test_json_export_is_standard_json_without_nan_or_infinity():
    text = export_json(NOTES, exported=T1)
    constants = []
    json.loads(text, parse_constant=constants.append)
    assert constants == [] and "NaN" not in text and "Infinity" not in text
    assert json.loads(text)["exported"] == T1 and "exported" not in json.loads(export_json(NOTES))


def test_markdown_export_holds_every_note_with_its_object_link_and_next_action():
    markdown = export_markdown(NOTES, exported=T1)
    assert markdown.startswith("# Batch Norm Lab notes")
    assert "Exported 2025-01-02 11:30 UTC · 2 notes" in markdown
    assert "## 1. Training Lab settings · Training Lab: depth 8, lr 0.1" in markdown
    assert "## 2. Concept · momentum" in markdown
    assert NOTES["n1"].text in markdown and "**Next action:** re-run" in markdown
    assert "Training Lab link: Training_Lab?depth=8&lr=0.1" in markdown


BAD_FILES = [
    # oversize, empty, encoding, malformed
    (b" " * (MAX_FILE_BYTES + 1), "at most 1 MB"),
    (b"", "empty"),
    ('{"notes": "é"}'.encode("latin-1"), "not UTF-8"),
    (b'{"format": "batch-norm-lab-notes", "version": 1, "notes": [', "not valid JSON (line 1, column"),
    (b'{"format": "batch-norm-lab-notes", "version": 1, "notes": [], "n": NaN}', "NaN, which is not standard"),
    (b'{"format": "batch-norm-lab-notes", "version": 1, "notes": [Infinity]}', "Infinity"),
    (b'{"format": "batch-norm-lab-notes", "format": "x", "version": 1, "notes": []}', "repeats the field 'format'"),
    # deeply nested
    (b"[" * 100_000 + b"]" * 100_000, "nested far too deeply"),
    (as_bytes({"format": FORMAT, "version": 1, "notes": [[[[1]]]]}), "nests data 5 levels deep"),
    # wrong type
    (b"[]", "holds a list"),
    (b'"notes"', "holds a string"),
    (as_bytes({"format": FORMAT, "version": 1, "notes": {}}), "'notes' must be a list, not an object"),
    (as_bytes({"format": FORMAT, "version": 1, "notes": [7]}), "Note 1 must be an object, not a number"),
    (as_bytes(document(text=42)), "'text' must be a string, not a number"),
    (as_bytes(document(attached_to="page")), "'attached_to', must be an object"),
    (as_bytes({"format": FORMAT, "version": "1", "notes": []}), "this app reads versions 1 and 2"),
    (as_bytes({"format": FORMAT, "version": True, "notes": []}), "this app reads versions 1 and 2"),
    (as_bytes({"format": "other-app", "version": 1, "notes": []}), "not 'batch-norm-lab-notes'"),
    # unknown and missing fields
    (as_bytes({"format": FORMAT, "version": 1, "notes": [], "extra": 1}), "does not know: 'extra'"),
    (as_bytes(document(colour="red")), "Note 1 has a field this app does not know: 'colour'"),
    (as_bytes({"format": FORMAT, "notes": []}), "missing the field 'version'"),
    (as_bytes(document(attached_to={"kind": "page", "key": "x", "label": "x"})), "missing the field 'link'"),
    # huge strings and other values
    (as_bytes(document(text="x" * (MAX_TEXT + 1))), "'text' has 20,001 characters"),
    (as_bytes(document(next_action="y" * 5000)), "'next_action' has 5,000 characters"),
    (as_bytes(document(text="   ")), "'text' is empty"),
    (as_bytes(document(id="has space")), "'id' must be 1 to 64 letters"),
    (as_bytes(document(page="<b>Notes</b>")), "'page' must be a page title"),
    (as_bytes(document(created="yesterday")), "'created' must be a time like"),
    (as_bytes(document(created="2025-02-30T10:00:00Z")), "not a real date and time"),
    (as_bytes(document(updated="2024-01-01T00:00:00Z")), "earlier than 'created'"),
    (as_bytes(document(attached_to={"kind": "planet", "key": "x", "label": "x", "link": ""})), "'kind' must be one"),
    (
        as_bytes(document(attached_to={"kind": "lab_state", "key": "x", "label": "x", "link": "javascript:alert(1)"})),
        "'link' must be empty",
    ),
    (
        as_bytes(document(attached_to={"kind": "page", "key": "x", "label": "x", "link": "Training_Lab?a=1"})),
        "'link' must be empty",
    ),
    (json.dumps(document(text="\ud800 lone")).encode("ascii"), "invalid character (a lone surrogate)"),
    (as_bytes({"format": FORMAT, "version": 1, "notes": [note_record(NOTES["n1"])] * 2}), "share the id 'n1'"),
    (as_bytes({"format": FORMAT, "version": 1, "notes": [7] * (MAX_NOTES + 1)}), "at most 1,000 can be imported"),
    (as_bytes({"format": FORMAT, "version": 1, "exported": "soon", "notes": []}), "'exported' must be a time"),
    (as_bytes({"format": FORMAT, "version": 3, "notes": []}), "version 3; this app reads versions 1 and 2"),
    # a citation that is not an id: markup, a link, the wrong type, too long
    (as_bytes(document(cites="<script>alert(1)</script>")), "'cites' must be empty or the id of a claim or source"),
    (as_bytes(document(cites="javascript:alert(1)")), "'cites' must be empty or the id of a claim or source"),
    (as_bytes(document(cites=7)), "'cites' must be a string, not a number"),
    (as_bytes(document(cites=None)), "'cites' must be a string, not null"),
    (as_bytes(document(cites="IS15." + "x" * 60)), "'cites' has 65 characters; at most 64"),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES, ids=[m for _, m in BAD_FILES])
def test_a_bad_file_is_refused_with_a_clear_sentence(data, message):
    with pytest.raises(RecordFileError, match=re.escape(message)) as raised:
        parse_notes_file(data)
    assert str(raised.value).endswith(".") and "\n" not in str(raised.value)
