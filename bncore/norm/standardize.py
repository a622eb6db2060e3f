"""Standardizing the rows of a 2-D array, the step LayerNorm and GroupNorm share.

Both reshape their input so that every set of values sharing one mean and variance is a row, standardize the rows,
then apply their own affine transform. Biased variance, eps inside the square root.
"""

from __future__ import annotations

import numpy as np


def standardize_rows(rows: np.ndarray, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """x_hat = (rows - mean) / sqrt(var + eps) per row.

    Args:
        rows: (R, D), each row one normalization set.

    Returns:
        x_hat (R, D) and inv_std (R, 1).
    """
    count = rows.shape[1]  # sums divided by the count: what .mean() computes, without its Python-level overhead
    mean = rows.sum(axis=1, keepdims=True) / count  # (R, 1)
    centered = rows - mean
    var = np.square(centered).sum(axis=1, keepdims=True) / count  # (R, 1), biased
    inv_std = 1.0 / np.sqrt(var + eps)
    return centered * inv_std, inv_std


def standardize_rows_backward(dx_hat: np.ndarray, x_hat: np.ndarray, inv_std: np.ndarray) -> np.ndarray:
    """Gradient through ``standardize_rows``: dx = inv_std * (dx_hat - mean(dx_hat) - x_hat * mean(dx_hat * x_hat)).

    Args:
        dx_hat, x_hat: (R, D); inv_std: (R, 1).

    Returns:
        d rows, (R, D).
    """
    count = dx_hat.shape[1]
    mean_dx_hat = dx_hat.sum(axis=1, keepdims=True) / count
    mean_projection = (dx_hat * x_hat).sum(axis=1, keepdims=True) / count
    return (dx_hat - mean_dx_hat - x_hat * mean_projection) * inv_std
