"""The learner record's "exercises" section (version 3): write-it-yourself attempts round-trip, merge by id across two
tabs, and every bad entry (corrupted, wrong version, wrong types, hostile text, huge) is refused by an import with one
clear sentence and left out of the browser's copy with the rest kept; records of versions 1 and 2 still read."""

import json
import re
from dataclasses import replace

import pytest

from quizzes.exercises import EXERCISES, ExerciseResult
from tests.ui.record_samples import T0, T1, T2, T3, attempt, full_record
from ui.common.record.codec import read_record, record_document, record_json, room_problem
from ui.common.record.fields import RecordFileError
from ui.common.record.model import Record, forget_before, merge
from ui.exercises.model import CUT_MARK, MAX_CODE, MAX_KEPT, MAX_MESSAGE, attempt_of, first_solves, kept_code

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) **bold** $x$ \u202e"


def as_bytes(document) -> bytes:
    return json.dumps(document).encode("utf-8")


def with_attempt(index: int = 0, **changes) -> dict:
    document = record_document(full_record())
    entries = [dict(e) for e in document["exercises"]]
    entries[index] |= changes
    return {**document, "exercises": entries}


def test_attempts_round_trip_in_a_version_3_record_oldest_first():
    document = json.loads(record_json(full_record()))
    assert document["version"] == 3 and [a["id"] for a in document["exercises"]] == ["a1", "a2"]
    assert document["exercises"][0] == {
        "id": "a1",
        "exercise_id": "bn_forward",
        "topic": "normalization_eps",
        "code": EXERCISES["bn_forward"].solution,
        "correct": False,
        "mistake": "unbiased_variance",
        "message": "Not yet: you divided by m - 1.",
        "submitted_at": T1,
    }
    assert read_record(record_json(full_record()).encode(), strict=True).record == full_record()


def test_markup_in_code_and_messages_is_kept_as_text_exactly():
    record = Record(exercises={"h": replace(attempt("h"), code=HOSTILE, message=HOSTILE)})
    back = read_record(record_json(record).encode(), strict=True).record
    assert back.exercises["h"].code == HOSTILE and back.exercises["h"].message == HOSTILE


@pytest.mark.parametrize("version", [1, 2])
def test_a_record_of_an_older_version_has_no_exercises_and_still_reads(version):
    old = {**record_document(full_record()), "version": version}
    del old["exercises"]
    reading = read_record(as_bytes(old), strict=True)
    assert reading.record == replace(full_record(), exercises={}) and not reading.ignored


def test_an_older_version_with_an_exercises_field_is_refused_or_that_field_left_out():
    data = as_bytes({**record_document(full_record()), "version": 2})
    message = "The record has a field a version-2 record does not have: 'exercises'."
    with pytest.raises(RecordFileError, match=re.escape(message)):
        read_record(data, strict=True)
    reading = read_record(data, strict=False)
    assert reading.ignored == (message,) and reading.record == replace(full_record(), exercises={})


def test_a_version_3_record_without_exercises_is_refused_or_read_as_having_none():
    document = record_document(full_record())
    del document["exercises"]
    with pytest.raises(RecordFileError, match="missing the field 'exercises'"):
        read_record(as_bytes(document), strict=True)
    reading = read_record(as_bytes(document), strict=False)
    assert reading.record == replace(full_record(), exercises={})
    assert reading.ignored == ("The record is missing the field 'exercises'; it was read as empty.",)


ATTEMPT_PROBLEMS = [  # (document, what the one sentence says, the ids of the attempts a saved copy keeps)
    (with_attempt(correct="yes"), "Exercise attempt 1: 'correct' must be true or false, not a string.", {"a2"}),
    (with_attempt(code=42), "Exercise attempt 1: 'code' must be a string, not a number.", {"a2"}),
    (with_attempt(code=["print(1)"]), "'code' must be a string, not a list.", {"a2"}),
    (with_attempt(mistake=7), "'mistake' must be a string, not a number.", {"a2"}),
    (with_attempt(submitted_at=1735725600), "'submitted_at' must be a string, not a number.", {"a2"}),
    (with_attempt(submitted_at="2025-01-01 10:00:00Z"), "'submitted_at' must be a time like", {"a2"}),
    (with_attempt(submitted_at="2025-02-30T10:00:00Z"), "not a real date and time", {"a2"}),
    (with_attempt(code="x" * (MAX_CODE + 1)), f"'code' has 2,001 characters; at most {MAX_CODE:,}", {"a2"}),
    (with_attempt(message="m" * (MAX_MESSAGE + 1)), "'message' has 1,001 characters; at most 1,000", {"a2"}),
    (with_attempt(exercise_id="bn_sideways"), "'exercise_id' must be one of bn_forward, bn_backward", {"a2"}),
    (with_attempt(exercise_id="<script>x</script>"), "'exercise_id' must be one of", {"a2"}),
    (with_attempt(topic="backward"), "'topic' must be 'normalization_eps', the topic of bn_forward.", {"a2"}),
    (with_attempt(id="<b>a1</b>"), "'id' must be 1 to 64 letters, digits, '-' or '_'", {"a2"}),
    (with_attempt(mistake="<img src=x>"), "'mistake' must be an id, got '<img src=x>'.", {"a2"}),
    (with_attempt(mistake="timeout"), "'mistake' 'timeout' is never recorded", {"a2"}),
    (with_attempt(1, mistake="nan"), "a right attempt names no 'mistake', and a wrong one names one.", {"a1"}),
    (with_attempt(mistake=None), "a right attempt names no 'mistake'", {"a2"}),
    (with_attempt(verdict="right"), "Exercise attempt 1 has a field this app does not know: 'verdict'.", {"a2"}),
    (with_attempt(1, code=None), "Exercise attempt 2: 'code' must be a string, not null.", {"a1"}),
    ({**record_document(full_record()), "exercises": {"a1": 1}}, "'exercises' must be a list, not an object", set()),
    ({**record_document(full_record()), "exercises": ["a1"]}, "Exercise attempt 1 must be an object", set()),
    (
        {**record_document(full_record()), "exercises": [record_document(full_record())["exercises"][0]] * 201},
        "'exercises' has 201 entries; at most 200 are allowed.",
        set(),
    ),
]


