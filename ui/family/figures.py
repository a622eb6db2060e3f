"""Figures of the normalization-family page drawn with Plotly: test accuracy against batch size, the experiment's
chart (the tensor block is drawn by the page itself: ui.family.block and ui.family.charts).

A pure builder: data in, ``go.Figure`` out (from plain dicts, ``plot_style.figure``), unit-tested in
tests/ui/test_family_ui.py.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bncore.experiments.batch_size import BatchSizeResult
from ui.common.labels import NORMALIZATION_NAMES
from ui.common.palette import NORM_COLORS
from ui.common.plot_style import figure

LINE_DASHES = {"batch": "solid", "group": "dash", "layer": "dot"}
LINE_SYMBOLS = {"batch": "circle", "group": "square", "layer": "diamond"}


def batch_size_figure(result: BatchSizeResult) -> go.Figure:
    """Final test accuracy against batch size (log2 axis), one line per normalization, min-max over seeds as bars."""
    sizes = np.array(result.plan.batch_sizes)
    traces = []
    for norm, mean, low, high in zip(result.plan.normalizations, result.mean, result.low, result.high):
        name = NORMALIZATION_NAMES[norm]
        traces.append(
            {
                "type": "scatter",
                "x": sizes,
                "y": mean,
                "name": name,
                "mode": "lines+markers",
                "line": {"color": NORM_COLORS[norm], "dash": LINE_DASHES[norm], "width": 2.5},
                "marker": {"symbol": LINE_SYMBOLS[norm], "size": 9},
                "error_y": {
                    "type": "data",
                    "array": high - mean,
                    "arrayminus": mean - low,
                    "thickness": 1.2,
                    "width": 4,
                },
                "hovertemplate": f"{name}, batch %{{x}}: %{{y:.1%}}<extra></extra>",
            }
        )
    seeds = len(result.plan.seeds)
    layout = {
        "xaxis": {"type": "log", "tickvals": sizes, "ticktext": [str(s) for s in sizes]},
        "yaxis": {"range": [0, 1.02], "tickformat": ".0%"},
    }
    return figure(
        traces,
        layout,
        title=f"Test accuracy after training, by batch size (mean of {seeds} seed{'s' * (seeds > 1)})",
        x_title="batch size (log scale)",
        y_title="test accuracy",
        height=400,
    )
