"""The Training Lab's activation histograms as data: every hidden layer's input to its nonlinearity, both arms, at one
epoch, ready for the browser to draw (ui/training_lab/epoch_view.js draws them as SVG; no Streamlit here).

One block of panels per arm (With BN above Without BN), one panel per layer, each block wrapping into rows of at most
``COLUMNS`` layers, every panel on the same axis [-6, 6] (the range the History's histograms cover), one y scale per
arm, and under each layer's name the share of its values that fell outside the axis.
"""

from __future__ import annotations

import math

import numpy as np

from bncore import History
from ui.common.labels import ARM_LABELS
from ui.common.palette import ARM_COLORS, DRAWN_CHART_COLORS, translucent

COLUMNS = 4  # at most this many layers side by side, so a layer's labels fit a phone's width
AXIS_RANGE = 6.0  # every panel shows [-6, 6]
X_TICKS = (-4, 0, 4)
SHOWN_OFF_AXIS = 0.005  # an off-axis share below half a percent is not written under the panel
DIGITS = 4  # fractions sent to the browser are rounded to this many decimals (a pixel is about 1/85 of a panel)


def layer_fractions(h: History, epoch: int) -> tuple[np.ndarray, np.ndarray]:
    """Each layer's histogram at ``epoch`` (an arm that stopped earlier: its last epoch) as fractions of the test set.

    Returns:
        fractions (depth, bins): the share of the layer's values in each bin of ``h.hist_edges``;
        off_axis (depth,): the share outside [-6, 6], so that each row of fractions plus off_axis sums to 1.
    """
    i = min(epoch, h.epochs_completed)
    total = h.hist_counts[i, 0].sum() + h.hist_below[i, 0] + h.hist_above[i, 0]  # every layer sees the same values
    return h.hist_counts[i] / total, (h.hist_below[i] + h.hist_above[i]) / total


def y_ticks(top: float) -> tuple[float, list[float]]:
    """The top of an arm's y scale (a little above its largest fraction) and at most three tick values from 0 in
    1-2-5 steps (0%, 5%, 10%; 0%, 20%, 40%)."""
    top = 1.05 * top if top > 0 else 1.0  # every value off-axis: an empty panel on [0, 100%]
    for step in (m * 10.0**k for k in range(-4, 1) for m in (1, 2, 5)):
        if math.floor(top / step) <= 2:
            return top, [k * step for k in range(math.floor(top / step) + 1)]
    return top, [0.0, 1.0]


def _percent(value: float, step: float) -> str:
    """A tick label: whole percents, or one decimal when the ticks are closer than 1%."""
    return f"{value:.0%}" if step >= 0.01 or value == 0 else f"{value:.1%}"


def grid_columns(depth: int) -> int:
    """Panels per row: rows of at most ``COLUMNS``, balanced (8 layers as 4 + 4, 5 as 3 + 2)."""
    rows = -(-depth // COLUMNS)
    return -(-depth // rows)


def arm_panels(name: str, h: History, epoch: int) -> dict:
    """One arm's block of panels at ``epoch``: its label and colors, its y scale, and per layer a title, the
    off-axis note and the fractions per bin."""
    fractions, off_axis = layer_fractions(h, epoch)
    top, ticks = y_ticks(float(fractions.max()))
    step = ticks[1] if len(ticks) > 1 else 1.0
    return {
        "label": ARM_LABELS[name],
        "color": ARM_COLORS[name],
        "fill": translucent(ARM_COLORS[name], 0.55),
        "top": top,
        "ticks": [[tick, _percent(tick, step)] for tick in ticks],
        "panels": [
            {
                "title": f"layer {layer + 1}",
                "offAxis": f"{share:.0%} off-axis" if share >= SHOWN_OFF_AXIS else "",
                "fractions": np.round(row, DIGITS).tolist(),
            }
            for layer, (row, share) in enumerate(zip(fractions, off_axis))
        ],
    }


def activation_grid(histories: dict[str, History], epoch: int) -> dict:
    """The histograms of both arms at ``epoch`` (see the module docstring).

    Args:
        histories: arm id ("with_bn", "without_bn") -> its History, drawn in this order from the top.

    Returns:
        {"title", "columns", "arms": [arm_panels(...) per arm]}; the bin edges and x ticks are the same at every
        epoch and sent once (``axis``).
    """
    depth = next(iter(histories.values())).config.depth
    return {
        "title": f"Inputs to each layer's nonlinearity at epoch {epoch}",
        "columns": grid_columns(depth),
        "arms": [arm_panels(name, h, epoch) for name, h in histories.items()],
    }


def axis(h: History) -> dict:
    """What every panel shares: the bin edges (bins + 1,), the axis range and its tick values, and the palette's
    colors of its frame, grid lines and tick labels."""
    return {
        "edges": h.hist_edges.tolist(),
        "range": AXIS_RANGE,
        "ticks": list(X_TICKS),
        "colors": DRAWN_CHART_COLORS,
    }
