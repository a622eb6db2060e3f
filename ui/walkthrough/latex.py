"""The walkthrough's six steps as text: a title, one sentence and a formula with the selected feature's numbers.

Pure string builders (LaTeX for st.latex), so the arithmetic a learner reads can be unit-tested against bncore.
Numbers are shown with two decimals; for batches larger than 8 the middle terms of a sum are elided
(ui.common.latex).
"""

from __future__ import annotations

from ui.common.latex import aligned, elide, number, operator_terms, power_of_ten, signed_sum
from ui.walkthrough.compute import WalkthroughNumbers

STEP_TITLES = (
    "The input",
    "Batch mean",
    "Batch variance",
    "Normalize",
    "Scale and shift",
    "Update the running statistics",
)
INFERENCE_TITLES = (  # the same steps in inference mode: the running statistics replace the batch's
    "The input",
    "Running mean (instead of the batch mean)",
    "Running variance (instead of the batch variance)",
    "Normalize with the running statistics",
    "Scale and shift",
    "Running statistics: updated in training only",
)
LAST_STEP = len(STEP_TITLES) - 1


def step_title(step: int, mode: str = "Training") -> str:
    return (INFERENCE_TITLES if mode == "Inference" else STEP_TITLES)[step]


PER_LINE = 4  # terms per line of a substituted sum (the step panel is narrow)


def inference_sentence(step: int, n: WalkthroughNumbers, feature: int) -> str:
    """What the step does in inference mode, with the training-mode value it replaces named beside it."""
    j, steps = feature, n.running.batches_tracked
    return (
        f"Inference mode works on each sample alone; here are the {n.m} values of F{j} it will normalize.",
        f"Inference does not average the batch: it uses the running mean, learned over {steps} training steps "
        f"(training mode would use this batch's μ = {n.mean[j]:.2f}).",
        f"Nor does it measure the batch's spread: it uses the running variance "
        f"(training mode would use this batch's σ² = {n.var[j]:.2f}).",
        "Subtract the running mean and divide by √(running variance + ε): with running statistics that have not "
        "settled, x̂ need not have mean 0 and variance 1.",
        "Apply the learned scale γ and shift β, exactly as in training.",
        "Inference never changes the running statistics. Switch Mode to Training to see the update a training step "
        "would make.",
    )[step]


def step_sentence(step: int, n: WalkthroughNumbers, feature: int, mode: str = "Training") -> str:
    """One sentence on what the step does in ``mode``, in terms of the selected feature."""
    if mode == "Inference":
        return inference_sentence(step, n, feature)
    name = f"F{feature}"
    return (
        f"Batch norm treats each feature on its own: here are the {n.m} values of {name} in this mini-batch.",
        f"Average the {n.m} values of {name}: μ is the centre that will be subtracted from each of them.",
        f"Measure the spread: the average squared distance from μ, dividing by m = {n.m} (the biased variance).",
        f"Subtract μ and divide by √(σ² + ε): the column {name} now has mean 0 and variance close to 1.",
        "Apply the learned scale γ and shift β, so the network can still choose any mean and spread it needs.",
        f"Training only: move the running statistics {n.momentum:g} of the way towards this batch's "
        f"(unbiased variance, × m/(m−1) = {n.m}/{n.m - 1}); inference will use them instead of batch statistics. "
        f"Keras and many textbooks write the same weighting as α = {1 - n.momentum:g} on the old value and average the "
        "biased variance, so the batch adds less to their running σ² (by that factor): both forms below.",
    )[step]


def inference_latex(step: int, n: WalkthroughNumbers, feature: int) -> str:
    """Steps 1-4 in inference mode: every number from the running statistics."""
    j = feature
    mean, var = n.running.mean[j], n.running.var[j]
    if step == 1:
        return aligned(rf"\mu_{{\text{{run}}}} &= {number(mean)}")
    if step == 2:
        return aligned(rf"\sigma^2_{{\text{{run}}}} &= {number(var)}")
    if step == 3:
        return aligned(
            r"\hat{x}_1 &= \frac{x_1 - \mu_{\text{run}}}{\sqrt{\sigma^2_{\text{run}} + \epsilon}}",
            rf"&= \frac{{{number(n.x[0, j])} - ({number(mean)})}}{{\sqrt{{{number(var)} + {power_of_ten(n.eps)}}}}}",
            rf"&= {number(n.x_hat_inference[0, j])}",
        )
    return aligned(
        r"y_1 &= \gamma\,\hat{x}_1 + \beta",
        rf"&= {number(n.gamma[j])} \cdot ({number(n.x_hat_inference[0, j])}) + ({number(n.beta[j])})",
        rf"&= {number(n.y_inference[0, j])}",
    )


