"""Drawing one quiz question: its prompt and numbers, the answer widget of its kind, the feedback after a practice
answer, and the full review of an exam answer; both end with the research room's cards of the claims the question
tests (quizzes/claims.toml)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from quizzes.claims import research
from quizzes.grading import format_number, tolerance_note
from quizzes.model import DIFFICULTY_LABELS, KIND_LABELS, TOPICS, DataTable, Question, Result
from ui.common.pages import existing_pages
from ui.notes import store
from ui.notes.claim_cards import claim_card
from ui.quiz.keys import QuizKeys

KIND_HINTS = {
    "single": "Choose one answer.",
    "multiple": "Select all that apply.",
    "true_false": "True or false?",
}


def table_frame(table: DataTable) -> pd.DataFrame:
    """A generated question's numbers as a small DataFrame of readable strings (no float noise such as 0.9249999).

    Long, narrow tables (e.g. one feature over five examples) are turned on their side, examples as columns, so the
    numbers read along one line.
    """
    rows = [[format_number(value) for value in row] for row in table.rows]
    frame = pd.DataFrame(rows, columns=list(table.columns), index=list(table.index))
    return frame.T if len(table.index) > len(table.columns) else frame


def question_card(question: Question, label: str) -> None:
    """Header line, prompt, the numbers (if generated) and, for numeric questions, what precision counts."""
    source = " · 🎲 generated" if question.source == "generated" else ""
    st.markdown(
        f"**{label}** · {TOPICS[question.topic]} · {DIFFICULTY_LABELS[question.difficulty]} · "
        f"{KIND_LABELS[question.kind]}{source}"
    )
    st.markdown(question.prompt)
    if question.table is not None:
        st.table(table_frame(question.table), width="content")
    if question.kind == "numeric":
        st.caption(tolerance_note(question))


def answer_input(question: Question, order: tuple[str, ...], key: str) -> object:
    """The widget(s) for this kind of question, options in ``order``; returns the answer in grade()'s format."""
    if question.kind == "numeric":
        return st.text_input("Your answer", key=key, placeholder="A number, e.g. 1.25")
    if question.kind == "multiple":
        st.caption(KIND_HINTS["multiple"])
        return [
            option_id for option_id in order if st.checkbox(question.option(option_id).text, key=f"{key}.{option_id}")
        ]
    return st.radio(
        KIND_HINTS[question.kind],
        order,
        index=None,
        key=key,
        format_func=lambda option_id: question.option(option_id).text,
        horizontal=question.kind == "true_false",
    )


def page_link(question: Question) -> None:
    """A link to the page where the idea can be seen, if the question names one and that page exists."""
    for page in existing_pages():
        if page.path == question.page:
            st.page_link(page.path, label=f"See it on the {page.title} page", icon=page.icon)


def claims_tested(question: Question) -> None:
    """The claim cards of the research room this question tests (nothing when it tests none)."""
    claims = research().claims_for_question(question.id)
    if not claims:
        return
    st.markdown(f"**The research behind it.** This question tests {'a claim' if len(claims) == 1 else 'claims'}:")
    notes = store.notes()
    for claim in claims:
        claim_card(claim, notes, button_key=QuizKeys.cite(question.id, claim.id))


def practice_feedback(question: Question, result: Result) -> None:
    """Right or wrong at once, the feedback of what was chosen, the right answer if missed, and the explanation."""
    if result.correct:
        st.success(f"**Right.** Your answer: {result.given}")
    else:
        st.error(f"**Not quite.** Your answer: {result.given}")
    for line in result.feedback:
        st.markdown(line)
    if not result.correct:
        st.markdown(f"**Right answer:** {result.expected}")
        if question.kind in ("single", "true_false"):
            st.markdown(question.option(question.correct_option_ids[0]).feedback)
    st.info(f"**Why:** {question.explanation}")
    page_link(question)
    claims_tested(question)


def _option_review(question: Question, order: tuple[str, ...], chosen: tuple[str, ...]) -> None:
    """Every option in display order: which is right, which the learner chose, and each one's feedback."""
    for option in (question.option(option_id) for option_id in order):
        marks = ["✅ right answer" if option.correct else "✗ wrong"]
        if option.id in chosen:
            marks.append("👉 your choice")
        st.markdown(f"- **{option.text}** ({', '.join(marks)}): {option.feedback}")


def review_item(number: int, question: Question, result: Result, order: tuple[str, ...]) -> None:
    """One exam question in review: an expander (open if missed) with the full feedback and the explanation."""
    verdict = "✅ Right" if result.correct else "❌ Wrong"
    with st.expander(f"{verdict} · Question {number} · {TOPICS[question.topic]}", expanded=not result.correct):
        question_card(question, f"Question {number}")
        st.markdown(f"**Your answer:** {result.given} · **Right answer:** {result.expected}")
        if question.kind != "numeric":
            _option_review(question, order, result.chosen)
        if question.kind == "numeric" or not result.chosen:  # numeric feedback, or why nothing could be graded
            for line in result.feedback:
                st.markdown(line)
        st.info(f"**Why:** {question.explanation}")
        page_link(question)
        claims_tested(question)
