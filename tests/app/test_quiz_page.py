"""The quiz page in AppTest: practice right and wrong, a refused malformed answer, a full exam with score and review,
review of the misses, filters, mastery bars, the exports, progress surviving a page switch, the home-page line."""

import csv
import io
import json
from unittest import mock

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from quizzes import Progress, grade, load_bank, question_by_id
from tests.conftest import ROOT
from tests.quiz_answers import right_answer, wrong_answers
from ui.common.pages import existing_pages

PAGE_PATH = "pages/7_Quiz.py"
AUTHORED = {q.id: q for q in load_bank()}


def quiz_app(seed: int = 2024) -> AppTest:
    """The app as a learner reaches the quiz: app.py is the main script (as on a server, so page links resolve), then
    the quiz page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["quiz.seed"] = seed
    at.run()
    return at.switch_page(PAGE_PATH).run()


def start(at, mode="Practice", topics=None, difficulties=None, source=None, size=None) -> AppTest:
    at.radio(key="quiz.w.mode").set_value(mode).run()
    if topics is not None:
        at.pills(key="quiz.w.topics").set_value(topics)
    if difficulties is not None:
        at.pills(key="quiz.w.difficulty").set_value(difficulties)
    if source is not None:
        at.radio(key="quiz.w.source").set_value(source)
    if size is not None:
        at.slider(key="quiz.w.size").set_value(size)
    return at.button(key="quiz.start").click().run()


def attempt(at):
    return at.session_state["quiz.attempt"]


def progress(at) -> Progress:
    return at.session_state["quiz.progress"]


def fill(at, question, answer, key):
    """Put ``answer`` (grade()'s format) into the widget(s) of ``question`` under ``key``."""
    if question.kind == "numeric":
        at.text_input(key=key).input(str(answer))
    elif question.kind == "multiple":
        for option in question.options:
            at.checkbox(key=f"{key}.{option.id}").set_value(option.id in answer)
    else:
        at.radio(key=key).set_value(answer)


def answer_current(at, correct: bool, raw=None) -> AppTest:
    run = attempt(at)
    question = question_by_id(run.current_id, AUTHORED)
    answer = raw if raw is not None else right_answer(question) if correct else wrong_answers(question)[0]
    fill(at, question, answer, f"quiz.w.{run.number}.{run.position}")
    return at.button(key="quiz.check").click().run()


def texts(elements):
    return "\n".join(element.value for element in elements)


def test_before_starting_the_page_invites_a_run_and_exports_are_disabled():
    at = quiz_app()
    assert not at.exception
    assert "press **Start**" in texts(at.info)
    assert all(button.proto.disabled for button in at.download_button)
    assert at.button(key="quiz.review").proto.disabled


def test_practice_right_answer_gives_the_options_feedback_explanation_and_moves_mastery():
    at = start(quiz_app(), topics=["gamma_beta"], source="authored")
    question = question_by_id(attempt(at).current_id, AUTHORED)
    at = answer_current(at, correct=True)
    assert not at.exception
    assert at.success[0].value.startswith("**Right.**")
    expected_feedback = grade(question, right_answer(question)).feedback[0]
    assert expected_feedback in texts(at.markdown)
    assert question.explanation in texts(at.info)
    links = [link.proto.page for link in at.main.get("page_link")]  # the sidebar has its own links
    assert len(links) == len([page for page in existing_pages() if page.path == question.page])
    record = progress(at).history[0]
    assert (record.question_id, record.correct, record.mode) == (question.id, True, "practice")
    assert progress(at).topic("gamma_beta").name == "Attempted" and not progress(at).missed
    at.button(key="quiz.next").click().run()
    assert attempt(at).position == 1 and not at.success


def test_practice_wrong_answer_explains_the_distractor_and_shows_the_right_answer():
    at = start(quiz_app(), topics=["placement"], source="authored")
    question = question_by_id(attempt(at).current_id, AUTHORED)
    at = answer_current(at, correct=False)
    assert at.error[0].value.startswith("**Not quite.**")
    shown = texts(at.markdown)
    assert grade(question, wrong_answers(question)[0]).feedback[0] in shown
    assert "**Right answer:**" in shown and question.explanation in texts(at.info)
    assert progress(at).missed == [question.id]
    assert at.button(key="quiz.review").label == "Review missed (1)"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("abc", "'abc' is not a number: type digits such as 1.25 or -0.5."),
        ("", "No answer given: type a number."),
    ],
)
def test_malformed_numeric_answer_is_refused_and_nothing_is_recorded(typed, message):
    at = start(quiz_app(), source="generated")
    before = attempt(at).current_id
    at = answer_current(at, correct=False, raw=typed)
    assert [w.value for w in at.warning] == [message]
    assert "quiz.progress" not in at.session_state or not progress(at).history
    assert attempt(at).current_id == before and not attempt(at).results
    at = answer_current(at, correct=True)  # the same question still takes a good answer
    assert len(progress(at).history) == 1 and progress(at).history[0].correct


