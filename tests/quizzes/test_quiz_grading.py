"""Grading every kind of question: right, wrong, tolerance edges, and malformed answers that cannot be graded."""

import pytest

from quizzes import grade
from quizzes.bank import true_false_options
from quizzes.grading import format_number, parse_number, tolerance_note
from quizzes.model import Mistake, Option, Question

SINGLE = Question(
    "s",
    "gamma_beta",
    "single",
    1,
    "P",
    "E",
    options=(
        Option("a", "γ = 1, β = 0", True, "right: the initial values"),
        Option("b", "γ = 0, β = 0", False, "wrong: that zeroes the output"),
        Option("c", "random", False, "wrong: not random"),
    ),
)
MULTIPLE = Question(
    "m",
    "alternatives",
    "multiple",
    2,
    "P",
    "E",
    options=(
        Option("a", "LayerNorm", True, "per example"),
        Option("b", "GroupNorm", True, "per example, per group"),
        Option("c", "BatchNorm", False, "pools the batch"),
    ),
)
TRUE_FALSE = Question(
    "t",
    "train_vs_inference",
    "true_false",
    1,
    "P",
    "E",
    options=true_false_options(True, "yes, true", "no, it is true"),
)
NUMERIC = Question(
    "n",
    "batch_statistics",
    "numeric",
    1,
    "P",
    "E",
    answer=1.0,
    tolerance=0.01,
    feedback_correct="right",
    feedback_wrong="generic miss",
    mistakes=(Mistake(4 / 3, "unbiased variance"),),
)
COUNT = Question(
    "c",
    "framework",
    "numeric",
    1,
    "P",
    "E",
    answer=128.0,
    tolerance=0.0,
    feedback_correct="right",
    feedback_wrong="count again",
)


def test_single_choice_right_and_wrong_with_the_chosen_options_feedback():
    right, wrong = grade(SINGLE, "a"), grade(SINGLE, "b")
    assert right.correct and right.feedback == ("right: the initial values",) and right.chosen == ("a",)
    assert wrong.status == "wrong" and wrong.feedback == ("wrong: that zeroes the output",)
    assert wrong.given == "γ = 0, β = 0" and wrong.expected == "γ = 1, β = 0"


@pytest.mark.parametrize(
    "answer, message",
    [
        (None, "No answer given"),
        ("", "No answer given"),
        ("z", "'z' is not one of this question's options"),
        (0, "Choose exactly one option"),
        (["a"], "Choose exactly one option"),
    ],
)
def test_single_choice_malformed_answers_are_not_graded(answer, message):
    result = grade(SINGLE, answer)
    assert result.status == "invalid" and not result.correct and message in result.message


@pytest.mark.parametrize(
    "answer, status",
    [
        ("true", "correct"),
        (True, "correct"),
        ("false", "wrong"),
        (False, "wrong"),
        ("yes", "invalid"),
        (None, "invalid"),
    ],
)
def test_true_false_accepts_ids_and_booleans(answer, status):
    assert grade(TRUE_FALSE, answer).status == status


@pytest.mark.parametrize(
    "answer, status",
    [
        (["a", "b"], "correct"),
        (("b", "a"), "correct"),
        ({"a", "b"}, "correct"),
        (["a", "b", "a"], "correct"),
        (["a"], "wrong"),
        (["a", "b", "c"], "wrong"),
        (["c"], "wrong"),
    ],
)
def test_multiple_select_needs_exactly_the_correct_set(answer, status):
    assert grade(MULTIPLE, answer).status == status


def test_multiple_select_feedback_names_chosen_wrong_and_missed_options():
    result = grade(MULTIPLE, ["a", "c"])
    assert result.given == "LayerNorm; BatchNorm" and result.chosen == ("a", "c")
    text = "\n".join(result.feedback)
    assert "**LayerNorm** (you chose it, and it is right): per example" in text
    assert "**BatchNorm** (you chose it, but it is wrong): pools the batch" in text
    assert "**GroupNorm** (you left it out, but it is right)" in text


@pytest.mark.parametrize(
    "answer, message",
    [
        ([], "select at least one option"),
        (None, "list of option ids"),
        ("a", "list of option ids"),
        (["a", "x"], "'x' is not one of this question's options"),
        ([["a"]], "list of option ids"),
    ],
)
def test_multiple_select_malformed_answers_are_not_graded(answer, message):
    result = grade(MULTIPLE, answer)
    assert result.status == "invalid" and message in result.message


@pytest.mark.parametrize(
    "answer, status",
    [
        ("1", "correct"),
        ("1.01", "correct"),
        ("0.99", "correct"),
        (1.01, "correct"),
        ("  1.005 ", "correct"),
        ("1.0101", "wrong"),
        ("0.9899", "wrong"),
        ("1.02", "wrong"),
        (2, "wrong"),
    ],
)
def test_numeric_tolerance_edges_are_inclusive(answer, status):
    assert grade(NUMERIC, answer).status == status


def test_exact_counts_have_no_slack():
    assert grade(COUNT, "128").correct and grade(COUNT, 128).correct
    assert grade(COUNT, "128.001").status == "wrong" and grade(COUNT, "127").status == "wrong"
    assert tolerance_note(COUNT) == "Give the exact whole number."
    assert tolerance_note(NUMERIC) == "Answers within ±0.01 of the exact value count as right."


def test_numeric_feedback_recognises_a_known_mistake():
    assert grade(NUMERIC, "1.3333").feedback == ("unbiased variance",)
    assert grade(NUMERIC, "1.34").feedback == ("unbiased variance",)
    assert grade(NUMERIC, "5").feedback == ("generic miss",)
    assert grade(NUMERIC, "1").feedback == ("right",)
    assert grade(NUMERIC, "1").expected == "1 (±0.01)"


@pytest.mark.parametrize(
    "answer, message",
    [
        ("", "No answer given: type a number."),
        ("   ", "No answer given: type a number."),
        (None, "No answer given: type a number."),
        ("abc", "'abc' is not a number: type digits such as 1.25 or -0.5."),
        ("1,5", "'1,5' is not a number: use a dot for decimals, e.g. 0.25."),
        ("nan", "Type a finite number (not nan or inf)."),
        ("-inf", "Type a finite number (not nan or inf)."),
        (True, "Type a number, not true or false."),
        ([1.0], "Type a number such as 1.25."),
    ],
)
def test_numeric_malformed_answers_get_one_clear_sentence(answer, message):
    result = grade(NUMERIC, answer)
    assert result.status == "invalid" and result.message == message and not result.feedback


def test_typographic_minus_and_exponents_are_read():
    assert parse_number("\u22120.5") == -0.5
    assert parse_number("1e-2") == 0.01


@pytest.mark.parametrize(
    "value, text",
    [
        (128.0, "128"),
        (-3.0, "-3"),
        (1.341639, "1.3416"),
        (0.5, "0.5"),
        (1.9000000000000001, "1.9"),
        (0.001, "0.001"),
        (0.0001234, "0.000123"),
        (0.0, "0"),
    ],
)
def test_numbers_are_formatted_for_reading(value, text):
    assert format_number(value) == text
