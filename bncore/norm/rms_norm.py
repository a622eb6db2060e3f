"""RMS normalization (Zhang & Sennrich, 2019), as torch.nn.RMSNorm(x.shape[-1], eps=1e-6).

No centering and no shift: each vector along the last axis is divided by its root mean square, then scaled.

    y = x / sqrt(mean(x**2, last axis) + eps) * gamma

Shapes: x is (..., D) with at least one leading axis; gamma is (D,).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bncore.norm.checks import check_eps, check_input, check_param


@dataclass(frozen=True)
class RMSNormCache:
    x_hat: np.ndarray  # x / rms, shape of x
    inv_rms: np.ndarray  # (..., 1)
    gamma: np.ndarray  # (D,)


def rms_norm_forward(x, gamma=None, eps: float = 1e-6) -> tuple[np.ndarray, RMSNormCache]:
    """Divide each last-axis vector by its root mean square and scale by gamma. Returns y and the backward cache."""
    x = check_input(x)
    size = (x.shape[-1],)
    gamma = check_param(gamma, size, "gamma", x.dtype)
    gamma = np.ones(size, x.dtype) if gamma is None else gamma
    inv_rms = 1.0 / np.sqrt(np.square(x).mean(axis=-1, keepdims=True) + check_eps(eps))
    x_hat = x * inv_rms
    return x_hat * gamma, RMSNormCache(x_hat, inv_rms, gamma)


def rms_norm_backward(dy: np.ndarray, cache: RMSNormCache) -> tuple[np.ndarray, np.ndarray]:
    """Gradients (dx, dgamma).

    dx = inv_rms * (dx_hat - x_hat * mean(dx_hat * x_hat)); dgamma is summed over all but the last axis.
    """
    leading = tuple(range(dy.ndim - 1))
    dgamma = (dy * cache.x_hat).sum(axis=leading)
    dx_hat = dy * cache.gamma
    dx = (dx_hat - cache.x_hat * (dx_hat * cache.x_hat).mean(axis=-1, keepdims=True)) * cache.inv_rms
    return dx, dgamma
