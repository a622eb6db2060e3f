"""Small feature tables for the walkthrough: a mini-batch whose features live on very different scales.

Feature j has its own mean and spread (F0 near 0 with spread 2.5 ... F3 near 30 with spread 4, and so on), which is
exactly the situation normalization is for. Values are rounded to two decimals so that every number on the page can
be read and checked by hand.
"""

from __future__ import annotations

import numpy as np

FEATURE_MEANS = (0.0, -5.0, 12.0, 30.0, 3.0, -20.0, 50.0, 1.0)
FEATURE_SPREADS = (2.5, 0.8, 6.0, 4.0, 1.5, 10.0, 3.0, 0.2)
KINDS = ("normal", "uniform", "skewed", "outliers")
MAX_FEATURES = len(FEATURE_MEANS)


def make_feature_batch(m: int = 8, features: int = 4, kind: str = "normal", seed: int = 0) -> np.ndarray:
    """A seeded (m, features) float64 batch, two decimals, with clearly different per-feature means and spreads.

    Args:
        m: batch size (>= 1).
        features: 1..8.
        kind: "normal"; "uniform" (same mean and spread, flat); "skewed" (a long right tail, exponential);
            "outliers" (normal, plus one sample per feature pushed 6 spreads away).
        seed: the batch is a pure function of the arguments.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    if not 1 <= features <= MAX_FEATURES:
        raise ValueError(f"features must be between 1 and {MAX_FEATURES}, got {features}")
    if m < 1:
        raise ValueError(f"m must be at least 1, got {m}")
    rng = np.random.default_rng(seed)
    mean = np.array(FEATURE_MEANS[:features])
    spread = np.array(FEATURE_SPREADS[:features])
    unit = unit_samples("normal" if kind == "outliers" else kind, (m, features), rng)
    if kind == "outliers":
        rows = rng.integers(0, m, features)
        unit[rows, np.arange(features)] = 6.0 * rng.choice([-1.0, 1.0], features)
    return np.round(mean + spread * unit, 2)


def unit_samples(kind: str, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """Samples with mean 0 and variance 1 of a "normal", "uniform" (flat) or "skewed" (exponential) shape."""
    if kind == "normal":
        return rng.standard_normal(shape)
    if kind == "uniform":
        return rng.uniform(-np.sqrt(3.0), np.sqrt(3.0), shape)
    if kind == "skewed":
        return rng.exponential(1.0, shape) - 1.0  # skewness 2
    raise ValueError(f"kind must be one of normal, uniform, skewed; got {kind!r}")
