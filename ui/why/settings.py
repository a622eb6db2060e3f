"""The "Why does it work?" page's settings: what the learner types, checked, with one clear sentence per mistake.

Plain Python (no Streamlit). The noise magnitude, the measuring interval and the step sizes are typed as text, so
anything can arrive; ``parse_*`` turns good text into a value and raises ValueError with the sentence the page shows
otherwise, and the page keeps its last good ``WhySettings``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bncore.experiments.covariate_shift import DEFAULT_NOISE
from bncore.experiments.smoothness import DEFAULT_EVERY, DEFAULT_STEP_SIZES
from bncore.training.config import MAX_BN_NOISE

NOISE_RANGE = (0.1, MAX_BN_NOISE)
EVERY_RANGE = (5, 100)  # steps between smoothness measurements; below 5 one profile takes too long
STEP_SIZE_RANGE = (0.01, 5.0)
MAX_STEP_SIZES = 6
MAX_TEXT = 200  # characters of a typed value read at all
SEEDS = (0, 99)


@dataclass(frozen=True)
class WhySettings:
    seed: int = 0
    noise: float = DEFAULT_NOISE
    every: int = DEFAULT_EVERY
    step_sizes: tuple[float, ...] = DEFAULT_STEP_SIZES


def format_step_sizes(step_sizes: tuple[float, ...]) -> str:
    """The text the step-size field shows for a tuple: "0.15, 0.3, 0.6, 1.2"."""
    return ", ".join(f"{eta:g}" for eta in step_sizes)


def _number(text: str, what: str) -> float:
    cleaned = text.strip()[:MAX_TEXT]
    if not cleaned:
        raise ValueError(f"{what}: type a number.")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{what}: {cleaned[:24]!r} is not a number.") from None
    if not math.isfinite(value):
        raise ValueError(f"{what}: {cleaned[:24]!r} is not a finite number.")
    return value


def parse_noise(text: str) -> float:
    """The noise magnitude n, from 0.1 to 5."""
    low, high = NOISE_RANGE
    value = _number(text, "Noise magnitude")
    if not low <= value <= high:
        raise ValueError(f"Noise magnitude: {value:g} is out of range; use a number from {low:g} to {high:g}.")
    return value


def parse_every(text: str) -> int:
    """Steps between smoothness measurements, a whole number from 5 to 100."""
    low, high = EVERY_RANGE
    value = _number(text, "Measure every")
    if value != int(value):
        raise ValueError(f"Measure every: {value:g} is not a whole number of steps.")
    if not low <= value <= high:
        raise ValueError(f"Measure every: {value:g} is out of range; use a whole number from {low} to {high}.")
    return int(value)


def parse_step_sizes(text: str) -> tuple[float, ...]:
    """Comma-separated step sizes, 1 to 6 of them, each from 0.01 to 5; returned sorted without repeats."""
    low, high = STEP_SIZE_RANGE
    parts = [part for part in text[:MAX_TEXT].split(",") if part.strip()]
    if not parts:
        raise ValueError("Step sizes: type one or more numbers separated by commas, e.g. 0.15, 0.3, 0.6.")
    values = sorted({_number(part, "Step sizes") for part in parts})
    if len(values) > MAX_STEP_SIZES:
        raise ValueError(f"Step sizes: {len(values)} values; use at most {MAX_STEP_SIZES}.")
    outside = [v for v in values if not low <= v <= high]
    if outside:
        raise ValueError(f"Step sizes: {outside[0]:g} is out of range; use numbers from {low:g} to {high:g}.")
    return tuple(values)
