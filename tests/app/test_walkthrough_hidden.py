"""Predict first hides the answer, in AppTest: while a walkthrough guess is open, the number it asks for (and every
later one, which would give it away) is on no table, text or formula of the page, only "?" cells and a caption saying
how to reveal them; checking or skipping the guess reveals it. Inference mode and predict-first off hide nothing."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from bncore import batch_norm_forward, make_feature_batch
from tests.app.test_predictions import guess_keys, made
from tests.app.test_predictions import walkthrough_at_step as at_step
from ui.walkthrough.hidden import HIDDEN
from ui.walkthrough.keys import WalkthroughKeys
from ui.walkthrough.predict import HIDDEN_NOTE

GAMMA, BETA = np.array([2.0, 1, 1, 1]), np.array([0.5, 0, 0, 0])  # with γ = 1 and β = 0, y would equal x̂
Y, CACHE = batch_norm_forward(make_feature_batch(), GAMMA, BETA)  # the page's default batch
TRUTH = {1: CACHE.mean[0], 2: CACHE.var[0], 3: CACHE.x_hat[0, 0], 4: Y[0, 0]}  # what steps 1-4 ask for, of F0
AFFINE = {"edited_rows": {0: {"F0": 2.0}, 1: {"F0": 0.5}}, "added_rows": [], "deleted_rows": []}
TEXT_KINDS = ("markdown", "latex", "caption", "text", "info", "success", "warning", "error", "html", "metric", "code")


def walkthrough_at_step(step: int, **state) -> AppTest:
    """The walkthrough at ``step`` with γ = 2 and β = 0.5 for F0 (a beginner: predict first is on)."""
    return at_step(step, **{WalkthroughKeys.AFFINE.widget: AFFINE, **state})


def table_cells(at: AppTest) -> list:
    return [cell for table in [*at.table, *at.dataframe] for cell in table.value.to_numpy().ravel()]


def texts(at: AppTest) -> str:
    return "\n".join(str(element.value) for kind in TEXT_KINDS for element in at.get(kind))


def shows(at: AppTest, number: float) -> bool:
    """Whether the page shows ``number``: as a table cell (a number, or the text a table with hidden cells writes),
    or written to 2 or 3 decimals in any text or formula."""
    in_a_table = any(
        cell == f"{number:.2f}" if isinstance(cell, str) else abs(cell - number) < 1e-12 for cell in table_cells(at)
    )
    return in_a_table or any(f"{number:{f}}" in texts(at) for f in (".2f", ".3f"))


def check_guess(at: AppTest, guess: float = 0.5) -> AppTest:
    value, confidence, check = guess_keys(at)
    at.number_input(key=value).set_value(guess)
    at.radio(key=confidence).set_value(3).run()
    return at.button(key=check).click().run()


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_the_number_a_guess_asks_for_is_nowhere_on_the_page_until_it_is_checked(step):
    at = walkthrough_at_step(step)
    assert not at.exception and "Predict first." in texts(at)
    assert not shows(at, TRUTH[step]), f"step {step}'s number is on the page before the guess"
    assert all(not shows(at, TRUTH[later]) for later in range(step, 5))
    assert HIDDEN in table_cells(at) and HIDDEN_NOTE in texts(at)
    at = check_guess(at)
    assert not at.exception and len(made(at)) == 1
    assert shows(at, TRUTH[step]) and f"{TRUTH[step]:.3f}" in texts(at)  # in the tables and the step's feedback
    if step < 4:
        assert not shows(at, TRUTH[4])  # the next guesses are still to come


def test_skipping_reveals_the_number_and_records_no_prediction():
    at = walkthrough_at_step(1)
    pid = guess_keys(at)[0].removeprefix("walk.guess.value.")
    at.button(key=f"walk.guess.skip.{pid}").click().run()
    assert shows(at, TRUTH[1]) and not made(at)
    assert "You skipped the guess for this step." in texts(at)


def test_at_step_0_the_first_guess_is_already_protected_and_at_step_5_nothing_is_hidden():
    at = walkthrough_at_step(0)
    assert "Predict first." not in texts(at) and not any(shows(at, TRUTH[s]) for s in TRUTH)
    assert any("histograms show its μ and σ²" in i.value for i in at.info)  # the chart is held back
    last = walkthrough_at_step(5)
    assert all(shows(last, TRUTH[s]) for s in (1, 2)) and HIDDEN not in table_cells(last)


def test_running_statistics_moved_by_this_batch_are_hidden_too():
    at = walkthrough_at_step(1)
    at.button(key=WalkthroughKeys.TRAIN_STEP).click().run()
    running = next(t.value for t in at.table if "running μ" in t.value.index)
    assert running.loc["running μ", "F0"] == HIDDEN and running.loc["running σ²", "F0"] == HIDDEN
    assert running.loc["running μ", "F1"] == f"{0.1 * CACHE.mean[1]:.2f}"


def test_the_key_insights_wait_for_the_variance_guess():
    at = walkthrough_at_step(2)
    assert any("The key insights quote F0's μ and σ²" in c.value for c in at.caption)
    assert not any("Every column of x̂" in m.value for m in at.markdown)
    at = check_guess(at)
    assert any("Every column of x̂" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    "state",
    [{WalkthroughKeys.MODE: "Inference"}, {WalkthroughKeys.PREDICT_FIRST: False}],
    ids=["inference mode", "predict-first off"],
)
def test_nothing_is_hidden_in_inference_mode_or_with_predict_first_off(state):
    at = walkthrough_at_step(1, **state)
    assert not at.exception and "Predict first." not in texts(at)
    assert HIDDEN not in table_cells(at) and HIDDEN_NOTE not in texts(at)
    assert shows(at, TRUTH[1]) and shows(at, TRUTH[2])
