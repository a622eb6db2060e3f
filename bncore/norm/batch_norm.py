"""Batch normalization as pure functions, following Ioffe & Szegedy (2015), Algorithm 1, with PyTorch's conventions.

Shapes: ``x`` is (N, C) or (N, C, *spatial). Statistics are taken per channel c over the batch axis and every spatial
axis, so each channel sees m = N * prod(spatial) values. ``gamma`` and ``beta`` are (C,).

Training mode (batch statistics)                 Inference mode (running statistics)
    mu      = mean(x)              # (C,)            x_hat = (x - running_mean) / sqrt(running_var + eps)
    var     = mean((x - mu)**2)    # biased, (C,)    y     = gamma * x_hat + beta
    x_hat   = (x - mu) / sqrt(var + eps)
    y       = gamma * x_hat + beta

``eps`` sits inside the square root (default 1e-5). The running statistics themselves are kept by
``bncore.BatchNorm``; these functions only compute.

The backward pass is written twice: ``batch_norm_backward`` walks back through the four forward steps one at a time
(the form a learner can check by hand), and ``batch_norm_backward_compact`` is the closed form the trainer uses.
A test asserts they agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from bncore.norm.checks import check_affine, check_eps, check_input, check_param


@dataclass(frozen=True)
class BatchNormCache:
    """What the backward pass needs from a training-mode forward pass. Per-channel arrays broadcast against x."""

    x_centered: np.ndarray  # x - mu, shape of x
    x_hat: np.ndarray  # normalized input, shape of x
    mean: np.ndarray  # batch mean, (C,)
    var: np.ndarray  # biased batch variance, (C,)
    inv_std: np.ndarray  # 1 / sqrt(var + eps), broadcastable to x
    gamma: np.ndarray  # scale, broadcastable to x
    axes: tuple[int, ...]  # the axes reduced over: (0, 2, 3, ...)
    count: int  # m, the number of values per channel
    eps: float


class BatchNormGradients(NamedTuple):
    """Every intermediate gradient of the step-by-step backward pass, named as in Ioffe & Szegedy (2015)."""

    dbeta: np.ndarray  # (C,)
    dgamma: np.ndarray  # (C,)
    dx_hat: np.ndarray  # shape of x
    dvar: np.ndarray  # (C,)
    dmean: np.ndarray  # (C,)
    dx: np.ndarray  # shape of x


def channel_axes(ndim: int) -> tuple[int, ...]:
    """The axes a per-channel statistic reduces over: the batch axis and every spatial axis."""
    return (0,) + tuple(range(2, ndim))


def per_channel(values: np.ndarray, ndim: int) -> np.ndarray:
    """Reshape a (C,) vector so that it broadcasts against an (N, C, *spatial) array of ``ndim`` dimensions."""
    return values.reshape((1, -1) + (1,) * (ndim - 2))


def values_per_channel(x: np.ndarray) -> int:
    """m: how many values each channel's statistics are computed from (N times the spatial size)."""
    return x.size // x.shape[1]


