"""The data sets the networks learn from (the walkthrough's feature tables are ``bncore.data.feature_batch``).

``load_dataset`` returns (X_train, y_train, X_test, y_test): X float32 (n, features), y int64 (n,), a fixed 80/20 split.

- "digits": the UCI handwritten digits, 1,797 8x8 images, pixels scaled to [0, 1], 10 classes
  (DIGITS.md, next to this file). The split is the same for every seed, so every learner is scored on the same
  360 test images.
- "spirals": three interleaved 2-D spirals (the CS231n toy problem), generated from the seed.
- "blobs": four overlapping 2-D Gaussian blobs, generated from the seed.
"""

from __future__ import annotations

from importlib import resources

import numpy as np

DATASETS = ("digits", "spirals", "blobs")
TEST_FRACTION = 0.2
_DIGITS_SPLIT_SEED = 20150211  # fixed: the split never depends on the learner's seed


def load_dataset(name: str, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Load a data set by name and split it 80/20 into train and test.

    Returns:
        X_train (n_train, d) float32, y_train (n_train,) int64, X_test (n_test, d) float32, y_test (n_test,) int64.
    """
    if name == "digits":
        X, y = _digits()
        split_seed = _DIGITS_SPLIT_SEED
    elif name == "spirals":
        X, y = _spirals(seed)
        split_seed = seed
    elif name == "blobs":
        X, y = _blobs(seed)
        split_seed = seed
    else:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS)}; got {name!r}")
    order = np.random.default_rng(split_seed).permutation(len(y))
    n_test = round(len(y) * TEST_FRACTION)
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]


def num_classes(name: str) -> int:
    """How many classes a data set has."""
    return {"digits": 10, "spirals": 3, "blobs": 4}[name]


def _digits() -> tuple[np.ndarray, np.ndarray]:
    with resources.files("bncore.data").joinpath("digits.npz").open("rb") as f:
        data = np.load(f)
        images, labels = data["images"], data["labels"]
    return (images / np.float32(16.0)).astype(np.float32), labels.astype(np.int64)


def _spirals(seed: int, points_per_class: int = 300, classes: int = 3, noise: float = 0.25):
    rng = np.random.default_rng(seed)
    X, y = [], []
    for k in range(classes):
        radius = np.linspace(0.05, 1.0, points_per_class)
        angle = np.linspace(k * 4.0, (k + 1) * 4.0, points_per_class) + rng.normal(0, noise, points_per_class)
        X.append(np.column_stack([radius * np.sin(angle), radius * np.cos(angle)]))
        y.append(np.full(points_per_class, k))
    return np.concatenate(X).astype(np.float32), np.concatenate(y).astype(np.int64)


def _blobs(seed: int, points_per_class: int = 200, classes: int = 4, spread: float = 1.2):
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(classes) / classes + rng.uniform(0, np.pi / classes)
    centers = 3.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    X = np.concatenate([rng.normal(c, spread, size=(points_per_class, 2)) for c in centers])
    y = np.repeat(np.arange(classes), points_per_class)
    return X.astype(np.float32), y.astype(np.int64)
