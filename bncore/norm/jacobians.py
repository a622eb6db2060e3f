"""Jacobians of normalization: how every output depends on every input it was normalized with.

BatchNorm standardizes one feature across the m samples of a batch, LayerNorm one sample across its d features; in
both cases, for the n values v that share a mean and variance (x_hat = (v - mean) / sqrt(var + eps), y = gamma x_hat),

    dy_j / dv_i = gamma_j / sqrt(var + eps) * (delta_ij - 1/n - x_hat_i x_hat_j / n)        (exact, eps included)

so the off-diagonal entries are not zero: each output moves when any other value of its set moves. For BatchNorm the
set is the batch, which is why a sample's gradient depends on which other samples it was batched with.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bncore.norm.batch_norm import batch_norm_forward
from bncore.norm.gradcheck import numerical_gradient
from bncore.norm.layer_norm import layer_norm_forward


def standardize_jacobian(x_hat: np.ndarray, inv_std: float, gamma: np.ndarray) -> np.ndarray:
    """(n, n) matrix J[j, i] = dy_j / dv_i of y = gamma * x_hat for one set of n values sharing a statistic."""
    n = x_hat.size
    return gamma[:, None] * inv_std * (np.eye(n) - 1.0 / n - np.outer(x_hat, x_hat) / n)


def batch_norm_jacobian(column: np.ndarray, gamma: float = 1.0, eps: float = 1e-5) -> np.ndarray:
    """(m, m) Jacobian J[j, i] = dy_j / dx_i of training-mode BatchNorm on one feature's m values (m >= 2)."""
    column = np.asarray(column, dtype=np.float64).reshape(-1, 1)
    _, cache = batch_norm_forward(column, np.array([gamma]), None, eps)
    return standardize_jacobian(cache.x_hat[:, 0], float(cache.inv_std[0, 0]), np.full(len(column), float(gamma)))


def layer_norm_jacobian(row: np.ndarray, gamma: np.ndarray | None = None, eps: float = 1e-5) -> np.ndarray:
    """(d, d) Jacobian J[j, i] = dy_j / dx_i of LayerNorm on one sample's d features; gamma is (d,) or None (ones)."""
    row = np.asarray(row, dtype=np.float64).reshape(1, -1)
    gamma = np.ones(row.shape[1]) if gamma is None else np.asarray(gamma, dtype=np.float64)
    _, cache = layer_norm_forward(row, gamma, None, eps)
    return standardize_jacobian(cache.x_hat[0], float(cache.inv_std[0, 0]), gamma)


def numerical_jacobian(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """(outputs, inputs) Jacobian of a vector function f of a vector x, by central differences, row by row."""
    x = np.asarray(x, dtype=np.float64).copy()
    outputs = f(x).size
    rows = []
    for j in range(outputs):
        one_hot = np.zeros(outputs)
        one_hot[j] = 1.0
        rows.append(numerical_gradient(lambda v: f(v).reshape(-1), x, one_hot, h).reshape(-1))
    return np.array(rows)
