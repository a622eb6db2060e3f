"""Generated numeric questions: fresh numbers every seed, every answer computed by bncore.

``GENERATORS`` maps a name to a function ``gen(seed=...) -> Question``. The same seed gives the same question, bit for
bit (each draws from its own ``np.random.default_rng(seed)``); its id is ``gen.<name>.<seed>``, so
``generated_question(id)`` rebuilds it. Inputs are rounded to one decimal before bncore sees them, so the numbers on
screen are exactly the numbers computed with. Answers are graded with ``TOLERANCE`` (±0.01) unless they are counts.

Wrong answers that a known slip produces (the unbiased variance, dividing by the variance, Keras' momentum reading...)
are recomputed and attached as mistakes with their own feedback, except where they happen to land within the
tolerance of the right answer.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bncore import BatchNorm, batch_norm_backward, batch_norm_forward, batch_norm_inference
from quizzes.grading import format_number, within
from quizzes.model import DataTable, Mistake, Question

TOLERANCE = 0.01
EPS = 1e-5
PREFIX = "gen."
WALKTHROUGH, GRADIENT_FLOW = "pages/1_Walkthrough.py", "pages/2_Gradient_Flow.py"
ROUND_NOTE = "Give it to two decimals (answers within ±0.01 count)."

# name -> (topic, difficulty, page): what the filters see without generating anything
GENERATOR_INFO = {
    "batch_mean": ("batch_statistics", 1, WALKTHROUGH),
    "batch_variance": ("batch_statistics", 1, WALKTHROUGH),
    "normalized_value": ("normalization_eps", 2, WALKTHROUGH),
    "scaled_output": ("gamma_beta", 2, WALKTHROUGH),
    "running_mean": ("train_vs_inference", 2, WALKTHROUGH),
    "running_variance": ("train_vs_inference", 3, WALKTHROUGH),
    "inference_output": ("train_vs_inference", 2, WALKTHROUGH),
    "dbeta": ("backward", 2, GRADIENT_FLOW),
    "dgamma": ("backward", 3, GRADIENT_FLOW),
    "parameter_count": ("framework", 1, None),
}


def _n(value: float) -> str:
    return format_number(float(value))


def _numeric(
    name: str,
    seed: int,
    prompt: str,
    answer: float,
    explanation: str,
    mistakes: list[tuple[float, str]],
    table: DataTable | None = None,
    tolerance: float = TOLERANCE,
    feedback_wrong: str = "Work through the explanation below step by step and compare with your numbers.",
) -> Question:
    """A generated numeric question; a mistake within the tolerance of the answer or of an earlier one is dropped."""
    topic, difficulty, page = GENERATOR_INFO[name]
    answer = float(answer)
    kept: list[Mistake] = []
    for value, feedback in mistakes:
        value = float(value)
        if not within(value, answer, 2 * tolerance) and not any(within(value, m.value, 2 * tolerance) for m in kept):
            kept.append(Mistake(value, feedback))
    return Question(
        id=f"{PREFIX}{name}.{seed}",
        topic=topic,
        kind="numeric",
        difficulty=difficulty,
        prompt=prompt,
        explanation=explanation,
        answer=answer,
        tolerance=tolerance,
        feedback_correct=f"Right: {_n(answer)}.",
        feedback_wrong=feedback_wrong,
        mistakes=tuple(kept),
        page=page,
        source="generated",
        table=table,
    )


def _p(value: float) -> str:
    """A number for the middle of a formula: negative ones in parentheses."""
    return f"({_n(value)})" if value < 0 else _n(value)


def _column(rng: np.random.Generator, n: int) -> np.ndarray:
    """n values of one feature, rounded to one decimal, with a clear spread: (n,)."""
    while True:
        values = np.round(rng.normal(rng.uniform(-2.0, 4.0), rng.uniform(0.8, 2.5), size=n), 1)
        if values.var() > 0.2:
            return values


def _single_feature_table(x: np.ndarray, extra: dict[str, np.ndarray] | None = None) -> DataTable:
    columns = {"x": x, **(extra or {})}
    rows = tuple(tuple(float(columns[c][i]) for c in columns) for i in range(len(x)))
    return DataTable(tuple(columns), tuple(f"example {i + 1}" for i in range(len(x))), rows)


def _sum_text(values: np.ndarray) -> str:
    return " + ".join(_p(v) for v in values)


def batch_mean(seed: int) -> Question:
    """μ of one feature of a (N, 3) batch."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 6))
    x = np.stack([_column(rng, n) for _ in range(3)], axis=1)  # (N, 3)
    feature = int(rng.integers(3))
    _, cache = batch_norm_forward(x)
    answer = cache.mean[feature]
    table = DataTable(("F0", "F1", "F2"), tuple(f"example {i + 1}" for i in range(n)), tuple(map(tuple, x.tolist())))
    return _numeric(
        "batch_mean",
        seed,
        f"A mini-batch of {n} examples with 3 features enters a batch-norm layer in training mode. "
        f"What is the batch mean μ of feature **F{feature}**? {ROUND_NOTE}",
        answer,
        f"Batch norm keeps one mean per feature, taken over the {n} examples of the batch: "
        f"μ = ({_sum_text(x[:, feature])}) / {n} = {_n(answer)}.",
        [
            (
                x.mean(),
                "That is the mean of the whole table. Batch norm keeps one mean per feature: average the "
                f"column F{feature} only.",
            ),
            (x[:, feature].sum() / (n - 1), f"You divided by N − 1 = {n - 1}; a mean divides the sum by N = {n}."),
        ],
        table,
    )


