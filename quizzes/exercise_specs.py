"""How each exercise is graded: its seeded test inputs, the right outputs (from bncore, computed here in the app's
process, never by learner code), and its known mistakes (``quizzes.exercise_mistakes``).

The inputs always include a batch of two (or one), a constant feature (or sample), and small-spread values where ε
visibly matters, so that each known mistake differs from the right answer on at least one of them.

Shapes: x and dy are (N, D); gamma, beta, running statistics and per-feature gradients are (D,).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bncore import (
    BatchNorm,
    batch_norm_backward,
    batch_norm_forward,
    batch_norm_inference,
    layer_norm_forward,
)
from quizzes.exercise_mistakes import (
    KnownMistake,
    Outputs,
    bn_backward_mistakes,
    bn_forward_mistakes,
    inference_mistakes,
    layer_norm_mistakes,
    running_mistakes,
)
from quizzes.sandbox.function import Call

SEED = 20150211  # Ioffe & Szegedy's arXiv date; fixed, so every learner is graded on the same inputs


@dataclass(frozen=True)
class Case:
    label: str  # what the input is, in a learner's words: "a batch of N = 2 samples × 4 features"
    call: Call


@dataclass(frozen=True)
class Spec:
    outputs: tuple[str, ...]  # names of the returned arrays
    shapes: tuple[str, ...]  # for each output, the right shape in words: "the shape of x"
    cases: Callable[[], tuple[Case, ...]]
    reference: Callable[..., Outputs]  # the right answer, from bncore
    mistakes: tuple[KnownMistake, ...]
    nan_hint: str  # the most likely cause of NaN or infinity in this exercise
    # indices of the inputs on which dx is compared with central differences of bncore's forward pass: well-conditioned
    # ones only (with N = 2 or a constant feature the differences themselves are off by about 1e-7)
    gradient_cases: tuple[int, ...] = ()


# ---- test inputs -------------------------------------------------------------------------------------------------


def _forward_inputs(rng: np.random.Generator) -> list[tuple[str, np.ndarray, dict]]:
    """(label, x, keyword arguments) for the exercises whose function takes a batch x of shape (N, D)."""
    constant = rng.normal(0.0, 1.0, (6, 3))
    constant[:, 1] = 3.0
    return [
        ("8 samples × 3 features", rng.normal(2.0, 3.0, (8, 3)), {}),
        ("a batch of N = 2 samples × 4 features", rng.normal(-1.0, 2.0, (2, 4)), {}),
        ("a constant feature (feature 2 is 3.0 in all 6 samples)", constant, {}),
        ("features with a small spread (σ ≈ 0.01), where ε matters", rng.normal(5.0, 0.01, (10, 2)), {}),
        ("eps = 1e-3 passed as an argument", rng.normal(0.0, 0.05, (5, 3)), {"eps": 1e-3}),
        ("64 samples × 10 features", rng.normal(0.5, 2.0, (64, 10)), {}),
    ]


def _affine(rng: np.random.Generator, d: int) -> tuple[np.ndarray, np.ndarray]:
    return rng.normal(1.0, 0.5, d), rng.normal(0.0, 0.5, d)


def forward_cases() -> tuple[Case, ...]:
    rng = np.random.default_rng(SEED)
    return tuple(Case(label, Call((x, *_affine(rng, x.shape[1])), kwargs)) for label, x, kwargs in _forward_inputs(rng))


def backward_cases() -> tuple[Case, ...]:
    rng = np.random.default_rng(SEED + 1)
    cases = []
    for label, x, kwargs in _forward_inputs(rng):
        dy = rng.normal(0.0, 1.0, x.shape)
        cases.append(Case(label, Call((dy, x, rng.normal(1.0, 0.5, x.shape[1])), kwargs)))
    return tuple(cases)


def running_cases() -> tuple[Case, ...]:
    rng = np.random.default_rng(SEED + 2)
    constant = rng.normal(0.0, 1.0, (6, 3))
    constant[:, 0] = -2.0
    inputs = [
        ("a fresh layer (mean 0, variance 1), 8 samples × 3 features, the default momentum", 8, 3, None, None),
        ("a batch of N = 2 samples, momentum = 0.2", 2, 4, 0.2, None),
        ("a constant feature (feature 1 is −2.0 in all 6 samples), momentum = 0.01", 6, 3, 0.01, constant),
        ("64 samples × 10 features, momentum = 0.3", 64, 10, 0.3, None),
    ]
    cases = []
    for label, n, d, momentum, given in inputs:
        x = given if given is not None else rng.normal(1.0, 2.0, (n, d))
        fresh = label.startswith("a fresh layer")
        running_mean = np.zeros(d) if fresh else rng.normal(0.0, 1.0, d)
        running_var = np.ones(d) if fresh else rng.uniform(0.5, 2.0, d)
        kwargs = {} if momentum is None else {"momentum": momentum}
        cases.append(Case(label, Call((running_mean, running_var, x), kwargs)))
    return tuple(cases)


def inference_cases() -> tuple[Case, ...]:
    rng = np.random.default_rng(SEED + 3)
    inputs = [
        ("8 samples × 3 features", 8, 3, {}),
        ("a batch of one sample × 4 features", 1, 4, {}),
        ("a batch of N = 2 samples × 3 features", 2, 3, {}),
        ("a feature whose running variance is 0 (feature 2)", 5, 3, {}),
        ("eps = 1e-3 passed as an argument", 4, 3, {"eps": 1e-3}),
    ]
    cases = []
    for label, n, d, kwargs in inputs:
        x = rng.normal(1.0, 2.0, (n, d))
        running_mean, running_var = rng.normal(1.0, 1.0, d), rng.uniform(0.01, 4.0, d)
        if "running variance is 0" in label:
            running_var[1] = 0.0
        cases.append(Case(label, Call((x, *_affine(rng, d), running_mean, running_var), kwargs)))
    return tuple(cases)


def layer_norm_cases() -> tuple[Case, ...]:
    rng = np.random.default_rng(SEED + 4)
    constant = rng.normal(0.0, 1.0, (4, 5))
    constant[1] = 3.0
    inputs = [
        ("4 samples × 5 features", rng.normal(1.0, 2.0, (4, 5)), {}),
        ("a batch of N = 2 samples × 3 features", rng.normal(-1.0, 2.0, (2, 3)), {}),
        ("a batch of one sample × 6 features", rng.normal(0.0, 3.0, (1, 6)), {}),
        ("a constant sample (sample 2 is 3.0 in all 5 features)", constant, {}),
        ("samples with a small spread (σ ≈ 0.01), where ε matters", rng.normal(2.0, 0.01, (3, 8)), {}),
        ("eps = 1e-3 passed as an argument", rng.normal(0.0, 0.05, (3, 4)), {"eps": 1e-3}),
        ("16 samples × 32 features", rng.normal(0.5, 2.0, (16, 32)), {}),
    ]
    return tuple(Case(label, Call((x, *_affine(rng, x.shape[1])), kwargs)) for label, x, kwargs in inputs)


# ---- right answers, from bncore -------------------------------------------------------------------------------------


def reference_forward(x, gamma, beta, eps=1e-5) -> Outputs:
    return (batch_norm_forward(x, gamma, beta, eps)[0],)


def reference_backward(dy, x, gamma, eps=1e-5) -> Outputs:
    _, cache = batch_norm_forward(x, gamma, None, eps)
    return batch_norm_backward(dy, cache)


def reference_running(running_mean, running_var, x, momentum=0.1) -> Outputs:
    layer = BatchNorm(x.shape[1], momentum=momentum)
    layer.running_mean, layer.running_var = running_mean.copy(), running_var.copy()
    layer.forward(x, training=True)
    return layer.running_mean, layer.running_var


def reference_inference(x, gamma, beta, running_mean, running_var, eps=1e-5) -> Outputs:
    return (batch_norm_inference(x, gamma, beta, running_mean, running_var, eps),)


def reference_layer_norm(x, gamma, beta, eps=1e-5) -> Outputs:
    return (layer_norm_forward(x, gamma, beta, eps)[0],)


# ---- the specs --------------------------------------------------------------------------------------------------

SAME_AS_X = "the shape of x"
PER_FEATURE = "one value per feature: sum over the batch axis, axis=0"
NAN_CONSTANT_FEATURE = "A feature whose values are all equal has variance 0: without ε inside the square root, 0 / 0."

SPECS: dict[str, Spec] = {
    "bn_forward": Spec(
        ("y",), (SAME_AS_X,), forward_cases, reference_forward, bn_forward_mistakes(), NAN_CONSTANT_FEATURE
    ),
    "bn_backward": Spec(
        ("dx", "dgamma", "dbeta"),
        (SAME_AS_X, PER_FEATURE, PER_FEATURE),
        backward_cases,
        reference_backward,
        bn_backward_mistakes(),
        "A feature whose values are all equal has variance 0: every division needs ε inside the square root.",
        gradient_cases=(0, 4),
    ),
    "running_stats": Spec(
        ("running_mean", "running_var"),
        ("one value per feature", "one value per feature"),
        running_cases,
        reference_running,
        running_mistakes(),
        "The running statistics only average batch statistics: check for a division by zero or by N − 1 with N = 1.",
    ),
    "bn_inference": Spec(
        ("y",),
        (SAME_AS_X,),
        inference_cases,
        reference_inference,
        inference_mistakes(),
        "A feature whose running variance is 0 needs ε inside the square root: √(running_var + ε).",
    ),
    "layer_norm_forward": Spec(
        ("y",),
        (SAME_AS_X,),
        layer_norm_cases,
        reference_layer_norm,
        layer_norm_mistakes(),
        "A sample whose values are all equal has variance 0: without ε inside the square root, 0 / 0.",
    ),
}
