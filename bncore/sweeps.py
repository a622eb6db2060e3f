"""Sensitivity sweeps and the paper experiment of the Training Lab, as plain functions of a ``TrainConfig``.

Each sweep point trains one arm under a fixed budget of optimizer steps, so a sweep over a heavy configuration still
finishes in seconds; ``sweep_config`` says how many epochs that budget allows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bncore.config import TrainConfig
from bncore.datasets import load_dataset
from bncore.trainer import batch_slices, train

SWEEP_STEP_BUDGET = 500  # optimizer steps per sweep point (at least one epoch)
LEARNING_RATES = tuple(float(r) for r in np.logspace(-3, 1, 8))  # 0.001 ... 10
INIT_SCALES = tuple(float(s) for s in np.logspace(-4, 0, 9))  # Gaussian weight std 1e-4 ... 1
TRAINS_FRACTION = 0.8  # "still trains": finite loss and at least 80% of the sweep's best test accuracy


@dataclass(frozen=True)
class SweepPoint:
    final_test_acc: float
    best_test_acc: float
    final_train_loss: float  # at the last completed epoch (nan if none completed)
    diverged_at: int | None  # the step whose loss became non-finite


def sweep_config(config: TrainConfig) -> TrainConfig:
    """``config`` with its epochs cut to the sweep budget of ``SWEEP_STEP_BUDGET`` steps (never below one epoch)."""
    n_train = len(load_dataset(config.dataset, seed=config.seed)[1])
    steps_per_epoch = len(batch_slices(n_train, config.batch_size))
    return config.replace(epochs=max(1, min(config.epochs, SWEEP_STEP_BUDGET // steps_per_epoch)))


def sweep_point(config: TrainConfig) -> SweepPoint:
    """Train one configuration and keep only the figures a sweep plots."""
    h = train(config)
    final_loss = float(h.train_loss[-1]) if h.epochs_completed else float("nan")
    return SweepPoint(float(h.test_acc[-1]), float(h.test_acc.max()), final_loss, h.diverged_at)


def largest_training_value(values: tuple[float, ...], points: list[SweepPoint], best: float) -> float | None:
    """The largest swept value at which the run still trains (no divergence, >= 80% of ``best`` accuracy)."""
    good = [v for v, p in zip(values, points) if p.diverged_at is None and p.final_test_acc >= TRAINS_FRACTION * best]
    return max(good) if good else None


def paper_config(batch_norm: bool) -> TrainConfig:
    """Ioffe & Szegedy (2015), Figure 1, on digits: 3 hidden layers of 100 sigmoid units, Gaussian initial weights
    (std 0.1), batch 60, plain SGD. (The paper used MNIST for 50,000 steps; digits needs about 1,000.)"""
    return TrainConfig(
        dataset="digits",
        depth=3,
        width=100,
        activation="sigmoid",
        batch_norm=batch_norm,
        init="gaussian",
        init_scale=0.1,
        lr=1.0,
        optimizer="sgd",
        batch_size=60,
        epochs=40,
        seed=0,
    )
