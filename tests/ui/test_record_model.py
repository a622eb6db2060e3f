"""The learner record's merge: two copies (two tabs, an import, a restore) never drop each other's new work."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.ui.record_samples import T0, T1, T2, T3, answer, attempt, full_record, note, prediction, reveal
from ui.common.record.model import Place, Record, Setting, forget_before, forgotten_record, merge


def test_merging_an_empty_record_changes_nothing_either_way():
    record = full_record()
    assert merge(record, Record()) == record
    assert merge(Record(), record) == record


def test_two_tabs_keep_each_others_new_quiz_answers_notes_loops_and_predictions():
    base = full_record()
    tab_a = replace(
        base, answers={**base.answers, "a-00000": answer("a-00000", at=T3)}, notes={**base.notes, "na": note("na")}
    )
    tab_b = replace(
        base,
        answers={**base.answers, "b-00000": answer("b-00000", correct=False, at=T3)},
        practice={**base.practice, "small_batches": reveal("small_batches", choice="x", outcome="y")},
        predictions={**base.predictions, "lab-3": prediction("lab-3")},
    )
    merged = merge(tab_a, tab_b)
    assert {"a-00000", "b-00000"} <= merged.answers.keys() and len(merged.answers) == 4
    assert {"n1", "na"} == merged.notes.keys()
    assert {"batch_size_noise", "small_batches"} == merged.practice.keys()
    assert {"lab-1", "lab-2", "lab-3"} == merged.predictions.keys()
    assert merge(tab_b, tab_a).answers == merged.answers


def test_the_later_note_edit_wins_whichever_side_it_is_on():
    old, new = note(text="first", updated=T0), note(text="edited", updated=T2)
    assert merge(Record(notes={"n1": old}), Record(notes={"n1": new})).notes["n1"] == new
    assert merge(Record(notes={"n1": new}), Record(notes={"n1": old})).notes["n1"] == new


def test_a_practice_loop_keeps_its_first_reveal():
    first, second = reveal(at=T1), reveal(at=T2, choice="halves")
    assert (
        merge(Record(practice={"batch_size_noise": second}), Record(practice={"batch_size_noise": first})).practice[
            "batch_size_noise"
        ]
        == first
    )
    assert (
        merge(Record(practice={"batch_size_noise": first}), Record(practice={"batch_size_noise": second})).practice[
            "batch_size_noise"
        ]
        == first
    )


def test_a_resolved_prediction_beats_an_unresolved_one_and_otherwise_the_first_commit_counts():
    waiting, resolved = prediction(made=T1), prediction(made=T2, held=False)
    assert (
        merge(Record(predictions={"lab-1": waiting}), Record(predictions={"lab-1": resolved})).predictions["lab-1"]
        == resolved
    )
    early, late = prediction(made=T1), replace(prediction(made=T2), guess="without BN")
    assert (
        merge(Record(predictions={"lab-1": late}), Record(predictions={"lab-1": early})).predictions["lab-1"] == early
    )


def test_expertise_and_place_keep_the_later_choice():
    ours = Record(expertise=Setting("Expert", T1), place=Place("Quiz", None, T3))
    theirs = Record(expertise=Setting("Beginner", T2), place=Place("Walkthrough", 2, T1))
    merged = merge(ours, theirs)
    assert merged.expertise == Setting("Beginner", T2) and merged.place == Place("Quiz", None, T3)


def test_forget_me_removes_everything_made_before_it_in_every_copy_that_merges_with_it():
    record = full_record()
    forgotten = merge(record, forgotten_record(T3))
    assert forgotten.is_empty and forgotten.forgotten == T3
    later_work = Record(notes={"new": note("new", updated="2025-01-05T10:00:00Z")})
    assert merge(later_work, forgotten).notes.keys() == {"new"}
    assert forget_before(record, T1).answers.keys() == {"s1-00001"}  # T2 survives a forget at T1


def test_answers_in_order_sorts_by_time_then_by_the_number_within_a_session():
    record = Record(answers={a.id: a for a in (answer("s-00002", at=T1), answer("s-00001", at=T1), answer("r", at=T0))})
    assert [a.id for a in record.answers_in_order()] == ["r", "s-00001", "s-00002"]


TIMES = st.sampled_from([T0, T1, T2, T3])


@st.composite
def records(draw):
    ids = st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=4)
    return Record(
        notes={i: note(i, text=draw(st.sampled_from(["x", "y"])), updated=draw(TIMES)) for i in draw(ids)},
        answers={i: answer(i, at=draw(TIMES)) for i in draw(ids)},
        practice={i: reveal(i, at=draw(TIMES)) for i in draw(ids)},
        predictions={i: prediction(i, made=draw(TIMES), held=draw(st.sampled_from([None, True]))) for i in draw(ids)},
        exercises={i: attempt(i, at=draw(TIMES), correct=draw(st.booleans())) for i in draw(ids)},
    )


@settings(deadline=None)
@given(records(), records())
def test_merge_keeps_every_id_of_both_sides_and_merging_again_changes_nothing(ours, theirs):
    merged = merge(ours, theirs)
    for kind in ("notes", "answers", "practice", "predictions", "exercises"):
        assert getattr(merged, kind).keys() == getattr(ours, kind).keys() | getattr(theirs, kind).keys()
    assert merge(merged, theirs) == merged and merge(merged, ours) == merged
    assert merge(ours, theirs) == merge(theirs, ours)
