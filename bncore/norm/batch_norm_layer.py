"""``BatchNorm``: the batch-norm layer with learnable parameters and running statistics, as torch.nn.BatchNorm1d/2d/3d.

Learnable parameters (``gamma``, ``beta``) and buffers (``running_mean``, ``running_var``, ``num_batches_tracked``) are
kept apart, as PyTorch keeps them. The running update follows PyTorch exactly:

    running = (1 - momentum) * running + momentum * batch_statistic

with the *unbiased* batch variance (times m / (m - 1)) going into ``running_var`` while training normalizes with the
biased one. ``momentum=None`` gives a cumulative average (momentum 1 / num_batches_tracked). Keras' momentum is
1 - PyTorch's: Keras 0.99 is PyTorch 0.01.
"""

from __future__ import annotations

import numpy as np

from bncore.norm.batch_norm import (
    BatchNormCache,
    batch_norm_backward_compact,
    batch_norm_forward,
    channel_axes,
    check_batch_norm_args,
    normalize_with_running_stats,
    per_channel,
)
from bncore.norm.checks import check_eps, check_momentum, check_num_features


class BatchNorm:
    """Batch normalization over channel axis 1 of (N, C) or (N, C, *spatial) inputs.

    Args:
        num_features: C, the number of channels.
        eps: added to the variance inside the square root.
        momentum: PyTorch's convention (weight of the new batch), or None for a cumulative average.
        affine: learn a per-channel ``gamma`` (starts at 1) and ``beta`` (starts at 0).
        track_running_stats: keep running statistics for inference; without them inference uses batch statistics.
        dtype: floating dtype of parameters and buffers.
    """

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        dtype: type = np.float64,
    ):
        self.num_features = check_num_features(num_features)
        self.eps = check_eps(eps)
        self.momentum = check_momentum(momentum)
        self.affine = affine
        self.track_running_stats = track_running_stats
        c = self.num_features
        self.gamma = np.ones(c, dtype) if affine else None
        self.beta = np.zeros(c, dtype) if affine else None
        self.running_mean = np.zeros(c, dtype) if track_running_stats else None
        self.running_var = np.ones(c, dtype) if track_running_stats else None
        self.num_batches_tracked = 0
        self.dgamma: np.ndarray | None = None
        self.dbeta: np.ndarray | None = None
        self._cache: BatchNormCache | None = None  # set by a forward with batch statistics
        self._inference: tuple[np.ndarray, np.ndarray] | None = None  # (x_hat, gamma / std) of an inference forward

    def forward(self, x: np.ndarray, training: bool) -> np.ndarray:
        """Normalize x; in training mode also update the running statistics. Returns y with the shape of x."""
        x = np.asarray(x)
        if x.ndim < 2 or x.shape[1] != self.num_features:
            raise ValueError(f"x must have shape (N, {self.num_features}, ...), got {x.shape}")
        if training or not self.track_running_stats:
            y, self._cache = batch_norm_forward(x, self.gamma, self.beta, self.eps)
            self._inference = None
            if training and self.track_running_stats:
                self._update_running_stats(self._cache)
            return y
        x, gamma, beta, _ = check_batch_norm_args(x, self.gamma, self.beta, self.eps)
        x_hat, inv_std = normalize_with_running_stats(x, self.running_mean, self.running_var, self.eps)
        self._cache = None
        self._inference = (x_hat, inv_std * gamma)
        return x_hat * per_channel(gamma, x.ndim) + per_channel(beta, x.ndim)

    def infer(self, x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """Inference with the running statistics, keeping nothing for a backward pass: the same values as
        ``forward(x, training=False)``, computed in ``out`` (which may be x itself) for measuring a network fast.

        Args:
            x: (N, C); requires ``track_running_stats``.
            out: (N, C) array to write y into, or None for a new one.
        """
        if not self.track_running_stats:
            raise ValueError("infer() needs running statistics (track_running_stats=True)")
        inv_std = 1.0 / np.sqrt(self.running_var + self.eps)  # (C,), as normalize_with_running_stats computes it
        y = np.subtract(x, self.running_mean, out=out)
        y *= inv_std
        if self.affine:
            y *= self.gamma
            y += self.beta
        return y

    def _update_running_stats(self, cache: BatchNormCache) -> None:
        self.num_batches_tracked += 1
        weight = 1.0 / self.num_batches_tracked if self.momentum is None else self.momentum
        unbiased_var = cache.var * (cache.count / (cache.count - 1))
        self.running_mean = (1.0 - weight) * self.running_mean + weight * cache.mean
        self.running_var = (1.0 - weight) * self.running_var + weight * unbiased_var

    def backward(self, dy: np.ndarray) -> np.ndarray:
        """Gradient with respect to the last forward's input; sets ``dgamma`` and ``dbeta`` (None without affine)."""
        dy = np.asarray(dy)
        if self._cache is not None:
            dx, dgamma, dbeta = batch_norm_backward_compact(dy, self._cache)
        elif self._inference is not None:
            # Running statistics are constants, so every sample's gradient is its own, scaled per channel.
            x_hat, scale = self._inference
            axes = channel_axes(dy.ndim)
            dx = dy * per_channel(scale, dy.ndim)
            dgamma, dbeta = (dy * x_hat).sum(axis=axes), dy.sum(axis=axes)
        else:
            raise RuntimeError("backward() called before forward()")
        if self.affine:
            self.dgamma, self.dbeta = dgamma, dbeta
        return dx

    def parameters(self) -> list[np.ndarray]:
        """The learnable arrays, [gamma, beta], or [] without affine."""
        return [self.gamma, self.beta] if self.affine else []

    def __repr__(self) -> str:
        return (
            f"BatchNorm({self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
            f"track_running_stats={self.track_running_stats})"
        )
