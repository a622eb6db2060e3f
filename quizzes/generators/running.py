"""Generated questions on the running statistics: how training updates them, and how eval mode uses them.

PyTorch's convention: running ← (1 − momentum)·running + momentum·batch, with the unbiased batch variance in
running_var. Keras and many textbooks write the same weighting as α·running + (1 − α)·batch with α = 1 − momentum
(the weight of the old value), and Keras keeps the biased batch variance; the explanations show both forms with the
question's numbers, so a learner checking against a textbook sees where they differ.
"""

from __future__ import annotations

import numpy as np

from bncore import BatchNorm, batch_norm_forward, batch_norm_inference
from quizzes.generators.normalization import EPS, XHAT
from quizzes.generators.question import numeric_question
from quizzes.generators.tables import draw_column, single_feature_table, table
from quizzes.generators.worked import EPS_TEXT, equals, exact_note, num, par, rounded
from quizzes.model import Question
from quizzes.precision import PRECISION_NOTE


def running_mean(seed: int) -> Question:
    """running_mean after k training steps from 0, PyTorch's momentum convention."""
    rng = np.random.default_rng(seed)
    momentum, steps = float(rng.choice([0.1, 0.2, 0.5])), int(rng.integers(2, 4))
    batches = [np.round(rng.normal(rng.uniform(-3.0, 6.0), 1.0, size=4), 1) + 0.0 for _ in range(steps)]  # (4,) each
    layer = BatchNorm(1, momentum=momentum)
    keras_reading = BatchNorm(1, momentum=1 - momentum)  # the slip: momentum read as the weight of the old value
    cumulative = BatchNorm(1, momentum=None)  # the slip: a plain average of the batch means
    means = []
    for batch in batches:
        for bn in (layer, keras_reading, cumulative):
            bn.forward(batch.reshape(4, 1), training=True)
        means.append(rounded(batch_norm_forward(batch.reshape(4, 1))[1].mean[0]))  # exact: 3 decimals at most
    running, lines = 0.0, []
    for k, mean in enumerate(means, start=1):
        update = (1 - momentum) * running + momentum * mean
        lines.append(f"step {k}: {num(1 - momentum)} · {par(running)} + {num(momentum)} · {par(mean)} {equals(update)}")
        running = rounded(update)
    answer = layer.running_mean[0]
    batch_table = table(
        {**{f"x{j + 1}": np.array([b[j] for b in batches]) for j in range(4)}, "batch mean": np.array(means)},
        tuple(f"step {k + 1}" for k in range(steps)),
    )
    return numeric_question(
        "running_mean",
        seed,
        f"A fresh `BatchNorm1d(1, momentum={num(momentum)})` (PyTorch convention) sees the {steps} training batches "
        f"below, one step each. What is `running_mean` afterwards? {PRECISION_NOTE}",
        answer,
        f"running_mean starts at 0 and each step computes (1 − {num(momentum)}) · running + {num(momentum)} · batch "
        f"mean: {'; '.join(lines)}.{exact_note(running, answer)} Each step closes only {round(100 * momentum)} % of "
        "the gap to the batch mean, so the running mean still carries part of its start value 0. Keras and many "
        f"textbooks write the same update as α · running + (1 − α) · batch mean with α = {num(1 - momentum)}, the "
        "weight of the old value: the same numbers, with the momentum read the other way round.",
        [
            (
                keras_reading.running_mean[0],
                f"You weighted the new batch by 1 − {num(momentum)} = {num(1 - momentum)}: that reads momentum the "
                "Keras way, as the weight of the old value. In PyTorch momentum is the weight of the new batch.",
            ),
            (
                cumulative.running_mean[0],
                "That is the plain average of the batch means (momentum=None, a cumulative "
                "average); with a momentum the running mean starts at 0 and moves part way.",
            ),
            (means[-1], "That is the last batch's mean; the running mean moves only part of the way towards it."),
        ],
        batch_table,
    )


