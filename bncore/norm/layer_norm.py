"""Layer normalization (Ba, Kiros & Hinton, 2016), as torch.nn.LayerNorm(x.shape[1:]).

Each sample is normalized over all its own values (every axis but the first), so its output never depends on the
other samples in the batch, and training and inference compute the same thing.

    x_hat[n] = (x[n] - mean(x[n])) / sqrt(var(x[n]) + eps)        y = gamma * x_hat + beta

Shapes: x is (N, *features); gamma and beta have shape x.shape[1:] (one value per element, as PyTorch).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bncore.norm.checks import check_affine, check_eps, check_input
from bncore.norm.standardize import standardize_rows, standardize_rows_backward


@dataclass(frozen=True)
class LayerNormCache:
    x_hat: np.ndarray  # (N, D) with D = prod(x.shape[1:])
    inv_std: np.ndarray  # (N, 1)
    gamma: np.ndarray  # x.shape[1:]
    shape: tuple[int, ...]  # x.shape


def layer_norm_forward(x, gamma=None, beta=None, eps: float = 1e-5) -> tuple[np.ndarray, LayerNormCache]:
    """Normalize each sample over all axes but the first. Returns y (shape of x) and the backward cache."""
    x = check_input(x)
    gamma, beta = check_affine(gamma, beta, x.shape[1:], x.dtype)
    x_hat, inv_std = standardize_rows(x.reshape(x.shape[0], -1), check_eps(eps))  # (N, D), (N, 1)
    y = x_hat.reshape(x.shape) * gamma + beta
    return y, LayerNormCache(x_hat, inv_std, gamma, x.shape)


def layer_norm_backward(dy: np.ndarray, cache: LayerNormCache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dx, dgamma, dbeta): dx has the shape of x, dgamma and dbeta the shape of gamma."""
    x_hat = cache.x_hat.reshape(cache.shape)
    dbeta = dy.sum(axis=0)
    dgamma = (dy * x_hat).sum(axis=0)
    dx_hat = (dy * cache.gamma).reshape(cache.x_hat.shape)
    dx = standardize_rows_backward(dx_hat, cache.x_hat, cache.inv_std)
    return dx.reshape(cache.shape), dgamma, dbeta
