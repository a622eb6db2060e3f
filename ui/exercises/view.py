"""The write-it-yourself exercises on a page: prompt, hints, a code editor, Submit, and the verdict.

Everything the learner typed, and every message that may quote it (an error message of their code, what it printed),
is shown as inert text (st.text, st.code, dataframe cells), never as Markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from quizzes.exercises import EXERCISES, GRADIENT_TOLERANCE, Exercise, ExerciseResult
from quizzes.practice import HINT_TIERS
from quizzes.sandbox.check import MAX_SOURCE_CHARS
from ui.common.state import keep, keep_choice
from ui.exercises import state
from ui.exercises.keys import ExerciseKeys
from ui.exercises.model import MAX_PER_WINDOW, MIN_GAP_SECONDS, WINDOW_SECONDS, exercises_for, headline, prompt_parts
from ui.notes.catalog import attempt_verdict

EDITOR_HEIGHT = 280
# Code reads better in a fixed-width font. Streamlit gives every keyed element the class st-key-<key>, with each
# character other than letters, digits, "_" and "-" replaced by "-".
EDITOR_STYLE = (
    '<style>[class*="st-key-quiz-exercise-"] textarea '
    "{font-family: 'Source Code Pro', ui-monospace, monospace; font-size: 0.85rem;}</style>"
)
CONTAINED = (
    "Your code runs in a separate, locked-down process: no imports (NumPy is there as `np`), no files, no network, "
    f"at most 2 s of CPU and 256 MB of memory, {MAX_SOURCE_CHARS:,} characters of code. One submission every "
    f"{MIN_GAP_SECONDS:.0f} s, at most {MAX_PER_WINDOW} in {WINDOW_SECONDS / 60:.0f} minutes."
)


def exercise_section(topics: Sequence[str], place: str) -> None:
    """The exercises of these topics, one at a time (a picker when there are several); nothing if there are none."""
    exercises = exercises_for(topics)
    if not exercises:
        return
    ids = [exercise.id for exercise in exercises]
    chosen = ids[0]
    if len(ids) > 1:
        chosen = st.radio(
            "Exercise",
            ids,
            format_func=lambda exercise_id: EXERCISES[exercise_id].title,  # fixed labels: they are the widget's id
            horizontal=True,
            **keep_choice(ExerciseKeys.choice(place), ids, ids[0]),
        )
    st.html(EDITOR_STYLE)
    exercise_card(EXERCISES[chosen if chosen in ids else ids[0]])


def _solved(exercise_id: str) -> bool:
    return any(attempt.correct and attempt.exercise_id == exercise_id for attempt in state.attempts())


def exercise_card(exercise: Exercise) -> None:
    """One exercise: what to write, the hints, the editor with Submit, the last verdict and the attempts so far."""
    with st.container(border=True, key=ExerciseKeys.card(exercise.id)):
        solved = " · ✅ solved" if _solved(exercise.id) else ""
        st.markdown(f"**{exercise.title}** · write `{exercise.signature}`{solved}")
        for kind, text in prompt_parts(exercise.prompt):
            if kind == "latex":
                st.latex(text)
            else:
                st.markdown(text)
        for tier, hint in zip(HINT_TIERS, exercise.hints):
            with st.expander(f"Hint: {tier}"):
                st.markdown(hint)
        editor = ExerciseKeys.editor(exercise.id)
        with st.form(ExerciseKeys.form(exercise.id), enter_to_submit=False, border=False):
            code = st.text_area(
                "Your code",
                **keep(editor, exercise.starter),
                height=EDITOR_HEIGHT,
                help="Tab moves the focus out of the box: indent with spaces.",
            )
            submitted = st.form_submit_button("Submit", type="primary", key=ExerciseKeys.submit(exercise.id))
        st.button(
            "Start again from the starter code",
            key=ExerciseKeys.reset(exercise.id),
            on_click=state.reset_editor,
            args=(exercise,),
        )
        st.caption(CONTAINED)
        if submitted:
            problem = state.submit(exercise, code)
            if problem:
                st.warning(problem, icon="⏳")
            else:
                st.rerun()  # the verdict is kept; run again so the sidebar saves the attempt in the learner record
        result = state.last_result(exercise.id)
        if result is not None:
            verdict(result)
        history(exercise)


def verdict(result: ExerciseResult) -> None:
    """The headline (app text), then the grader's message and what the code printed as plain text."""
    if result.correct:
        st.success(headline(result), icon="✅")
    elif result.mistake == "rejected":
        st.warning(headline(result), icon="🛑")
    else:
        st.error(headline(result), icon="❌")
    st.text(result.message)
    if result.checks:
        st.dataframe(
            pd.DataFrame(
                {
                    "result": ["✅ right" if check.passed else "❌ differs" for check in result.checks],
                    "test input": [check.label for check in result.checks],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    if result.gradient_error is not None:
        passed = result.gradient_error < GRADIENT_TOLERANCE
        st.caption(
            f"Gradient check of dx: relative error {result.gradient_error:.1e} "
            f"({'passes' if passed else 'fails'}: a right dx stays below {GRADIENT_TOLERANCE:.0e})."
        )
    if result.printed:
        st.markdown("**What your code printed**")
        st.code(result.printed, language=None)
    st.caption(f"Checked in {result.seconds:.1f} s.")


def history(exercise: Exercise) -> None:
    """The recorded attempts at this exercise, newest first, each with its code."""
    mine = [attempt for attempt in state.attempts() if attempt.exercise_id == exercise.id]
    if not mine:
        return
    right = sum(attempt.correct for attempt in mine)
    with st.expander(f"Your attempts at this exercise: {len(mine)}, {right} right"):
        for index, attempt in reversed(list(enumerate(state.attempts()))):
            if attempt.exercise_id != exercise.id:
                continue
            st.text(f"{attempt.submitted_at} · {attempt_verdict(attempt)}")
            st.code(attempt.code, language="python")
            st.button(
                "Write a note about this attempt",
                key=ExerciseKeys.note(index),
                on_click=state.note_about,
                args=(index,),
                help="A note attached to this attempt, starting with its verdict and code; edit it on the Notes page.",
            )
    with st.expander("Show a solution"):
        st.code(exercise.solution, language="python")
        st.caption("One way to write it; any code that passes the checks is right.")