def batch_variance(seed: int) -> Question:
    """Biased σ² of one feature of a (N, 3) batch."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 6))
    x = np.stack([_column(rng, n) for _ in range(3)], axis=1)  # (N, 3)
    feature = int(rng.integers(3))
    _, cache = batch_norm_forward(x)
    mean, answer = cache.mean[feature], cache.var[feature]
    table = DataTable(("F0", "F1", "F2"), tuple(f"example {i + 1}" for i in range(n)), tuple(map(tuple, x.tolist())))
    squares = cache.x_centered[:, feature] ** 2
    return _numeric(
        "batch_variance",
        seed,
        f"A mini-batch of {n} examples with 3 features enters a batch-norm layer in training mode. "
        f"What variance σ² does it normalize feature **F{feature}** with? {ROUND_NOTE}",
        answer,
        f"μ = {_n(mean)}. The squared deviations (x − μ)² are {', '.join(_n(s) for s in squares)}; training "
        f"mode divides their sum by N = {n} (the biased variance): σ² = {_n(squares.sum())} / {n} = {_n(answer)}.",
        [
            (
                answer * n / (n - 1),
                f"You divided by N − 1 = {n - 1}: that unbiased variance is what goes into "
                "running_var, but the normalization itself uses the biased one (divide by N).",
            ),
            (np.sqrt(answer), "That is the standard deviation σ; the question asks for the variance σ²."),
            (
                np.abs(cache.x_centered[:, feature]).mean(),
                "That is the mean absolute deviation; the variance averages the squared deviations.",
            ),
        ],
        table,
    )


def normalized_value(seed: int) -> Question:
    """x̂ of one example of a single-feature batch."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 6))
    x = _column(rng, n)
    i = int(rng.integers(n))
    _, cache = batch_norm_forward(x.reshape(n, 1), eps=EPS)
    mean, var, answer = cache.mean[0], cache.var[0], cache.x_hat[i, 0]
    return _numeric(
        "normalized_value",
        seed,
        f"One feature of a mini-batch of {n} examples, batch norm in training mode with ε = 10⁻⁵. "
        f"What is the normalized value $\\hat{{x}}$ of **example {i + 1}**? {ROUND_NOTE}",
        answer,
        f"μ = {_n(mean)} and the biased variance σ² = {_n(var)}, so "
        f"$\\hat{{x}}$ = (x − μ) / √(σ² + ε) = ({_n(x[i])} − {_p(mean)}) / √({_n(var)} + 0.00001) = {_n(answer)}.",
        [
            (
                (x[i] - mean) / np.sqrt(var * n / (n - 1) + EPS),
                "You used the unbiased variance (divide by N − 1); training-mode normalization uses the biased one.",
            ),
            ((x[i] - mean) / (var + EPS), "You divided by the variance; divide by its square root, √(σ² + ε)."),
            (x[i] / np.sqrt(var + EPS), "You forgot to subtract the mean μ before dividing."),
        ],
        _single_feature_table(x),
    )


