"""Mastery rule, attempts (filters, seeded shuffling, review), progress records and the CSV/JSON exports."""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from quizzes import Filters, Progress, grade, load_bank, question_by_id, review_attempt, start_attempt
from quizzes.attempt import GENERATED_PER_GENERATOR, grade_exam_answer, pool
from quizzes.generators import GENERATOR_INFO
from quizzes.mastery import MASTERY_LEVELS, TopicMastery, update
from quizzes.progress import EXPORT_FIELDS, results_csv, results_json
from tests.quiz_answers import right_answer, wrong_answers
from tests.test_architecture import imported_after

BANK = load_bank()
AUTHORED = {q.id: q for q in BANK}


def levels_after(answers):
    mastery, names = TopicMastery(), []
    for correct in answers:
        mastery = update(mastery, correct)
        names.append(mastery.name)
    return names, mastery


def test_first_answer_makes_a_topic_attempted_right_or_wrong():
    assert levels_after([True])[0] == ["Attempted"]
    assert levels_after([False])[0] == ["Attempted"]
    assert TopicMastery().name == "Not started" and TopicMastery().fraction == 0.0


def test_two_right_in_a_row_move_up_and_six_reach_mastered():
    names, mastery = levels_after([True] * 8)
    assert names == [
        "Attempted",
        "Familiar",
        "Familiar",
        "Proficient",
        "Proficient",
        "Mastered",
        "Mastered",
        "Mastered",
    ]
    assert mastery.fraction == 1.0 and mastery.to_next_level() is None
    assert (mastery.answered, mastery.right) == (8, 8)


def test_a_miss_moves_down_one_level_restarts_the_count_and_never_goes_below_attempted():
    names, mastery = levels_after([True, True, True, True, False, True, False, False, False])
    assert names == [
        "Attempted",
        "Familiar",
        "Familiar",
        "Proficient",
        "Familiar",
        "Familiar",
        "Attempted",
        "Attempted",
        "Attempted",
    ]
    assert mastery.to_next_level() == 2 and (mastery.answered, mastery.right) == (9, 5)


def test_levels_are_the_four_khan_style_steps_after_not_started():
    assert MASTERY_LEVELS == ("Not started", "Attempted", "Familiar", "Proficient", "Mastered")


def test_filters_restrict_topics_difficulty_and_source():
    chosen = Filters(("backward", "placement"), (2,), "authored")
    refs = pool(BANK, chosen)
    assert refs and all(AUTHORED[r].topic in chosen.topics and AUTHORED[r].difficulty == 2 for r in refs)
    generated = pool(BANK, Filters(("backward",), (2, 3), "generated"))
    assert sorted(generated) == ["dbeta"] * GENERATED_PER_GENERATOR + ["dgamma"] * GENERATED_PER_GENERATOR
    both = pool(BANK, Filters())
    assert len(both) == len(BANK) + GENERATED_PER_GENERATOR * len(GENERATOR_INFO)


def test_same_seed_same_attempt_and_other_seeds_shuffle_differently():
    first = start_attempt(BANK, Filters(), "practice", size=10, number=1, seed=5)
    again = start_attempt(BANK, Filters(), "practice", size=10, number=1, seed=5)
    other = start_attempt(BANK, Filters(), "practice", size=10, number=1, seed=6)
    assert first == again
    assert first.question_ids != other.question_ids
    assert len(first.question_ids) == len(set(first.question_ids)) == len(pool(BANK, Filters()))


def test_option_order_is_a_permutation_and_changes_between_attempts():
    attempts = [
        start_attempt(BANK, Filters(source="authored"), "practice", size=10, number=1, seed=s) for s in range(3)
    ]
    for attempt in attempts:
        for qid, order in attempt.option_orders.items():
            question = AUTHORED[qid]
            assert sorted(order) == sorted(o.id for o in question.options)
            if question.kind == "true_false":
                assert order == ("true", "false")
    single = [q.id for q in BANK if q.kind == "single"]
    assert any(attempts[0].option_orders[q] != attempts[1].option_orders[q] for q in single)


