"""Argument checks shared by the normalization layers.

Every check raises ``ValueError`` with a message that names the offending argument, so a learner (or a page showing
the message) can tell at once what to change.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def check_input(x: np.ndarray, *, min_ndim: int = 2, name: str = "x") -> np.ndarray:
    """Return ``x`` as a floating-point array of at least ``min_ndim`` dimensions, or raise ValueError."""
    x = np.asarray(x)
    if x.dtype.kind != "f":
        if x.dtype.kind not in "iub":
            raise ValueError(f"{name} must hold real numbers, got dtype {x.dtype}")
        x = x.astype(np.float64)
    if x.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimensions, got shape {x.shape}")
    if x.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {x.shape}")
    return x


def check_param(value: np.ndarray | None, shape: tuple[int, ...], name: str, dtype: np.dtype) -> np.ndarray | None:
    """Return an affine parameter (``gamma`` or ``beta``) as an array of ``shape``, or raise ValueError."""
    if value is None:
        return None
    value = np.asarray(value, dtype=dtype)
    if value.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {value.shape}")
    return value


def check_affine(gamma, beta, shape: tuple[int, ...], dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
    """``gamma`` and ``beta`` as arrays of ``shape``; None stands for the identity transform (1 and 0)."""
    gamma = check_param(gamma, shape, "gamma", dtype)
    beta = check_param(beta, shape, "beta", dtype)
    return (np.ones(shape, dtype) if gamma is None else gamma, np.zeros(shape, dtype) if beta is None else beta)


def is_real(value) -> bool:
    """A real number, Python's or NumPy's (np.float32(1e-3) is as good as 1e-3); not a bool."""
    if type(value) is float:  # the common case, answered without the slower abstract-class check
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def check_eps(eps: float) -> float:
    """``eps`` is added to the variance inside the square root; it must be a positive finite number."""
    if not is_real(eps) or not math.isfinite(eps) or eps <= 0:
        raise ValueError(f"eps must be a positive number, got {eps!r}")
    return float(eps)


def check_momentum(momentum: float | None) -> float | None:
    """PyTorch's momentum: the weight of the new batch statistic, in [0, 1]; None means a cumulative average."""
    if momentum is None:
        return None
    if not is_real(momentum) or not 0.0 <= momentum <= 1.0:
        raise ValueError(f"momentum must be in [0, 1] (or None for a cumulative average), got {momentum!r}")
    return float(momentum)


def check_groups(channels: int, groups: int) -> int:
    """GroupNorm splits the channels into groups of equal size, so ``groups`` must be a positive divisor of them."""
    groups = check_num_features(groups, "num_groups")
    if channels % groups:
        raise ValueError(
            f"{groups} groups cannot split {channels} channels into equal groups: "
            "the number of groups must divide the number of channels"
        )
    return groups


def check_num_features(num_features: int, name: str = "num_features") -> int:
    """A channel count: a positive integer."""
    if isinstance(num_features, bool) or int(num_features) != num_features or num_features < 1:
        raise ValueError(f"{name} must be a positive integer, got {num_features!r}")
    return int(num_features)
