"""The Training Lab's activation histograms: every hidden layer's input to its nonlinearity, both arms, at one epoch.

One block of panels per arm (With BN above Without BN), one panel per layer, each block wrapping into rows of at most
``COLUMNS`` layers, every panel on the same axis [-6, 6], one y scale per arm. The grid is redrawn on every tick of a
live run and on every move of the epoch slider, and Plotly's cost grows with the number of axes (about 0.25 s of the
browser's time for 16 subplots, measured in bench/browser.py), so the panels share one pair of hidden axes: each
panel is placed by offsets in data units, and its frame, grid lines, tick labels and title are drawn by a handful of
traces (one histogram trace per arm, the panels separated by gaps) instead of 32 axes.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from bncore import History
from ui.common.labels import ARM_LABELS
from ui.common.palette import ARM_COLORS, AXIS_LINE, NEUTRAL, translucent
from ui.common.plot_style import MARGIN, figure

COLUMNS = 4  # at most this many layers side by side, so a layer's labels fit a phone's width
AXIS_RANGE = 6.0  # every panel shows [-6, 6], the range the History's histograms cover
X_TICKS = (-4, 0, 4)
COLUMN_GAP = 3.5  # data units between two panels side by side (a panel is 2 * AXIS_RANGE wide)
PANEL_HEIGHT = 85  # px of one row of panels ...
ROW_GAP = 70  # ... and between two rows: the tick labels above, a two-line panel title below
TITLE_LINE = 14  # px per line of a panel title
GRID_LINE = "#E8E8E8"
TICK_FONT = {"size": 11, "color": NEUTRAL}


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
    return f"{value:.0%}" if step >= 0.01 or value == 0 else f"{value:.1%}"


def _gapped(segments: list[tuple[list[float], list[float]]]) -> tuple[list, list]:
    """Several polylines as one trace's x and y, separated by None (a gap Plotly does not connect)."""
    xs, ys = [], []
    for x, y in segments:
        xs += [*x, None]
        ys += [*y, None]
    return xs, ys


def _text(x: list[float], y: list[float], text: list[str], position: str, font: dict) -> dict:
    return {
        "type": "scatter",
        "mode": "text",
        "x": x,
        "y": y,
        "text": text,
        "textposition": position,
        "textfont": font,
        "cliponaxis": False,  # tick labels and titles stand outside the data range, in the margins
        "hoverinfo": "skip",
        "showlegend": False,
    }


