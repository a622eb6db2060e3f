"""Every number the gradient-flow page shows, computed by bncore from the page's settings. Pure: arrays in, arrays
out (no Streamlit), so the page only reads widgets and renders."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bncore import batch_norm_backward_compact, batch_norm_backward_steps, batch_norm_forward
from bncore.experiments.gradient_flow import GradientCheck, check_gradients, upstream_gradient
from bncore.norm.batch_norm import BatchNormCache, BatchNormGradients
from bncore.norm.jacobians import batch_norm_jacobian, layer_norm_jacobian, numerical_jacobian


@dataclass(frozen=True)
class BackwardNumbers:
    x: np.ndarray  # (m, d) the batch
    gamma: np.ndarray  # (d,) the same γ for every feature
    beta: np.ndarray  # (d,)
    y: np.ndarray  # (m, d) the forward pass in training mode
    cache: BatchNormCache
    dy: np.ndarray  # (m, d) the upstream gradient
    grads: BatchNormGradients  # every intermediate gradient of the step-by-step backward pass
    dx_compact: np.ndarray  # (m, d) dx by the closed form

    @property
    def forms_gap(self) -> float:
        """The largest |dx (steps) - dx (closed form)|: rounding only."""
        return float(np.abs(self.grads.dx - self.dx_compact).max())


def backward_numbers(
    x: np.ndarray, gamma: float, beta: float, dy_kind: str, *, seed: int, sample: int, feature: int
) -> BackwardNumbers:
    """Forward and backward through BN for batch x with one γ and β for all features; dy of ``dy_kind`` (the one-hot
    kind puts its 1 at (sample, feature))."""
    d = x.shape[1]
    gammas, betas = np.full(d, gamma), np.full(d, beta)
    y, cache = batch_norm_forward(x, gammas, betas)
    dy = upstream_gradient(dy_kind, y, seed=seed, position=(sample, feature))
    grads = batch_norm_backward_steps(dy, cache)
    return BackwardNumbers(x, gammas, betas, y, cache, dy, grads, batch_norm_backward_compact(dy, cache)[0])


def gradient_checks(n: BackwardNumbers, *, dtype: str, step: float, drop: str) -> tuple[GradientCheck, GradientCheck]:
    """The check of the chosen backward pass, and of the correct one (the same object when nothing is dropped)."""
    check = check_gradients(n.x, n.gamma, n.beta, n.dy, dtype=dtype, step=step, drop=drop)
    correct = check if drop == "none" else check_gradients(n.x, n.gamma, n.beta, n.dy, dtype=dtype, step=step)
    return check, correct


@dataclass(frozen=True)
class Coupling:
    batch_norm: np.ndarray  # (m, m) dy_j / dx_i for one feature across the batch
    layer_norm: np.ndarray  # (d, d) dy_j / dx_i for one sample across its features
    batch_norm_check: float  # the largest |analytic - central difference| of the BatchNorm Jacobian


def coupling(n: BackwardNumbers, *, sample: int, feature: int) -> Coupling:
    """The Jacobians that show which inputs move which outputs: BatchNorm couples a feature across the batch,
    LayerNorm a sample across its features."""
    column, gamma = n.x[:, feature], n.gamma[:1]
    bn = batch_norm_jacobian(column, float(gamma[0]))
    numeric = numerical_jacobian(lambda v: batch_norm_forward(v.reshape(-1, 1), gamma)[0], column)
    return Coupling(bn, layer_norm_jacobian(n.x[sample], n.gamma), float(np.abs(bn - numeric).max()))
