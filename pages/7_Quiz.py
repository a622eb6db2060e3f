"""Quiz: authored and generated questions on batch normalization, in practice or exam mode, with review and mastery."""

from ui.common.shell import setup_page  # first: importing ui pins NumPy's BLAS threads before NumPy loads

# isort: split

import streamlit as st

from quizzes import Filters
from quizzes.attempt import SOURCE_CHOICES
from quizzes.model import DIFFICULTIES, DIFFICULTY_LABELS, TOPIC_SHORT, TOPICS
from ui.common.glossary import explain_terms
from ui.exercises.model import exercises_for
from ui.exercises.view import exercise_section
from ui.quiz import state as quiz_state
from ui.quiz.keys import QuizKeys
from ui.quiz.panels import export_panel, mastery_panel
from ui.quiz.runs import exam, practice

setup_page("Quiz", "❓")

MODES = {"Practice": "practice", "Exam": "exam"}
MODE_CAPTIONS = ["One question at a time, feedback at once", "A set of questions, score and review at the end"]
SOURCE_LABELS = {"both": "Both", "authored": "Written questions", "generated": "Generated numbers"}
EXAM_SIZES = (5, 20, 10)  # min, max, default

st.title("❓ Quiz")
st.markdown(
    "Check what you know about batch normalization. **Written questions** explain every option, right or wrong; "
    "**generated questions** give you fresh numbers each time, computed by the same engine as the rest of the lab. "
    "Conventions are PyTorch's: ε inside the square root, the biased variance for normalizing, the unbiased one for "
    "running_var, and momentum as the weight of the new batch (PyTorch 0.1 = Keras 0.9)."
)
explain_terms(
    "mini_batch",
    "biased_variance",
    "epsilon",
    "gamma",
    "beta",
    "running_average",
    "momentum",
    "training_mode",
    "inference_mode",
)

main, side = st.columns([3, 2], gap="large")

with main:
    saved = quiz_state.filters()
    missed = quiz_state.progress().missed
    with st.container(border=True):
        st.markdown("**Set up a run**")
        mode = st.radio("Mode", list(MODES), captions=MODE_CAPTIONS, horizontal=True, key=QuizKeys.W_MODE)
        topics = st.pills(
            "Topics",
            list(TOPICS),
            selection_mode="multi",
            default=list(saved.topics),
            format_func=TOPIC_SHORT.get,
            key=QuizKeys.W_TOPICS,
            help="Highlighted topics are in. Click one to leave it out or bring it back.",
        )
        difficulties = st.pills(
            "Difficulty",
            DIFFICULTIES,
            selection_mode="multi",
            default=list(saved.difficulties),
            format_func=DIFFICULTY_LABELS.get,
            key=QuizKeys.W_DIFFICULTY,
        )
        source = st.radio(
            "Questions",
            SOURCE_CHOICES,
            index=SOURCE_CHOICES.index(saved.source),
            format_func=SOURCE_LABELS.get,
            key=QuizKeys.W_SOURCE,
            horizontal=True,
        )
        size = EXAM_SIZES[2]
        if MODES[mode] == "exam":
            size = st.slider("Questions in the exam", *EXAM_SIZES, key=QuizKeys.W_SIZE)
        start_column, review_column = st.columns(2)
        problem = None
        if start_column.button(f"Start {mode.lower()}", type="primary", key=QuizKeys.START, width="stretch"):
            chosen = Filters(tuple(topics), tuple(sorted(difficulties)), source)
            problem = quiz_state.start(MODES[mode], chosen, size)
        if review_column.button(
            f"Review missed ({len(missed)})",
            key=QuizKeys.REVIEW,
            disabled=not missed,
            width="stretch",
            help="Asks again, one at a time, every question whose latest "
            "answer was wrong; a right answer takes it off the list.",
        ):
            problem = quiz_state.start_review()
        if problem:
            st.error(problem)

    attempt = quiz_state.attempt()
    if attempt is None:
        st.info(
            "Choose a mode and the topics you want, then press **Start**. Questions and options are shuffled "
            "for every run."
        )
    else:
        label = {"practice": "Practice", "exam": "Exam", "review": "Review of missed questions"}[attempt.mode]
        st.subheader(f"{label} · run {attempt.number}")
        ordered = quiz_state.ordered_by_level() and attempt.mode != "review"
        order = " from Basic to Advanced (you chose Beginner)" if ordered else ""
        st.caption(
            f"Shuffled with seed {attempt.seed}{order}. Starting a new run keeps everything you answered so far."
        )
        if attempt.mode == "exam":
            exam(attempt)
        else:
            practice(attempt)
            if exercises_for(quiz_state.filters().topics):
                st.subheader("Write it yourself")
                st.caption("Code exercises on the topics of this run; a solved one counts toward its topic's mastery.")
                exercise_section(quiz_state.filters().topics, place="quiz")

with side:
    mastery_panel(quiz_state.progress())
    st.divider()
    export_panel(quiz_state.progress(), quiz_state.now())