def activation_grid(histories: dict[str, History], epoch: int) -> go.Figure:
    """The per-layer histograms of both arms at ``epoch`` (see the module docstring), each a filled step line of the
    fraction of the test set's values per bin; the share outside [-6, 6] is written under the layer's name.

    Args:
        histories: arm id ("with_bn", "without_bn") -> its History, drawn in this order from the top.
    """
    depth = next(iter(histories.values())).config.depth
    rows_per_arm = -(-depth // COLUMNS)
    cols = -(-depth // rows_per_arm)  # balanced rows: 8 layers as 4 + 4, 5 as 3 + 2
    rows = 2 * rows_per_arm
    unit = PANEL_HEIGHT  # px per data unit on the y axis: a panel is one unit high
    stride_x, stride_y = 2 * AXIS_RANGE + COLUMN_GAP, (PANEL_HEIGHT + ROW_GAP) / unit
    frames, grid, histograms, x_labels, y_labels, titles, arm_titles = [], [], [], ([], [], []), ([], [], []), [], []
    title_lines = 1
    for arm, (name, h) in enumerate(histories.items()):
        fractions, off_axis = layer_fractions(h, epoch)
        top, ticks = y_ticks(float(fractions.max()))
        edges = h.hist_edges
        xs, ys, hover = [], [], []
        for layer in range(depth):
            row, col = divmod(layer, cols)
            base, left = (rows - 1 - (arm * rows_per_arm + row)) * stride_y, col * stride_x
            heights = fractions[layer] / top
            xs += [*(left + edges[:-1]), left + edges[-1], left + edges[0], None]  # a closed step outline
            ys += [*(base + heights), base, base, None]
            label = f"{ARM_LABELS[name]}, layer {layer + 1}"
            hover += [[label, (a + b) / 2, f] for a, b, f in zip(edges[:-1], edges[1:], fractions[layer])]
            hover += [[label, edges[-1], 0.0], [label, edges[0], 0.0], [None, None, None]]
            frames += [
                ([left - AXIS_RANGE, left + AXIS_RANGE], [base, base]),
                ([left - AXIS_RANGE] * 2, [base, base + 1]),
            ]
            grid += [([left - AXIS_RANGE, left + AXIS_RANGE], [base + t / top] * 2) for t in ticks[1:]]
            last_row = layer + cols >= depth  # tick labels under each arm's last row only: every panel has the same
            for tick in X_TICKS if last_row else ():  # x axis, and each label is a text Plotly measures on a redraw
                x_labels[0].append(left + tick)
                x_labels[1].append(base)
                x_labels[2].append(str(tick).replace("-", "−"))  # Plotly's own minus sign
            if col == 0:
                for tick in ticks:
                    y_labels[0].append(left - AXIS_RANGE - 0.2)  # inside the x range, or Plotly drops it
                    y_labels[1].append(base + tick / top)
                    y_labels[2].append(_percent(tick, ticks[1] if len(ticks) > 1 else 1.0))
            title = f"layer {layer + 1}" + (f"<br>{off_axis[layer]:.0%} off-axis" if off_axis[layer] >= 0.005 else "")
            titles.append((left, base + 1, title))
            if arm == 0 and row == 0:
                title_lines = max(title_lines, title.count("<br>") + 1)
        histograms.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": xs,
                "y": ys,
                "line": {"shape": "hv", "width": 1, "color": ARM_COLORS[name]},
                "fill": "toself",  # each layer's outline, between two gaps, is filled on its own
                "fillcolor": translucent(ARM_COLORS[name], 0.55),
                "hoveron": "points",
                "customdata": hover,
                "hovertemplate": "%{customdata[0]}<br>%{customdata[1]:.2f}: %{customdata[2]:.1%}<extra></extra>",
                "name": ARM_LABELS[name],
                "legendgroup": name,
            }
        )
        middle = (rows - 1 - arm * rows_per_arm) * stride_y - (rows_per_arm - 1) * stride_y / 2 + 0.5
        arm_titles.append(
            {
                "text": ARM_LABELS[name],
                "xref": "paper",
                "x": 0,
                "xanchor": "right",
                "xshift": -40,
                "y": middle,
                "yref": "y",
                "textangle": -90,
                "showarrow": False,
                "font": {"size": 13, "color": NEUTRAL},
            }
        )
    grid_trace = {"type": "scatter", "mode": "lines", "line": {"width": 1, "color": GRID_LINE}, "hoverinfo": "skip"}
    frame_trace = {"type": "scatter", "mode": "lines", "line": {"width": 1, "color": AXIS_LINE}, "hoverinfo": "skip"}
    title_room = title_lines * TITLE_LINE + 4
    traces = [
        {**grid_trace, **dict(zip("xy", _gapped(grid))), "showlegend": False},
        {**frame_trace, **dict(zip("xy", _gapped(frames))), "showlegend": False},
        *histograms,
        _text(*x_labels, "bottom center", TICK_FONT),
        _text(*y_labels, "middle left", TICK_FONT),
        _text(*map(list, zip(*titles)), "top center", {"size": 10}),
    ]
    plot_height = rows * PANEL_HEIGHT + (rows - 1) * ROW_GAP + title_room
    layout = {
        "xaxis": {"range": [-AXIS_RANGE - 0.25, (cols - 1) * stride_x + AXIS_RANGE + 0.2], "visible": False},
        "yaxis": {"range": [0, (rows - 1) * stride_y + 1 + title_room / unit], "visible": False},
        "annotations": arm_titles,
        "dragmode": False,
    }
    layout["xaxis"]["fixedrange"] = layout["yaxis"]["fixedrange"] = True
    return figure(
        traces,
        layout,
        title=f"Inputs to each layer's nonlinearity at epoch {epoch}",
        x_title="",
        y_title="",
        height=plot_height + MARGIN["t"] + MARGIN["b"],  # the house style takes the margins from this height
    )