@pytest.mark.parametrize(("data", "message", "kept"), ATTEMPT_PROBLEMS, ids=[m for _, m, _ in ATTEMPT_PROBLEMS])
def test_a_bad_attempt_refuses_an_import_and_is_left_out_of_a_saved_copy(data, message, kept):
    with pytest.raises(RecordFileError, match=re.escape(message)) as raised:
        read_record(as_bytes(data), strict=True)
    assert str(raised.value).endswith(".") and "\n" not in str(raised.value)
    reading = read_record(as_bytes(data), strict=False)
    assert any(message in problem for problem in reading.ignored), reading.ignored
    exercises = {k: a for k, a in full_record().exercises.items() if k in kept}
    assert reading.record == replace(full_record(), exercises=exercises)


def test_a_corrupted_or_truncated_record_with_attempts_is_refused_whole():
    text = record_json(full_record())
    for data, message in (
        (text[: text.index('"exercises"') + 30].encode(), "not valid JSON"),
        (text.replace('"exercises":[', '"exercises":[[[[[').encode(), "not valid JSON"),
        (text.encode("utf-16"), "not UTF-8"),
    ):
        for strict in (True, False):
            with pytest.raises(RecordFileError, match=message):
                read_record(data, strict=strict)


def test_one_attempt_id_with_two_contents_is_refused_or_left_out_and_an_exact_copy_kept_once():
    document = record_document(full_record())
    twin = {**document["exercises"][1], "id": "a1"}
    data = as_bytes({**document, "exercises": [*document["exercises"], twin]})
    with pytest.raises(RecordFileError, match=re.escape("Two entries of 'exercises' share the id 'a1'.")):
        read_record(data, strict=True)
    assert read_record(data, strict=False).record.exercises.keys() == {"a2"}
    copied = read_record(as_bytes({**document, "exercises": document["exercises"] * 2}), strict=False)
    assert copied.record == full_record() and not copied.ignored


def test_the_most_attempts_with_the_longest_code_still_fit_in_one_record():
    longest = replace(attempt(), code="x" * MAX_CODE, message="m" * MAX_MESSAGE)
    record = Record(exercises={f"a{i}": replace(longest, id=f"a{i}") for i in range(MAX_KEPT)})
    assert room_problem(record) is None
    too_many = Record(exercises={f"a{i}": replace(longest, id=f"a{i}") for i in range(MAX_KEPT + 1)})
    assert room_problem(too_many) == "That would make 201 exercises; your record holds at most 200."


def test_long_code_is_cut_to_fit_with_a_comment_saying_so_and_short_code_is_kept_whole():
    assert kept_code("x = 1") == "x = 1"
    cut = kept_code("#" * 1_000_000)
    assert len(cut) == MAX_CODE and cut.endswith(CUT_MARK.format(MAX_CODE))
    graded = attempt_of(ExerciseResult("bn_forward", False, "e" * 5_000, "nan"), "normalization_eps", "y" * 20_000, T0)
    assert len(graded.code) == MAX_CODE and len(graded.message) == MAX_MESSAGE
    assert read_record(record_json(Record(exercises={graded.id: graded})).encode(), strict=True).record.exercises


def test_two_tabs_keep_each_others_attempts():
    base = full_record()
    tab_a = replace(base, exercises={**base.exercises, "ta": attempt("ta", at=T3)})
    tab_b = replace(base, exercises={**base.exercises, "tb": attempt("tb", at=T3, exercise_id="bn_backward")})
    merged = merge(tab_a, tab_b)
    assert merged.exercises.keys() == {"a1", "a2", "ta", "tb"} and merge(tab_b, tab_a) == merged
    assert merge(merged, tab_a) == merged


def test_one_attempt_id_from_two_copies_keeps_the_earlier_whichever_side_it_is_on():
    early, late = attempt("x", at=T1), attempt("x", at=T2, correct=True)
    for ours, theirs in ((early, late), (late, early)):
        assert merge(Record(exercises={"x": ours}), Record(exercises={"x": theirs})).exercises["x"] == early


def test_forget_me_forgets_the_attempts_made_before_it_in_every_tab():
    other_tab = Record(exercises={"old": attempt("old", at=T1), "new": attempt("new", at=T3)})
    assert forget_before(other_tab, T2).exercises.keys() == {"new"}
    assert merge(other_tab, Record(forgotten=T2)).exercises.keys() == {"new"}
    assert not Record(exercises={"new": attempt("new")}).is_empty


def test_only_the_first_solve_of_each_exercise_counts_toward_mastery_in_time_order():
    attempts = [
        attempt("late", at=T3, correct=True),
        attempt("wrong", at=T0),
        attempt("first", at=T1, correct=True),
        attempt("back", at=T2, correct=True, exercise_id="bn_backward"),
    ]
    assert [a.id for a in first_solves(attempts)] == ["first", "back"]
