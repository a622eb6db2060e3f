"""The learner record as JSON: lossless round trip, old notes files, the 1 MB room, and every bad file the issue names
(corrupted, truncated, oversized, wrong version, hostile: markup, javascript: links, 10^6 notes, deep nesting, wrong
types), read strictly (an import: nothing taken) and leniently (the browser's copy: what is valid and unambiguous
kept, the rest named)."""

import json
import re
from dataclasses import replace

import pytest

from tests.ui.record_samples import T0, full_record, note, prediction, reveal
from ui.common.record.codec import (
    MAX_ANSWERS,
    VERSION,
    read_record,
    record_document,
    record_json,
    record_size,
    room_problem,
)
from ui.common.record.fields import MAX_FILE_BYTES, RecordFileError
from ui.common.record.model import Record
from ui.notes.io import export_json
from ui.notes.model import MAX_TEXT, Attachment, Note


def as_bytes(document) -> bytes:
    return json.dumps(document).encode("utf-8")


def document(**changes) -> dict:
    return {**record_document(full_record()), **changes}


def with_entry(section: str, index: int = 0, **changes) -> dict:
    base = document()
    entries = [dict(e) for e in base[section]]
    entries[index] |= changes
    return {**base, section: entries}


def test_round_trip_is_lossless_and_stable():
    record = full_record()
    text = record_json(record)
    assert read_record(text.encode(), strict=True).record == record
    assert record_json(read_record(text.encode(), strict=True).record) == text
    assert "NaN" not in text and json.loads(text)["version"] == VERSION


def test_an_export_carries_its_time_and_still_reads():
    text = record_json(full_record(), exported="2025-02-01T00:00:00Z")
    assert json.loads(text)["exported"] == "2025-02-01T00:00:00Z"
    assert read_record(text.encode(), strict=True).record == full_record()


def test_an_old_notes_export_reads_as_a_record_of_its_notes():
    notes = {"n1": note(), "n2": note("n2", text="<b>bold?</b>")}
    reading = read_record(export_json(notes, exported=T0).encode(), strict=True)
    assert reading.from_notes_file and reading.record == Record(notes=notes)


def test_hostile_text_is_kept_as_text_exactly():
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) \u202e"
    record = Record(
        notes={"n1": note(text=hostile)}, practice={"batch_size_noise": replace(reveal(), reasoning=hostile)}
    )
    back = read_record(record_json(record).encode(), strict=True).record
    assert back.notes["n1"].text == hostile and back.practice["batch_size_noise"].reasoning == hostile


def test_the_room_is_one_megabyte_and_the_caps_per_kind():
    assert room_problem(full_record()) is None
    page = Attachment("page", "Notes", "Notes")
    big = Record(notes={f"n{i}": Note(f"n{i}", page, "Notes", "x" * MAX_TEXT, "", T0, T0) for i in range(60)})
    assert record_size(big) > MAX_FILE_BYTES
    assert room_problem(big) == "That would take your learner record past 1 MB, the most one record holds."
    many = Record(answers={str(i): full_record().answers["s1-00000"] for i in range(MAX_ANSWERS + 1)})
    assert room_problem(many) == "That would make 2,001 quiz answers; your record holds at most 2,000."


ENVELOPE_PROBLEMS = [
    (b"", "The file is empty."),
    (b" " * (MAX_FILE_BYTES + 1), "can be at most 1 MB"),
    (record_json(full_record())[:-40].encode(), "not valid JSON"),  # truncated
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),  # corrupted: not even text
    (b'{"format": "batch-norm-lab-record", "version": 1, "x": NaN}', "NaN"),
    (b"[" * 100_000 + b"]" * 100_000, "nested far too deeply"),  # and the 10^6 notes of the next-but-one line
    (as_bytes(document(notes=[[[[[1]]]]])), "nests data 6 levels deep"),
    (as_bytes([1, 2]), "holds a list"),
    (as_bytes(document(version=4)), "version 4; this app reads versions 1, 2 and 3"),
    (as_bytes(document(version="1")), "this app reads versions 1, 2 and 3"),
    (as_bytes(document(format="other")), "not 'batch-norm-lab-record'"),
    (b'{"format": "batch-norm-lab-record", "format": "x"}', "repeats the field 'format'"),
    (
        b'{"format": "batch-norm-lab-record", "version": 1, "notes": [' + b",".join([b"{}"] * 10**6) + b"]}",
        "at most 1 MB",
    ),
]


@pytest.mark.parametrize(("data", "message"), ENVELOPE_PROBLEMS, ids=[m for _, m in ENVELOPE_PROBLEMS])
@pytest.mark.parametrize("strict", [True, False])
def test_a_file_that_is_no_version_1_record_is_refused_in_both_readings(data, message, strict):
    with pytest.raises(RecordFileError, match=re.escape(message)) as raised:
        read_record(data, strict=strict)
    assert str(raised.value).endswith(".") and "\n" not in str(raised.value)