def test_exam_takes_size_questions_and_generated_ones_rebuild_from_their_ids():
    exam = start_attempt(BANK, Filters(source="generated"), "exam", size=7, number=2, seed=11)
    assert len(exam.question_ids) == 7 and set(exam.option_orders) == set(exam.question_ids)
    assert all(re.fullmatch(r"gen\.[a-z_]+\.\d+", qid) for qid in exam.question_ids)
    rebuilt = question_by_id(exam.question_ids[0], AUTHORED)
    assert rebuilt == question_by_id(exam.question_ids[0], AUTHORED) and rebuilt.source == "generated"


@pytest.mark.parametrize(
    "chosen, message",
    [
        (Filters(topics=()), "Choose at least one topic to start a quiz."),
        (Filters(difficulties=()), "Choose at least one difficulty to start a quiz."),
        (Filters(("why_normalize",), (3,), "generated"), "No question matches these filters"),
    ],
)
def test_unusable_filters_raise_one_sentence(chosen, message):
    with pytest.raises(ValueError, match=message):
        start_attempt(BANK, chosen, "exam", size=5, number=1, seed=0)


def test_practice_advances_only_after_an_answer_and_finishes():
    attempt = start_attempt(BANK, Filters(("framework",), (1,), "authored"), "practice", size=5, number=1, seed=3)
    first = attempt.current_id
    attempt.advance()
    assert attempt.current_id == first  # not answered yet: stays
    for qid in attempt.question_ids:
        attempt.results[qid] = grade(AUTHORED[qid], right_answer(AUTHORED[qid]))
        attempt.advance()
    assert attempt.finished and attempt.current_id is None and attempt.right == len(attempt.question_ids)


def record(progress, qid, correct, attempt=1, mode="practice"):
    question = question_by_id(qid, AUTHORED)
    answer = right_answer(question) if correct else wrong_answers(question)[0]
    progress.record(
        question, grade(question, answer), attempt=attempt, mode=mode, answered_at="2026-01-01T00:00:00+00:00"
    )


def test_progress_tracks_history_mastery_and_missed_questions():
    progress = Progress()
    record(progress, "stats-biased-variance", False)
    record(progress, "gen.batch_mean.7", False)
    record(progress, "stats-depends-on-batch", True)
    assert progress.missed == ["stats-biased-variance", "gen.batch_mean.7"]
    assert progress.topic("batch_statistics").answered == 3 and progress.topic("batch_statistics").right == 1
    record(progress, "stats-biased-variance", True, mode="review")
    assert progress.missed == ["gen.batch_mean.7"] and progress.right == 2
    assert [r.mode for r in progress.history] == ["practice", "practice", "practice", "review"]
    with pytest.raises(ValueError):
        progress.record(
            AUTHORED["stats-depends-on-batch"],
            grade(AUTHORED["stats-depends-on-batch"], None),
            attempt=1,
            mode="practice",
            answered_at="now",
        )


def test_review_asks_the_missed_questions_generated_ones_with_fresh_numbers():
    missed = ["stats-biased-variance", "gen.batch_mean.7", "fw-num-features"]
    review = review_attempt(missed, BANK, number=4, seed=1)
    authored = [qid for qid in review.question_ids if not qid.startswith("gen.")]
    (generated,) = [qid for qid in review.question_ids if qid.startswith("gen.")]
    assert review.mode == "review" and sorted(authored) == ["fw-num-features", "stats-biased-variance"]
    assert generated.startswith("gen.batch_mean.") and generated != "gen.batch_mean.7"
    assert question_by_id(generated, AUTHORED).table != question_by_id("gen.batch_mean.7", AUTHORED).table
    again = review_attempt(missed, BANK, number=5, seed=2)
    assert [q for q in again.question_ids if q.startswith("gen.")] != [generated]  # every review draws anew
    with pytest.raises(ValueError, match="Nothing to review"):
        review_attempt([], BANK, number=5, seed=1)


