"""Batch-size sensitivity: the same small network trained with one or more normalizations at several batch sizes,
test accuracy against batch size (after Wu & He, 2018, Figure 1, on a much smaller scale).

Every run of a plan shares the architecture, the learning rate, the number of epochs (so every run sees the same
samples; small batches take more, noisier steps) and, per seed, the initial weights and data order. Only the batch
size and the normalization change. The accuracy is measured in inference mode, so BatchNorm uses its running
statistics, which at tiny batch sizes are estimated from very noisy batch statistics.

The normalization-family page runs ``FAMILY_PLAN`` (BatchNorm, GroupNorm and LayerNorm, two seeds); the "small
batches" practice loop (``small_batch_training``) runs one normalization at four batch sizes and asks which ends
lowest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from bncore.experiments.common import SMALL_NET
from bncore.training.config import TrainConfig, normalization_fields
from bncore.training.stacked_trainer import PointScores, train_points


@dataclass(frozen=True)
class BatchSizePlan:
    batch_sizes: tuple[int, ...] = (2, 4, 8, 16, 32, 64)
    normalizations: tuple[str, ...] = ("batch", "group", "layer")  # or "none": see normalization_fields
    seeds: tuple[int, ...] = (0, 1)  # each point is the mean over these runs
    base: TrainConfig = field(
        default_factory=lambda: TrainConfig(
            dataset="digits", depth=3, width=32, norm_groups=4, lr=0.05, optimizer="sgd", epochs=3
        )
    )

    def configs(self) -> list[TrainConfig]:
        """Every run, normalization-major, then batch size, then seed (the order of ``BatchSizeResult`` axes)."""
        return [
            self.base.replace(**normalization_fields(norm), batch_size=size, seed=seed)
            for norm in self.normalizations
            for size in self.batch_sizes
            for seed in self.seeds
        ]


FAMILY_PLAN = BatchSizePlan()  # 3 normalizations x 6 batch sizes x 2 seeds: 36 small runs of 3 epochs


@dataclass(frozen=True)
class BatchSizeRun:
    """What one run of a plan keeps."""

    test_acc: np.ndarray  # (epochs + 1,) test accuracy in inference mode after each epoch
    loss_noise: float  # std of the training-mode step loss over the last epoch

    @classmethod
    def of(cls, scores: PointScores) -> BatchSizeRun:
        """The test-accuracy curve of a run and the noise of its last epoch's losses."""
        return cls(scores.test_acc, float(np.std(scores.step_loss[-scores.steps_per_epoch :])))


def batch_size_runs(
    configs: tuple[TrainConfig, ...], on_progress: Callable[[int, int], None] | None = None, processes: int = 0
) -> tuple[BatchSizeRun, ...]:
    """Train every configuration to the end (the runs of one batch size as one stacked network).

    Args:
        on_progress: called with (steps done, steps in total) after every epoch, for a progress bar.
        processes: worker processes to train in (``train_points``): ``WORKER_PROCESSES`` for the family page's plan
            (its six stacks, 2.3 s the longest, on two cores), none for the practice loop's four runs (most of
            their time is the one at batch size two, so workers gained little).
    """
    return tuple(BatchSizeRun.of(scores) for scores in train_points(list(configs), on_progress, processes))


@dataclass(frozen=True)
class BatchSizeResult:
    plan: BatchSizePlan
    test_acc: np.ndarray  # (normalizations, batch sizes, seeds, epochs + 1)
    loss_noise: np.ndarray  # (normalizations, batch sizes, seeds)

    @property
    def final(self) -> np.ndarray:
        return self.test_acc[..., -1]  # (normalizations, batch sizes, seeds)

    @property
    def mean(self) -> np.ndarray:
        return self.final.mean(axis=2)  # (normalizations, batch sizes)

    @property
    def low(self) -> np.ndarray:
        return self.final.min(axis=2)

    @property
    def high(self) -> np.ndarray:
        return self.final.max(axis=2)


def run_batch_sizes(
    plan: BatchSizePlan, runs: Callable[[tuple[TrainConfig, ...]], tuple[BatchSizeRun, ...]] = batch_size_runs
) -> BatchSizeResult:
    """Run every config of ``plan``.

    Args:
        plan: what to train.
        runs: configs -> their BatchSizeRuns (a page passes a cached version with a progress bar).
    """
    trained = runs(tuple(plan.configs()))
    shape = (len(plan.normalizations), len(plan.batch_sizes), len(plan.seeds))
    test_acc = np.array([r.test_acc for r in trained]).reshape(*shape, -1)
    return BatchSizeResult(plan, test_acc, np.array([r.loss_noise for r in trained]).reshape(shape))


# The "small batches" practice loop --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmallBatchTraining:
    batch_sizes: tuple[int, ...]
    test_acc: np.ndarray  # (B, epochs + 1) test accuracy in inference mode after each epoch
    loss_noise: np.ndarray  # (B,) std of the training-mode step loss over the last epoch
    outcome: str  # "batch_<m>": the batch size with the lowest final test accuracy


SMALL_BATCH_SIZES = (2, 4, 16, 64)


def small_batch_training(normalization: str = "batch", lr: float = 0.1, seed: int = 0) -> SmallBatchTraining:
    """Train the same small network on digits with batches of 2, 4, 16 and 64 for the same number of epochs.

    With batches of two, BN maps every unit to about +-1 and its statistics are pure noise, so the running
    statistics used at test time match nothing the network trained on.
    """
    plan = BatchSizePlan(SMALL_BATCH_SIZES, (normalization,), (seed,), TrainConfig(**SMALL_NET, lr=lr))
    result = run_batch_sizes(plan)
    test_acc = result.test_acc[0, :, 0]  # (B, epochs + 1)
    worst = SMALL_BATCH_SIZES[int(np.argmin(test_acc[:, -1]))]
    return SmallBatchTraining(SMALL_BATCH_SIZES, test_acc, result.loss_noise[0, :, 0], f"batch_{worst}")
