"""The known mistakes of each exercise: a wrong variant written in NumPy, and a message naming the slip and the fix.

A learner's outputs match a mistake when they agree with its variant on every test input of
``quizzes.exercise_specs``, so every variant must differ from the right answer, and from every other variant, on at
least one input (a test checks this). Variants are called like the learner's function.

Shapes: x and dy are (N, D); gamma, beta and running statistics are (D,).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Outputs = tuple[np.ndarray, ...]


@dataclass(frozen=True)
class KnownMistake:
    id: str
    message: str  # names the slip and the fix, in a learner's words
    variant: Callable[..., Outputs]  # the wrong computation, called like the learner's function


def _normalize(x, eps, *, axis=0, ddof=0, eps_outside=False, sqrt=True) -> np.ndarray:
    """x_hat with one slip or another; the right one is the default."""
    mean = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, ddof=ddof, keepdims=True)
    if not sqrt:
        return (x - mean) / (var + eps)
    return (x - mean) / (np.sqrt(var) + eps) if eps_outside else (x - mean) / np.sqrt(var + eps)


UNBIASED = (
    "You normalized with the unbiased variance (dividing by N − 1). Training-mode normalization uses the biased "
    "variance, dividing by N: `x.var(axis=0)`, whose default ddof=0 does exactly that. (The unbiased one is only for "
    "the running variance.)"
)
UNBIASED_LAYER_NORM = (
    "You normalized with the unbiased variance (dividing by D − 1). Layer norm divides by D, the number of features: "
    "`x.var(axis=1, keepdims=True)`, whose default ddof=0 does exactly that."
)
EPS_OUTSIDE = (
    "ε is outside the square root: you divided by √σ² + ε. It belongs inside, √(σ² + ε), as in PyTorch; there it "
    "keeps values with (almost) no spread finite: `np.sqrt(var + eps)`."
)
MISSING_EPS = (
    "ε is missing: you divided by √σ². A feature whose values are all equal has σ² = 0, so that is 0 / 0 = NaN. "
    "Divide by `np.sqrt(var + eps)`."
)
MISSING_SQRT = "You divided by σ² + ε, the variance; divide by its square root, the standard deviation √(σ² + ε)."
IGNORES_EPS = "Your function ignores its `eps` argument (it uses 1e-5 whatever it is given); use the `eps` parameter."
MISSING_AFFINE = "You returned x̂, the normalized input, without γ and β: return `gamma * x_hat + beta`."


def _forward_variant(axis: int, *, fixed_eps=None, affine=True, swap=False, **slip) -> Callable[..., Outputs]:
    """A wrong (x, gamma, beta, eps) -> (y,); ``slip`` goes to ``_normalize``, ``fixed_eps`` ignores the argument."""

    def variant(x, gamma, beta, eps=1e-5):
        x_hat = _normalize(x, eps if fixed_eps is None else fixed_eps, axis=axis, **slip)
        if not affine:
            return (x_hat,)
        scale, shift = (beta, gamma) if swap else (gamma, beta)
        return (scale * x_hat + shift,)

    return variant


def bn_forward_mistakes() -> tuple[KnownMistake, ...]:
    return (
        KnownMistake("unbiased_variance", UNBIASED, _forward_variant(0, ddof=1)),
        KnownMistake("eps_outside_sqrt", EPS_OUTSIDE, _forward_variant(0, eps_outside=True)),
        KnownMistake("missing_eps", MISSING_EPS, _forward_variant(0, fixed_eps=0.0)),
        KnownMistake("missing_sqrt", MISSING_SQRT, _forward_variant(0, sqrt=False)),
        KnownMistake(
            "wrong_axis",
            "You normalized each sample over its features (axis=1): that is layer norm. Batch norm normalizes each "
            "feature over the batch: `axis=0`.",
            _forward_variant(1),
        ),
        KnownMistake("missing_affine", MISSING_AFFINE, _forward_variant(0, affine=False)),
        KnownMistake(
            "gamma_beta_swapped",
            "γ and β are swapped: γ scales and β shifts, `gamma * x_hat + beta`.",
            _forward_variant(0, swap=True),
        ),
        KnownMistake("ignores_eps", IGNORES_EPS, _forward_variant(0, fixed_eps=1e-5)),
    )


def _backward(dy, x, gamma, eps, *, mean_path=True, variance_path=True, use_gamma=True) -> np.ndarray:
    """dx of the step-by-step backward pass, with paths left out on request."""
    n = x.shape[0]
    centered = x - x.mean(axis=0)
    inv_std = 1.0 / np.sqrt(x.var(axis=0) + eps)
    dx_hat = dy * gamma if use_gamma else dy
    dvar = (dx_hat * centered).sum(axis=0) * -0.5 * inv_std**3
    dmean = -(dx_hat * inv_std).sum(axis=0)
    return dx_hat * inv_std + variance_path * dvar * 2.0 * centered / n + mean_path * dmean / n


def _parameter_grads(dy, x, eps) -> tuple[np.ndarray, np.ndarray]:
    x_hat = _normalize(x, eps)
    return (dy * x_hat).sum(axis=0), dy.sum(axis=0)


def bn_backward_mistakes() -> tuple[KnownMistake, ...]:
    def with_dx(**paths):
        return lambda dy, x, g, eps=1e-5: (_backward(dy, x, g, eps, **paths), *_parameter_grads(dy, x, eps))

    def dgamma_from_x(dy, x, g, eps=1e-5):
        return _backward(dy, x, g, eps), (dy * x).sum(axis=0), dy.sum(axis=0)

    def swapped(dy, x, g, eps=1e-5):
        dgamma, dbeta = _parameter_grads(dy, x, eps)
        return _backward(dy, x, g, eps), dbeta, dgamma

    return (
        KnownMistake(
            "missing_mean_path",
            "Your dx is missing the path through the batch mean μ: every x_i also moves μ, which every output "
            "depends on. Add dmean / N to each dx_i, with dmean = −Σ dx̂ / √(σ² + ε). (In the one-line form: "
            "subtract `dy.mean(axis=0)` inside the bracket.)",
            with_dx(mean_path=False),
        ),
        KnownMistake(
            "missing_variance_path",
            "Your dx is missing the path through the batch variance σ²: every x_i also changes σ². Add "
            "dvar · 2(x_i − μ) / N, with dvar = Σ dx̂·(x − μ) · (−½)(σ² + ε)^(−3/2). (In the one-line form: subtract "
            "`x_hat * (dy * x_hat).mean(axis=0)` inside the bracket.)",
            with_dx(variance_path=False),
        ),
        KnownMistake(
            "missing_both_paths",
            "Your dx treats μ and σ² as constants: it is only the direct path dx̂ / √(σ² + ε). In training mode "
            "every x_i also moves the batch mean and variance; add the path through σ² and the path through μ.",
            with_dx(mean_path=False, variance_path=False),
        ),
        KnownMistake(
            "dx_missing_gamma",
            "Your dx leaves out γ: y = γ·x̂ + β, so the gradient reaching x̂ is dx̂ = dy · γ; start from that.",
            with_dx(use_gamma=False),
        ),
        KnownMistake(
            "dgamma_uses_x",
            "Your dgamma uses x where it needs x̂: y = γ·x̂ + β, so dγ = Σ dy · x̂, summed over the batch.",
            dgamma_from_x,
        ),
        KnownMistake(
            "gradients_swapped",
            "dgamma and dbeta are swapped: dβ = Σ dy and dγ = Σ dy · x̂; return `(dx, dgamma, dbeta)` in that order.",
            swapped,
        ),
    )


def running_mistakes() -> tuple[KnownMistake, ...]:
    def update(running_mean, running_var, x, momentum=0.1, *, keras=False, ddof=1, blend=True):
        mean, var = x.mean(axis=0), x.var(axis=0, ddof=ddof)
        if not blend:
            return mean, var
        keep, new = (momentum, 1 - momentum) if keras else (1 - momentum, momentum)
        return keep * running_mean + new * mean, keep * running_var + new * var

    return (
        KnownMistake(
            "keras_momentum",
            "You applied momentum the Keras way, as the weight of the old value: running = momentum·running + "
            "(1 − momentum)·batch. In PyTorch's convention momentum weighs the new batch: running = "
            "(1 − momentum)·running + momentum·batch. (Keras' 0.99 is PyTorch's 0.01.)",
            lambda rm, rv, x, momentum=0.1: update(rm, rv, x, momentum, keras=True),
        ),
        KnownMistake(
            "biased_running_var",
            "Your running variance uses the biased batch variance (dividing by N). The running estimate uses the "
            "unbiased one, dividing by N − 1: `x.var(axis=0, ddof=1)`. (Normalizing in training keeps the biased one.)",
            lambda rm, rv, x, momentum=0.1: update(rm, rv, x, momentum, ddof=0),
        ),
        KnownMistake(
            "keras_momentum_biased_var",
            "Two slips: momentum is applied the Keras way (as the weight of the old value; PyTorch's momentum weighs "
            "the new batch), and the running variance uses the biased batch variance instead of the unbiased one.",
            lambda rm, rv, x, momentum=0.1: update(rm, rv, x, momentum, keras=True, ddof=0),
        ),
        KnownMistake(
            "no_blending",
            "You returned the batch's own statistics: a running estimate blends them with the old values, "
            "(1 − momentum)·running + momentum·batch.",
            lambda rm, rv, x, momentum=0.1: update(rm, rv, x, momentum, blend=False),
        ),
    )


def inference_mistakes() -> tuple[KnownMistake, ...]:
    def normalize(x, g, b, rm, rv, eps, *, eps_outside=False, sqrt=True):
        if not sqrt:
            return (g * (x - rm) / (rv + eps) + b,)
        scale = np.sqrt(rv) + eps if eps_outside else np.sqrt(rv + eps)
        return (g * (x - rm) / scale + b,)

    return (
        KnownMistake(
            "batch_statistics",
            "You normalized with the batch's own mean and variance, as in training. At inference the running "
            "statistics replace them, so each sample's output does not depend on the rest of the batch (and a batch "
            "of one works).",
            lambda x, g, b, rm, rv, eps=1e-5: (g * _normalize(x, eps) + b,),
        ),
        KnownMistake(
            "eps_outside_sqrt",
            EPS_OUTSIDE.replace("σ²", "running_var"),
            lambda x, g, b, rm, rv, eps=1e-5: normalize(x, g, b, rm, rv, eps, eps_outside=True),
        ),
        KnownMistake(
            "missing_eps",
            "ε is missing: a feature whose running variance is 0 then divides by zero. Divide by "
            "`np.sqrt(running_var + eps)`.",
            lambda x, g, b, rm, rv, eps=1e-5: normalize(x, g, b, rm, rv, 0.0),
        ),
        KnownMistake(
            "missing_sqrt",
            MISSING_SQRT.replace("σ²", "running_var"),
            lambda x, g, b, rm, rv, eps=1e-5: normalize(x, g, b, rm, rv, eps, sqrt=False),
        ),
        KnownMistake(
            "missing_affine",
            MISSING_AFFINE,
            lambda x, g, b, rm, rv, eps=1e-5: ((x - rm) / np.sqrt(rv + eps),),
        ),
    )


def layer_norm_mistakes() -> tuple[KnownMistake, ...]:
    return (
        KnownMistake(
            "wrong_axis",
            "You normalized each feature over the batch (axis=0): that is batch norm. Layer norm normalizes each "
            "sample over its own features: `axis=1`, with `keepdims=True`.",
            _forward_variant(0),
        ),
        KnownMistake(
            "unbiased_variance",
            UNBIASED_LAYER_NORM,
            _forward_variant(1, ddof=1),
        ),
        KnownMistake("eps_outside_sqrt", EPS_OUTSIDE, _forward_variant(1, eps_outside=True)),
        KnownMistake(
            "missing_eps", MISSING_EPS.replace("A feature whose", "A sample whose"), _forward_variant(1, fixed_eps=0.0)
        ),
        KnownMistake("missing_sqrt", MISSING_SQRT, _forward_variant(1, sqrt=False)),
        KnownMistake("missing_affine", MISSING_AFFINE, _forward_variant(1, affine=False)),
        KnownMistake("ignores_eps", IGNORES_EPS, _forward_variant(1, fixed_eps=1e-5)),
    )