def exam_answers(at, right_count):
    """Fill the exam form: the first ``right_count`` questions right, the rest wrong (the last one left blank)."""
    run = attempt(at)
    for index, question_id in enumerate(run.question_ids):
        question = question_by_id(question_id, AUTHORED)
        if index == len(run.question_ids) - 1 and index >= right_count:
            continue  # blank: counts as wrong
        answer = right_answer(question) if index < right_count else wrong_answers(question)[0]
        fill(at, question, answer, f"quiz.w.{run.number}.{question_id}")
    return at.button(key="quiz.submit").click().run()


def test_full_exam_locks_answers_and_shows_score_and_review_then_review_missed_asks_only_those():
    at = start(quiz_app(), mode="Exam", source="authored", size=5)
    run = attempt(at)
    assert run.mode == "exam" and len(run.question_ids) == 5 and not run.submitted
    at = exam_answers(at, right_count=3)
    assert not at.exception and attempt(at).submitted
    assert at.metric[0].value == "3 / 5" and "**60 %** right" in texts(at.markdown)
    labels = [e.label for e in at.expander if "Question" in e.label]
    assert len(labels) == 5 and sum(label.startswith("✅ Right · Question") for label in labels) == 3
    assert sum(label.startswith("❌ Wrong · Question") for label in labels) == 2  # words, not only the marks
    assert not [w for w in at.radio if w.key.startswith(f"quiz.w.{run.number}.")]  # the form is gone: locked
    for question_id in run.question_ids:
        assert AUTHORED[question_id].explanation in texts(at.info)
    assert "(no valid answer)" in texts(at.markdown)
    assert [r.mode for r in progress(at).history] == ["exam"] * 5
    missed = set(run.question_ids[3:])
    assert set(progress(at).missed) == missed

    at.button(key="quiz.review").click().run()
    review = attempt(at)
    assert review.mode == "review" and set(review.question_ids) == missed
    for _ in missed:
        at = answer_current(at, correct=True)
        at.button(key="quiz.next").click().run()
    assert progress(at).missed == [] and "Review done:** 2 of 2 right" in texts(at.success)


@pytest.mark.parametrize("level, ordered", [("Beginner", True), ("Expert", False)])
def test_a_beginners_practice_run_starts_with_basic_questions(level, ordered):
    at = quiz_app()
    at.session_state["app.expertise"] = level
    at = start(at.run())
    levels = [question_by_id(qid, AUTHORED).difficulty for qid in attempt(at).question_ids]
    assert (levels == sorted(levels)) == ordered
    assert ("from Basic to Advanced (you chose Beginner)" in texts(at.caption)) == ordered


def test_filters_choose_topic_difficulty_and_source():
    at = start(quiz_app(), mode="Exam", topics=["backward"], difficulties=[3], source="both", size=5)
    questions = [question_by_id(qid, AUTHORED) for qid in attempt(at).question_ids]
    assert len(questions) == 5
    assert all(q.topic == "backward" and q.difficulty == 3 for q in questions)
    at = start(at, mode="Practice", topics=["framework", "limitations"], difficulties=[1, 2], source="generated")
    questions = [question_by_id(qid, AUTHORED) for qid in attempt(at).question_ids]
    assert questions and all(q.source == "generated" and q.topic == "framework" for q in questions)