def scaled_output(seed: int) -> Question:
    """y = γ x̂ + β of one example of a single-feature batch."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 6))
    x = _column(rng, n)
    i = int(rng.integers(n))
    gamma, beta = float(rng.choice([0.5, 1.5, 2.0, 3.0])), float(rng.choice([-1.0, -0.5, 0.5, 1.0, 2.0]))
    y, cache = batch_norm_forward(x.reshape(n, 1), gamma=[gamma], beta=[beta], eps=EPS)
    x_hat, answer = cache.x_hat[i, 0], y[i, 0]
    return _numeric(
        "scaled_output",
        seed,
        f"One feature of a mini-batch of {n} examples, batch norm in training mode with ε = 10⁻⁵, "
        f"γ = {_n(gamma)} and β = {_n(beta)}. What is the output y of **example {i + 1}**? {ROUND_NOTE}",
        answer,
        f"μ = {_n(cache.mean[0])}, σ² = {_n(cache.var[0])} (biased), so $\\hat{{x}}$ = {_n(x_hat)} and "
        f"y = γ·$\\hat{{x}}$ + β = {_n(gamma)} · {_p(x_hat)} + {_p(beta)} = {_n(answer)}.",
        [
            (beta * x_hat + gamma, "You swapped γ and β: γ scales $\\hat{x}$, β is added."),
            (gamma * x_hat, "You forgot to add β."),
            (x_hat + beta, "You forgot to multiply by γ."),
            (x_hat, "That is $\\hat{x}$ itself; the layer's output applies γ and β to it."),
        ],
        _single_feature_table(x),
    )


def running_mean(seed: int) -> Question:
    """running_mean after k training steps from 0, PyTorch's momentum convention."""
    rng = np.random.default_rng(seed)
    momentum, steps = float(rng.choice([0.1, 0.2, 0.5])), int(rng.integers(2, 4))
    batches = [np.round(rng.normal(rng.uniform(-3.0, 6.0), 1.0, size=4), 1) for _ in range(steps)]  # (4,) each
    layer = BatchNorm(1, momentum=momentum)
    keras_reading = BatchNorm(1, momentum=1 - momentum)  # the slip: momentum read as the weight of the old value
    cumulative = BatchNorm(1, momentum=None)  # the slip: a plain average of the batch means
    means, trace = [], []
    for batch in batches:
        for bn in (layer, keras_reading, cumulative):
            bn.forward(batch.reshape(4, 1), training=True)
        means.append(batch_norm_forward(batch.reshape(4, 1))[1].mean[0])
        trace.append(_n(layer.running_mean[0]))
    answer = layer.running_mean[0]
    table = DataTable(
        ("x1", "x2", "x3", "x4", "batch mean"),
        tuple(f"step {k + 1}" for k in range(steps)),
        tuple((*map(float, b), float(m)) for b, m in zip(batches, means)),
    )
    return _numeric(
        "running_mean",
        seed,
        f"A fresh `BatchNorm1d(1, momentum={_n(momentum)})` (PyTorch convention) sees the {steps} training batches "
        f"below, one step each. What is `running_mean` afterwards? {ROUND_NOTE}",
        answer,
        f"running_mean starts at 0 and each step computes (1 − {_n(momentum)}) · running + {_n(momentum)} · batch "
        f"mean, giving {' → '.join(trace)}. Each step closes only {round(100 * momentum)} % of the gap to the batch "
        "mean, so the running mean still carries part of its start value 0.",
        [
            (
                keras_reading.running_mean[0],
                f"You weighted the new batch by 1 − {_n(momentum)}: that is Keras' "
                f"reading of momentum. In PyTorch momentum is the weight of the new batch.",
            ),
            (
                cumulative.running_mean[0],
                "That is the plain average of the batch means (momentum=None, a cumulative "
                "average); with a momentum the running mean starts at 0 and moves part way.",
            ),
            (means[-1], "That is the last batch's mean; the running mean moves only part of the way towards it."),
        ],
        table,
    )


