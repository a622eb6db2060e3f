"""The words and formulas of the normalization-family page's statistic panel and comparison table, built from what
bncore measured. Plain Python (no Streamlit), so they are unit-tested without a running app."""

from __future__ import annotations

import pandas as pd

from bncore.norm.family import SharedStatistic
from ui.common.labels import NORMALIZATION_NAMES
from ui.family.facts import FACTS

YES_NO = {True: "yes", False: "no"}


def title(normalization: str, groups: int, cells: int) -> str:
    """The block figure's title, e.g. "GroupNorm (G = 2): the 12 cells sharing a statistic"."""
    name = NORMALIZATION_NAMES[normalization] + (f" (G = {groups})" if normalization == "group" else "")
    return f"{name}: the {cells} cells sharing a statistic"


def unusable_set_message(error: ValueError, normalization: str) -> str:
    """Why the layer refuses this tensor, in one or two sentences (BatchNorm with one value per channel)."""
    if normalization != "batch":
        return str(error)
    return (
        f"BatchNorm has one value per channel here (N = 1 and a 1 × 1 image): a variance of one number is 0, so it "
        f"cannot train on this batch, as PyTorch says: “{error}” LayerNorm, InstanceNorm, GroupNorm and RMSNorm work "
        "on a single sample."
    )


def statistic_latex(stat: SharedStatistic, normalization: str) -> str:
    """The selected cell's normalization with the set's own numbers substituted (RMSNorm: no mean subtracted)."""
    if normalization == "rms":
        return (
            rf"\begin{{aligned}}\hat x &= \frac{{x}}{{\sqrt{{\overline{{x^2}} + \epsilon}}}} \\ &= "
            rf"\frac{{{stat.value:.2f}}}{{\sqrt{{{stat.mean_square:.4f} + \epsilon}}}} = {stat.by_formula:.4f}"
            r"\end{aligned}"
        )
    mean = f"({stat.mean:.4f})" if stat.mean < 0 else f"{stat.mean:.4f}"
    return (
        rf"\begin{{aligned}}\hat x &= \frac{{x - \mu}}{{\sqrt{{\sigma^2 + \epsilon}}}} \\ &= "
        rf"\frac{{{stat.value:.2f} - {mean}}}{{\sqrt{{{stat.variance:.4f} + \epsilon}}}} = "
        rf"{stat.by_formula:.4f}\end{{aligned}}"
    )


def degenerate_set_note(stat: SharedStatistic, normalization: str) -> str | None:
    """One sentence when the set sharing the statistic is a single value or a constant, else None.

    Subtracting layers turn such a set into x̂ = 0; RMSNorm, which subtracts nothing, keeps the sign: x̂ ≈ ±1.
    """
    if not (stat.count == 1 or stat.constant):
        return None
    which = "holds a single value" if stat.count == 1 else "holds equal values only"
    if normalization == "rms":
        return (
            f"This set {which}. RMSNorm subtracts no mean: it divides x by √(x² + ε), so every value becomes "
            f"about ±1 (here {stat.by_layer:.4f}): the size of the input is gone but its sign survives."
        )
    return (
        f"This set {which}, so σ² = 0 and x̂ = 0 / √ε = 0 for every value in it: the layer erases the input, and "
        "ε is what keeps the division finite."
    )


def facts_table() -> pd.DataFrame:
    """One row per normalization: what one statistic pools and what follows from it."""
    return pd.DataFrame(
        {
            "normalization": [NORMALIZATION_NAMES[f.normalization] for f in FACTS],
            "one statistic over": [f.statistics_over for f in FACTS],
            "depends on batch size?": [YES_NO[f.depends_on_batch] for f in FACTS],
            "train ≠ inference?": [YES_NO[f.train_differs_from_inference] for f in FACTS],
            "running statistics?": [YES_NO[f.running_statistics] for f in FACTS],
            "typical use": [f.typical_use for f in FACTS],
        }
    )