def check_batch_norm_args(x, gamma, beta, eps) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Validate the arguments every batch-norm function shares; gamma/beta default to 1 and 0."""
    x = check_input(x)
    gamma, beta = check_affine(gamma, beta, (x.shape[1],), x.dtype)
    return x, gamma, beta, check_eps(eps)


def check_trainable_batch(x: np.ndarray) -> None:
    """Training needs at least two values per channel, exactly as PyTorch insists."""
    if values_per_channel(x) < 2:
        raise ValueError(
            f"Expected more than 1 value per channel when training, got input size {tuple(x.shape)}: "
            "a batch of one sample has no spread to normalize by."
        )


def batch_norm_forward(x, gamma=None, beta=None, eps: float = 1e-5) -> tuple[np.ndarray, BatchNormCache]:
    """Training-mode batch normalization with the batch's own (biased) statistics.

    Args:
        x: (N, C) or (N, C, *spatial) input.
        gamma, beta: (C,) scale and shift; None means 1 and 0.
        eps: added to the variance inside the square root.

    Returns:
        y with the shape of x, and the cache ``batch_norm_backward`` needs.
    """
    x, gamma, beta, eps = check_batch_norm_args(x, gamma, beta, eps)
    check_trainable_batch(x)
    axes = channel_axes(x.ndim)
    count = values_per_channel(x)
    # 1. the batch mean, per channel
    mean = x.sum(axis=axes) / count  # (C,)
    # 2. the biased batch variance, per channel
    x_centered = x - per_channel(mean, x.ndim)
    var = np.square(x_centered).sum(axis=axes) / count  # (C,)
    # 3. normalize: eps inside the square root keeps a constant channel finite
    inv_std = per_channel(1.0 / np.sqrt(var + eps), x.ndim)
    x_hat = x_centered * inv_std
    # 4. scale and shift
    gamma_b = per_channel(gamma, x.ndim)
    y = x_hat * gamma_b + per_channel(beta, x.ndim)
    cache = BatchNormCache(x_centered, x_hat, mean, var, inv_std, gamma_b, axes, count, eps)
    return y, cache


def batch_norm_backward_steps(dy: np.ndarray, cache: BatchNormCache) -> BatchNormGradients:
    """The backward pass one forward step at a time, last step first (Ioffe & Szegedy, 2015, section 3).

    Args:
        dy: upstream gradient dL/dy, shape of x.
        cache: from ``batch_norm_forward``.

    Returns:
        every intermediate gradient; ``dx``, ``dgamma`` and ``dbeta`` are the ones an optimizer needs.
    """
    c = cache
    ndim = dy.ndim
    # 4. y = gamma * x_hat + beta
    dbeta = dy.sum(axis=c.axes)  # (C,)
    dgamma = (dy * c.x_hat).sum(axis=c.axes)  # (C,)
    dx_hat = dy * c.gamma
    # 3. x_hat = (x - mu) * (var + eps)^(-1/2): reaches var, mu and x directly
    dvar = (dx_hat * c.x_centered).sum(axis=c.axes) * -0.5 * (c.var + c.eps) ** -1.5  # (C,)
    # 2. var = mean((x - mu)^2): reaches mu (a term that is zero because the centered values sum to zero) and x
    dmean = (-dx_hat * c.inv_std).sum(axis=c.axes) + dvar * (-2.0 * c.x_centered).sum(axis=c.axes) / c.count  # (C,)
    # 1. mu = mean(x): every x_i gets the three paths, direct, through var and through mu
    dx = (
        dx_hat * c.inv_std + per_channel(dvar, ndim) * 2.0 * c.x_centered / c.count + per_channel(dmean, ndim) / c.count
    )
    return BatchNormGradients(dbeta, dgamma, dx_hat, dvar, dmean, dx)


def batch_norm_backward(dy: np.ndarray, cache: BatchNormCache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dx, dgamma, dbeta) by the step-by-step backward pass. dx has the shape of x; the others are (C,)."""
    grads = batch_norm_backward_steps(dy, cache)
    return grads.dx, grads.dgamma, grads.dbeta


def batch_norm_backward_compact(dy: np.ndarray, cache: BatchNormCache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The same gradients in closed form, fewer array passes; the trainer uses this one.

        dx = gamma / sqrt(var + eps) * (dy - dbeta / m - x_hat * dgamma / m)

    (the sums of dx_hat = gamma * dy and of dx_hat * x_hat are gamma * dbeta and gamma * dgamma). dx is dy with its
    per-channel mean and its projection on x_hat removed, so it sums to zero and is orthogonal to x_hat per channel.
    """
    c = cache
    ndim = dy.ndim
    dbeta = dy.sum(axis=c.axes)  # (C,)
    dgamma = (dy * c.x_hat).sum(axis=c.axes)  # (C,)
    projected = dy - per_channel(dbeta / c.count, ndim) - c.x_hat * per_channel(dgamma / c.count, ndim)
    return projected * (c.gamma * c.inv_std), dgamma, dbeta


def normalize_with_running_stats(x: np.ndarray, running_mean, running_var, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """x_hat = (x - running_mean) / sqrt(running_var + eps), and that 1 / sqrt(...) as a (C,) vector."""
    channels = (x.shape[1],)
    running_mean = check_param(running_mean, channels, "running_mean", x.dtype)
    running_var = check_param(running_var, channels, "running_var", x.dtype)
    if running_mean is None or running_var is None:
        raise ValueError("running_mean and running_var are required in inference mode")
    inv_std = 1.0 / np.sqrt(running_var + eps)  # (C,)
    return (x - per_channel(running_mean, x.ndim)) * per_channel(inv_std, x.ndim), inv_std


def batch_norm_inference(x, gamma, beta, running_mean, running_var, eps: float = 1e-5) -> np.ndarray:
    """Inference-mode batch normalization: the running statistics replace the batch's, so samples are independent.

    Args:
        x: (N, C) or (N, C, *spatial); a batch of one is fine here.
        gamma, beta: (C,) or None (1 and 0).
        running_mean, running_var: (C,) population estimates kept during training.

    Returns:
        y with the shape of x.
    """
    x, gamma, beta, eps = check_batch_norm_args(x, gamma, beta, eps)
    x_hat, _ = normalize_with_running_stats(x, running_mean, running_var, eps)
    return x_hat * per_channel(gamma, x.ndim) + per_channel(beta, x.ndim)