def running_variance(seed: int) -> Question:
    """running_var after one training step from 1: unbiased batch variance, PyTorch's momentum."""
    rng = np.random.default_rng(seed)
    momentum, n = float(rng.choice([0.1, 0.2, 0.5])), int(rng.integers(4, 6))
    x = _column(rng, n)
    layer, keras_reading = BatchNorm(1, momentum=momentum), BatchNorm(1, momentum=1 - momentum)
    for bn in (layer, keras_reading):
        bn.forward(x.reshape(n, 1), training=True)
    biased = batch_norm_forward(x.reshape(n, 1))[1].var[0]
    unbiased, answer = biased * n / (n - 1), layer.running_var[0]
    return _numeric(
        "running_variance",
        seed,
        f"A fresh `BatchNorm1d(1, momentum={_n(momentum)})` (PyTorch convention) takes one training step on the "
        f"batch below. What is `running_var` afterwards? {ROUND_NOTE}",
        answer,
        f"The biased batch variance is {_n(biased)}; running_var takes the unbiased one, {_n(biased)} · {n}/{n - 1} = "
        f"{_n(unbiased)}, and starts at 1: (1 − {_n(momentum)}) · 1 + {_n(momentum)} · {_n(unbiased)} = {_n(answer)}.",
        [
            (
                (1 - momentum) * 1.0 + momentum * biased,
                "You used the biased variance; PyTorch updates running_var with "
                f"the unbiased one (times N/(N − 1) = {n}/{n - 1}).",
            ),
            (
                keras_reading.running_var[0],
                f"You weighted the new batch by 1 − {_n(momentum)} (Keras' reading of "
                "momentum); in PyTorch momentum is the weight of the new batch.",
            ),
            (
                unbiased,
                "That is the batch's unbiased variance itself; the running value moves only part of the way from "
                "its start at 1.",
            ),
            ((1 - momentum) * 0.0 + momentum * unbiased, "running_var starts at 1, not 0 (running_mean starts at 0)."),
        ],
        _single_feature_table(x),
    )


def inference_output(seed: int) -> Question:
    """y of one example in eval mode, from running statistics."""
    rng = np.random.default_rng(seed)
    mean = float(np.round(rng.uniform(-2.0, 2.0), 1))
    var = float(rng.choice([0.25, 0.5, 2.0, 4.0]))
    gamma, beta = float(rng.choice([0.5, 1.5, 2.0])), float(rng.choice([-1.0, 0.5, 1.0]))
    x = float(np.round(mean + rng.normal(0.0, 1.5) * np.sqrt(var), 1))
    answer = batch_norm_inference(np.array([[x]]), [gamma], [beta], [mean], [var], eps=EPS)[0, 0]
    table = DataTable(("x", "running_mean", "running_var", "γ", "β"), ("values",), ((x, mean, var, gamma, beta),))
    x_hat = (x - mean) / np.sqrt(var + EPS)
    return _numeric(
        "inference_output",
        seed,
        f"A trained batch-norm layer is in eval mode (ε = 10⁻⁵) with the values below. What does it output for the "
        f"input x = {_n(x)}? {ROUND_NOTE}",
        answer,
        f"In eval mode the running statistics replace the batch's: y = γ · (x − running_mean) / √(running_var + ε) + β "
        f"= {_n(gamma)} · ({_n(x)} − {_p(mean)}) / √({_n(var)} + 0.00001) + {_p(beta)} "
        f"= {_n(gamma)} · {_p(x_hat)} + {_p(beta)} "
        f"= {_n(answer)}. The other examples of the batch play no part.",
        [
            (gamma * (x - mean) / (var + EPS) + beta, "You divided by running_var; divide by its square root."),
            (gamma * x_hat, "You forgot to add β."),
            (x_hat, "That is the normalized value; the output applies γ and β to it."),
            (
                gamma * x + beta,
                "You skipped the normalization: subtract running_mean and divide by √(running_var + ε) first.",
            ),
        ],
        table,
    )


def _backward_batch(seed: int) -> tuple[np.ndarray, np.ndarray, float, np.ndarray, np.ndarray, np.ndarray]:
    """x (4,), dy (4,), γ, and bncore's x̂ (4,), dγ (1,), dβ (1,) for the gradient questions."""
    rng = np.random.default_rng(seed)
    x = _column(rng, 4)
    dy = np.round(rng.normal(0.0, 1.0, size=4), 1)
    gamma = float(rng.choice([0.5, 2.0, 3.0]))
    _, cache = batch_norm_forward(x.reshape(4, 1), gamma=[gamma], beta=[0.0], eps=EPS)
    _, dgamma, dbeta = batch_norm_backward(dy.reshape(4, 1), cache)
    return x, dy, gamma, cache.x_hat[:, 0], dgamma, dbeta


