"""The write-it-yourself exercises in AppTest: a right solution passes and counts toward mastery once, a wrong one
gets feedback naming the slip, hostile or runaway code is refused with a clear message and changes nothing that is
recorded, submissions are rate-limited; and the code views show the engine's lines for the current step."""

import re
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from quizzes.exercises import EXERCISES
from tests.conftest import ROOT
from ui.exercises.keys import ExerciseKeys
from ui.gradient_flow.keys import GradientFlowKeys
from ui.notes.keys import NotesKeys
from ui.quiz.keys import QuizKeys
from ui.walkthrough.keys import WalkthroughKeys

WALKTHROUGH = str(ROOT / "pages" / "1_Walkthrough.py")
GRADIENT_FLOW = str(ROOT / "pages" / "2_Gradient_Flow.py")
QUIZ = str(ROOT / "pages" / "7_Quiz.py")
HEAD = "def batchnorm_forward(x, gamma, beta, eps=1e-5):\n    "
UNBIASED = EXERCISES["bn_forward"].solution.replace("x.var(axis=0)", "x.var(axis=0, ddof=1)")


@pytest.fixture(scope="module")
def walkthrough():
    """One walkthrough session for the whole module: each test resets the exercise state it reads."""
    app = AppTest.from_file(WALKTHROUGH, default_timeout=60)
    app.run()
    assert not app.exception
    return app


def submit(app, code, exercise_id="bn_forward"):
    """Type ``code`` into the exercise's editor and press Submit (the rate limit's clock reset first)."""
    app.session_state[ExerciseKeys.SUBMITTED_AT] = []
    app.text_area(key=ExerciseKeys.editor(exercise_id)).input(code)
    app.button(key=ExerciseKeys.submit(exercise_id)).click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def recorded_state(app):
    state = app.session_state
    attempts = state[ExerciseKeys.ATTEMPTS] if ExerciseKeys.ATTEMPTS in state else []  # noqa: SIM401 (no .get here)
    mastery = state[QuizKeys.PROGRESS].mastery if QuizKeys.PROGRESS in state else {}
    return list(attempts), dict(mastery)


def shown_text(app):
    return [t.value for t in app.text]


def test_a_right_solution_passes_and_counts_toward_mastery_once(walkthrough):
    before, _ = recorded_state(walkthrough)
    submit(walkthrough, EXERCISES["bn_forward"].solution)
    assert [s.value for s in walkthrough.success] == ["Right!"]
    assert any(text.startswith("Right: `y` matches bncore on all 6 test inputs") for text in shown_text(walkthrough))
    attempts, mastery = recorded_state(walkthrough)
    assert len(attempts) == len(before) + 1 and attempts[-1].correct and attempts[-1].topic == "normalization_eps"
    assert mastery["normalization_eps"].right == 1
    submit(walkthrough, EXERCISES["bn_forward"].solution)  # solving it again does not count twice
    assert recorded_state(walkthrough)[1]["normalization_eps"].right == 1


def test_an_attempt_can_be_attached_to_a_note_with_its_verdict_and_code(walkthrough):
    submit(walkthrough, UNBIASED)
    attempts, _ = recorded_state(walkthrough)
    index = len(attempts) - 1
    walkthrough.button(key=ExerciseKeys.note(index)).click().run()
    assert not walkthrough.exception
    (note,) = [
        n for n in walkthrough.session_state[NotesKeys.ITEMS].values() if n.attached_to.kind == "exercise_attempt"
    ]
    assert note.attached_to.key == f"bn_forward@{attempts[index].submitted_at}"
    assert note.text.startswith(f"My attempt: {attempts[index].mistake.replace('_', ' ')}.")
    assert UNBIASED.strip() in note.text and note.page == "Walkthrough"


def test_a_wrong_solution_gets_feedback_naming_the_slip_and_each_input(walkthrough):
    before, mastery_before = recorded_state(walkthrough)
    submit(walkthrough, UNBIASED)
    assert [e.value for e in walkthrough.error] == ["Not yet"]
    assert any("unbiased variance" in text for text in shown_text(walkthrough))
    checks = next(d.value for d in walkthrough.dataframe if "test input" in d.value.columns)
    assert len(checks) == 6 and set(checks["result"]) == {"❌ differs"}
    attempts, mastery = recorded_state(walkthrough)
    assert len(attempts) == len(before) + 1 and not attempts[-1].correct and mastery == mastery_before


@pytest.mark.parametrize(
    "code, message",
    [
        ("import os\nos.system('ls')", "imports are not allowed here"),
        (HEAD + "return __import__('os').system('ls')", "double underscores"),
        (HEAD + "return ().__class__.__base__.__subclasses__()", "double underscores"),
        (HEAD + "return open('/etc/passwd').read()", "there are no files"),
        (HEAD + "return np.load('x.npy')", "reads or writes files"),
        ("x = 1\n" + "#" * 1_000_000, "the limit is 20,000"),
    ],
)
def test_hostile_code_is_refused_with_a_clear_message_and_nothing_recorded(walkthrough, code, message):
    before = recorded_state(walkthrough)
    submit(walkthrough, code)
    assert [w.value for w in walkthrough.warning] == [
        "Refused before running: your code uses something outside the allowed subset"
    ]
    assert any(message in text for text in shown_text(walkthrough)), shown_text(walkthrough)
    assert recorded_state(walkthrough) == before


