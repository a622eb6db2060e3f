"""Session state of the exercises (keys ``quiz.exercise``): submitting an attempt, the attempts so far, the last
result per exercise. A solved exercise counts once toward its topic's mastery in the quiz's progress."""

from __future__ import annotations

import time

import streamlit as st

from quizzes.exercises import EXERCISES, Exercise, ExerciseResult, grade
from ui.common.keys import RecordKeys
from ui.common.record.fields import now_timestamp
from ui.exercises.keys import ExerciseKeys
from ui.exercises.model import (
    ExerciseAttempt,
    attempt_of,
    first_solve,
    is_recorded,
    progress_sentence,
    recent,
    recorded,
    submission_problem,
)
from ui.notes.catalog import attempt_note_text, attempt_verdict, exercise_attempt_attachment
from ui.notes.model import MAX_TEXT, new_note
from ui.notes.store import put_note
from ui.quiz import state as quiz_state

GRADING_MESSAGE = "Running your code in a sandbox on the test inputs (a few seconds at most)…"


def attempts() -> list[ExerciseAttempt]:
    return st.session_state.get(ExerciseKeys.ATTEMPTS, [])


def last_result(exercise_id: str) -> ExerciseResult | None:
    return st.session_state.get(ExerciseKeys.RESULTS, {}).get(exercise_id)


def submit(exercise: Exercise, code: str) -> str | None:
    """Grade ``code`` unless the rate limit says wait (then the one-sentence reason, and nothing changes)."""
    now = time.time()
    times = recent(st.session_state.get(ExerciseKeys.SUBMITTED_AT, []), now)
    problem = submission_problem(times, now)
    if problem:
        return problem
    st.session_state[ExerciseKeys.SUBMITTED_AT] = [*times, now]
    with st.spinner(GRADING_MESSAGE):
        result = grade(exercise.id, code)
    st.session_state[ExerciseKeys.RESULTS] = {**st.session_state.get(ExerciseKeys.RESULTS, {}), exercise.id: result}
    if is_recorded(result):
        _record(exercise, result, code)
    return None


def _record(exercise: Exercise, result: ExerciseResult, code: str) -> None:
    attempt = attempt_of(result, exercise.topic, code, now_timestamp())
    if first_solve(attempts(), attempt):
        quiz_state.progress().add_solve(exercise.topic)
    st.session_state[ExerciseKeys.ATTEMPTS] = recorded(attempts(), attempt)


def progress_line() -> str | None:
    """The home page's line on the exercises: attempts, exercises tried and solved."""
    return progress_sentence(attempts())


def reset_editor(exercise: Exercise) -> None:
    """Back to the starter code (the attempts stay)."""
    st.session_state[ExerciseKeys.editor(exercise.id)] = exercise.starter


def note_about(attempt_index: int) -> None:
    """Button callback: a new note attached to one recorded attempt, holding its verdict, message and code."""
    attempt = attempts()[attempt_index]
    verdict = attempt_verdict(attempt)
    title = EXERCISES[attempt.exercise_id].title
    attachment = exercise_attempt_attachment(attempt.exercise_id, title, attempt.submitted_at, verdict)
    place = st.session_state.get(RecordKeys.PLACE)
    text = attempt_note_text(verdict, attempt.message, attempt.code, MAX_TEXT)
    put_note(new_note(attachment, place.page if place is not None else "Quiz", text))
    st.toast("Note saved: find it on the Notes page, attached to this attempt.")
