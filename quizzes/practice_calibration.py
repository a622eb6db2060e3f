"""Calibration: does the learner's confidence (1-5) match how often their predictions hold?

Each confidence level stands for a probability of being right (level 1, "guessing", is the 25% of a random pick
among four choices). Calibration compares the mean of those probabilities with the fraction of predictions that
held: confidence well above the hit rate is overconfidence, well below is underconfidence. The Brier score (mean
squared gap between the stated probability and the 0/1 result) sums both kinds of miss; lower is better.
"""

from __future__ import annotations

from dataclasses import dataclass

CONFIDENCE = {  # level -> (label, the probability of being right it stands for)
    1: ("guessing", 0.25),
    2: ("leaning", 0.40),
    3: ("fairly sure", 0.60),
    4: ("confident", 0.80),
    5: ("certain", 0.95),
}
MISCALIBRATED = 0.15  # a gap of more than 15 points between confidence and hit rate
MIN_ATTEMPTS = 3  # fewer predictions say nothing about calibration


@dataclass(frozen=True)
class Prediction:
    confidence: int  # 1..5
    held: bool  # the prediction matched what the experiment showed


@dataclass(frozen=True)
class LevelRow:
    level: int
    label: str
    stated: float  # the probability the level stands for
    predictions: int
    held: int


@dataclass(frozen=True)
class Calibration:
    predictions: int
    held: int
    stated: float  # mean stated probability of being right
    hit_rate: float  # fraction of predictions that held
    brier: float
    levels: tuple[LevelRow, ...]  # the levels used, in order
    verdict: str  # "too_few" | "overconfident" | "underconfident" | "calibrated"

    @property
    def gap(self) -> float:
        """Stated minus observed: positive means overconfident."""
        return self.stated - self.hit_rate


def check_confidence(level) -> int:
    """A confidence level 1..5, or ValueError."""
    if isinstance(level, bool) or not isinstance(level, int) or level not in CONFIDENCE:
        raise ValueError(f"confidence must be an integer from 1 to 5, got {level!r}")
    return level


def calibrate(attempts: list[Prediction]) -> Calibration | None:
    """The calibration of a list of attempts; None when there are none."""
    if not attempts:
        return None
    stated = [CONFIDENCE[check_confidence(a.confidence)][1] for a in attempts]
    held = [1.0 if a.held else 0.0 for a in attempts]
    n = len(attempts)
    mean_stated, hit_rate = sum(stated) / n, sum(held) / n
    brier = sum((p - h) ** 2 for p, h in zip(stated, held)) / n
    levels = tuple(
        LevelRow(
            level,
            label,
            probability,
            sum(1 for a in attempts if a.confidence == level),
            sum(1 for a in attempts if a.confidence == level and a.held),
        )
        for level, (label, probability) in CONFIDENCE.items()
        if any(a.confidence == level for a in attempts)
    )
    gap = mean_stated - hit_rate
    if n < MIN_ATTEMPTS:
        verdict = "too_few"
    elif gap > MISCALIBRATED:
        verdict = "overconfident"
    elif gap < -MISCALIBRATED:
        verdict = "underconfident"
    else:
        verdict = "calibrated"
    return Calibration(n, int(sum(held)), mean_stated, hit_rate, brier, levels, verdict)


def describe(calibration: Calibration) -> str:
    """One sentence on the calibration, in plain words with the numbers."""
    plural = "s" if calibration.predictions != 1 else ""
    numbers = (
        f"your confidence averaged {calibration.stated:.0%} and {calibration.held} of "
        f"{calibration.predictions} prediction{plural} held ({calibration.hit_rate:.0%})"
    )
    return {
        "too_few": f"So far {numbers}; after {MIN_ATTEMPTS} loops this turns into a verdict on your calibration.",
        "overconfident": f"Overconfident: {numbers}. Slow down on the loops you feel sure about.",
        "underconfident": f"Underconfident: {numbers}. Your reasoning is better than you think.",
        "calibrated": f"Well calibrated: {numbers}, within {MISCALIBRATED:.0%} of each other.",
    }[calibration.verdict]
