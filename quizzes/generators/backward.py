"""Generated questions on the backward pass of one feature: ∂L/∂β and ∂L/∂γ from upstream gradients ∂L/∂y."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bncore import batch_norm_backward, batch_norm_forward
from quizzes.generators.normalization import EPS, XHAT
from quizzes.generators.question import numeric_question
from quizzes.generators.tables import draw_column, single_feature_table
from quizzes.generators.worked import EPS_TEXT, equals, exact_note, num, par, plus, rounded
from quizzes.model import Question
from quizzes.precision import PRECISION_NOTE


@dataclass(frozen=True)
class BackwardBatch:
    x: np.ndarray  # (4,) inputs, one decimal
    dy: np.ndarray  # (4,) upstream gradients ∂L/∂y, one decimal
    gamma: float
    x_hat: np.ndarray  # (4,) bncore's x̂
    dgamma: float  # bncore's ∂L/∂γ
    dbeta: float  # bncore's ∂L/∂β


def backward_batch(seed: int) -> BackwardBatch:
    """The seeded inputs of the gradient questions and bncore's answers."""
    rng = np.random.default_rng(seed)
    x = draw_column(rng, 4)
    dy = np.round(rng.normal(0.0, 1.0, size=4), 1) + 0.0
    gamma = float(rng.choice([0.5, 2.0, 3.0]))
    _, cache = batch_norm_forward(x.reshape(4, 1), gamma=[gamma], beta=[0.0], eps=EPS)
    _, dgamma, dbeta = batch_norm_backward(dy.reshape(4, 1), cache)
    return BackwardBatch(x, dy, gamma, cache.x_hat[:, 0], float(dgamma[0]), float(dbeta[0]))


def dbeta(seed: int) -> Question:
    """dL/dβ from an upstream gradient."""
    b = backward_batch(seed)
    return numeric_question(
        "dbeta",
        seed,
        f"A batch-norm layer (training mode, γ = {num(b.gamma)}, β = 0) saw the 4 inputs x below and receives the "
        f"upstream gradients ∂L/∂y. What is ∂L/∂β? {PRECISION_NOTE}",
        b.dbeta,
        f"y = γ·{XHAT} + β, so ∂y_i/∂β = 1 for every example and ∂L/∂β = Σ ∂L/∂y_i = {plus(b.dy)} "
        f"{equals(b.dy.sum())}. Neither x nor γ enters.",
        [
            (b.dy.mean(), "You averaged the gradients; β is shared by every example, so their gradients add up."),
            (b.gamma * b.dy.sum(), "γ does not multiply β: ∂y/∂β = 1."),
            (b.dgamma, f"That is ∂L/∂γ = Σ ∂L/∂y · {XHAT}; for β each ∂L/∂y counts once."),
        ],
        single_feature_table(b.x, {"∂L/∂y": b.dy}),
    )


def dgamma(seed: int) -> Question:
    """dL/dγ from an upstream gradient, worked with x̂ to 4 decimals."""
    b = backward_batch(seed)
    mean, var = rounded(b.x.mean()), rounded(b.x.var())
    x_hat = [rounded((v - mean) / np.sqrt(var + EPS)) for v in b.x]
    worked = float(sum(g * h for g, h in zip(b.dy, x_hat)))
    terms = " + ".join(f"{par(g)}·{par(h)}" for g, h in zip(b.dy, x_hat))
    return numeric_question(
        "dgamma",
        seed,
        f"A batch-norm layer (training mode, γ = {num(b.gamma)}, β = 0, ε = 10⁻⁵) saw the 4 inputs x below and "
        f"receives the upstream gradients ∂L/∂y. What is ∂L/∂γ? {PRECISION_NOTE}",
        b.dgamma,
        f"y = γ·{XHAT} + β, so ∂L/∂γ = Σ ∂L/∂y_i · $\\hat{{x}}_i$. Here μ = {num(mean)} and σ² {equals(b.x.var())}, so "
        f"{XHAT} = (x − μ) / √({num(var)} + {EPS_TEXT}) is, to 4 decimals, {', '.join(num(h) for h in x_hat)}, "
        f"and ∂L/∂γ = {terms} {equals(worked)}.{exact_note(worked, b.dgamma)}",
        [
            (
                float((b.dy * b.x).sum()),
                f"You multiplied by the raw x; γ multiplies the normalized {XHAT}, so use {XHAT}.",
            ),
            (b.dbeta, f"That is ∂L/∂β = Σ ∂L/∂y; for γ each term is weighted by {XHAT}."),
            (b.gamma * b.dgamma, f"γ does not appear in its own gradient: ∂y/∂γ = {XHAT}."),
        ],
        single_feature_table(b.x, {"∂L/∂y": b.dy}),
    )
