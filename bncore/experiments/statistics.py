"""Experiments on batch statistics themselves, no network trained: how noisy mu_B and sigma^2_B are at each batch
size, how one sample's change moves the others' outputs, and how the running statistics follow the batches.

Each is a seeded, pure function that returns plain data with an ``outcome`` (see ``bncore.experiments.registry``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bncore.data.feature_batch import make_feature_batch, unit_samples
from bncore.experiments.common import nearest_ratio, two_arm_outcome
from bncore.norm.batch_norm import batch_norm_forward
from bncore.norm.batch_norm_layer import BatchNorm
from bncore.norm.layer_norm import layer_norm_forward

POPULATIONS = ("normal", "skewed", "uniform")
POPULATION_MEAN, POPULATION_STD = 3.0, 2.0
BATCH_SIZES = (2, 4, 8, 16, 32, 64, 128, 256)
COMPARED_SIZES = (4, 16)  # the batch sizes the noise loop asks about: a factor of 4 apart


def draw_population(kind: str, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """Samples with mean 3 and standard deviation 2 from a normal, a skewed (exponential) or a uniform population."""
    if kind not in POPULATIONS:
        raise ValueError(f"population must be one of {', '.join(POPULATIONS)}; got {kind!r}")
    return POPULATION_MEAN + POPULATION_STD * unit_samples(kind, shape, rng)


# Batch size vs noise in the batch statistics -------------------------------------------------------------------------


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


# LayerNorm avoids batch coupling -------------------------------------------------------------------------------------


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


# Running statistics converge; momentum trades noise for lag ----------------------------------------------------------


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
