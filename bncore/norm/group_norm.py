"""Group normalization (Wu & He, 2018) and instance normalization, as torch.nn.GroupNorm / InstanceNorm.

The C channels of each sample are split into ``num_groups`` groups of C / G consecutive channels; each group of each
sample (its channels times all spatial positions) shares one mean and variance. Like LayerNorm it never looks across
the batch. G = 1 is LayerNorm with a per-channel affine; G = C is instance normalization.

Shapes: x is (N, C) or (N, C, *spatial); gamma and beta are (C,).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bncore.norm.batch_norm import channel_axes, per_channel
from bncore.norm.checks import check_affine, check_eps, check_groups, check_input
from bncore.norm.standardize import standardize_rows, standardize_rows_backward


@dataclass(frozen=True)
class GroupNormCache:
    x_hat: np.ndarray  # (N * G, C / G * spatial)
    inv_std: np.ndarray  # (N * G, 1)
    gamma: np.ndarray  # (C,)
    shape: tuple[int, ...]  # x.shape


def group_norm_forward(
    x, num_groups: int, gamma=None, beta=None, eps: float = 1e-5
) -> tuple[np.ndarray, GroupNormCache]:
    """Normalize each (sample, group) set. Returns y (shape of x) and the backward cache."""
    x = check_input(x)
    channels = x.shape[1]
    groups = check_groups(channels, num_groups)
    gamma, beta = check_affine(gamma, beta, (channels,), x.dtype)
    return group_norm_checked(x, groups, gamma, beta, check_eps(eps))


def group_norm_checked(
    x: np.ndarray, groups: int, gamma: np.ndarray, beta: np.ndarray, eps: float
) -> tuple[np.ndarray, GroupNormCache]:
    """``group_norm_forward`` on arguments already checked (a ``GroupNorm`` layer checks its own once, when built):
    x (N, C, *spatial) floating, groups dividing C, gamma and beta (C,), eps positive."""
    x_hat, inv_std = standardize_rows(x.reshape(x.shape[0] * groups, -1), eps)
    y = x_hat.reshape(x.shape) * per_channel(gamma, x.ndim) + per_channel(beta, x.ndim)
    return y, GroupNormCache(x_hat, inv_std, gamma, x.shape)


def group_norm_backward(dy: np.ndarray, cache: GroupNormCache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dx, dgamma, dbeta): dx has the shape of x, dgamma and dbeta are (C,)."""
    axes = channel_axes(dy.ndim)
    x_hat = cache.x_hat.reshape(cache.shape)
    dbeta = dy.sum(axis=axes)
    dgamma = (dy * x_hat).sum(axis=axes)
    dx_hat = (dy * per_channel(cache.gamma, dy.ndim)).reshape(cache.x_hat.shape)
    dx = standardize_rows_backward(dx_hat, cache.x_hat, cache.inv_std)
    return dx.reshape(cache.shape), dgamma, dbeta


def instance_norm_forward(x, gamma=None, beta=None, eps: float = 1e-5) -> tuple[np.ndarray, GroupNormCache]:
    """Instance normalization: each channel of each sample over its spatial positions (GroupNorm with G = C).

    x must be (N, C, *spatial) with at least one spatial axis. The cache works with ``group_norm_backward``.
    """
    x = check_input(x, min_ndim=3)
    return group_norm_forward(x, x.shape[1], gamma, beta, eps)
