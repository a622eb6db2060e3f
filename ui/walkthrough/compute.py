"""Every number the walkthrough shows, computed by bncore from the page's state. Pure: arrays in, arrays out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bncore import BatchNorm, batch_norm_forward, batch_norm_inference


@dataclass(frozen=True)
class RunningStats:
    """A BN layer's buffers, as the walkthrough keeps them in session state."""

    mean: np.ndarray  # (d,), starts at 0
    var: np.ndarray  # (d,), starts at 1
    batches_tracked: int = 0

    @staticmethod
    def fresh(features: int) -> RunningStats:
        return RunningStats(np.zeros(features), np.ones(features), 0)


@dataclass(frozen=True)
class WalkthroughNumbers:
    x: np.ndarray  # (m, d) the input batch
    mean: np.ndarray  # (d,) batch mean
    var: np.ndarray  # (d,) biased batch variance
    x_hat: np.ndarray  # (m, d) normalized with the batch statistics (training mode)
    y_train: np.ndarray  # (m, d) gamma * x_hat + beta, batch statistics
    x_hat_inference: np.ndarray  # (m, d) normalized with the running statistics (inference mode)
    y_inference: np.ndarray  # (m, d) gamma * x_hat_inference + beta
    gamma: np.ndarray  # (d,)
    beta: np.ndarray  # (d,)
    eps: float
    momentum: float
    running: RunningStats  # before the next training step
    next_running: RunningStats  # after it (what "Take a training step" will store)

    @property
    def std(self) -> np.ndarray:
        """sqrt(var + eps), the divisor of the normalization, per feature."""
        return np.sqrt(self.var + self.eps)

    @property
    def m(self) -> int:
        return self.x.shape[0]

    @property
    def unbiased_var(self) -> np.ndarray:
        """var * m / (m - 1): what PyTorch puts into the running variance."""
        return self.var * self.m / (self.m - 1)

    def statistics(self, mode: str) -> tuple[np.ndarray, np.ndarray]:
        """(mean, variance) per feature that ``mode`` ("Training" or "Inference") normalizes with."""
        return (self.running.mean, self.running.var) if mode == "Inference" else (self.mean, self.var)

    def normalized(self, mode: str) -> np.ndarray:
        """(m, d) x̂ in ``mode``."""
        return self.x_hat_inference if mode == "Inference" else self.x_hat

    def output(self, mode: str) -> np.ndarray:
        """(m, d) y in ``mode``."""
        return self.y_inference if mode == "Inference" else self.y_train

    @property
    def mode_gap(self) -> float:
        """The largest |y_train - y_inference|: how far inference is from training on this batch."""
        return float(np.abs(self.y_train - self.y_inference).max())


def training_step(x: np.ndarray, running: RunningStats, momentum: float, eps: float) -> RunningStats:
    """One running-statistics update from batch x (m, d), by a bncore BatchNorm layer in training mode."""
    layer = BatchNorm(x.shape[1], eps=eps, momentum=momentum)
    layer.running_mean, layer.running_var = running.mean.copy(), running.var.copy()
    layer.num_batches_tracked = running.batches_tracked
    layer.forward(x, training=True)
    return RunningStats(layer.running_mean, layer.running_var, layer.num_batches_tracked)


def compute(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float, momentum: float, running: RunningStats
) -> WalkthroughNumbers:
    """All the walkthrough's numbers for batch x (m >= 2, d) with per-feature gamma and beta."""
    y_train, cache = batch_norm_forward(x, gamma, beta, eps)
    y_inference = batch_norm_inference(x, gamma, beta, running.mean, running.var, eps)
    x_hat_inference = batch_norm_inference(x, np.ones_like(gamma), np.zeros_like(beta), running.mean, running.var, eps)
    return WalkthroughNumbers(
        x=x,
        mean=cache.mean,
        var=cache.var,
        x_hat=cache.x_hat,
        y_train=y_train,
        x_hat_inference=x_hat_inference,
        y_inference=y_inference,
        gamma=gamma,
        beta=beta,
        eps=eps,
        momentum=momentum,
        running=running,
        next_running=training_step(x, running, momentum, eps),
    )


def constant_feature(eps: float, value: float = 3.0, m: int = 4) -> WalkthroughNumbers:
    """The numbers of a batch whose only feature is the constant ``value``: the case ε exists for."""
    column = np.full((m, 1), value)
    return compute(column, np.ones(1), np.zeros(1), eps, 0.1, RunningStats.fresh(1))