def dbeta(seed: int) -> Question:
    """dL/dβ from an upstream gradient."""
    x, dy, gamma, _, grad_gamma, grad_beta = _backward_batch(seed)
    answer = grad_beta[0]
    return _numeric(
        "dbeta",
        seed,
        f"A batch-norm layer (training mode, γ = {_n(gamma)}, β = 0) saw the 4 inputs x below and receives the "
        f"upstream gradients ∂L/∂y. What is ∂L/∂β? {ROUND_NOTE}",
        answer,
        f"y = γ·$\\hat{{x}}$ + β, so ∂y_i/∂β = 1 for every example and ∂L/∂β = Σ ∂L/∂y_i = {_sum_text(dy)} = "
        f"{_n(answer)}. Neither x nor γ enters.",
        [
            (dy.mean(), "You averaged the gradients; β is shared by every example, so their gradients add up."),
            (gamma * dy.sum(), "γ does not multiply β: ∂y/∂β = 1."),
            (grad_gamma[0], "That is ∂L/∂γ = Σ ∂L/∂y · $\\hat{x}$; for β each ∂L/∂y counts once."),
        ],
        _single_feature_table(x, {"∂L/∂y": dy}),
    )


def dgamma(seed: int) -> Question:
    """dL/dγ from an upstream gradient."""
    x, dy, gamma, x_hat, grad_gamma, grad_beta = _backward_batch(seed)
    answer = grad_gamma[0]
    terms = " + ".join(f"{_p(g)}·{_p(h)}" for g, h in zip(dy, x_hat))
    return _numeric(
        "dgamma",
        seed,
        f"A batch-norm layer (training mode, γ = {_n(gamma)}, β = 0, ε = 10⁻⁵) saw the 4 inputs x below and "
        f"receives the upstream gradients ∂L/∂y. What is ∂L/∂γ? {ROUND_NOTE}",
        answer,
        f"y = γ·$\\hat{{x}}$ + β, so ∂L/∂γ = Σ ∂L/∂y_i · $\\hat{{x}}_i$. Here $\\hat{{x}}$ = "
        f"{', '.join(_n(h) for h in x_hat)}, so ∂L/∂γ = {terms} = {_n(answer)}.",
        [
            ((dy * x).sum(), "You multiplied by the raw x; γ multiplies the normalized $\\hat{x}$, so use $\\hat{x}$."),
            (grad_beta[0], "That is ∂L/∂β = Σ ∂L/∂y; for γ each term is weighted by $\\hat{x}$."),
            (gamma * answer, "γ does not appear in its own gradient: ∂y/∂γ = $\\hat{x}$."),
        ],
        _single_feature_table(x, {"∂L/∂y": dy}),
    )


def _count_mistakes(ask: str, affine: bool, c: int) -> list[tuple[float, str]]:
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
    return _numeric(
        "parameter_count",
        seed,
        f"How many {what} does `nn.BatchNorm2d({channels}, affine={affine})` have?",
        answer,
        f"γ (weight) and β (bias) hold one value per channel each and exist only with affine=True: {learnable} "
        f"learnable values here. The buffers are running_mean and running_var, one value per channel each, plus the "
        f"one-value counter num_batches_tracked: {buffers} values. So the answer is {answer}.",
        _count_mistakes(ask, affine, channels),
        tolerance=0.0,
        feedback_wrong="Count per channel: γ and β (only with affine=True), running_mean and running_var, plus the "
        "one counter num_batches_tracked.",
    )


GENERATORS: dict[str, Callable[..., Question]] = {
    "batch_mean": batch_mean,
    "batch_variance": batch_variance,
    "normalized_value": normalized_value,
    "scaled_output": scaled_output,
    "running_mean": running_mean,
    "running_variance": running_variance,
    "inference_output": inference_output,
    "dbeta": dbeta,
    "dgamma": dgamma,
    "parameter_count": parameter_count,
}


def generated_question(question_id: str) -> Question:
    """Rebuild a generated question from its id ``gen.<name>.<seed>``; KeyError if the id names no generator."""
    parts = question_id.split(".")
    if len(parts) != 3 or f"{parts[0]}." != PREFIX or parts[1] not in GENERATORS or not parts[2].isdigit():
        raise KeyError(question_id)
    return GENERATORS[parts[1]](seed=int(parts[2]))