def running_variance(seed: int) -> Question:
    """running_var after one training step from 1: unbiased batch variance, PyTorch's momentum; Keras' form beside."""
    rng = np.random.default_rng(seed)
    momentum, n = float(rng.choice([0.1, 0.2, 0.5])), int(rng.integers(4, 6))
    x = draw_column(rng, n)
    layer, keras_reading = BatchNorm(1, momentum=momentum), BatchNorm(1, momentum=1 - momentum)
    for bn in (layer, keras_reading):
        bn.forward(x.reshape(n, 1), training=True)
    biased = batch_norm_forward(x.reshape(n, 1))[1].var[0]
    answer = layer.running_var[0]
    worked_biased = rounded(biased)
    worked_unbiased = rounded(worked_biased * n / (n - 1))
    worked = (1 - momentum) * 1 + momentum * worked_unbiased
    textbook = (1 - momentum) * 1 + momentum * worked_biased
    return numeric_question(
        "running_variance",
        seed,
        f"A fresh `BatchNorm1d(1, momentum={num(momentum)})` (PyTorch convention) takes one training step on the "
        f"batch below. What is `running_var` afterwards? {PRECISION_NOTE}",
        answer,
        f"The biased batch variance is {num(worked_biased)}; PyTorch's running_var takes the unbiased one, "
        f"{num(worked_biased)} · {n}/{n - 1} {equals(worked_biased * n / (n - 1))}, and starts at 1: "
        f"(1 − {num(momentum)}) · 1 + {num(momentum)} · {num(worked_unbiased)} {equals(worked)}."
        f"{exact_note(worked, answer)} Side by side, Keras (and many textbooks) writes α · running + (1 − α) · "
        f"batch with α = {num(1 - momentum)} on the old value and keeps the biased variance: "
        f"{num(1 - momentum)} · 1 + {num(momentum)} · {num(worked_biased)} {equals(textbook)}. Same weighting, "
        f"different variance; the difference is the factor {n}/{n - 1}, which vanishes for large batches.",
        [
            (
                (1 - momentum) * 1.0 + momentum * biased,
                "You used the biased variance, as Keras (and many textbooks) does; PyTorch updates running_var with "
                f"the unbiased one (times N/(N − 1) = {n}/{n - 1}).",
            ),
            (
                keras_reading.running_var[0],
                f"You weighted the new batch by 1 − {num(momentum)} (Keras' reading of "
                "momentum); in PyTorch momentum is the weight of the new batch.",
            ),
            (
                biased * n / (n - 1),
                "That is the batch's unbiased variance itself; the running value moves only part of the way from "
                "its start at 1.",
            ),
            (momentum * biased * n / (n - 1), "running_var starts at 1, not 0 (running_mean starts at 0)."),
        ],
        single_feature_table(x),
    )


def inference_output(seed: int) -> Question:
    """y of one example in eval mode, from running statistics."""
    rng = np.random.default_rng(seed)
    mean = float(np.round(rng.uniform(-2.0, 2.0), 1)) + 0.0
    var = float(rng.choice([0.25, 0.5, 2.0, 4.0]))
    gamma, beta = float(rng.choice([0.5, 1.5, 2.0])), float(rng.choice([-1.0, 0.5, 1.0]))
    x = float(np.round(mean + rng.normal(0.0, 1.5) * np.sqrt(var), 1)) + 0.0
    answer = batch_norm_inference(np.array([[x]]), [gamma], [beta], [mean], [var], eps=EPS)[0, 0]
    values = table(
        {"x": np.array([x]), "running_mean": np.array([mean]), "running_var": np.array([var]), "γ": np.array([gamma])}
        | {"β": np.array([beta])},
        ("values",),
    )
    x_hat = (x - mean) / np.sqrt(var + EPS)
    worked_x_hat = rounded(x_hat)
    worked = gamma * worked_x_hat + beta
    return numeric_question(
        "inference_output",
        seed,
        f"A trained batch-norm layer is in eval mode (ε = 10⁻⁵) with the values below. What does it output for the "
        f"input x = {num(x)}? {PRECISION_NOTE}",
        answer,
        f"In eval mode the running statistics replace the batch's: {XHAT} = (x − running_mean) / √(running_var + ε) "
        f"= ({num(x)} − {par(mean)}) / √({num(var)} + {EPS_TEXT}) {equals(x_hat)}, so y = γ·{XHAT} + β = "
        f"{num(gamma)} · {par(worked_x_hat)} + {par(beta)} {equals(worked)}.{exact_note(worked, answer)} The other "
        "examples of the batch play no part.",
        [
            (gamma * (x - mean) / (var + EPS) + beta, "You divided by running_var; divide by its square root."),
            (gamma * x_hat, "You forgot to add β."),
            (x_hat, "That is the normalized value; the output applies γ and β to it."),
            (
                gamma * x + beta,
                "You skipped the normalization: subtract running_mean and divide by √(running_var + ε) first.",
            ),
        ],
        values,
    )
