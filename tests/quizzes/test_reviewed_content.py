"""The authored questions a content review found wrong or weak (issue 19) now say what bncore does."""

import re

import numpy as np
import pytest

from bncore import BatchNorm, batch_norm_forward
from quizzes import load_bank

BANK = {question.id: question for question in load_bank()}


def test_scale_invariance_is_qualified_and_fails_where_the_explanation_says():
    question = BANK["eps-scale-invariance"]
    assert "much larger than ε" in question.prompt and question.correct_option_ids == ("true",)
    x = np.random.default_rng(0).normal(0.0, 1.0, size=(64, 1))  # σ² about 1
    out = batch_norm_forward(x)[0]
    for a in (0.1, 10.0, 1000.0):  # a²σ² ≫ ε = 1e-5
        assert np.abs(batch_norm_forward(a * x + 3.0)[0] - out).max() < 0.01  # essentially unchanged
    shrunk = batch_norm_forward(0.001 * x)[0]  # a²σ² about 1e-6, below ε
    assert shrunk.std() < 0.5 and "output shrinks" in question.explanation


def test_running_var_feedback_uses_m_only_for_the_batch_size():
    feedback = BANK["inf-running-var-by-hand"].feedback_wrong
    assert not re.search(r"\bm = 0\.1|\bm·", feedback) and "momentum = 0.1" in feedback and "m/(m − 1)" in feedback


def test_a_batch_of_one_trains_in_2d_when_there_are_spatial_positions_but_not_in_1d():
    assert "H·W > 1" in BANK["stats-depends-on-batch"].explanation
    BatchNorm(3).forward(np.ones((1, 3, 2, 2)) * np.arange(4).reshape(1, 1, 2, 2), training=True)
    with pytest.raises(ValueError):
        BatchNorm(3).forward(np.ones((1, 3)), training=True)


def test_one_image_per_device_is_about_noisy_statistics():
    option = BANK["lim-problem-settings"].options[0]
    assert option.correct and "noisy" in option.feedback and "cannot be normalized" not in option.feedback


def test_weight_scale_feedback_derives_the_one_over_a():
    feedback = BANK["bw-weight-scale"].option("b").feedback
    assert "L(aW) = L(W)" in feedback and "linear layer" not in feedback


@pytest.mark.parametrize("question_id", ["inf-keras-momentum", "fw-porting-keras"])
def test_keras_porting_questions_say_the_variances_differ(question_id):
    explanation = BANK[question_id].explanation
    assert "biased" in explanation and "unbiased" in explanation


def test_both_conventions_side_by_side_give_the_numbers_bncore_and_the_keras_rule_give():
    question = BANK["fw-keras-moving-variance"]
    x = np.array([[1.0], [2.0], [3.0], [6.0]])
    layer = BatchNorm(1, momentum=0.1)
    layer.forward(x, training=True)
    keras = 0.9 * 1.0 + (1 - 0.9) * x.var()  # Keras: α on the old value, the biased variance
    assert question.answer == pytest.approx(keras)
    pytorch = next(m for m in question.mistakes if "PyTorch" in m.feedback)
    assert pytorch.value == pytest.approx(layer.running_var[0], abs=5e-5)
