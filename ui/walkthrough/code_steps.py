"""The bncore code behind each of the walkthrough's six steps, and the values of its variables for one feature.

Steps 0-4 are the numbered sections of ``batch_norm_forward`` (step 0: the lines before ``# 1.``); step 5 is the
running-statistics update of the ``BatchNorm`` layer, which ``ui.walkthrough.compute.training_step`` runs. Variable
names are the engine's own, so a test can check that each one appears in the highlighted lines. Plain Python.
"""

from __future__ import annotations

import numpy as np

from bncore import BatchNorm, batch_norm_forward
from ui.common.source import StepCode, StepValues
from ui.walkthrough.compute import WalkthroughNumbers

STEP_CODE = (
    StepCode(batch_norm_forward, None, ("x", "axes", "count")),
    StepCode(batch_norm_forward, "1.", ("mean",)),
    StepCode(batch_norm_forward, "2.", ("x_centered", "var")),
    StepCode(batch_norm_forward, "3.", ("inv_std", "x_hat")),
    StepCode(batch_norm_forward, "4.", ("gamma_b", "y")),
    StepCode(
        BatchNorm._update_running_stats, None, ("weight", "unbiased_var", "self.running_mean", "self.running_var")
    ),
)
STEP_NOTES = (
    "Arrays are (N, C): the batch axis 0 is reduced, so every statistic has one value per feature (channel).",
    "",
    "`var` divides by `count` = m: the biased variance.",
    "`per_channel` reshapes a (C,) vector so it broadcasts against x.",
    "",
    "`cache` holds the batch's statistics from the forward pass; the unbiased variance goes into running_var.",
)


def step_values(step: int, n: WalkthroughNumbers, feature: int) -> StepValues:
    """The values of step ``step``'s variables for feature column ``feature`` of the walkthrough's numbers."""
    j = feature
    centered = n.x[:, j] - n.mean[j]
    if step == 0:
        return StepValues((("count", float(n.m)), ("eps", n.eps)), (("x", n.x[:, j]),))
    if step == 1:
        return StepValues((("count", float(n.m)), ("mean", n.mean[j])), (("x", n.x[:, j]),))
    if step == 2:
        return StepValues((("count", float(n.m)), ("var", n.var[j])), (("x_centered", centered),))
    if step == 3:
        inv_std = 1.0 / np.sqrt(n.var[j] + n.eps)
        return StepValues(
            (("var", n.var[j]), ("eps", n.eps), ("inv_std", inv_std)),
            (("x_centered", centered), ("x_hat", n.x_hat[:, j])),
        )
    if step == 4:
        return StepValues(
            (("gamma_b", n.gamma[j]), ("beta", n.beta[j])), (("x_hat", n.x_hat[:, j]), ("y", n.y_train[:, j]))
        )
    old, new = n.running, n.next_running
    return StepValues(
        (
            ("weight", n.momentum),
            ("cache.mean", n.mean[j]),
            ("cache.var", n.var[j]),
            ("cache.count", float(n.m)),
            ("unbiased_var", n.unbiased_var[j]),
            ("self.running_mean (before)", old.mean[j]),
            ("self.running_mean (after)", new.mean[j]),
            ("self.running_var (before)", old.var[j]),
            ("self.running_var (after)", new.var[j]),
        ),
        (),
    )
