"""Sensitivity sweeps: both arms (with and without BN) trained at every value of one ``TrainConfig`` field, and where
each arm still trains.

The Training Lab sweeps the learning rate and the initial weight scale of the learner's own configuration, cut to
a budget of optimizer steps (``sweep_config``) so a sweep of a heavy configuration still finishes in seconds; the
"larger learning rates" practice loop (``learning_rate_tolerance``) is the same sweep on a small network, asked
about one rate. One rule says whether a point trains (``trains``).

The points of each arm differ only in the swept number, so each arm trains as one stacked network
(``bncore.training.stacked_trainer``): every point gets exactly its lone run's numbers, in a fraction of the time. The
lab's sweeps train their two arms' stacks at once, in two worker processes (``WORKER_PROCESSES``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bncore.data.datasets import load_dataset
from bncore.experiments.common import two_arm_outcome
from bncore.training.comparison import ARMS, arm_config
from bncore.training.config import TrainConfig
from bncore.training.stacked_trainer import PointScores, train_points
from bncore.training.trainer import batch_slices

SWEEP_STEP_BUDGET = 300  # optimizer steps per sweep point (at least one epoch): 13 epochs of the default lab run
SWEEP_LEARNING_RATES = tuple(float(r) for r in np.logspace(-3, 1, 8))  # the lab's sweep: 0.001 ... 10
SWEEP_INIT_SCALES = tuple(float(s) for s in np.logspace(-4, 0, 9))  # the lab's sweep: Gaussian weight std 1e-4 ... 1
TRAINS_FRACTION = 0.8  # a point trains: finite loss and at least 80% of the best test accuracy in its sweep


@dataclass(frozen=True)
class SweepPoint:
    final_test_acc: float
    best_test_acc: float
    final_train_loss: float  # at the last completed epoch (nan if none completed)
    diverged_at: int | None  # the step whose loss became non-finite

    @classmethod
    def of(cls, scores: PointScores) -> SweepPoint:
        """The figures a sweep plots of one run."""
        final_loss = scores.train_loss if scores.epochs_completed else float("nan")
        return cls(float(scores.test_acc[-1]), float(scores.test_acc.max()), final_loss, scores.diverged_at)


@dataclass(frozen=True)
class Sweep:
    field: str  # the TrainConfig field swept, e.g. "lr"
    values: tuple[float, ...]  # (V,) in increasing order
    points: dict[str, tuple[SweepPoint, ...]]  # arm ("with_bn" / "without_bn") -> (V,) points

    @property
    def best(self) -> float:
        """The best final test accuracy of any arm at any value."""
        return max(p.final_test_acc for arm in self.points.values() for p in arm)

    def trains(self, arm: str, value: float) -> bool:
        return trains(self.points[arm][self.values.index(value)], self.best)

    def largest_training_value(self, arm: str) -> float | None:
        """The largest swept value at which ``arm`` still trains, None if it trains at none."""
        good = [v for v in self.values if self.trains(arm, v)]
        return max(good) if good else None


def trains(point: SweepPoint, best: float) -> bool:
    """A run trains when its loss stayed finite and it reached ``TRAINS_FRACTION`` of the sweep's best accuracy."""
    return point.diverged_at is None and point.final_test_acc >= TRAINS_FRACTION * best


def sweep_config(config: TrainConfig) -> TrainConfig:
    """``config`` with its epochs cut to the sweep budget of ``SWEEP_STEP_BUDGET`` steps (never below one epoch)."""
    n_train = len(load_dataset(config.dataset, seed=config.seed)[1])
    steps_per_epoch = len(batch_slices(n_train, config.batch_size))
    return config.replace(epochs=max(1, min(config.epochs, SWEEP_STEP_BUDGET // steps_per_epoch)))


def sweep_points(
    configs: tuple[TrainConfig, ...], on_progress: Callable[[int, int], None] | None = None, processes: int = 0
) -> tuple[SweepPoint, ...]:
    """Train every configuration (those that differ only in lr, init or seed as one stacked network) and keep the
    figures a sweep plots, in the order of ``configs``.

    Args:
        on_progress: called with (steps done, steps in total) after every epoch, for a progress bar.
        processes: worker processes to train in (``train_points``): ``WORKER_PROCESSES`` for the lab's sweeps, none
            for the practice loop's small sweep (0.27-0.36 s here against 0.66-0.76 s in two workers).
    """
    return tuple(SweepPoint.of(scores) for scores in train_points(list(configs), on_progress, processes))


def run_sweep(
    base: TrainConfig,
    field: str,
    values: tuple[float, ...],
    points: Callable[[tuple[TrainConfig, ...]], tuple[SweepPoint, ...]] = sweep_points,
) -> Sweep:
    """Train both arms of ``base`` at every value of ``field``.

    Args:
        points: configs -> their SweepPoints (a page passes a cached version with a progress bar).
    """
    values = tuple(sorted({float(v) for v in values}))  # the probe may repeat a swept value
    configs = tuple(arm_config(base, arm).replace(**{field: value}) for arm in ARMS for value in values)
    trained = points(configs)
    return Sweep(field, values, {arm: trained[a * len(values) : (a + 1) * len(values)] for a, arm in enumerate(ARMS)})


# The "larger learning rates" practice loop ------------------------------------------------------------------------

TOLERANCE_LEARNING_RATES = (0.03, 0.1, 0.3, 1.0, 3.0)


@dataclass(frozen=True)
class LearningRateTolerance:
    learning_rates: np.ndarray  # (L,)
    with_bn_acc: np.ndarray  # (L,) final test accuracy (0 where the run diverged)
    without_bn_acc: np.ndarray  # (L,)
    with_bn_diverged: np.ndarray  # (L,) bool: the loss became non-finite
    without_bn_diverged: np.ndarray  # (L,)
    threshold: float  # the accuracy an arm must reach to count as training: TRAINS_FRACTION of the sweep's best
    probe_lr: float  # the rate the loop asks about
    outcome: str  # which arms train at probe_lr: "batch_norm_only", "both", "neither", "plain_only"


def learning_rate_tolerance(depth: int = 4, probe_lr: float = 1.0, seed: int = 0) -> LearningRateTolerance:
    """Train with and without BN (He initialization, so both can train) over a sweep of learning rates.

    Without BN a large step overshoots and the activations grow layer after layer until the loss explodes; with BN
    every layer's input is renormalized each step, so the same rate still trains.
    """
    base = TrainConfig(depth=depth, width=64, epochs=3, batch_size=64, init="he", seed=seed)
    sweep = run_sweep(base, "lr", (*TOLERANCE_LEARNING_RATES, probe_lr))
    accs = {
        arm: np.array([0.0 if p.diverged_at is not None else p.final_test_acc for p in sweep.points[arm]])
        for arm in ARMS
    }
    diverged = {arm: np.array([p.diverged_at is not None for p in sweep.points[arm]]) for arm in ARMS}
    probe = float(probe_lr)
    outcome = two_arm_outcome(sweep.trains("with_bn", probe), sweep.trains("without_bn", probe), "plain_only")
    return LearningRateTolerance(
        np.array(sweep.values),
        accs["with_bn"],
        accs["without_bn"],
        diverged["with_bn"],
        diverged["without_bn"],
        TRAINS_FRACTION * sweep.best,
        probe,
        outcome,
    )
