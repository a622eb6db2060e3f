"""The numbers a generated question gives: seeded feature columns with one decimal, and the tables that show them."""

from __future__ import annotations

import numpy as np

from quizzes.generators.worked import rounded
from quizzes.model import DataTable


def draw_column(rng: np.random.Generator, n: int) -> np.ndarray:
    """n values of one feature, rounded to one decimal, with a clear spread (variance above 0.2): (n,)."""
    while True:
        values = np.round(rng.normal(rng.uniform(-2.0, 4.0), rng.uniform(0.8, 2.5), size=n), 1) + 0.0  # no -0.0
        if values.var() > 0.2:
            return values


def example_labels(n: int) -> tuple[str, ...]:
    return tuple(f"example {i + 1}" for i in range(n))


def table(columns: dict[str, np.ndarray], index: tuple[str, ...]) -> DataTable:
    """A DataTable of equally long columns, every value as printed (no float noise such as 1.7999999999999998)."""
    names = tuple(columns)
    rows = tuple(tuple(rounded(columns[name][i]) for name in names) for i in range(len(index)))
    return DataTable(names, index, rows)


def features_table(x: np.ndarray) -> DataTable:
    """A (N, F) batch with columns F0, F1, ... and one row per example."""
    return table({f"F{j}": x[:, j] for j in range(x.shape[1])}, example_labels(len(x)))


def single_feature_table(x: np.ndarray, extra: dict[str, np.ndarray] | None = None) -> DataTable:
    """One feature x (N,) and optional further columns of the same length (e.g. the upstream gradients)."""
    return table({"x": x, **(extra or {})}, example_labels(len(x)))
