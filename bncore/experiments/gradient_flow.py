"""The numbers of the gradient-flow lab: upstream gradients, the three paths into dx, deliberately broken backward
passes, the gradient check, and the projection property of dx.

Builds on the step-by-step backward of ``bncore.norm.batch_norm`` (Ioffe & Szegedy, 2015, section 3). In the forward
pass x_i reaches x_hat_i three ways: directly, through the batch variance and through the batch mean, so

    dx_i = dx_hat_i / sqrt(var + eps)  +  dvar * 2 (x_i - mu) / m  +  dmean / m
           (direct)                       (through the variance)     (through the mean)

A backward pass that forgets one of the two batch paths is the classic bug; a central-difference gradient check in
float64 catches it. Shapes: the batch x is (m, d), m samples of d features; gamma and beta are (d,).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from bncore.norm.batch_norm import (
    BatchNormCache,
    BatchNormGradients,
    batch_norm_backward_steps,
    batch_norm_forward,
    per_channel,
)
from bncore.norm.gradcheck import (
    elementwise_relative_error,
    numerical_gradient,
    relative_error,
)

DY_KINDS = ("random", "sum_of_squares", "one_hot")
BROKEN_PATHS = ("none", "variance", "mean")  # which batch path a broken backward pass forgets
DTYPES = ("float64", "float32")
PASS_BELOW = 1e-7  # a float64 gradient check passes below this relative error
ABSOLUTE_PASS = 1e-8  # ... or where the true gradient is about zero (relative error is then meaningless), below this
FAIL_ABOVE = 1e-2  # above this relative error the analytic gradient is almost certainly wrong (or the check is)


def upstream_gradient(kind: str, y: np.ndarray, *, seed: int = 0, position: tuple[int, int] = (0, 0)) -> np.ndarray:
    """dL/dy, shape of y (m, d), for a loss the learner picks.

    "random": standard normal, two decimals: a stand-in for whatever the layers above send back.
    "sum_of_squares": L = sum(y**2), so dL/dy = 2 y.
    "one_hot": L = y[position], so dL/dy is 1 at that (sample, feature) and 0 elsewhere.
    """
    if kind == "random":
        return np.round(np.random.default_rng([seed, 7]).standard_normal(y.shape), 2)
    if kind == "sum_of_squares":
        return 2.0 * y
    if kind == "one_hot":
        dy = np.zeros_like(y)
        dy[position] = 1.0
        return dy
    raise ValueError(f"kind must be one of {', '.join(DY_KINDS)}; got {kind!r}")


class DxPaths(NamedTuple):
    """The three terms of dx (each the shape of x); they add up to the step-by-step dx."""

    direct: np.ndarray  # dx_hat / sqrt(var + eps)
    through_variance: np.ndarray  # dvar * 2 (x - mu) / m
    through_mean: np.ndarray  # dmean / m


def dx_paths(grads: BatchNormGradients, cache: BatchNormCache) -> DxPaths:
    """Split the step-by-step dx into its direct, variance and mean paths (the last line of the backward pass)."""
    ndim = grads.dx.ndim
    return DxPaths(
        grads.dx_hat * cache.inv_std,
        per_channel(grads.dvar, ndim) * 2.0 * cache.x_centered / cache.count,
        np.broadcast_to(per_channel(grads.dmean, ndim) / cache.count, grads.dx.shape).copy(),  # same for every i
    )


def broken_backward(dy: np.ndarray, cache: BatchNormCache, drop: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dx, dgamma, dbeta) from a backward pass that treats the batch variance or mean as a constant.

    drop="variance": var is taken as fixed, so neither dx nor dmean receives the dvar terms.
    drop="mean": mu is taken as fixed, so the dmean / m term is missing from dx.
    drop="none": the correct step-by-step pass. dgamma and dbeta are right in every case; only dx breaks.
    """
    if drop not in BROKEN_PATHS:
        raise ValueError(f"drop must be one of {', '.join(BROKEN_PATHS)}; got {drop!r}")
    grads = batch_norm_backward_steps(dy, cache)
    paths = dx_paths(grads, cache)
    if drop == "variance":
        dmean_without_variance = (-grads.dx_hat * cache.inv_std).sum(axis=cache.axes)  # (d,)
        dx = paths.direct + per_channel(dmean_without_variance, dy.ndim) / cache.count
    elif drop == "mean":
        dx = paths.direct + paths.through_variance
    else:
        dx = grads.dx
    return dx, grads.dgamma, grads.dbeta


@dataclass(frozen=True)
class ParameterCheck:
    """Analytic against numerical gradient for one argument of the forward pass."""

    name: str  # "x", "gamma" or "beta"
    analytic: np.ndarray  # (m, d) for x, (d,) for gamma and beta
    numerical: np.ndarray  # same shape, central differences
    entry_errors: np.ndarray  # same shape, |a - n| / (|a| + |n|) entry by entry
    error: float  # ||a - n|| / (||a|| + ||n||), the number a gradient check reports
    max_abs_error: float  # max |a - n|

    @property
    def verdict(self) -> str:
        return verdict(self.error, self.max_abs_error)


