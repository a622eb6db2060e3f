"""The precision rule for numeric answers, one for authored and generated questions alike.

A learner keeps ``WORKING_DECIMALS`` decimals in intermediate results and gives the answer to ``ANSWER_DECIMALS``
decimals; ``TOLERANCE`` (±0.01) then accepts every correct piece of work done that way (the tests re-solve every
generated question at that precision). When neither the answer nor any targeted mistake needs rounding (a count, 1.3,
0.01) the prompt need not say anything and the tolerance may be tighter. When one of them does, the prompt must say
``PRECISION_NOTE`` word for word and grade with ``TOLERANCE``: otherwise correct work rounded as a learner naturally
rounds misses the answer, and a known slip misses its targeted feedback.

Numbers are shown the same way everywhere a generated question prints them: rounded to ``WORKING_DECIMALS``, no
trailing zeros, and a value that is zero up to rounding prints as 0.
"""

from __future__ import annotations

ANSWER_DECIMALS = 2
WORKING_DECIMALS = 4
TOLERANCE = 0.01
PRECISION_NOTE = "Keep 4 decimals in intermediate results and give the answer to 2 decimals."
EXACT = 1e-9  # below this, a difference is floating-point noise


def needs_rounding(value: float) -> bool:
    """True when ``value`` has more than ``ANSWER_DECIMALS`` decimals, so a learner has to round it."""
    return abs(value - round(value, ANSWER_DECIMALS)) > EXACT * max(1.0, abs(value))


def precision_problem(prompt: str, answer: float, tolerance: float, mistakes: list[float]) -> str | None:
    """Why a numeric question breaks the precision rule (one sentence), or None when it follows it."""
    if tolerance == 0:
        return None if float(answer).is_integer() else "a tolerance of 0 needs a whole-number answer"
    if not any(needs_rounding(value) for value in (answer, *mistakes)):
        return None
    if PRECISION_NOTE not in prompt:
        return f"the answer or a mistake needs rounding, so the prompt must say {PRECISION_NOTE!r}"
    if tolerance != TOLERANCE:
        return f"an answer given to {ANSWER_DECIMALS} decimals needs the tolerance {TOLERANCE}, got {tolerance}"
    return None
