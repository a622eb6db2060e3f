"""The question the Training Lab asks before Play, chosen from the settings, and its answer read from the run's own
History. Plain Python.

At a learning rate of ``DIVERGENCE_LR`` or more (where plain deep networks often blow up) the question is whether the
network without batch norm diverges; below it, which network first reaches ``TARGET_ACCURACY`` test accuracy.
"""

from __future__ import annotations

import hashlib
from dataclasses import astuple

import numpy as np

from bncore import History, TrainConfig
from ui.common.record.model import ChoiceQuestion

PAGE = "Training Lab"
DIVERGENCE_LR = 0.5
TARGET_ACCURACY = 0.9
DIVERGES, HOLDS = "Yes, it diverges", "No, it keeps training"
WITH_BN, WITHOUT_BN, SAME, NEITHER = (
    "With batch norm",
    "Without batch norm",
    "Both in the same epoch",
    "Neither within these epochs",
)


def settings_id(config: TrainConfig) -> str:
    """A short id of the settings (the same settings, the same question and the same prediction)."""
    return hashlib.sha256(repr(astuple(config)).encode()).hexdigest()[:16]


def question_for(config: TrainConfig) -> ChoiceQuestion:
    if config.lr >= DIVERGENCE_LR:
        return ChoiceQuestion(
            f"lab-diverge-{settings_id(config)}",
            PAGE,
            f"At learning rate {config.lr:g}, will the network **without** batch norm diverge (its loss turn "
            f"infinite or NaN) within {config.epochs} epochs?",
            (DIVERGES, HOLDS),
        )
    return ChoiceQuestion(
        f"lab-first90-{settings_id(config)}",
        PAGE,
        f"Which network reaches {TARGET_ACCURACY:.0%} test accuracy first (in fewer epochs)?",
        (WITH_BN, WITHOUT_BN, SAME, NEITHER),
    )


def first_epoch_at(history: History, accuracy: float) -> int | None:
    """The first epoch after which test accuracy reached ``accuracy``, or None."""
    reached = np.flatnonzero(np.asarray(history.test_acc) >= accuracy)
    return int(reached[0]) if reached.size else None


def answer(question: ChoiceQuestion, histories: dict[str, History]) -> str:
    """The right choice, read from the finished run's two histories ({"with_bn": ..., "without_bn": ...})."""
    if question.choices == (DIVERGES, HOLDS):
        return DIVERGES if histories["without_bn"].diverged_at is not None else HOLDS
    with_bn, without_bn = (first_epoch_at(histories[arm], TARGET_ACCURACY) for arm in ("with_bn", "without_bn"))
    if with_bn is None and without_bn is None:
        return NEITHER
    if with_bn == without_bn:
        return SAME
    if without_bn is None or (with_bn is not None and with_bn < without_bn):
        return WITH_BN
    return WITHOUT_BN
