"""Generated questions on the forward pass of one feature: its normalized value x̂ and the output y = γ·x̂ + β."""

from __future__ import annotations

import numpy as np

from bncore import batch_norm_forward
from quizzes.generators.question import numeric_question
from quizzes.generators.tables import draw_column, single_feature_table
from quizzes.generators.worked import EPS_TEXT, equals, exact_note, num, par, rounded
from quizzes.model import Question
from quizzes.precision import PRECISION_NOTE

EPS = 1e-5
XHAT = "$\\hat{x}$"


def normalized_step(x: np.ndarray, i: int) -> tuple[str, float]:
    """The worked normalization of example i of one feature x (N,): its text and x̂ as carried forward (4 decimals).

    μ of one-decimal values over 4 or 5 examples prints exactly; σ² is rounded to 4 decimals before ε is added.
    """
    mean, var = rounded(x.mean()), rounded(x.var())
    x_hat = rounded((x[i] - mean) / np.sqrt(var + EPS))
    text = (
        f"μ = {num(mean)} and the biased variance σ² {equals(x.var())}, so {XHAT} = (x − μ) / √(σ² + ε) = "
        f"({num(x[i])} − {par(mean)}) / √({num(var)} + {EPS_TEXT}) {equals((x[i] - mean) / np.sqrt(var + EPS))}"
    )
    return text, x_hat


def normalized_value(seed: int) -> Question:
    """x̂ of one example of a single-feature batch."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 6))
    x = draw_column(rng, n)
    i = int(rng.integers(n))
    _, cache = batch_norm_forward(x.reshape(n, 1), eps=EPS)
    mean, var, answer = cache.mean[0], cache.var[0], cache.x_hat[i, 0]
    text, worked = normalized_step(x, i)
    return numeric_question(
        "normalized_value",
        seed,
        f"One feature of a mini-batch of {n} examples, batch norm in training mode with ε = 10⁻⁵. "
        f"What is the normalized value {XHAT} of **example {i + 1}**? {PRECISION_NOTE}",
        answer,
        f"{text}.{exact_note(worked, answer)}",
        [
            (
                (x[i] - mean) / np.sqrt(var * n / (n - 1) + EPS),
                "You used the unbiased variance (divide by N − 1); training-mode normalization uses the biased one.",
            ),
            ((x[i] - mean) / (var + EPS), "You divided by the variance; divide by its square root, √(σ² + ε)."),
            (x[i] / np.sqrt(var + EPS), "You forgot to subtract the mean μ before dividing."),
        ],
        single_feature_table(x),
    )


def scaled_output(seed: int) -> Question:
    """y = γ x̂ + β of one example of a single-feature batch."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 6))
    x = draw_column(rng, n)
    i = int(rng.integers(n))
    gamma, beta = float(rng.choice([0.5, 1.5, 2.0, 3.0])), float(rng.choice([-1.0, -0.5, 0.5, 1.0, 2.0]))
    y, cache = batch_norm_forward(x.reshape(n, 1), gamma=[gamma], beta=[beta], eps=EPS)
    x_hat, answer = cache.x_hat[i, 0], y[i, 0]
    text, worked_x_hat = normalized_step(x, i)
    worked = gamma * worked_x_hat + beta
    return numeric_question(
        "scaled_output",
        seed,
        f"One feature of a mini-batch of {n} examples, batch norm in training mode with ε = 10⁻⁵, "
        f"γ = {num(gamma)} and β = {num(beta)}. What is the output y of **example {i + 1}**? {PRECISION_NOTE}",
        answer,
        f"{text}, and y = γ·{XHAT} + β = {num(gamma)} · {par(worked_x_hat)} + {par(beta)} {equals(worked)}."
        + exact_note(worked, answer),
        [
            (beta * x_hat + gamma, f"You swapped γ and β: γ scales {XHAT}, β is added."),
            (gamma * x_hat, "You forgot to add β."),
            (x_hat + beta, "You forgot to multiply by γ."),
            (x_hat, f"That is {XHAT} itself; the layer's output applies γ and β to it."),
        ],
        single_feature_table(x),
    )
