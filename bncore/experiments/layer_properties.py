"""Experiments on one batch-norm layer's parameters: gamma and beta can undo the normalization, and the output does
not change when the weights before it are scaled, while their gradient scales by 1/a.

Each is a seeded, pure function that returns plain data with an ``outcome`` (see ``bncore.experiments.registry``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bncore.data.feature_batch import make_feature_batch
from bncore.experiments.common import nearest_ratio
from bncore.norm.batch_norm import batch_norm_backward_compact, batch_norm_forward

# gamma and beta can undo the normalization ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UndoNormalization:
    gamma: np.ndarray  # (steps + 1, F) gamma after each gradient step (row 0: the start, 1)
    beta: np.ndarray  # (steps + 1, F)
    batch_std: np.ndarray  # (F,) sqrt(sigma_B^2 + eps): the gamma that recovers the input exactly (about sigma_B)
    batch_mean: np.ndarray  # (F,) mu_B, the beta that recovers it
    error: np.ndarray  # (steps + 1,) max over features of max |y - x| / sigma_B
    outcome: str


UNDO_OUTCOMES = ("recovers", "stays_normalized", "mean_only", "partway")
RECOVERED = 0.01  # within 1% of a feature's spread


def undo_normalization(
    steps: int = 100, lr: float = 0.1, m: int = 32, features: int = 3, seed: int = 0
) -> UndoNormalization:
    """Learn only gamma and beta by gradient descent on L = mean((y - x)^2) / 2, with y = BN(x).

    The minimum is gamma = sqrt(sigma_B^2 + eps) (about sigma_B) and beta = mu_B, where y = x exactly: the layer can
    become the identity. Outcome: recovered (every output within 1% of a spread of its input), still normalized
    (gamma and beta barely moved), only the mean recovered, or on its way.
    """
    x = make_feature_batch(m=m, features=features, seed=seed)  # (m, F)
    batch_mean, batch_std = x.mean(axis=0), np.sqrt(x.var(axis=0) + 1e-5)  # eps of batch_norm_forward
    gamma, beta = np.ones(features), np.zeros(features)
    gammas, betas, errors = [gamma], [beta], []
    for step in range(steps + 1):
        y, cache = batch_norm_forward(x, gamma, beta)
        errors.append(float((np.abs(y - x) / batch_std).max()))
        if step == steps:
            break
        _, dgamma, dbeta = batch_norm_backward_compact((y - x) / m, cache)  # dL/dy = (y - x) / m
        gamma, beta = gamma - lr * dgamma, beta - lr * dbeta
        gammas.append(gamma)
        betas.append(beta)
    mean_error = float((np.abs(beta - batch_mean) / batch_std).max())
    if errors[-1] < RECOVERED:
        outcome = "recovers"
    elif np.abs(gamma - 1.0).max() < 0.05 and (np.abs(beta) / batch_std).max() < 0.05:
        outcome = "stays_normalized"
    elif mean_error < RECOVERED:
        outcome = "mean_only"
    else:
        outcome = "partway"
    return UndoNormalization(np.array(gammas), np.array(betas), batch_std, batch_mean, np.array(errors), outcome)


# Weight-scale invariance ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightScaleInvariance:
    scales: np.ndarray  # (S,) the factors a, always including 1
    output_change: np.ndarray  # (S,) max |BN(a W u) - BN(W u)|
    output_spread: np.ndarray  # (S,) standard deviation of BN(a W u) over the batch, averaged over units (1 if eps
    # is negligible; smaller once the pre-activations' variance a^2 var(W u) comes near eps)
    weight_grad_norm: np.ndarray  # (S,) ||dL/dW|| at the weights a W
    input_grad_norm: np.ndarray  # (S,) ||dL/du||
    scale: float  # the factor the loop asks about
    outcome: str


SCALE_OUTCOMES = ("gradient_divided", "gradient_unchanged", "gradient_multiplied", "output_changes")
SCALES = (0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0)
OUTPUT_CHANGED = 0.01  # 1% of the unit spread of a normalized output


def weight_scale_invariance(
    scale: float = 10.0, m: int = 64, inputs: int = 16, units: int = 8, seed: int = 0
) -> WeightScaleInvariance:
    """BN(a W u) against BN(W u) for factors a, and the gradients of L = sum(c * BN(W u)) for a fixed random c.

    Scaling W scales every pre-activation and its batch mean and spread by a, so BN's output is unchanged (up to
    eps), dL/du is unchanged, and dL/dW is divided by a (Ioffe & Szegedy, 2015, section 3.3): larger weights get
    smaller updates, which stabilizes training. Outcome at ``scale``: the output changed (eps dominates tiny
    pre-activations), else how ||dL/dW|| moved: divided by a, unchanged, or multiplied by a.
    """
    rng = np.random.default_rng(seed)
    u = rng.standard_normal((m, inputs))  # (m, inputs)
    weights = rng.standard_normal((inputs, units)) / np.sqrt(inputs)  # (inputs, units)
    upstream = rng.standard_normal((m, units))  # c = dL/dy
    scales = np.array(sorted(set(SCALES) | {1.0, float(scale)}))
    outputs, weight_grads, input_grads = {}, {}, {}
    for a in scales:
        w = a * weights
        y, cache = batch_norm_forward(u @ w)
        dz, _, _ = batch_norm_backward_compact(upstream, cache)  # (m, units)
        outputs[a], weight_grads[a], input_grads[a] = y, np.linalg.norm(u.T @ dz), np.linalg.norm(dz @ w.T)
    change = np.array([np.abs(outputs[a] - outputs[1.0]).max() for a in scales])
    spread = np.array([outputs[a].std(axis=0).mean() for a in scales])
    grad_ratio = weight_grads[float(scale)] / weight_grads[1.0]
    if np.abs(outputs[float(scale)] - outputs[1.0]).max() > OUTPUT_CHANGED:
        outcome = "output_changes"
    else:
        outcome = nearest_ratio(
            grad_ratio, {"gradient_divided": 1.0 / scale, "gradient_unchanged": 1.0, "gradient_multiplied": scale}
        )
    return WeightScaleInvariance(
        scales,
        change,
        spread,
        np.array([weight_grads[a] for a in scales]),
        np.array([input_grads[a] for a in scales]),
        float(scale),
        outcome,
    )