ENTRY_PROBLEMS = [  # (document, what the message names, the record attribute and the id of what is left out)
    (with_entry("notes", text=42), "'text' must be a string, not a number", ("notes", "n1")),
    (
        with_entry("notes", attached_to={"kind": "lab_state", "key": "k", "label": "l", "link": "javascript:alert(1)"}),
        "'link' must be empty",
        ("notes", "n1"),
    ),
    (with_entry("quiz_answers", correct="yes"), "'correct' must be true or false", ("answers", "s1-00000")),
    (with_entry("quiz_answers", 1, topic="<b>x</b>"), "'topic' must be one of", ("answers", "s1-00001")),
    (with_entry("quiz_answers", attempt=1.5), "'attempt' must be a whole number", ("answers", "s1-00000")),
    (with_entry("practice", held=False), "'held' does not agree", ("practice", "batch_size_noise")),
    (with_entry("practice", confidence=9), "'confidence' must be from 1 to 5", ("practice", "batch_size_noise")),
    (with_entry("predictions", 1, held=True), "must be all set or all empty", ("predictions", "lab-2")),
    (
        with_entry("predictions", guess={"deep": "object"}),
        "'guess' must be a string, not an object",
        ("predictions", "lab-1"),
    ),
    (document(place={"page": "Walkthrough", "step": 99, "at": T0}), "'step' must be from 0 to 5", ("place", None)),
    (document(expertise={"level": "Wizard", "at": T0}), "'level' must be one of", ("expertise", None)),
    (document(notes="lots"), "'notes' must be a list, not a string", ("notes", "n1")),
    (document(colour="red"), "field this app does not know: 'colour'", (None, None)),
]


@pytest.mark.parametrize(("data", "message", "left_out"), ENTRY_PROBLEMS, ids=[m for _, m, _ in ENTRY_PROBLEMS])
def test_a_bad_entry_refuses_an_import_but_a_saved_copy_keeps_everything_else(data, message, left_out):
    with pytest.raises(RecordFileError, match=re.escape(message)):
        read_record(as_bytes(data), strict=True)
    reading = read_record(as_bytes(data), strict=False)
    assert any(message in problem for problem in reading.ignored), reading.ignored
    expected = full_record()
    attribute, entry_id = left_out
    if entry_id is not None:
        expected = replace(
            expected, **{attribute: {k: v for k, v in getattr(expected, attribute).items() if k != entry_id}}
        )
    elif attribute is not None:
        expected = replace(expected, **{attribute: None})
    assert reading.record == expected


def test_one_id_with_two_different_contents_is_ambiguous_and_left_out_of_a_saved_copy():
    base = document()
    twin = {**base["predictions"][1], "id": "lab-1"}  # lab-1 again, unresolved this time
    data = as_bytes({**base, "predictions": [*base["predictions"], twin]})
    with pytest.raises(RecordFileError, match="share the id 'lab-1'"):
        read_record(data, strict=True)
    reading = read_record(data, strict=False)
    assert reading.record.predictions.keys() == {"lab-2"}
    assert reading.ignored == ("Left out of 'predictions': two different entries share the id 'lab-1'.",)


def test_an_exact_duplicate_in_a_saved_copy_is_kept_once():
    base = document()
    reading = read_record(as_bytes({**base, "practice": base["practice"] * 2}), strict=False)
    assert reading.record.practice == full_record().practice and not reading.ignored


def test_a_missing_list_is_read_as_empty_and_said():
    base = document()
    del base["predictions"]
    with pytest.raises(RecordFileError, match="missing the field 'predictions'"):
        read_record(as_bytes(base), strict=True)
    reading = read_record(as_bytes(base), strict=False)
    assert reading.record == replace(full_record(), predictions={})
    assert reading.ignored_sentence() == "The record is missing the field 'predictions'; it was read as empty."


def test_many_problems_are_summarised_not_listed_one_by_one():
    base = document()
    data = as_bytes({**base, "notes": [{"bad": i} for i in range(40)]})
    sentence = read_record(data, strict=False).ignored_sentence()
    assert sentence.count("Left out of 'notes'") == 5 and "(35 more problems like these.)" in sentence


def test_prediction_times_must_be_in_order():
    bad = record_document(Record(predictions={"p": replace(prediction(held=True), resolved="2024-01-01T00:00:00Z")}))
    with pytest.raises(RecordFileError, match=r"'resolved' .* is earlier than 'made'"):
        read_record(as_bytes(bad), strict=True)


def test_a_version_1_record_whose_notes_have_no_citation_still_reads_and_is_written_as_version_3():
    old = document(version=1)
    del old["exercises"]
    old["notes"] = [{k: v for k, v in entry.items() if k != "cites"} for entry in old["notes"]]
    reading = read_record(as_bytes(old), strict=True)
    assert reading.record == replace(full_record(), exercises={}) and not reading.ignored
    assert json.loads(record_json(reading.record))["version"] == VERSION == 3


def test_a_note_citing_a_claim_round_trips():
    record = replace(full_record(), notes={"n1": replace(note(), cites="WH18.group-norm")})
    assert read_record(record_json(record).encode(), strict=True).record == record
    assert json.loads(record_json(record))["notes"][0]["cites"] == "WH18.group-norm"


def test_a_malformed_citation_refuses_an_import_and_leaves_only_that_note_out_of_the_saved_copy():
    hostile = with_entry("notes", cites="[x](javascript:alert(1))")
    with pytest.raises(RecordFileError, match=re.escape("Note 1: 'cites' must be empty or the id of a claim")):
        read_record(as_bytes(hostile), strict=True)
    reading = read_record(as_bytes(hostile), strict=False)
    assert reading.record == replace(full_record(), notes={})
    assert "Left out of 'notes': Note 1: 'cites' must be empty" in reading.ignored_sentence()
