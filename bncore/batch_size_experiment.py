"""Batch-size sensitivity: the same small network trained with BatchNorm, GroupNorm and LayerNorm at several batch
sizes, final test accuracy against batch size (after Wu & He, 2018, Figure 1, on a much smaller scale).

Every run of the plan shares the architecture, the learning rate, the number of epochs (so every run sees the same
samples; small batches take more, noisier steps) and, per seed, the initial weights and data order. Only the batch
size and the normalization change. The accuracy is measured in inference mode, so BatchNorm uses its running
statistics, which at tiny batch sizes are estimated from very noisy batch statistics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from bncore.config import TrainConfig
from bncore.trainer import train

NORMALIZATION_NAMES = {"batch": "BatchNorm", "group": "GroupNorm", "layer": "LayerNorm"}


@dataclass(frozen=True)
class SensitivityPlan:
    batch_sizes: tuple[int, ...] = (2, 4, 8, 16, 32, 64)
    normalizations: tuple[str, ...] = ("batch", "group", "layer")  # TrainConfig.normalization values
    seeds: tuple[int, ...] = (0, 1, 2)  # each point is the mean over these runs
    base: TrainConfig = field(
        default_factory=lambda: TrainConfig(
            dataset="digits", depth=3, width=32, norm_groups=4, lr=0.05, optimizer="sgd", epochs=5
        )
    )

    def configs(self) -> list[TrainConfig]:
        """Every run, normalization-major, then batch size, then seed (the order of ``SensitivityResult`` axes)."""
        return [
            self.base.replace(normalization=norm, batch_size=size, seed=seed)
            for norm in self.normalizations
            for size in self.batch_sizes
            for seed in self.seeds
        ]

    def describe(self) -> str:
        """One sentence saying what was trained."""
        b, seeds = self.base, len(self.seeds)
        return (
            f"{b.depth} hidden layer{'s' * (b.depth > 1)} of {b.width} units ({b.activation}, GroupNorm with "
            f"{b.norm_groups} groups of {b.width // b.norm_groups}), plain SGD at learning rate {b.lr}, "
            f"{b.epochs} epoch{'s' * (b.epochs > 1)} on the {b.dataset} training set at every batch size, "
            f"{seeds} seed{'s' * (seeds > 1)} per point."
        )


@dataclass(frozen=True)
class SensitivityResult:
    plan: SensitivityPlan
    test_acc: np.ndarray  # (normalizations, batch sizes, seeds) final test accuracy in inference mode

    @property
    def mean(self) -> np.ndarray:
        return self.test_acc.mean(axis=2)  # (normalizations, batch sizes)

    @property
    def low(self) -> np.ndarray:
        return self.test_acc.min(axis=2)

    @property
    def high(self) -> np.ndarray:
        return self.test_acc.max(axis=2)


def final_test_accuracy(config: TrainConfig) -> float:
    """Train ``config`` to the end and return its last recorded test accuracy."""
    return float(train(config).test_acc[-1])


def run_sensitivity(
    plan: SensitivityPlan,
    accuracy: Callable[[TrainConfig], float] = final_test_accuracy,
    on_run: Callable[[int, int], None] | None = None,
) -> SensitivityResult:
    """Run every config of ``plan``.

    Args:
        plan: what to train.
        accuracy: config -> final test accuracy (a page passes a cached version).
        on_run: called with (runs done, runs in total) after every run, for a progress bar.
    """
    configs = plan.configs()
    results = []
    for done, config in enumerate(configs, start=1):
        results.append(accuracy(config))
        if on_run is not None:
            on_run(done, len(configs))
    shape = (len(plan.normalizations), len(plan.batch_sizes), len(plan.seeds))
    return SensitivityResult(plan, np.array(results).reshape(shape))