@pytest.mark.parametrize(
    "widget, message",
    [
        ("quiz.w.topics", "Choose at least one topic to start a quiz."),
        ("quiz.w.difficulty", "Choose at least one difficulty to start a quiz."),
    ],
)
def test_an_empty_filter_gets_one_sentence_and_keeps_the_current_run(widget, message):
    at = start(quiz_app(), source="authored")
    at = answer_current(at, correct=True)
    before = attempt(at)
    at.pills(key=widget).set_value([])
    at.button(key="quiz.start").click().run()
    assert [e.value for e in at.error] == [message]
    assert attempt(at) is before and len(progress(at).history) == 1


def bars(at):
    return {bar.proto.text.split(":")[0]: (bar.proto.value, bar.proto.text) for bar in at.get("progress")}


def test_mastery_bars_follow_the_stated_rule():
    at = start(quiz_app(), topics=["alternatives"], source="authored")
    assert bars(at)["Alternatives"][0] == 0
    at = answer_current(at, correct=True)
    at.button(key="quiz.next").click().run()
    assert "**Attempted** (1 of 1 right, 1 more right in a row to move up)" in bars(at)["Alternatives"][1]
    at = answer_current(at, correct=True)
    value, text = bars(at)["Alternatives"]
    assert value == 50 and "**Familiar**" in text
    at.button(key="quiz.next").click().run()
    at = answer_current(at, correct=False)
    assert "**Attempted**" in bars(at)["Alternatives"][1] and bars(at)["Alternatives"][0] == 25
    assert "two right answers in a row" in texts(at.caption)


def test_exports_carry_every_answer_as_csv_and_json():
    captured = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self, path_or_data, mimetype, kind, filename=None):
        captured[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    with mock.patch.object(MemoryMediaFileStorage, "load_and_get_id", capture):
        at = start(quiz_app(), topics=["framework"], source="authored")
        first = attempt(at).current_id
        at = answer_current(at, correct=True)
        at.button(key="quiz.next").click().run()
        second = attempt(at).current_id
        at = answer_current(at, correct=False)
    assert not any(button.proto.disabled for button in at.download_button)
    rows = list(csv.DictReader(io.StringIO(captured["batch-norm-quiz-results.csv"].decode())))
    assert [(r["question_id"], r["correct"], r["mode"]) for r in rows] == [
        (first, "True", "practice"),
        (second, "False", "practice"),
    ]
    document = json.loads(captured["batch-norm-quiz-results.json"])
    assert document["answered"] == 2 and document["right"] == 1 and document["missed"] == [second]
    assert document["mastery"]["framework"]["level"] == "Attempted"


def test_progress_and_the_answered_question_survive_a_page_switch():
    at = start(quiz_app(seed=7), topics=["limitations"], source="authored")
    at = answer_current(at, correct=True)
    at.switch_page("app.py").run()
    assert not at.get("progress")  # on the home page now
    at.switch_page(PAGE_PATH).run()
    assert not at.exception
    assert len(progress(at).history) == 1 and at.success[0].value.startswith("**Right.**")
    assert "**Attempted**" in bars(at)["Limitations"][1]


def show_progress_line():
    import streamlit as st

    from ui.quiz.state import progress_line

    st.markdown(progress_line() or "nothing yet")


def test_progress_line_summarises_mastery_for_the_home_page():
    at = AppTest.from_function(show_progress_line).run()
    assert at.markdown[0].value == "nothing yet"
    record = Progress()
    for qid in ("fw-num-features", "fw-affine-false", "alt-rms-norm"):
        record.record(
            AUTHORED[qid],
            grade(AUTHORED[qid], right_answer(AUTHORED[qid])),
            attempt=1,
            mode="exam",
            answered_at="2026-01-01T00:00:00+00:00",
        )
    at.session_state["quiz.progress"] = record
    line = at.run().markdown[0].value
    assert line.startswith("**Quiz**: 3 of 3 answers right, 0 of 10 topics mastered.")
    assert (
        "Framework parameters: Familiar" in line
        and "Alternatives: Layer, Group, Instance and RMS norm: Attempted" in line
        and "(8 of 10 topics not started)" in line
    )
