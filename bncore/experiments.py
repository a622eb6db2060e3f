"""The experiments behind the practice loops: each one a seeded, pure function that returns plain data.

Every experiment reports an ``outcome``: which of its fixed ``OUTCOMES`` the numbers actually show. A practice loop
offers exactly those outcomes as its choices, so "did the prediction hold?" is answered by the measurement, never by
a hard-coded key; the tests check that the default settings show the outcome the loop teaches.

This module holds the experiments on batch statistics and single layers (no training); those that train a network on
digits live in ``bncore.training_experiments``. ``EXPERIMENTS`` maps every experiment's name to its function and
``OUTCOMES`` to its possible outcomes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bncore.batch_norm import batch_norm_backward_compact, batch_norm_forward
from bncore.batch_norm_layer import BatchNorm
from bncore.feature_batch import make_feature_batch, unit_samples
from bncore.layer_norm import layer_norm_forward
from bncore.training_experiments import (
    DROP_OUTCOMES,
    learning_rate_tolerance,
    non_iid_batches,
    small_batch_training,
    train_inference_mismatch,
    two_arm_outcome,
)

POPULATIONS = ("normal", "skewed", "uniform")
POPULATION_MEAN, POPULATION_STD = 3.0, 2.0
BATCH_SIZES = (2, 4, 8, 16, 32, 64, 128, 256)
COMPARED_SIZES = (4, 16)  # the batch sizes the noise loop asks about: a factor of 4 apart


def draw_population(kind: str, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """Samples with mean 3 and standard deviation 2 from a normal, a skewed (exponential) or a uniform population."""
    if kind not in POPULATIONS:
        raise ValueError(f"population must be one of {', '.join(POPULATIONS)}; got {kind!r}")
    return POPULATION_MEAN + POPULATION_STD * unit_samples(kind, shape, rng)


def nearest_ratio(ratio: float, candidates: dict[str, float]) -> str:
    """The name of the candidate ratio closest to ``ratio`` on a log scale."""
    return min(candidates, key=lambda name: abs(np.log(ratio) - np.log(candidates[name])))


# 1. Batch size vs noise in the batch statistics ------------------------------------------------------------------


@dataclass(frozen=True)
class BatchStatisticsNoise:
    sizes: np.ndarray  # (S,) batch sizes m
    mean_spread: np.ndarray  # (S,) standard deviation of mu_B over the batches
    var_spread: np.ndarray  # (S,) standard deviation of the biased sigma^2_B over the batches
    mean_spread_theory: np.ndarray  # (S,) sigma / sqrt(m)
    ratio: float  # mean_spread at m=4 over mean_spread at m=16
    outcome: str


NOISE_OUTCOMES = ("quarters", "halves", "unchanged", "grows")


def batch_statistics_noise(population: str = "normal", batches: int = 2000, seed: int = 0) -> BatchStatisticsNoise:
    """Draw ``batches`` batches of every size m in BATCH_SIZES and measure how much mu_B and sigma^2_B vary.

    The spread of mu_B is sigma / sqrt(m) for any population (the 1/sqrt(m) law), so quadrupling m halves it.
    Outcome: how the spread of mu_B changes from m = 4 to m = 16 (nearest of x1/4, x1/2, x1, x2).
    """
    rng = np.random.default_rng(seed)
    mean_spread, var_spread = [], []
    for m in BATCH_SIZES:
        x = draw_population(population, (batches, m), rng)  # (batches, m): one batch per row
        mean_spread.append(x.mean(axis=1).std())
        var_spread.append(x.var(axis=1).std())
    sizes = np.array(BATCH_SIZES)
    mean_spread = np.array(mean_spread)
    small, large = (BATCH_SIZES.index(m) for m in COMPARED_SIZES)
    ratio = float(mean_spread[small] / mean_spread[large])
    outcome = nearest_ratio(1.0 / ratio, {"quarters": 0.25, "halves": 0.5, "unchanged": 1.0, "grows": 2.0})
    return BatchStatisticsNoise(
        sizes, mean_spread, np.array(var_spread), POPULATION_STD / np.sqrt(sizes), ratio, outcome
    )


# 3. LayerNorm avoids batch coupling ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchCoupling:
    batch_norm_before: np.ndarray  # (F,) sample 0's BN output
    batch_norm_after: np.ndarray  # (F,) the same after another sample changed
    layer_norm_before: np.ndarray  # (F,) sample 0's LN output
    layer_norm_after: np.ndarray  # (F,)
    batch_norm_shift: float  # max |after - before|
    layer_norm_shift: float
    outcome: str


COUPLING_OUTCOMES = ("batch_norm_only", "both", "neither", "layer_norm_only")
MOVED = 1e-9  # an output "moved" when it changed by more than rounding


def batch_coupling(m: int = 8, features: int = 4, seed: int = 0) -> BatchCoupling:
    """Change the last sample of an (m, features) batch by five spreads and watch sample 0's outputs.

    BN normalizes with the batch's mean and variance, which the changed sample moves; LN normalizes each sample over
    its own features, so sample 0's LN output cannot move. Outcome: which of the two outputs moved.
    """
    x = make_feature_batch(m=m, features=features, seed=seed)  # (m, F)
    changed = x.copy()
    changed[-1] += 5.0 * x.std(axis=0)
    bn_before, bn_after = (batch_norm_forward(batch)[0][0] for batch in (x, changed))
    ln_before, ln_after = (layer_norm_forward(batch)[0][0] for batch in (x, changed))
    bn_shift = float(np.abs(bn_after - bn_before).max())
    ln_shift = float(np.abs(ln_after - ln_before).max())
    outcome = two_arm_outcome(bn_shift > MOVED, ln_shift > MOVED, "layer_norm_only")
    return BatchCoupling(bn_before, bn_after, ln_before, ln_after, bn_shift, ln_shift, outcome)


# 6. gamma and beta can undo the normalization --------------------------------------------------------------------


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


# 8. Weight-scale invariance --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightScaleInvariance:
    scales: np.ndarray  # (S,) the factors a, always including 1
    output_change: np.ndarray  # (S,) max |BN(a W u) - BN(W u)|
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
        np.array([weight_grads[a] for a in scales]),
        np.array([input_grads[a] for a in scales]),
        float(scale),
        outcome,
    )


# 9. Running statistics converge; momentum trades noise for lag ---------------------------------------------------


@dataclass(frozen=True)
class RunningStatistics:
    momenta: tuple[float | None, ...]  # PyTorch convention; None is the cumulative average
    running_mean: np.ndarray  # (len(momenta), steps + 1) running_mean after each step (column 0: the start, 0)
    population_mean: float
    lag: np.ndarray  # (len(momenta),) first step within 10% of the population mean (steps + 1 if never)
    noise: np.ndarray  # (len(momenta),) std of running_mean over the last quarter of the steps
    outcome: str


RUNNING_OUTCOMES = ("fast_and_noisy", "fast_and_smooth", "slow_and_noisy", "slow_and_smooth")
MOMENTA = (0.01, 0.1, 0.5, None)
NEAR = 0.1  # "arrived": within 10% of the population mean


def running_statistics(m: int = 32, steps: int = 400, seed: int = 0) -> RunningStatistics:
    """Feed batches of m samples from N(3, 2^2) through BatchNorm layers that differ only in momentum.

    running_mean starts at 0 and moves a fraction `momentum` of the way to each batch mean: a large momentum
    arrives quickly but follows every batch's noise; a small one is smooth but lags. Outcome: compares momentum
    0.5 with 0.01, is it faster (smaller lag), and is it noisier?
    """
    rng = np.random.default_rng(seed)
    batches = draw_population("normal", (steps, m, 1), rng)  # (steps, m, 1): one (m, 1) batch per step
    curves = []
    for momentum in MOMENTA:
        layer = BatchNorm(1, momentum=momentum)
        curve = [layer.running_mean[0]]
        for batch in batches:
            layer.forward(batch, training=True)
            curve.append(layer.running_mean[0])
        curves.append(curve)
    curves = np.array(curves)  # (momenta, steps + 1)
    near = np.abs(curves - POPULATION_MEAN) < NEAR * POPULATION_MEAN
    lag = np.where(near.any(axis=1), near.argmax(axis=1), steps + 1)
    noise = curves[:, -(steps // 4) :].std(axis=1)
    fast, slow = MOMENTA.index(0.5), MOMENTA.index(0.01)
    speed = "fast" if lag[fast] < lag[slow] else "slow"
    texture = "noisy" if noise[fast] > noise[slow] else "smooth"
    return RunningStatistics(MOMENTA, curves, POPULATION_MEAN, lag, noise, f"{speed}_and_{texture}")


EXPERIMENTS: dict[str, Callable] = {
    "batch_statistics_noise": batch_statistics_noise,
    "small_batch_training": small_batch_training,
    "batch_coupling": batch_coupling,
    "train_inference_mismatch": train_inference_mismatch,
    "learning_rate_tolerance": learning_rate_tolerance,
    "undo_normalization": undo_normalization,
    "non_iid_batches": non_iid_batches,
    "weight_scale_invariance": weight_scale_invariance,
    "running_statistics": running_statistics,
}

OUTCOMES: dict[str, tuple[str, ...]] = {
    "batch_statistics_noise": NOISE_OUTCOMES,
    "small_batch_training": ("batch_2", "batch_4", "batch_16", "batch_64"),
    "batch_coupling": COUPLING_OUTCOMES,
    "train_inference_mismatch": DROP_OUTCOMES,
    "learning_rate_tolerance": ("batch_norm_only", "both", "neither", "plain_only"),
    "undo_normalization": UNDO_OUTCOMES,
    "non_iid_batches": DROP_OUTCOMES,
    "weight_scale_invariance": SCALE_OUTCOMES,
    "running_statistics": RUNNING_OUTCOMES,
}


def run_experiment(name: str, **params):
    """Run the experiment called ``name`` with keyword parameters; ValueError for an unknown name."""
    if name not in EXPERIMENTS:
        raise ValueError(f"unknown experiment {name!r}; known: {', '.join(EXPERIMENTS)}")
    return EXPERIMENTS[name](**params)
