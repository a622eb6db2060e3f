"""Predict-first in the walkthrough: which number each step asks for, its true value, and how close a guess was.

Steps 1-4 ask for μ, σ² (biased), x̂ of the first sample and y of the first sample of the followed feature. A guess
holds when it is within ``RELATIVE`` of the true value, or within ``ABSOLUTE`` for values near zero. While a guess is
open the page hides that step's number and every later one (``hidden_from``, ``hides``). Plain Python.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from ui.walkthrough.compute import WalkthroughNumbers

RELATIVE = 0.10
ABSOLUTE = 0.05
PAGE = "Walkthrough"


@dataclass(frozen=True)
class Quantity:
    symbol: str
    what: str  # completes "What is ..." with the feature's name in {name}


QUANTITIES = {
    1: Quantity("μ", "the batch mean μ of {name}"),
    2: Quantity("σ²", "the batch variance σ² of {name} (biased: divide by m)"),
    3: Quantity("x̂₁", "x̂ of the first sample of {name}"),
    4: Quantity("y₁", "y = γx̂ + β of the first sample of {name}"),
}


def true_value(step: int, numbers: WalkthroughNumbers, feature: int) -> float:
    return float(
        {
            1: numbers.mean[feature],
            2: numbers.var[feature],
            3: numbers.x_hat[0, feature],
            4: numbers.y_train[0, feature],
        }[step]
    )


def guess_id(step: int, numbers: WalkthroughNumbers, feature: int) -> str:
    """One id per step, feature and batch (values, γ, β, ε): a new batch asks again."""
    state = (
        step,
        feature,
        numbers.x[:, feature].tobytes(),
        float(numbers.gamma[feature]),
        float(numbers.beta[feature]),
        numbers.eps,
    )
    return f"walk-{step}-{hashlib.sha256(repr(state).encode()).hexdigest()[:16]}"


def question(step: int, feature: int) -> str:
    return f"What is {QUANTITIES[step].what.format(name=f'F{feature}')}?"


def is_close(guess: float, truth: float) -> bool:
    return abs(guess - truth) <= max(RELATIVE * abs(truth), ABSOLUTE)


def verdict(step: int, guess: float, truth: float) -> tuple[bool, str]:
    """(held, one sentence comparing the guess with the true value)."""
    off = abs(guess - truth)
    relative = f" ({off / abs(truth):.0%})" if truth != 0 else ""
    held = is_close(guess, truth)
    judged = (
        f"close enough (within {RELATIVE:.0%}, or {ABSOLUTE:g} near zero)"
        if held
        else f"further than {RELATIVE:.0%} away"
    )
    symbol = QUANTITIES[step].symbol
    return held, f"You guessed {guess:.3f}; {symbol} = {truth:.3f}. Off by {off:.3f}{relative}: {judged}."


def hidden_from(step: int, open_steps: Iterable[int]) -> int | None:
    """The first step, from the current ``step`` on, whose guess is still open (``open_steps``: the steps of
    QUANTITIES not yet guessed or skipped), or None. Its number and every later step's are hidden: a later number
    gives an earlier one away (x̂ and x give μ and σ; y, γ and β give x̂)."""
    return min((s for s in open_steps if s >= step), default=None)


def hides(first_hidden: int | None, step: int) -> bool:
    """Whether the number of ``step`` (1 μ, 2 σ² and σ, 3 x̂, 4 y) is hidden when ``first_hidden`` is."""
    return first_hidden is not None and step >= first_hidden