@dataclass(frozen=True)
class GradientCheck:
    dtype: str  # "float64" | "float32": the precision of the forward pass, the analytic and the numerical gradient
    step: float  # h of the central differences
    drop: str  # the path the analytic backward pass forgot ("none" when correct)
    parameters: tuple[ParameterCheck, ...]  # x, gamma, beta
    dropped_path: float  # max |term of dx the broken pass left out|; 0 when correct (and when dy never uses it)

    @property
    def worst(self) -> ParameterCheck:
        return max(self.parameters, key=lambda p: p.error)


def verdict(error: float, max_abs_error: float) -> str:
    """ "pass" below a relative error of 1e-7 (or an absolute one of 1e-8), "fail" above 1e-2, "inconclusive" between.

    The absolute tolerance covers gradients that are truly about zero (dbeta when dy sums to zero, dx when m = 2),
    where rounding noise of order 1e-11 makes the relative error large although nothing is wrong.
    """
    if error < PASS_BELOW or max_abs_error < ABSOLUTE_PASS:
        return "pass"
    return "fail" if error > FAIL_ABOVE else "inconclusive"


def check_gradients(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    dy: np.ndarray,
    *,
    dtype: str = "float64",
    step: float = 1e-5,
    drop: str = "none",
    eps: float = 1e-5,
) -> GradientCheck:
    """Gradient check of batch norm's backward pass against central differences of the training-mode forward pass.

    Args:
        x: (m, d) batch; gamma, beta: (d,); dy: (m, d) upstream gradient, the check differentiates sum(y * dy).
        dtype: everything (forward, backward, differences) is computed in this precision.
        step: h of the central differences.
        drop: "none" checks the real backward pass; "variance" or "mean" a broken one (see ``broken_backward``).
        eps: batch norm's epsilon.
    """
    if dtype not in DTYPES:
        raise ValueError(f"dtype must be one of {', '.join(DTYPES)}; got {dtype!r}")
    x, gamma, beta, dy = (np.array(a, dtype=dtype) for a in (x, gamma, beta, dy))
    _, cache = batch_norm_forward(x, gamma, beta, eps)
    dx, dgamma, dbeta = broken_backward(dy, cache, drop)
    analytic = {"x": dx, "gamma": dgamma, "beta": dbeta}
    dropped_path = float(np.abs(batch_norm_backward_steps(dy, cache).dx - dx).max())
    forwards = {
        "x": lambda v: batch_norm_forward(v, gamma, beta, eps)[0],
        "gamma": lambda v: batch_norm_forward(x, v, beta, eps)[0],
        "beta": lambda v: batch_norm_forward(x, gamma, v, eps)[0],
    }
    points = {"x": x, "gamma": gamma, "beta": beta}
    checks = []
    for name in ("x", "gamma", "beta"):
        numerical = numerical_gradient(forwards[name], points[name].copy(), dy, step)
        checks.append(
            ParameterCheck(
                name,
                analytic[name],
                numerical,
                elementwise_relative_error(analytic[name], numerical),
                relative_error(analytic[name], numerical),
                float(np.abs(analytic[name] - numerical).max()),
            )
        )
    return GradientCheck(dtype, step, drop, tuple(checks), dropped_path)


@dataclass(frozen=True)
class ProjectionCheck:
    """dx is dy with its per-feature mean and its component along x_hat removed (then scaled by gamma / sigma)."""

    dx_sum: np.ndarray  # (d,) sum_i dx_i: zero up to rounding
    dx_dot_x_hat: np.ndarray  # (d,) sum_i dx_i * x_hat_i
    eps_leftover: np.ndarray  # (d,) gamma * dgamma * eps / (var + eps)^(3/2), what dx_dot_x_hat equals exactly


def projection_check(grads: BatchNormGradients, cache: BatchNormCache) -> ProjectionCheck:
    """Measure the projection property of dx per feature.

    From the closed form dx = gamma / sqrt(var + eps) * (dy - dbeta / m - x_hat * dgamma / m), with sum_i x_hat_i = 0
    and sum_i x_hat_i**2 = m var / (var + eps):
        sum_i dx_i = 0,    sum_i dx_i x_hat_i = gamma dgamma (1 - var / (var + eps)) / sqrt(var + eps)
                                              = gamma dgamma eps / (var + eps)^(3/2),
    which vanishes as eps -> 0 and is tiny unless the feature is (almost) constant.
    """
    gamma = cache.gamma.reshape(-1)
    return ProjectionCheck(
        grads.dx.sum(axis=cache.axes),
        (grads.dx * cache.x_hat).sum(axis=cache.axes),
        gamma * grads.dgamma * cache.eps / (cache.var + cache.eps) ** 1.5,
    )
