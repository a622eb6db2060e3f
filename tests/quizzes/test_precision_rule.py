"""The precision rule (quizzes/precision.py) for the authored bank: the loader refuses a numeric question that needs
rounding but does not say how, and every authored numeric question accepts correct work at its stated precision
while each targeted mistake, given at that precision, still gets its own feedback."""

import pytest

from quizzes import grade, load_bank
from quizzes.bank import BankError, parse_bank
from quizzes.precision import PRECISION_NOTE, TOLERANCE, needs_rounding, precision_problem

NUMERIC = [q for q in load_bank() if q.kind == "numeric"]

QUESTION = """
[[question]]
id = "xhat"
topic = "normalization_eps"
kind = "numeric"
difficulty = 2
prompt = "What is x̂ for x = 8 in 2, 4, 6, 8? {note}"
explanation = "E"
answer = 1.341639
tolerance = {tolerance}
feedback_correct = "yes"
feedback_wrong = "no"

[[question.mistake]]
value = 0.6
feedback = "You divided by the variance."
"""


def test_a_rounded_answer_with_its_note_and_tolerance_loads():
    (question,) = parse_bank(QUESTION.format(note=PRECISION_NOTE, tolerance=TOLERANCE), "questions_test.toml")
    assert grade(question, "1.34").correct and grade(question, "0.60").feedback == ("You divided by the variance.",)


@pytest.mark.parametrize(
    ("note", "tolerance", "field", "message"),
    [
        ("", 0.01, "'prompt'", "the prompt must say"),
        (PRECISION_NOTE, 0.001, "'tolerance'", "needs the tolerance 0.01"),
        ("", 0, "'prompt'", "whole-number answer"),
    ],
)
def test_a_question_that_breaks_the_rule_is_refused_with_a_clear_message(note, tolerance, field, message):
    with pytest.raises(BankError) as error:
        parse_bank(QUESTION.format(note=note, tolerance=tolerance), "questions_test.toml")
    assert f"question 'xhat': field {field}" in str(error.value) and message in str(error.value)


def test_a_mistake_that_needs_rounding_also_needs_the_note():
    assert not needs_rounding(3.5) and needs_rounding(4.6667)
    assert precision_problem("P", 3.5, 0.01, [4.6667]) and precision_problem("P", 3.5, 0.01, [14.0]) is None


@pytest.mark.parametrize("question", NUMERIC, ids=[q.id for q in NUMERIC])
def test_correct_work_at_the_stated_precision_passes_and_every_slip_keeps_its_feedback(question):
    stated = PRECISION_NOTE in question.prompt
    decimals = 2 if stated else 6
    assert grade(question, f"{question.answer:.{decimals}f}").correct
    for mistake in question.mistakes:
        result = grade(question, f"{mistake.value:.{decimals}f}")
        assert result.status == "wrong" and result.feedback == (mistake.feedback,), mistake


def test_the_reviewed_by_hand_question_now_accepts_two_decimals():
    (question,) = [q for q in NUMERIC if q.id == "eps-xhat-by-hand"]
    assert PRECISION_NOTE in question.prompt and grade(question, "1.34").correct
    assert grade(question, "1.16").feedback[0].startswith("You used the unbiased variance")
