"""Numerical gradients by central differences, and the relative error used to compare them with analytic ones.

Gradient checks are done in float64: with h = 1e-5 the central difference has truncation error of order h**2 and
rounding error of order machine_eps / h, about 1e-11 in float64 but about 1e-2 in float32.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(
    f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, dy: np.ndarray, h: float = 1e-5
) -> np.ndarray:
    """Gradient of sum(f(x) * dy) with respect to x, one central difference per entry.

    Args:
        f: a function of x alone (close over the other arguments); its output has the shape of dy.
        x: the point, modified in place during the evaluation and restored before returning.
        dy: the upstream gradient.
        h: the step.

    Returns:
        an array with the shape of x.
    """
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):  # writes through x itself, so a non-contiguous x works too
        original = x[index]
        x[index] = original + h
        plus = np.sum(f(x) * dy)
        x[index] = original - h
        minus = np.sum(f(x) * dy)
        x[index] = original
        grad[index] = (plus - minus) / (2.0 * h)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / (||a|| + ||b||), 0 when both are zero. Below 1e-7 is a passing float64 gradient check."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


def elementwise_relative_error(a: np.ndarray, b: np.ndarray, floor: float = 1e-12) -> np.ndarray:
    """|a - b| / max(|a| + |b|, floor) entry by entry: large where both are near zero, which is why checks use norms."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)
