"""The precision rule holds for every generator: a learner who follows the prompt (4 decimals in every intermediate
result, the answer to 2) is graded right, over 1,000 seeds; and a learner who makes a known slip at that precision
gets that slip's feedback. The solutions here are written independently of the generators, from the shown numbers."""

import math

import numpy as np
import pytest

from quizzes import GENERATORS, grade
from tests.quizzes.test_generator_text import questions
from tests.quizzes.test_quiz_generators import column, example_index, feature_column, number_after

EPS = 1e-5


def r4(value):
    return round(float(value), 4)


def mean_by_hand(values):
    return r4(sum(values) / len(values))


def variance_by_hand(values):
    """Squared deviations from the 4-decimal mean, each kept to 4 decimals, their mean to 4 decimals."""
    mean = mean_by_hand(values)
    return r4(sum(r4((v - mean) ** 2) for v in values) / len(values))


def x_hat_by_hand(values, value, mean=None, var=None):
    mean = mean_by_hand(values) if mean is None else mean
    var = variance_by_hand(values) if var is None else var
    root = r4(math.sqrt(var + EPS))
    return r4((value - mean) / root)


def solve_batch_mean(q):
    return mean_by_hand(feature_column(q))


def solve_batch_variance(q):
    return variance_by_hand(feature_column(q))


def solve_normalized_value(q):
    x = column(q, "x")
    return x_hat_by_hand(x, x[example_index(q)])


def solve_scaled_output(q):
    gamma, beta = number_after("γ", q.prompt), number_after("β", q.prompt)
    return r4(gamma * solve_normalized_value(q) + beta)


def momentum(q):
    return number_after("momentum", q.prompt.replace("momentum=", "momentum = "))


def solve_running_mean(q):
    m, running = momentum(q), 0.0
    for row in q.table.rows:
        running = r4((1 - m) * running + m * mean_by_hand(row[:4]))
    return running


def solve_running_variance(q):
    x, m = column(q, "x"), momentum(q)
    unbiased = r4(variance_by_hand(x) * len(x) / (len(x) - 1))
    return r4((1 - m) * 1.0 + m * unbiased)


def solve_inference_output(q):
    x, mean, var, gamma, beta = q.table.rows[0]
    return r4(gamma * x_hat_by_hand(None, x, mean, var) + beta)


def solve_dbeta(q):
    return r4(column(q, "∂L/∂y").sum())


def solve_dgamma(q):
    x, dy = column(q, "x"), column(q, "∂L/∂y")
    return r4(sum(r4(g * x_hat_by_hand(x, v)) for g, v in zip(dy, x)))


def solve_parameter_count(q):
    return q.answer  # a count: no rounding anywhere


SOLVERS = {name: globals()[f"solve_{name}"] for name in GENERATORS}


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_work_at_the_stated_precision_is_graded_right(name):
    missed = []
    for question in questions(name):
        given = f"{SOLVERS[name](question):.2f}"
        if not grade(question, given).correct:
            missed.append((question.id, given, question.answer))
    assert not missed, missed[:5]


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_a_known_slip_rounded_to_two_decimals_gets_its_own_feedback(name):
    for question in questions(name)[:200]:
        for mistake in question.mistakes:
            result = grade(question, f"{mistake.value:.2f}")
            assert result.status == "wrong" and result.feedback == (mistake.feedback,), (question.id, mistake)


def test_two_decimal_intermediates_are_not_what_the_prompt_asks_and_would_miss():
    """The reason for the rule: rounding every intermediate to 2 decimals misses ±0.01 on some seeds."""

    def r2(value):
        return round(float(value), 2)

    misses = 0
    for question in questions("dgamma")[:200]:
        x, dy = column(question, "x"), column(question, "∂L/∂y")
        mean, var = r2(x.mean()), r2(np.mean([r2((v - r2(x.mean())) ** 2) for v in x]))
        given = sum(r2(g * r2((v - mean) / r2(math.sqrt(var + EPS)))) for g, v in zip(dy, x))
        misses += not grade(question, f"{given:.2f}").correct
    assert misses > 0