def test_a_generated_question_is_missed_once_and_cleared_by_a_right_answer_with_other_numbers():
    progress = Progress()
    record(progress, "gen.batch_mean.7", False)
    record(progress, "gen.batch_mean.8", False)
    record(progress, "gen.batch_variance.7", False)
    assert progress.missed == ["gen.batch_mean.7", "gen.batch_variance.7"]
    record(progress, "gen.batch_mean.99", True, mode="review")
    assert progress.missed == ["gen.batch_variance.7"]


def test_a_beginners_run_goes_from_basic_to_advanced_and_asks_the_same_questions():
    for mode, size in (("practice", 0), ("exam", 12)):
        plain = start_attempt(BANK, Filters(), mode, size=size, number=1, seed=5)
        ordered = start_attempt(BANK, Filters(), mode, size=size, number=1, seed=5, ordered_by_level=True)
        levels = [question_by_id(qid, AUTHORED).difficulty for qid in ordered.question_ids]
        assert levels == sorted(levels) and set(levels) == {1, 2, 3}
        assert sorted(ordered.question_ids) == sorted(plain.question_ids)
        plain_levels = [question_by_id(qid, AUTHORED).difficulty for qid in plain.question_ids]
        assert plain_levels != sorted(plain_levels)  # without the order an advanced question can come first


def test_a_blank_exam_answer_counts_as_wrong_with_the_reason():
    question = AUTHORED["fw-learnable-count"]
    result = grade_exam_answer(question, "")
    assert result.status == "wrong" and result.given == "(no valid answer)" and result.expected == "128"
    assert result.feedback == ("Not graded: No answer given: type a number.",)


def test_csv_export_has_one_row_per_answer():
    progress = Progress()
    record(progress, "fw-learnable-count", True, attempt=2, mode="exam")
    record(progress, "alt-rms-norm", False, attempt=2, mode="exam")
    rows = list(csv.DictReader(io.StringIO(results_csv(progress))))
    assert tuple(rows[0]) == EXPORT_FIELDS and len(rows) == 2
    assert rows[0]["question_id"] == "fw-learnable-count" and rows[0]["your_answer"] == "128"
    assert rows[0]["correct"] == "True" and rows[1]["correct"] == "False" and rows[1]["mode"] == "exam"
    assert rows[1]["right_answer"].startswith("It does not subtract the mean")


def test_json_export_holds_answers_mastery_rule_and_missed():
    progress = Progress()
    record(progress, "fw-learnable-count", True)
    record(progress, "alt-rms-norm", False)
    document = json.loads(results_json(progress, "2026-01-01T00:00:00+00:00"))
    assert document["answered"] == 2 and document["right"] == 1 and document["missed"] == ["alt-rms-norm"]
    assert document["mastery"]["framework"]["level"] == "Attempted"
    assert document["mastery"]["placement"]["level"] == "Not started"
    assert "two right answers in a row" in document["mastery_rule"] and "**" not in document["mastery_rule"]
    assert document["answers"][0]["question_id"] == "fw-learnable-count"


def test_quizzes_package_loads_no_streamlit_and_uses_no_global_rng():
    assert "streamlit" not in imported_after("import quizzes")
    calls = (
        "np.random.seed(",
        "np.random.rand(",
        "np.random.randn(",
        "np.random.normal(",
        "np.random.uniform(",
        "np.random.choice(",
        "np.random.shuffle(",
        "np.random.permutation(",
        "np.random.randint(",
        "import random",
    )
    for path in Path(__file__).resolve().parents[2].joinpath("quizzes").glob("*.py"):
        text = path.read_text()
        assert not any(call in text for call in calls), path
