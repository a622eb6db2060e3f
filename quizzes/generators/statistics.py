"""Generated questions on one feature's batch statistics: its mean μ and its (biased) variance σ²."""

from __future__ import annotations

import numpy as np

from bncore import batch_norm_forward
from quizzes.generators.question import numeric_question
from quizzes.generators.tables import draw_column, features_table
from quizzes.generators.worked import equals, exact_note, num, plus, rounded
from quizzes.model import Question
from quizzes.precision import PRECISION_NOTE


def _batch(seed: int) -> tuple[np.ndarray, int, np.random.Generator]:
    """A (N, 3) batch of one-decimal values (N = 4 or 5) and the feature the question asks about."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 6))
    x = np.stack([draw_column(rng, n) for _ in range(3)], axis=1)  # (N, 3)
    return x, int(rng.integers(3)), rng


def batch_mean(seed: int) -> Question:
    """μ of one feature of a (N, 3) batch."""
    x, feature, _ = _batch(seed)
    n = len(x)
    answer = batch_norm_forward(x)[1].mean[feature]
    column = x[:, feature]
    return numeric_question(
        "batch_mean",
        seed,
        f"A mini-batch of {n} examples with 3 features enters a batch-norm layer in training mode. "
        f"What is the batch mean μ of feature **F{feature}**? {PRECISION_NOTE}",
        answer,
        f"Batch norm keeps one mean per feature, taken over the {n} examples of the batch: "
        f"μ = ({plus(column)}) / {n} = {num(column.sum())} / {n} {equals(column.sum() / n)}.",
        [
            (
                x.mean(),
                "That is the mean of the whole table. Batch norm keeps one mean per feature: average the "
                f"column F{feature} only.",
            ),
            (column.sum() / (n - 1), f"You divided by N − 1 = {n - 1}; a mean divides the sum by N = {n}."),
        ],
        features_table(x),
    )


def batch_variance(seed: int) -> Question:
    """Biased σ² of one feature of a (N, 3) batch, worked with 4-decimal squares."""
    x, feature, _ = _batch(seed)
    n = len(x)
    _, cache = batch_norm_forward(x)
    column, answer = x[:, feature], cache.var[feature]
    mean = rounded(column.sum() / n)  # exact: one-decimal values over 4 or 5 have at most 3 decimals
    squares = [rounded((v - mean) ** 2) for v in column]
    total = rounded(sum(squares))  # exact: a sum of 4-decimal numbers
    worked = total / n
    return numeric_question(
        "batch_variance",
        seed,
        f"A mini-batch of {n} examples with 3 features enters a batch-norm layer in training mode. "
        f"What variance σ² does it normalize feature **F{feature}** with? {PRECISION_NOTE}",
        answer,
        f"μ = ({plus(column)}) / {n} {equals(column.sum() / n)}. The squared deviations (x − μ)², to 4 decimals, "
        f"are {', '.join(num(s) for s in squares)}; training mode divides their sum by N = {n} (the biased "
        f"variance): σ² = ({plus(squares)}) / {n} = {num(total)} / {n} {equals(worked)}." + exact_note(worked, answer),
        [
            (
                answer * n / (n - 1),
                f"You divided by N − 1 = {n - 1}: that unbiased variance is what PyTorch puts into running_var, but "
                "the normalization itself uses the biased one (divide by N).",
            ),
            (np.sqrt(answer), "That is the standard deviation σ; the question asks for the variance σ²."),
            (
                np.abs(cache.x_centered[:, feature]).mean(),
                "That is the mean absolute deviation; the variance averages the squared deviations.",
            ),
        ],
        features_table(x),
    )
