"""The walkthrough's tables while a predict-first guess is open: the followed feature's cells that would give the
guess away are shown as "?" (which steps are hidden: ui.walkthrough.guess.hidden_from). Plain pandas."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ui.walkthrough.guess import hides

HIDDEN = "?"
MEAN_ROW, VARIANCE_ROW, STD_ROW = "μ (mean)", "σ² (variance, ÷m)", "σ (std)"
RUNNING_MEAN_ROW, RUNNING_VARIANCE_ROW = "running μ", "running σ²"


def hide_cells(table: pd.DataFrame, rows: Sequence, column: str) -> pd.DataFrame:
    """A copy of ``table`` with these rows of ``column`` shown as "?"; that column becomes text (its numbers to two
    decimals), so every column keeps one type, as Arrow needs."""
    if not rows:
        return table
    hidden = table.copy()
    hidden[column] = [HIDDEN if row in rows else two_decimals(value) for row, value in table[column].items()]
    return hidden


def two_decimals(value) -> str:
    """A table cell as shown: a number to two decimals, "?" as it is."""
    return value if isinstance(value, str) else f"{value:.2f}"


def hidden_statistics(first_hidden: int | None) -> list[str]:
    """The batch-statistics rows hidden: μ while the mean's guess (or an earlier one) is open, σ² and σ the same."""
    return [MEAN_ROW] * hides(first_hidden, 1) + [VARIANCE_ROW, STD_ROW] * hides(first_hidden, 2)


def hidden_running(first_hidden: int | None, batches_tracked: int) -> list[str]:
    """The running-statistics rows hidden: once a training step has moved them towards this batch they give its μ
    and σ² away (from PyTorch's start, one step makes running μ = 0.1·μ)."""
    if batches_tracked == 0:
        return []
    return [RUNNING_MEAN_ROW] * hides(first_hidden, 1) + [RUNNING_VARIANCE_ROW] * hides(first_hidden, 2)
