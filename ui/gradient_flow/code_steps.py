"""The bncore code behind each of the gradient-flow page's six backward steps, and its variables for one feature.

The page's steps (dβ, dγ, dx̂, dσ², dμ, dx; ``ui.gradient_flow.latex.backward_steps``) are lines of
``batch_norm_backward_steps``, whose sections are numbered after the forward step they undo (``# 4.`` first).
``c`` is the forward pass's cache there, so the names shown are the engine's: ``c.x_hat``, ``c.inv_std``. Plain Python.
"""

from __future__ import annotations

from bncore import batch_norm_backward_steps
from ui.common.source import StepCode, StepValues
from ui.gradient_flow.compute import BackwardNumbers

STEP_CODE = (
    StepCode(batch_norm_backward_steps, "4.", ("dbeta",)),
    StepCode(batch_norm_backward_steps, "4.", ("dgamma",)),
    StepCode(batch_norm_backward_steps, "4.", ("dx_hat",)),
    StepCode(batch_norm_backward_steps, "3.", ("dvar",)),
    StepCode(batch_norm_backward_steps, "2.", ("dmean",)),
    StepCode(batch_norm_backward_steps, "1.", ("dx",)),
)
NOTE = "`c` is the cache of the forward pass; `per_channel` reshapes a (C,) vector to broadcast against x."


def step_values(step: int, n: BackwardNumbers, feature: int) -> StepValues:
    """The values of backward step ``step`` (0-5, in the page's order) for feature column ``feature``."""
    j, c, g = feature, n.cache, n.grads
    dy, x_hat, centered, dx_hat = n.dy[:, j], c.x_hat[:, j], c.x_centered[:, j], g.dx_hat[:, j]
    inv_std, count = float(c.inv_std.reshape(-1)[j]), float(c.count)
    if step == 0:
        return StepValues((("dbeta", g.dbeta[j]),), (("dy", dy),))
    if step == 1:
        return StepValues((("dgamma", g.dgamma[j]),), (("dy", dy), ("c.x_hat", x_hat)))
    if step == 2:
        return StepValues((("c.gamma", float(c.gamma.reshape(-1)[j])),), (("dy", dy), ("dx_hat", dx_hat)))
    if step == 3:
        return StepValues(
            (("c.var", c.var[j]), ("c.eps", c.eps), ("dvar", g.dvar[j])),
            (("dx_hat", dx_hat), ("c.x_centered", centered)),
        )
    if step == 4:
        return StepValues(
            (("c.inv_std", inv_std), ("dvar", g.dvar[j]), ("c.count", count), ("dmean", g.dmean[j])),
            (("dx_hat", dx_hat), ("c.x_centered", centered)),
        )
    return StepValues(
        (("c.inv_std", inv_std), ("dvar", g.dvar[j]), ("dmean", g.dmean[j]), ("c.count", count)),
        (("dx_hat", dx_hat), ("c.x_centered", centered), ("dx", g.dx[:, j])),
    )
