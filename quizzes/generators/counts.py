"""Generated questions on what a `BatchNorm2d(C)` layer stores: learnable parameters, buffers, the state_dict."""

from __future__ import annotations

import numpy as np

from bncore import BatchNorm
from quizzes.generators.question import numeric_question
from quizzes.model import Question


def count_mistakes(ask: str, affine: bool, c: int) -> list[tuple[float, str]]:
    """The wrong counts a learner is likely to give for each variant of ``parameter_count``, with why."""
    no_counter = "You forgot num_batches_tracked, a buffer holding one value (the number of training batches seen)."
    if ask == "learnable":
        if not affine:
            return [
                (2 * c, "With affine=False there is no γ or β: the layer learns nothing."),
                (4 * c + 1, "Running statistics are buffers, not learnable; and affine=False removes γ and β."),
            ]
        return [
            (c, "γ and β are two per-channel arrays: 2 values per channel."),
            (4 * c, "running_mean and running_var are buffers, updated by the running average, not the optimizer."),
            (4 * c + 1, "That is the whole state_dict; only γ and β are learnable."),
        ]
    if ask == "buffers":
        return [
            (2 * c, no_counter),
            (4 * c + 1, "γ and β (weight and bias) are parameters, not buffers."),
            (c, "running_mean and running_var are two per-channel arrays, plus the one-value counter."),
        ]
    if not affine:
        return [
            (4 * c + 1, "With affine=False there is no weight (γ) or bias (β) in the state_dict."),
            (2 * c, no_counter),
        ]
    return [
        (4 * c, no_counter),
        (2 * c, "Those are the parameters only; the state_dict holds the buffers too."),
        (2 * c + 1, "Those are the buffers only; γ and β are in the state_dict as weight and bias."),
    ]


def parameter_count(seed: int) -> Question:
    """Learnable parameters, buffers or state_dict values of a BatchNorm2d(C) layer."""
    rng = np.random.default_rng(seed)
    channels = int(rng.choice([8, 16, 32, 64, 128, 256]))
    ask = str(rng.choice(["learnable", "buffers", "state"]))
    affine = bool(rng.integers(2)) if ask != "buffers" else True
    layer = BatchNorm(channels, affine=affine)
    learnable = sum(p.size for p in layer.parameters())
    buffers = layer.running_mean.size + layer.running_var.size + 1  # + num_batches_tracked, one value
    answer = {"learnable": learnable, "buffers": buffers, "state": learnable + buffers}[ask]
    what = {
        "learnable": "learnable parameters (values the optimizer updates)",
        "buffers": "values in its buffers (running_mean, running_var, num_batches_tracked)",
        "state": "values in its state_dict (parameters and buffers together)",
    }[ask]
    return numeric_question(
        "parameter_count",
        seed,
        f"How many {what} does `nn.BatchNorm2d({channels}, affine={affine})` have?",
        answer,
        f"γ (weight) and β (bias) hold one value per channel each and exist only with affine=True: {learnable} "
        f"learnable values here. The buffers are running_mean and running_var, one value per channel each, plus the "
        f"one-value counter num_batches_tracked: {buffers} values. So the answer is {answer}.",
        count_mistakes(ask, affine, channels),
        tolerance=0.0,
        feedback_wrong="Count per channel: γ and β (only with affine=True), running_mean and running_var, plus the "
        "one counter num_batches_tracked.",
    )