def test_runaway_code_is_stopped_and_nothing_recorded(walkthrough):
    before = recorded_state(walkthrough)
    submit(walkthrough, HEAD + "while True:\n        pass")
    assert [e.value for e in walkthrough.error] == ["Stopped: your code ran too long"]
    assert any("ran longer than 2 s and was stopped" in text for text in shown_text(walkthrough))
    assert recorded_state(walkthrough) == before


def test_a_second_submission_within_seconds_waits_and_is_not_graded(walkthrough, monkeypatch):
    # the clock stands still: on a loaded machine grading and a rerun can take longer than the 3 s gap itself
    monkeypatch.setattr("ui.exercises.state.time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    submit(walkthrough, EXERCISES["bn_forward"].solution)
    before = recorded_state(walkthrough)
    walkthrough.text_area(key=ExerciseKeys.editor("bn_forward")).input(UNBIASED)
    walkthrough.button(key=ExerciseKeys.submit("bn_forward")).click()
    walkthrough.run()
    assert any(w.value.startswith("Please wait") for w in walkthrough.warning)
    assert [s.value for s in walkthrough.success] == ["Right!"]  # the last verdict stays on screen
    assert recorded_state(walkthrough) == before


CODE_LINE = re.compile(r'data-marked="(\w+)"><span[^>]*>\d+</span>(.*?)</span>')


def marked_lines(html):
    """The code of the highlighted lines of a code block (these lines hold no <, > or & to unescape)."""
    return [text for marked, text in CODE_LINE.findall(html) if marked == "true"]


def test_the_walkthrough_code_view_follows_the_step():
    app = AppTest.from_file(WALKTHROUGH, default_timeout=60)
    app.session_state["walk.step"] = 3
    app.session_state[WalkthroughKeys.PREDICT_FIRST] = False  # the code view shows the step's numbers
    app.run()
    assert not [h for h in app.html if "bnlab-code" in h.value]  # drawn only once its expander is opened
    app.session_state[WalkthroughKeys.STEP_CODE] = True
    app.run()
    (block,) = [h.value for h in app.html if "bnlab-code" in h.value]
    marked = " ".join(marked_lines(block))
    assert "# 3. normalize" in marked and "x_hat = x_centered * inv_std" in marked and "mean = " not in marked
    variables = next(d.value for d in app.dataframe if "variable" in d.value.columns)
    assert list(variables["variable"]) == ["var", "eps", "inv_std"]


def test_the_walkthrough_code_views_values_are_those_of_the_followed_feature():
    means = []
    for feature in ("F0", "F2"):
        app = AppTest.from_file(WALKTHROUGH, default_timeout=60)
        app.session_state["walk.step"] = 1
        app.session_state[WalkthroughKeys.PREDICT_FIRST] = False
        app.session_state[WalkthroughKeys.STEP_CODE] = True
        app.run()
        app.radio(key=WalkthroughKeys.FEATURE_WIDGET).set_value(feature).run()
        assert not app.exception
        scalars = next(d.value for d in app.dataframe if "variable" in d.value.columns)
        column = next(d.value for d in app.dataframe if list(d.value.columns) == ["x"])
        mean = float(scalars.set_index("variable").loc["mean", "value"])
        assert mean == pytest.approx(column["x"].mean(), rel=1e-3)  # the mean shown is that of the x shown
        means.append(mean)
    assert means[0] != means[1]


def test_the_gradient_flow_page_shows_each_backward_steps_lines_and_its_exercise():
    app = AppTest.from_file(GRADIENT_FLOW, default_timeout=60)
    app.run()
    assert not app.exception
    assert not [h for h in app.html if "bnlab-code" in h.value]  # drawn only once their expanders are opened
    for step in range(6):
        app.session_state[GradientFlowKeys.step_code(step)] = True
    app.run()
    blocks = [h.value for h in app.html if "bnlab-code" in h.value]
    lasts = [marked_lines(block)[-1].split(" = ")[0].strip() for block in blocks]
    assert lasts == ["dbeta", "dgamma", "dx_hat", "dvar", "dmean", ")"]  # dx spans three lines, ending in ")"
    assert app.text_area(key=ExerciseKeys.editor("bn_backward")).value == EXERCISES["bn_backward"].starter


def test_the_quizs_practice_mode_offers_the_exercises_of_its_topics():
    app = AppTest.from_file(QUIZ, default_timeout=60)
    app.run()
    app.session_state[QuizKeys.W_TOPICS] = ["backward"]
    app.button(key=QuizKeys.START).click()
    app.run()
    assert not app.exception
    assert "Write it yourself" in [s.value for s in app.subheader]
    assert app.text_area(key=ExerciseKeys.editor("bn_backward")).value == EXERCISES["bn_backward"].starter
