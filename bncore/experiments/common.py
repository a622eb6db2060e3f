"""What several experiments share: the small networks they train, and the rules that turn measured numbers into
one of an experiment's named outcomes.

An experiment never hard-codes its answer: it measures, then one of these rules names what the numbers show, so a
practice loop's "did the prediction hold?" is decided by the measurement.
"""

from __future__ import annotations

import numpy as np

from bncore.training.config import TrainConfig

SMALL_NET = {"depth": 3, "width": 64, "epochs": 3}  # TrainConfig fields: small, yet the effects are unmistakable
# The "Why does it work?" page's network: both arms train (without BN more slowly), so comparing them means something.
WHY_CONFIG = TrainConfig(
    dataset="digits", depth=4, width=64, activation="tanh", init="default", lr=0.3, batch_size=64, epochs=15
)
DROP_OUTCOMES = ("collapses", "drops_some", "unchanged", "improves")


def classify_drop(reference: float, other: float) -> str:
    """How much lower the ``other`` accuracy is than ``reference``: by 40+ points, by 5-40, within 5, or higher."""
    drop = reference - other
    if drop >= 0.4:
        return "collapses"
    if drop >= 0.05:
        return "drops_some"
    if drop > -0.05:
        return "unchanged"
    return "improves"


def two_arm_outcome(first: bool, second: bool, second_only: str) -> str:
    """ "batch_norm_only" / "both" / "neither" / ``second_only``: which of two compared arms shows the effect."""
    return {
        (True, False): "batch_norm_only",
        (True, True): "both",
        (False, False): "neither",
        (False, True): second_only,
    }[(bool(first), bool(second))]


def nearest_ratio(ratio: float, candidates: dict[str, float]) -> str:
    """The name of the candidate ratio closest to ``ratio`` on a log scale."""
    return min(candidates, key=lambda name: abs(np.log(ratio) - np.log(candidates[name])))


def larger_arm(with_bn: float, without_bn: float, factor: float) -> str:
    """ "with_bn" or "without_bn": the arm whose measure exceeds ``factor`` times the other's; else "about_same"."""
    if with_bn > factor * without_bn:
        return "with_bn"
    if without_bn > factor * with_bn:
        return "without_bn"
    return "about_same"
