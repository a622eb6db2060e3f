"""Predict-first questions as plain Python: the walkthrough's numbers and closeness, the Training Lab's question
chosen from the settings and answered from History, the gradient check's and the batch-size experiment's answers."""

from dataclasses import replace

import numpy as np
import pytest

from bncore import TrainConfig, batch_norm_forward, make_feature_batch
from bncore.experiments.batch_size import BatchSizePlan, BatchSizeResult
from ui.family.question import QUESTION as FAMILY_QUESTION
from ui.family.question import answer as family_answer
from ui.gradient_flow.question import answer as gradient_answer
from ui.training_lab.question import (
    DIVERGES,
    HOLDS,
    NEITHER,
    SAME,
    WITH_BN,
    WITHOUT_BN,
    answer,
    first_epoch_at,
    question_for,
)
from ui.walkthrough.compute import RunningStats, compute
from ui.walkthrough.guess import guess_id, is_close, true_value, verdict


@pytest.fixture
def numbers():
    x = make_feature_batch()
    d = x.shape[1]
    return compute(x, np.ones(d), np.zeros(d), 1e-5, 0.1, RunningStats.fresh(d))


def test_each_step_asks_for_the_number_bncore_computes(numbers):
    y, cache = batch_norm_forward(numbers.x)
    assert true_value(1, numbers, 2) == pytest.approx(cache.mean[2])
    assert true_value(2, numbers, 2) == pytest.approx(cache.var[2])
    assert true_value(3, numbers, 2) == pytest.approx(cache.x_hat[0, 2])
    assert true_value(4, numbers, 2) == pytest.approx(y[0, 2])


@pytest.mark.parametrize(
    ("guess", "truth", "close"),
    [(1.09, 1.0, True), (1.11, 1.0, False), (-0.04, 0.0, True), (0.06, 0.0, False), (-2.1, -2.0, True)],
)
def test_a_guess_is_close_within_ten_percent_or_a_twentieth_near_zero(guess, truth, close):
    assert is_close(guess, truth) is close


def test_the_verdict_names_both_numbers_and_the_gap():
    held, sentence = verdict(1, 4.1, 4.0)
    assert (
        held
        and sentence == "You guessed 4.100; μ = 4.000. Off by 0.100 (2%): close enough (within 10%, or 0.05 near zero)."
    )
    assert not verdict(2, 1.0, 2.0)[0]


def test_a_new_batch_or_feature_asks_again(numbers):
    other = replace(numbers, x=numbers.x + 1.0)
    assert guess_id(1, numbers, 0) == guess_id(1, numbers, 0)
    assert len({guess_id(1, numbers, 0), guess_id(1, numbers, 1), guess_id(2, numbers, 0), guess_id(1, other, 0)}) == 4


class FakeHistory:
    def __init__(self, test_acc, diverged_at=None):
        self.test_acc, self.diverged_at = np.array(test_acc), diverged_at


def test_the_question_depends_on_the_learning_rate_and_the_settings():
    slow, fast = question_for(TrainConfig(lr=0.1)), question_for(TrainConfig(lr=1.0))
    assert slow.choices == (WITH_BN, WITHOUT_BN, SAME, NEITHER) and fast.choices == (DIVERGES, HOLDS)
    assert question_for(TrainConfig(lr=0.1, seed=1)).id != slow.id == question_for(TrainConfig(lr=0.1)).id


@pytest.mark.parametrize(
    ("with_bn", "without_bn", "expected"),
    [
        ([0.1, 0.92, 0.95], [0.1, 0.5, 0.91], WITH_BN),
        ([0.1, 0.5, 0.91], [0.1, 0.92, 0.95], WITHOUT_BN),
        ([0.1, 0.95], [0.1, 0.9], SAME),
        ([0.1, 0.5], [0.1, 0.6], NEITHER),
        ([0.1, 0.95], [0.1, 0.2], WITH_BN),
    ],
)
def test_which_arm_reaches_90_percent_first_is_read_from_the_history(with_bn, without_bn, expected):
    histories = {"with_bn": FakeHistory(with_bn), "without_bn": FakeHistory(without_bn)}
    assert answer(question_for(TrainConfig(lr=0.1)), histories) == expected
    assert first_epoch_at(FakeHistory(with_bn), 0.9) == next((i for i, a in enumerate(with_bn) if a >= 0.9), None)


def test_divergence_is_read_from_the_no_bn_arm():
    fast = question_for(TrainConfig(lr=1.0))
    assert answer(fast, {"with_bn": FakeHistory([0.1]), "without_bn": FakeHistory([0.1], diverged_at=17)}) == DIVERGES
    assert answer(fast, {"with_bn": FakeHistory([0.1], diverged_at=3), "without_bn": FakeHistory([0.1])}) == HOLDS


class FakePart:
    def __init__(self, verdict):
        self.verdict = verdict


class FakeCheck:
    def __init__(self, *verdicts):
        self.parameters = tuple(FakePart(v) for v in verdicts)


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        (("fail", "pass", "pass"), "Only dx"),
        (("pass", "pass", "pass"), "None: the check still passes"),
        (("fail", "fail", "inconclusive"), "dx, dγ and dβ"),
        (("fail", "fail", "pass"), "Flagged: dx, dγ"),
    ],
)
def test_the_gradient_question_is_answered_by_what_the_check_flagged(verdicts, expected):
    assert gradient_answer(FakeCheck(*verdicts)) == expected


def test_the_batch_size_question_is_answered_by_the_largest_drop():
    plan = BatchSizePlan(batch_sizes=(2, 64), normalizations=("batch", "group", "layer"), seeds=(0,))
    final = np.array([[0.3, 0.9], [0.85, 0.9], [0.8, 0.88]])  # (normalizations, batch sizes)
    result = BatchSizeResult(plan, final[:, :, None, None], np.zeros((3, 2, 1)))
    assert family_answer(result) == "BatchNorm" and "BatchNorm" in FAMILY_QUESTION.choices
