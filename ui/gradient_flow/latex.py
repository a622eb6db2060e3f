"""The backward pass of batch norm as numbered steps in LaTeX, with one feature's numbers substituted.

Pure string builders (no Streamlit), so tests can read the formulas; numbers and elided sums come from
ui.common.latex.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bncore.norm.batch_norm import BatchNormCache, BatchNormGradients
from ui.common.latex import factor, number, product_sum, signed_sum, vector


@dataclass(frozen=True)
class BackwardStep:
    title: str  # "Step 1 · dβ: ..."
    formula: str  # the general formula (LaTeX)
    substituted: str  # the same with the selected feature's numbers (LaTeX)
    note: str = ""  # one sentence on what the step means


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
            rf"d\beta = ({signed_sum(dy_j)}) = {number(grads.dbeta[j])}",
        ),
        BackwardStep(
            "Step 2 · dγ: the scale γ multiplies every x̂ᵢ",
            r"d\gamma = \sum_{i=1}^{m} dy_i \, \hat{x}_i",
            rf"d\gamma = {product_sum(dy_j, x_hat)} = {number(grads.dgamma[j])}",
        ),
        BackwardStep(
            "Step 3 · dx̂: back through y = γx̂ + β",
            r"d\hat{x}_i = dy_i \, \gamma",
            rf"d\hat{{x}} = {factor(gamma)} \cdot {vector(dy_j)} = {vector(dx_hat)}",
        ),
        BackwardStep(
            "Step 4 · dσ²: every x̂ᵢ divides by the same √(σ² + ε)",
            r"d\sigma^2 = \sum_{i=1}^{m} d\hat{x}_i \, (x_i - \mu) \cdot "
            r"\left(-\tfrac{1}{2}\right) (\sigma^2 + \epsilon)^{-3/2}",
            rf"d\sigma^2 = \left({product_sum(dx_hat, centered)}\right) \cdot \left(-\tfrac{{1}}{{2}}\right)"
            rf"\left({number(var)} + \epsilon\right)^{{-3/2}} = {number(dvar)}",
        ),
        BackwardStep(
            "Step 5 · dμ: every x̂ᵢ subtracts the same μ, and σ² is measured around μ",
            r"d\mu = \sum_{i=1}^{m} d\hat{x}_i \cdot \frac{-1}{\sqrt{\sigma^2 + \epsilon}}"
            r" + d\sigma^2 \cdot \frac{\sum_i -2 (x_i - \mu)}{m}",
            rf"d\mu = ({signed_sum(dx_hat)}) \cdot \frac{{-1}}{{{number(std)}}} + {factor(dvar)} \cdot "
            rf"{factor(centered_sum)} = {number(dmean)}",
            "The second term is zero up to rounding: the centered values xᵢ − μ sum to zero.",
        ),
        BackwardStep(
            f"Step 6 · dx: three paths reach every xᵢ (shown for sample {i + 1})",
            r"dx_i = \frac{d\hat{x}_i}{\sqrt{\sigma^2 + \epsilon}} + d\sigma^2 \, \frac{2 (x_i - \mu)}{m}"
            r" + \frac{d\mu}{m}",
            rf"dx_{{{i + 1}}} = \frac{{{number(dx_hat[i])}}}{{{number(std)}}} + {factor(dvar)} \cdot "
            rf"\frac{{2 \cdot {factor(centered[i])}}}{{{m}}} + \frac{{{number(dmean)}}}{{{m}}} = "
            rf"{number(direct)} + {factor(via_var)} + {factor(via_mean)} = {number(grads.dx[i, j])}",
            "The last two terms are the batch's doing: they are the same mean and variance for every "
            "sample, so each sample's gradient depends on all the others.",
        ),
    ]


COMPACT_FORMULA = (
    r"dx_i = \frac{\gamma}{\sqrt{\sigma^2 + \epsilon}} "
    r"\left(dy_i - \frac{d\beta}{m} - \hat{x}_i \, \frac{d\gamma}{m}\right)"
)
PROJECTION_DERIVATION = (
    r"\sum_i dx_i \hat{x}_i = \frac{\gamma}{\sqrt{\sigma^2+\epsilon}}\Big(d\gamma - \frac{d\beta}{m}"
    r"\underbrace{\textstyle\sum_i \hat{x}_i}_{0} - \frac{d\gamma}{m}"
    r"\underbrace{\textstyle\sum_i \hat{x}_i^2}_{m\sigma^2/(\sigma^2+\epsilon)}\Big)"
    r" = \frac{\gamma \, d\gamma \, \epsilon}{(\sigma^2+\epsilon)^{3/2}}"
)