def step_latex(step: int, n: WalkthroughNumbers, feature: int, mode: str = "Training") -> str:
    """The step's formula, the feature's numbers substituted, then the result; steps 3-4 follow the first sample.
    In inference mode steps 1-4 use the running statistics; step 5 stays the training-mode update it names."""
    if mode == "Inference" and 1 <= step <= 4:
        return inference_latex(step, n, feature)
    j = feature
    column, mean, var = n.x[:, j], n.mean[j], n.var[j]
    if step == 0:
        terms = elide([number(v) for v in column])
        rows = [", ".join(terms[k : k + PER_LINE]) for k in range(0, len(terms), PER_LINE)]
        return aligned(
            rf"x^{{(F{j})}} &= \bigl({rows[0]}" + "".join(rf",\\ &\qquad {row}" for row in rows[1:]) + r"\bigr)"
        )
    if step == 1:
        return aligned(
            r"\mu &= \tfrac{1}{m} \textstyle\sum_i x_i",
            rf"&= \tfrac{{1}}{{{n.m}}}\bigl({signed_sum(column, PER_LINE)}\bigr)",
            rf"&= {number(mean)}",
        )
    if step == 2:
        squares = [t if t == r"\dots" else f"({t})^2" for t in elide([number(v) for v in column - mean])]
        lines = operator_terms(squares[0], (f"+ {t}" for t in squares[1:]), PER_LINE)
        return aligned(
            r"\sigma^2 &= \tfrac{1}{m} \textstyle\sum_i (x_i - \mu)^2",
            rf"&= \tfrac{{1}}{{{n.m}}}\bigl({lines}\bigr)",
            rf"&= {number(var)}",
        )
    if step == 3:
        return aligned(
            r"\hat{x}_1 &= \frac{x_1 - \mu}{\sqrt{\sigma^2 + \epsilon}}",
            rf"&= \frac{{{number(column[0])} - ({number(mean)})}}{{\sqrt{{{number(var)} + {power_of_ten(n.eps)}}}}}",
            rf"&= {number(n.x_hat[0, j])}",
        )
    if step == 4:
        return aligned(
            r"y_1 &= \gamma\,\hat{x}_1 + \beta",
            rf"&= {number(n.gamma[j])} \cdot ({number(n.x_hat[0, j])}) + ({number(n.beta[j])})",
            rf"&= {number(n.y_train[0, j])}",
        )
    return running_update_latex(n, j)


def running_update_latex(n: WalkthroughNumbers, j: int) -> str:
    """Step 5 in both conventions, with the numbers: PyTorch's (momentum on the new batch, the unbiased variance),
    then Keras' and many textbooks' (α = 1 − momentum on the old value, the biased variance)."""
    keep, new = 1 - n.momentum, n.momentum
    old, nxt, mean, var = n.running, n.next_running, n.mean[j], n.var[j]
    textbook_var = keep * old.var[j] + new * var
    return aligned(
        rf"&\text{{PyTorch: momentum }} {new:g} \text{{ weighs the new batch}}",
        rf"\mu_{{\text{{run}}}} &\leftarrow (1 - {new:g})\,\mu_{{\text{{run}}}} + {new:g}\,\mu",
        rf"&= {keep:g} \cdot {number(old.mean[j])} + {new:g} \cdot ({number(mean)}) = {number(nxt.mean[j])}",
        rf"\sigma^2_{{\text{{run}}}} &\leftarrow (1 - {new:g})\,\sigma^2_{{\text{{run}}}} + {new:g}\,"
        rf"\tfrac{{m}}{{m-1}}\,\sigma^2",
        rf"&= {keep:g} \cdot {number(old.var[j])} + {new:g} \cdot \tfrac{{{n.m}}}{{{n.m - 1}}} \cdot {number(var)}"
        rf" = {number(nxt.var[j])}",
        rf"&\text{{Keras, many textbooks: }} \alpha = {keep:g} \text{{ weighs the old value}}",
        rf"\mu_{{\text{{run}}}} &\leftarrow \alpha\,\mu_{{\text{{run}}}} + (1 - \alpha)\,\mu = {number(nxt.mean[j])}"
        r"\quad\text{(the same)}",
        r"\sigma^2_{\text{run}} &\leftarrow \alpha\,\sigma^2_{\text{run}} + (1 - \alpha)\,\sigma^2",
        rf"&= {keep:g} \cdot {number(old.var[j])} + {new:g} \cdot {number(var)} = {number(textbook_var)}"
        r"\quad\text{(biased } \sigma^2\text{)}",
    )
