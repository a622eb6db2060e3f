"""The regularization side effect of batch norm (Ioffe & Szegedy, 2015, section 3.4): a sample's output depends on
the other samples of its batch, so batch statistics add noise to training, which is said to act like a regularizer
(smaller batches, noisier statistics). Measured here as the train-vs-test accuracy gap, with and without BN, over
training and across batch sizes.

Accuracies are those of the History: the whole training and test sets in inference mode after every epoch. The
final gap averages the last ``GAP_EPOCHS`` epochs, because a gap of a few points on 360 test images moves by a point
from one epoch to the next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bncore.experiments.common import WHY_CONFIG
from bncore.experiments.covariate_shift import ShiftRun, shift_run
from bncore.training.comparison import ARMS, arm_config
from bncore.training.config import TrainConfig
from bncore.training.history import History

GAP_BATCH_SIZES = (32, 64, 128)  # the page network's batch size, 64, a noisier and a steadier one
GAP_EPOCHS = 3  # the final gap is the mean over the last 3 epochs
GAP_MARGIN = 0.015  # one arm's gap is "larger" when it exceeds the other's by more than 1.5 points
GAP_OUTCOMES = ("without_bn", "with_bn", "about_same")  # whose final gap is larger, at the page's batch size


def gap_curve(history: History) -> np.ndarray:
    """Train accuracy minus test accuracy after every epoch, (E+1,)."""
    return history.train_acc - history.test_acc


def final_gap(history: History) -> float:
    """The gap averaged over the last GAP_EPOCHS recorded epochs."""
    return float(gap_curve(history)[-GAP_EPOCHS:].mean())


@dataclass(frozen=True)
class GeneralizationGap:
    batch_sizes: tuple[int, ...]
    histories: dict[str, tuple[History, ...]]  # by arm, one per batch size
    reference_batch: int  # the page network's batch size: the curves and the outcome use it

    def final(self, arm: str) -> np.ndarray:
        """(B,) final gap of ``arm`` at every batch size."""
        return np.array([final_gap(h) for h in self.histories[arm]])

    def at_reference(self, arm: str) -> History:
        return self.histories[arm][self.batch_sizes.index(self.reference_batch)]

    @property
    def outcome(self) -> str:
        """GAP_OUTCOMES: whose final gap is larger at the reference batch size, by more than GAP_MARGIN."""
        with_bn, without_bn = (final_gap(self.at_reference(arm)) for arm in ARMS)
        if with_bn > without_bn + GAP_MARGIN:
            return "with_bn"
        if without_bn > with_bn + GAP_MARGIN:
            return "without_bn"
        return "about_same"


def generalization_gap(
    seed: int = 0,
    batch_sizes: tuple[int, ...] = GAP_BATCH_SIZES,
    run: Callable[[TrainConfig], ShiftRun] = shift_run,
    on_run: Callable[[int, int], None] | None = None,
) -> GeneralizationGap:
    """Train the page's network with and without BN at every batch size (same epochs, so the same samples seen).

    Args:
        batch_sizes: must include the page network's batch size (WHY_CONFIG.batch_size).
        run: config -> ShiftRun (a page passes a cached version, shared with the covariate-shift sections).
        on_run: called with (runs done, runs in total), for a progress bar.
    """
    reference = WHY_CONFIG.batch_size
    if reference not in batch_sizes:
        raise ValueError(f"batch_sizes must include the page network's batch size {reference}, got {batch_sizes!r}")
    base = WHY_CONFIG.replace(seed=seed)
    total, histories = len(ARMS) * len(batch_sizes), {}
    for a, arm in enumerate(ARMS):
        runs = []
        for b, size in enumerate(batch_sizes):
            runs.append(run(arm_config(base, arm).replace(batch_size=size)).history)
            if on_run is not None:
                on_run(a * len(batch_sizes) + b + 1, total)
        histories[arm] = tuple(runs)
    return GeneralizationGap(tuple(batch_sizes), histories, reference)
