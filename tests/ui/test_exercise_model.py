"""The exercises' plain parts: which attempts are recorded, the first solve that counts toward mastery, the rate
limit, the verdict headlines and how a prompt's display maths is split out."""

import json

import pytest

from quizzes.exercises import EXERCISES, ExerciseResult
from quizzes.sandbox.function import PROBLEMS
from ui.exercises.model import (
    HEADLINES,
    MAX_KEPT,
    MAX_PER_WINDOW,
    MIN_GAP_SECONDS,
    WINDOW_SECONDS,
    ExerciseAttempt,
    attempt_of,
    exercises_for,
    first_solve,
    headline,
    is_recorded,
    prompt_parts,
    recent,
    recorded,
    submission_problem,
)


def result(correct=False, mistake=None, exercise_id="bn_forward"):
    return ExerciseResult(exercise_id, correct, "a message", mistake)


def attempt(correct, exercise_id="bn_forward"):
    return attempt_of(result(correct, None if correct else "wrong_values", exercise_id), "topic", "code", "2025-01-01")


@pytest.mark.parametrize("mistake", ["rejected", "busy", "internal", "timeout", "memory", "crashed"])
def test_code_that_was_refused_or_stopped_is_not_recorded(mistake):
    assert not is_recorded(result(mistake=mistake))


@pytest.mark.parametrize("mistake", [None, "wrong_values", "wrong_shape", "nan", "exception", "wrong_type"])
def test_code_that_ran_to_a_verdict_is_recorded(mistake):
    assert is_recorded(result(correct=mistake is None, mistake=mistake))


def test_every_run_problem_has_a_headline_and_a_right_answer_says_so():
    assert set(PROBLEMS) <= set(HEADLINES)
    assert headline(result(correct=True)) == "Right!"
    assert headline(result(mistake="unbiased_variance")) == "Not yet"  # the message names the slip
    assert headline(result(mistake="rejected")).startswith("Refused before running")


def test_only_the_first_solve_of_an_exercise_counts():
    assert first_solve([], attempt(True))
    assert first_solve([attempt(False), attempt(True, "bn_backward")], attempt(True))
    assert not first_solve([attempt(True)], attempt(True))
    assert not first_solve([], attempt(False))


def test_the_record_keeps_the_newest_attempts_and_never_changes_the_old_list():
    old = [attempt(False)] * MAX_KEPT
    new = recorded(old, attempt(True))
    assert len(new) == MAX_KEPT and new[-1].correct and len(old) == MAX_KEPT and not old[-1].correct


def test_an_attempt_is_plain_json_ready_data():
    record = attempt(True).as_dict()
    assert json.loads(json.dumps(record)) == record
    assert set(record) == set(ExerciseAttempt.__dataclass_fields__)


def test_submissions_wait_a_few_seconds_between_them():
    assert submission_problem([], 1000.0) is None
    assert submission_problem([999.0], 1000.0) == "Please wait 2 s before submitting again."
    assert submission_problem([1000.0 - MIN_GAP_SECONDS], 1000.0) is None


def test_submissions_are_capped_per_window_and_old_ones_leave_it():
    times = [1000.0 + 10 * k for k in range(MAX_PER_WINDOW)]
    now = times[-1] + 10
    problem = submission_problem(times, now)
    assert problem.startswith(f"You have submitted {MAX_PER_WINDOW} times in 5 minutes") and "try again in" in problem
    later = times[0] + WINDOW_SECONDS + 1
    assert len(recent(times, later)) == MAX_PER_WINDOW - 1 and submission_problem(times, later) is None


@pytest.mark.parametrize("exercise", EXERCISES.values(), ids=lambda e: e.id)
def test_every_prompts_display_maths_is_split_out(exercise):
    parts = prompt_parts(exercise.prompt)
    assert all("$$" not in text for kind, text in parts if kind == "markdown")
    assert all("\n" not in text for kind, text in parts if kind == "latex")
    assert "".join(text for _, text in parts).replace(" ", "").replace("\n", "") == (
        exercise.prompt.replace("$$", "").replace(" ", "").replace("\n", "")
    )


def test_exercises_for_a_page_are_those_of_its_topics():
    assert [e.id for e in exercises_for(("backward",))] == ["bn_backward"]
    walkthrough = {e.id for e in exercises_for(("normalization_eps", "train_vs_inference"))}
    assert walkthrough == {"bn_forward", "running_stats", "bn_inference"}
    assert exercises_for(("why_normalize",)) == []
