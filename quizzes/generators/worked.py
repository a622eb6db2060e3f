"""How a generated question prints its numbers, and the arithmetic of its worked solution.

Every number is printed rounded to ``WORKING_DECIMALS`` (4) decimals, without trailing zeros, and a value that is
zero up to rounding prints as 0 (never 6.94e-17 or -0). A worked solution carries the *printed* values forward, as a
learner following the prompt's precision does, so every equation holds as printed: "=" joins two things that are
equal as printed, "≈" joins an expression to its value rounded to 4 decimals (and is always followed by one number).
"""

from __future__ import annotations

from collections.abc import Iterable

from quizzes.grading import format_number
from quizzes.precision import EXACT, WORKING_DECIMALS

EPS_TEXT = "0.00001"  # ε = 1e-5 written out where it enters a worked sum


def rounded(value: float) -> float:
    """``value`` as printed: rounded to 4 decimals, with -0.0 turned into 0.0."""
    result = round(float(value), WORKING_DECIMALS)
    return 0.0 if result == 0 else result


def clean(value: float) -> float:
    """``value`` without floating-point noise (6.94e-17 -> 0.0, 1.7999999999999998 -> 1.8), for stored numbers."""
    result = round(float(value), 10)
    return 0.0 if result == 0 else result


def num(value: float) -> str:
    """A number as a generated question prints it."""
    return format_number(rounded(value))


def par(value: float) -> str:
    """A number for the middle of a formula: negative ones in parentheses."""
    return f"({num(value)})" if rounded(value) < 0 else num(value)


def is_exact(value: float) -> bool:
    """True when printing ``value`` loses nothing."""
    return abs(value - rounded(value)) <= EXACT * max(1.0, abs(value))


def equals(value: float) -> str:
    """'= 2.45' when the value prints exactly, '≈ 2.0776' when printing rounds it."""
    return f"{'=' if is_exact(value) else '≈'} {num(value)}"


def plus(values: Iterable[float]) -> str:
    """Several numbers added up: 0.1 + 0.3 + (-0.6)."""
    return " + ".join(par(v) for v in values)


def exact_note(worked: float, exact: float) -> str:
    """A sentence for when the 4-decimal working and full precision part ways in the last printed digit."""
    if num(worked) == num(exact):
        return ""
    return f" Carrying every digit instead of 4 decimals gives {num(exact)}; both are right."
