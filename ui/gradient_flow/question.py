"""The Gradient Flow page's committed prediction: which gradients the gradient check flags when the backward pass
drops the mean path (dμ). Resolved from the float64 check the learner then runs. Plain Python."""

from __future__ import annotations

from bncore.experiments.gradient_flow import GradientCheck
from ui.common.record.model import ChoiceQuestion

GRADIENTS = ("dx", "dγ", "dβ")  # the order of GradientCheck.parameters
CHOICES = {
    frozenset({"dx"}): "Only dx",
    frozenset(GRADIENTS): "dx, dγ and dβ",
    frozenset({"dγ", "dβ"}): "Only dγ and dβ",
    frozenset(): "None: the check still passes",
}
QUESTION = ChoiceQuestion(
    "grad-drop-mean",
    "Gradient Flow",
    "Before you break it: if the backward pass **drops the mean path (dμ)**, which gradients will the gradient "
    "check flag?",
    tuple(CHOICES.values()),
)
BROKEN = "mean"  # the broken pass (bncore.experiments.gradient_flow.BROKEN_PATHS) the question is about


def flagged(check: GradientCheck) -> frozenset[str]:
    """The gradients whose check did not pass."""
    return frozenset(name for name, part in zip(GRADIENTS, check.parameters) if part.verdict != "pass")


def answer(check: GradientCheck) -> str:
    """The choice that describes the check's result (or, if none does, a plain list of what it flagged)."""
    found = flagged(check)
    return CHOICES.get(found, "Flagged: " + ", ".join(g for g in GRADIENTS if g in found))
