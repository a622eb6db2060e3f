"""The two ways through an attempt: practice (and review), one question at a time with immediate feedback, and the
exam, every question on one form, locked on submit, then the score and the full review."""

from __future__ import annotations

import streamlit as st

from quizzes import Attempt, grade
from quizzes.attempt import grade_exam_answer
from quizzes.model import TOPICS
from ui.quiz import state as quiz_state
from ui.quiz.keys import QuizKeys
from ui.quiz.questions import answer_input, practice_feedback, question_card, review_item


def practice(attempt: Attempt) -> None:
    """The current question; once answered, its feedback and a button to the next one; a summary at the end."""
    total = len(attempt.question_ids)
    if attempt.finished:
        what = "Review" if attempt.mode == "review" else "Practice set"
        st.success(
            f"**{what} done:** {attempt.right} of {total} right. Start another run above, or review the "
            "questions you missed."
        )
        return
    question_id = attempt.current_id
    question = quiz_state.question(question_id)
    st.progress(
        attempt.position / total, text=f"Question {attempt.position + 1} of {total} · {attempt.right} right so far"
    )
    question_card(question, f"Question {attempt.position + 1}")
    result = attempt.results.get(question_id)
    if result is None:
        # No st.form here: each choice reaches the server as it is made. A form keeps it in the browser until the
        # submit, and under load (bench/load_test.py) ticked multiple-select boxes were seen to arrive unticked.
        answer = answer_input(
            question, attempt.option_orders[question_id], key=QuizKeys.answer(attempt.number, attempt.position)
        )
        if st.button("Check answer", type="primary", key=QuizKeys.CHECK):
            result = grade(question, answer)
            if not result.valid:
                st.warning(result.message)  # nothing recorded: the learner tries again
                return
            attempt.results[question_id] = result
            quiz_state.progress().record(
                question, result, attempt=attempt.number, mode=attempt.mode, answered_at=quiz_state.now()
            )
            st.rerun()
        return
    practice_feedback(question, result)
    last = attempt.position + 1 == total
    st.button("Finish" if last else "Next question →", key=QuizKeys.NEXT, type="primary", on_click=attempt.advance)


def _score(attempt: Attempt) -> None:
    total = len(attempt.question_ids)
    left, right = st.columns([1, 2])
    left.metric(
        "Score", f"{attempt.right} / {total}", help="One point per question; unanswered questions count as wrong."
    )
    missed_topics = sorted(
        {TOPICS[quiz_state.question(qid).topic] for qid, result in attempt.results.items() if not result.correct}
    )
    right.markdown(
        f"**{round(100 * attempt.right / total)} %** right."
        + (f" Missed in: {', '.join(missed_topics)}." if missed_topics else " Nothing missed!")
    )
    right.caption(
        "Your answers are locked. The review below opens the questions you missed; 'Review missed' "
        "above asks them again."
    )


def exam(attempt: Attempt) -> None:
    """Before submitting: every question on one form. After: the score and the review of every question."""
    if attempt.submitted:
        _score(attempt)
        st.subheader("Review")
        for number, question_id in enumerate(attempt.question_ids, start=1):
            review_item(
                number,
                quiz_state.question(question_id),
                attempt.results[question_id],
                attempt.option_orders[question_id],
            )
        return
    total = len(attempt.question_ids)
    with st.form(
        QuizKeys.exam_form(attempt.number), enter_to_submit=False
    ):  # Enter in a number box must not submit all
        answers = {}
        for number, question_id in enumerate(attempt.question_ids, start=1):
            question = quiz_state.question(question_id)
            question_card(question, f"Question {number} of {total}")
            answers[question_id] = answer_input(
                question, attempt.option_orders[question_id], key=QuizKeys.answer(attempt.number, question_id)
            )
            st.divider()
        st.caption(
            "Submitting locks every answer. Unanswered questions count as wrong. Answers are kept from the "
            "moment you submit: leaving this page before that clears them."
        )
        submitted = st.form_submit_button("Submit exam", type="primary", key=QuizKeys.SUBMIT)
    if submitted:
        progress, when = quiz_state.progress(), quiz_state.now()
        for question_id, answer in answers.items():
            question = quiz_state.question(question_id)
            result = grade_exam_answer(question, answer)
            attempt.results[question_id] = result
            progress.record(question, result, attempt=attempt.number, mode="exam", answered_at=when)
        attempt.submitted = True
        st.rerun()
