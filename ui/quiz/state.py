"""The quiz page's session state: the bank, the current attempt, the learner's progress, and the home-page summary.

Every key is prefixed ``quiz.`` and none belongs to a widget, so progress survives switching pages:

- ``quiz.progress``: ``quizzes.Progress``, every graded answer, mastery per topic and the missed questions.
- ``quiz.attempt``: ``quizzes.Attempt`` on screen (practice, exam or review), or absent.
- ``quiz.attempts``: how many attempts were started; numbers the next one.
- ``quiz.seed``: this session's base seed; attempt k is shuffled with a seed derived from (base, k).
- ``quiz.filters``: the last filters used, so the settings come back after a page switch.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from quizzes import Attempt, Filters, Progress, Question, load_bank, question_by_id, review_attempt, start_attempt
from quizzes.mastery import MASTERY_LEVELS
from quizzes.model import TOPICS
from ui.common.record.fields import now_timestamp
from ui.common.state import expertise_level
from ui.quiz.keys import QuizKeys


@st.cache_data(max_entries=1, show_spinner=False)
def bank() -> list[Question]:
    """The authored questions (validated once per server; each caller gets its own copy)."""
    return load_bank()


@st.cache_data(max_entries=512, show_spinner=False)
def question(question_id: str) -> Question:
    """Any question by id: authored, or generated from its generator name and seed (cached per id)."""
    return question_by_id(question_id, {q.id: q for q in bank()})


def progress() -> Progress:
    if QuizKeys.PROGRESS not in st.session_state:
        st.session_state[QuizKeys.PROGRESS] = Progress()
    return st.session_state[QuizKeys.PROGRESS]


def attempt() -> Attempt | None:
    return st.session_state.get(QuizKeys.ATTEMPT)


def filters() -> Filters:
    return st.session_state.get(QuizKeys.FILTERS, Filters())


def _next_number_and_seed() -> tuple[int, int]:
    """The next attempt's number and its seed, derived from the session's base seed (drawn once from OS entropy)."""
    if QuizKeys.SEED not in st.session_state:
        st.session_state[QuizKeys.SEED] = int(np.random.default_rng().integers(2**31))
    number = st.session_state.get(QuizKeys.ATTEMPTS, 0) + 1
    seed = int(np.random.SeedSequence([st.session_state[QuizKeys.SEED], number]).generate_state(1)[0])
    return number, seed


def ordered_by_level() -> bool:
    """Whether runs go from Basic to Advanced: for a learner who chose Beginner (on the home page)."""
    return expertise_level() == "Beginner"


def start(mode: str, chosen: Filters, size: int) -> str | None:
    """Start a practice run or an exam; on bad filters return the one-sentence reason and change nothing."""
    number, seed = _next_number_and_seed()
    try:
        new = start_attempt(
            bank(), chosen, mode, size=size, number=number, seed=seed, ordered_by_level=ordered_by_level()
        )
    except ValueError as error:
        return str(error)
    st.session_state.update({QuizKeys.ATTEMPT: new, QuizKeys.ATTEMPTS: number, QuizKeys.FILTERS: chosen})
    return None


def start_review() -> str | None:
    """Start a review of the questions last answered wrongly; the reason if there are none."""
    number, seed = _next_number_and_seed()
    try:
        new = review_attempt(progress().missed, bank(), number=number, seed=seed)
    except ValueError as error:
        return str(error)
    st.session_state.update({QuizKeys.ATTEMPT: new, QuizKeys.ATTEMPTS: number})
    return None


def now() -> str:
    """This moment as the learner record writes times (UTC, to the second, e.g. 2025-01-31T14:05:09Z)."""
    return now_timestamp()


def progress_line() -> str | None:
    """One Markdown line for the home page: answers so far and the mastery level of every topic started."""
    record = st.session_state.get(QuizKeys.PROGRESS)
    if record is None or not record.history:
        return None
    started = [(TOPICS[topic], record.topic(topic).name) for topic in TOPICS if record.topic(topic).level > 0]
    levels = " · ".join(f"{title}: {level}" for title, level in started)
    untouched = len(TOPICS) - len(started)
    rest = f" ({untouched} of {len(TOPICS)} topics not started)" if untouched else ""
    mastered = sum(1 for _, level in started if level == MASTERY_LEVELS[-1])
    return (
        f"**Quiz**: {record.right} of {len(record.history)} answers right, {mastered} of {len(TOPICS)} topics "
        f"mastered. {levels}{rest}."
    )
