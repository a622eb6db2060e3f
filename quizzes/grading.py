"""Grading: ``grade(question, answer) -> Result`` for every kind, and reading a typed number.

Answers by kind:
- single, true_false: one option id (a str; true/false also accepts a bool).
- multiple: a collection (list, tuple, set) of option ids; right only if it is exactly the set of correct options.
- numeric: a number or the text a learner typed; right if |given - answer| <= tolerance (with a hair of slack,
  1e-9 relative, so that 1.01 against 1.00 ± 0.01 is not lost to binary rounding).

An answer that cannot be graded (empty, not a number, an unknown option) gives status "invalid" with a one-sentence
message, so a page can say what is wrong and record nothing.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable

from quizzes.model import Option, Question, Result
from quizzes.precision import EXACT

RELATIVE_SLACK = 1e-9


def format_number(value: float) -> str:
    """A number as a learner reads it: integers without a decimal point, others to at most 4 decimals, small ones to
    3 significant digits; never an exponent below 1e-9 and never "-0" (a value that is zero up to rounding is 0)."""
    value = float(value)
    if abs(value) < EXACT:
        return "0"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if abs(value) >= 0.01:
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "0") else text
    return _positional(value) if abs(value) >= 1e-6 else f"{value:.3g}"


def _positional(value: float) -> str:
    """A small number (1e-6 <= |value| < 0.01) in positional notation with 3 significant digits: 0.00001, 0.00123."""
    return f"{value:.{3 - math.floor(math.log10(abs(value))) - 1}f}".rstrip("0").rstrip(".")


def tolerance_note(question: Question) -> str:
    """One sentence stating what a numeric question accepts."""
    if not question.tolerance:
        return "Give the exact whole number."
    return f"Answers within ±{question.tolerance:g} of the exact value count as right."


def join_options(options: Iterable[Option]) -> str:
    """Several option texts on one line, separated by semicolons (their own final full stops dropped)."""
    return "; ".join(option.text.rstrip(".") for option in options)


def expected_text(question: Question) -> str:
    """The right answer as a learner reads it: the correct option text(s), or the number and its tolerance."""
    if question.kind != "numeric":
        return join_options(option for option in question.options if option.correct)
    text = format_number(question.answer)
    return f"{text} (±{question.tolerance:g})" if question.tolerance else text


def parse_number(answer: object) -> float:
    """A typed answer -> float; ValueError with a one-sentence message for empty, non-numeric or infinite input."""
    if isinstance(answer, bool):
        raise ValueError("Type a number, not true or false.")
    if isinstance(answer, (int, float)):
        value = float(answer)
    elif isinstance(answer, str):
        text = answer.strip().replace("\u2212", "-")  # accept the typographic minus sign
        if not text:
            raise ValueError("No answer given: type a number.")
        if "," in text:
            raise ValueError(f"'{answer.strip()}' is not a number: use a dot for decimals, e.g. 0.25.")
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"'{answer.strip()}' is not a number: type digits such as 1.25 or -0.5.") from None
    elif answer is None:
        raise ValueError("No answer given: type a number.")
    else:
        raise ValueError("Type a number such as 1.25.")
    if not math.isfinite(value):
        raise ValueError("Type a finite number (not nan or inf).")
    return value


def within(given: float, target: float, tolerance: float) -> bool:
    """|given - target| <= tolerance, forgiving binary rounding of decimals at the edge."""
    return abs(given - target) <= tolerance + RELATIVE_SLACK * max(1.0, abs(target))


def _invalid(message: str) -> Result:
    return Result("invalid", message=message)


def _grade_numeric(question: Question, answer: object) -> Result:
    try:
        given = parse_number(answer)
    except ValueError as error:
        return _invalid(str(error))
    expected = expected_text(question)
    if within(given, question.answer, question.tolerance):
        return Result("correct", (question.feedback_correct,), format_number(given), expected)
    near = [m for m in question.mistakes if within(given, m.value, question.tolerance)]
    feedback = min(near, key=lambda m: abs(m.value - given)).feedback if near else question.feedback_wrong
    return Result("wrong", (feedback,), format_number(given), expected)


def _grade_one_option(question: Question, answer: object) -> Result:
    if question.kind == "true_false" and isinstance(answer, bool):
        answer = "true" if answer else "false"
    if answer is None or answer == "":
        return _invalid("No answer given: choose one option.")
    if not isinstance(answer, str):
        return _invalid("Choose exactly one option.")
    try:
        chosen = question.option(answer)
    except KeyError:
        return _invalid(f"'{answer}' is not one of this question's options.")
    return Result(
        "correct" if chosen.correct else "wrong",
        (chosen.feedback,),
        chosen.text,
        expected_text(question),
        chosen=(chosen.id,),
    )


def _multiple_feedback(question: Question, chosen: set[str]) -> tuple[str, ...]:
    """A line for every option the learner chose or should have chosen, saying which it was and why."""
    lines = []
    for option in question.options:
        picked = option.id in chosen
        if picked and option.correct:
            lines.append(f"✅ **{option.text}** (you chose it, and it is right): {option.feedback}")
        elif picked:
            lines.append(f"❌ **{option.text}** (you chose it, but it is wrong): {option.feedback}")
        elif option.correct:
            lines.append(f"⚠️ **{option.text}** (you left it out, but it is right): {option.feedback}")
    return tuple(lines)


def _grade_multiple(question: Question, answer: object) -> Result:
    if answer is None or isinstance(answer, (str, bytes)) or not isinstance(answer, Collection):
        return _invalid("Select the options as a list of option ids.")
    try:
        chosen = set(answer)
    except TypeError:
        return _invalid("Select the options as a list of option ids.")
    if not chosen:
        return _invalid("No answer given: select at least one option.")
    known = {option.id for option in question.options}
    unknown = sorted(str(option_id) for option_id in chosen - known)
    if unknown:
        return _invalid(f"'{unknown[0]}' is not one of this question's options.")
    status = "correct" if chosen == set(question.correct_option_ids) else "wrong"
    picked = tuple(option for option in question.options if option.id in chosen)
    return Result(
        status,
        _multiple_feedback(question, chosen),
        join_options(picked),
        expected_text(question),
        chosen=tuple(option.id for option in picked),
    )


def grade(question: Question, answer: object) -> Result:
    """Grade one answer to one question (answer formats in the module docstring)."""
    if question.kind == "numeric":
        return _grade_numeric(question, answer)
    if question.kind == "multiple":
        return _grade_multiple(question, answer)
    return _grade_one_option(question, answer)
