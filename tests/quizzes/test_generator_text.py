"""Every generator over 1,000 seeds: no floating-point noise anywhere a learner reads, and worked arithmetic that
holds as printed ('=' exactly, '≈' to the 4 printed decimals)."""

import math
import re
from functools import cache

import pytest

from quizzes.generators import GENERATORS
from quizzes.generators.worked import clean, rounded
from quizzes.grading import format_number
from tests.quizzes.printed_arithmetic import printed_relations

SEEDS = range(1000)
NAMES = sorted(GENERATORS)
EXPONENT = re.compile(r"\d[eE][-+]?\d")
NEGATIVE_ZERO = re.compile(r"(?<![\w.])-0(?:\.0+)?(?!\.?\d)")
LONG_DECIMAL = re.compile(r"\d+\.\d{5,}")
HALF_UNIT = 0.5e-4 + 1e-9  # half a unit of the 4th decimal


@cache
def questions(name):
    return [GENERATORS[name](seed=seed) for seed in SEEDS]


def texts(question):
    return [
        question.prompt,
        question.explanation,
        question.feedback_correct,
        question.feedback_wrong,
        *(m.feedback for m in question.mistakes),
    ]


def noise_in(text):
    """The first noisy number in a text: an exponent, a printed -0, or more than 4 decimals (ε's 0.00001 aside)."""
    for pattern in (EXPONENT, NEGATIVE_ZERO):
        if match := pattern.search(text):
            return match.group()
    for match in LONG_DECIMAL.finditer(text):
        if match.group() != "0.00001":
            return match.group()
    return None


@pytest.mark.parametrize("name", NAMES)
def test_no_float_noise_in_any_text_table_or_stored_number(name):
    for question in questions(name):
        for text in texts(question):
            assert noise_in(text) is None, (question.id, noise_in(text), text)
        for value in (question.answer, *(m.value for m in question.mistakes)):
            assert value == clean(value) and not (value == 0 and math.copysign(1, value) < 0), (question.id, value)
        for row in question.table.rows if question.table else ():
            for value in row:
                assert value == rounded(value), (question.id, row)
                assert value < 0 or math.copysign(1.0, value) == 1.0, (question.id, "a -0.0 in the table", row)
                assert noise_in(format_number(value)) is None, (question.id, value)


@pytest.mark.parametrize("name", NAMES)
def test_worked_arithmetic_holds_as_printed(name):
    checked = 0
    for question in questions(name):
        for text in (question.explanation, question.feedback_correct):
            for left, sign, right, single, link in printed_relations(text):
                checked += 1
                if sign == "=":
                    assert abs(left - right) <= 1e-9 * max(1.0, abs(left)), (question.id, link)
                else:
                    assert single, (question.id, "'≈' must be followed by one number", link)
                    assert 1e-9 < abs(left - right) <= HALF_UNIT, (question.id, link)
    assert checked >= len(SEEDS) or name == "parameter_count"


def test_the_reviewed_noisy_questions_now_print_clean_zeros():
    assert GENERATORS["batch_mean"](seed=111).feedback_correct == "Right: 0."
    assert GENERATORS["dbeta"](seed=34).explanation.count("(-0.6) = 0.") == 1
    inference = GENERATORS["inference_output"](seed=120)
    assert "0.5 · (-1) + 0.5 = 0." in inference.explanation and inference.feedback_correct == "Right: 0."


def test_the_checker_catches_a_sum_that_does_not_add_up_and_a_false_equals():
    (relation,) = printed_relations("so ∂L/∂β = 0.1 + 0.3 + (-0.6) = 0.1. Neither x")
    assert relation[1] == "=" and abs(relation[0] - relation[2]) > 0.1
    (rounded_link,) = printed_relations("x̂ = (0.5 − 0.525) / √(1.1019 + 0.00001) ≈ -0.0238.")
    assert abs(rounded_link[0] - rounded_link[2]) <= HALF_UNIT and rounded_link[3]
    assert noise_in("μ = 6.94e-17.") and noise_in("= -0.") == "-0" and noise_in("1.23456") == "1.23456"
    assert noise_in("√(0.25 + 0.00001) ≈ -1") is None
