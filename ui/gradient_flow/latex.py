"""The backward pass of batch norm as numbered steps in LaTeX, with one feature's numbers substituted.

Pure string builders (no Streamlit), so tests can read the formulas; numbers, elided sums and aligned chains come
from ui.common.latex. Each chain breaks into lines short enough for a 390 px phone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bncore.norm.batch_norm import BatchNormCache, BatchNormGradients
from ui.common.latex import aligned, factor, number, product_sum, signed_sum, vector


@dataclass(frozen=True)
class BackwardStep:
    title: str  # "Step 1 · dβ: ..."
    formula: str  # the general formula (LaTeX)
    substituted: str  # the same with the selected feature's numbers (LaTeX)
    note: str = ""  # one sentence on what the step means


# Terms per line of a substituted sum: every line fits a 390 px phone (a longer one is cut off at the screen's edge).
PER_LINE = 4
PRODUCTS_PER_LINE = 2


def backward_steps(
    grads: BatchNormGradients, cache: BatchNormCache, dy: np.ndarray, feature: int, sample: int
) -> list[BackwardStep]:
    """The six steps of the backward pass for one feature, in Ioffe & Szegedy's order (last forward step first).

    Args:
        grads, cache: from the (m, d) batch's forward and step-by-step backward pass.
        dy: (m, d) upstream gradient.
        feature: the column j whose numbers are substituted.
        sample: the row i substituted in the last step, dx_i.
    """
    j, i, m = feature, sample, cache.count
    dy_j, x_hat, centered = dy[:, j], cache.x_hat[:, j], cache.x_centered[:, j]
    gamma, var, eps = float(cache.gamma.reshape(-1)[j]), float(cache.var[j]), cache.eps
    std = math.sqrt(var + eps)
    dx_hat, dvar, dmean = grads.dx_hat[:, j], float(grads.dvar[j]), float(grads.dmean[j])
    centered_sum = float((-2.0 * centered).sum() / m)
    direct, via_var, via_mean = dx_hat[i] / std, dvar * 2 * centered[i] / m, dmean / m
    return [
        BackwardStep(
            "Step 1 · dβ: the shift β is added to every output",
            r"d\beta = \sum_{i=1}^{m} dy_i",
            aligned(rf"d\beta &= \bigl({signed_sum(dy_j, PER_LINE)}\bigr)", rf"&= {number(grads.dbeta[j])}"),
        ),
        BackwardStep(
            "Step 2 · dγ: the scale γ multiplies every x̂ᵢ",
            r"d\gamma = \sum_{i=1}^{m} dy_i \, \hat{x}_i",
            aligned(rf"d\gamma &= {product_sum(dy_j, x_hat, PRODUCTS_PER_LINE)}", rf"&= {number(grads.dgamma[j])}"),
        ),
        BackwardStep(
            "Step 3 · dx̂: back through y = γx̂ + β",
            r"d\hat{x}_i = dy_i \, \gamma",
            aligned(rf"d\hat{{x}} &= {factor(gamma)} \cdot {vector(dy_j)}", rf"&= {vector(dx_hat)}"),
        ),
        BackwardStep(
            "Step 4 · dσ²: every x̂ᵢ divides by the same √(σ² + ε)",
            r"d\sigma^2 = \sum_{i=1}^{m} d\hat{x}_i \, (x_i - \mu) \cdot "
            r"\left(-\tfrac{1}{2}\right) (\sigma^2 + \epsilon)^{-3/2}",
            aligned(
                rf"d\sigma^2 &= \bigl({product_sum(dx_hat, centered, PRODUCTS_PER_LINE)}\bigr)",
                rf"&\qquad \cdot \left(-\tfrac{{1}}{{2}}\right)\left({number(var)} + \epsilon\right)^{{-3/2}}",
                rf"&= {number(dvar)}",
            ),
        ),
        BackwardStep(
            "Step 5 · dμ: every x̂ᵢ subtracts the same μ, and σ² is measured around μ",
            aligned(
                r"d\mu &= \sum_{i=1}^{m} d\hat{x}_i \cdot \frac{-1}{\sqrt{\sigma^2 + \epsilon}}",
                r"&\qquad + d\sigma^2 \cdot \frac{\sum_i -2 (x_i - \mu)}{m}",
            ),
            aligned(
                rf"d\mu &= \bigl({signed_sum(dx_hat, PER_LINE)}\bigr) \cdot \frac{{-1}}{{{number(std)}}}",
                rf"&\qquad + {factor(dvar)} \cdot {factor(centered_sum)}",
                rf"&= {number(dmean)}",
            ),
            "The second term is zero up to rounding: the centered values xᵢ − μ sum to zero.",
        ),
        BackwardStep(
            f"Step 6 · dx: three paths reach every xᵢ (shown for sample {i + 1})",
            r"dx_i = \frac{d\hat{x}_i}{\sqrt{\sigma^2 + \epsilon}} + d\sigma^2 \, \frac{2 (x_i - \mu)}{m}"
            r" + \frac{d\mu}{m}",
            aligned(
                rf"dx_{{{i + 1}}} &= \frac{{{number(dx_hat[i])}}}{{{number(std)}}} + {factor(dvar)} \cdot "
                rf"\frac{{2 \cdot {factor(centered[i])}}}{{{m}}}",
                rf"&\qquad + \frac{{{number(dmean)}}}{{{m}}}",
                rf"&= {number(direct)} + {factor(via_var)} + {factor(via_mean)}",
                rf"&= {number(grads.dx[i, j])}",
            ),
            "The last two terms are the batch's doing: they are the same mean and variance for every "
            "sample, so each sample's gradient depends on all the others.",
        ),
    ]


COMPACT_FORMULA = (
    r"dx_i = \frac{\gamma}{\sqrt{\sigma^2 + \epsilon}} "
    r"\left(dy_i - \frac{d\beta}{m} - \hat{x}_i \, \frac{d\gamma}{m}\right)"
)
PROJECTION_DERIVATION = aligned(
    r"\sum_i dx_i \hat{x}_i &= \frac{\gamma}{\sqrt{\sigma^2+\epsilon}}\Big(d\gamma - \frac{d\beta}{m}"
    r"\underbrace{\textstyle\sum_i \hat{x}_i}_{0}",
    r"&\qquad - \frac{d\gamma}{m}\underbrace{\textstyle\sum_i \hat{x}_i^2}_{m\sigma^2/(\sigma^2+\epsilon)}\Big)",
    r"&= \frac{\gamma \, d\gamma \, \epsilon}{(\sigma^2+\epsilon)^{3/2}}",
)
