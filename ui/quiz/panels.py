"""The quiz page's side panels: mastery per topic as a bar each, and the export of results as CSV and JSON."""

from __future__ import annotations

import streamlit as st

from quizzes import Progress
from quizzes.mastery import RULE, TopicMastery
from quizzes.model import TOPICS
from quizzes.progress import results_csv, results_json
from ui.quiz.keys import QuizKeys


def mastery_text(title: str, mastery: TopicMastery) -> str:
    """The label of one topic's bar: its level, its record, and how far the next level is."""
    if mastery.level == 0:
        return f"{title}: **Not started**"
    record = f"{mastery.right} of {mastery.answered} right"
    needed = mastery.to_next_level()
    hint = f", {needed} more right in a row to move up" if needed else ""
    return f"{title}: **{mastery.name}** ({record}{hint})"


def mastery_panel(progress: Progress) -> None:
    """One bar per topic, from Not started (empty) to Mastered (full), and the rule that moves them."""
    st.subheader("Mastery per topic")
    st.caption(RULE)
    for topic, title in TOPICS.items():
        mastery = progress.topic(topic)
        st.progress(mastery.fraction, text=mastery_text(title, mastery))


def export_panel(progress: Progress, exported_at: str) -> None:
    """Download every graded answer (CSV) or answers plus mastery (JSON); disabled until something is answered."""
    st.subheader("Export your results")
    empty = not progress.history
    st.caption(
        "Nothing to export yet: answer a question first."
        if empty
        else f"{len(progress.history)} {'answer' if len(progress.history) == 1 else 'answers'}, {progress.right} "
        "right. The CSV has one row per answer; the JSON "
        "adds your mastery per topic and the questions waiting for review."
    )
    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        results_csv(progress),
        file_name="batch-norm-quiz-results.csv",
        mime="text/csv",
        on_click="ignore",
        disabled=empty,
        key=QuizKeys.EXPORT_CSV,
        icon=":material/download:",
        width="stretch",
    )
    right.download_button(
        "Download JSON",
        results_json(progress, exported_at),
        file_name="batch-norm-quiz-results.json",
        mime="application/json",
        on_click="ignore",
        disabled=empty,
        key=QuizKeys.EXPORT_JSON,
        icon=":material/download:",
        width="stretch",
    )
