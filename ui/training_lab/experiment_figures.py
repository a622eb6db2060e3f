"""Figures of the Training Lab's experiments: the learning-rate and initialization sweeps and the paper view.

Pure functions from results to Plotly figures, tested without a running app; the arms keep the colors and dashes
of every other chart (ui.training_lab.figures).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bncore import History
from bncore.experiments.sweeps import Sweep
from ui.common.labels import ARM_LABELS
from ui.common.palette import ARM_COLORS, ARM_DASHES
from ui.common.plot_style import axis_grid, figure, log_ticks, panel_title, stacked_panels, vertical_line
from ui.training_lab.figures import arm_line


def _sweep_traces(sweep: Sweep, field: str, suffix: str, legend: bool) -> list[dict]:
    traces = []
    for name, arm_points in sweep.points.items():
        traces.append(
            {
                "type": "scatter",
                "x": list(sweep.values),
                "y": [getattr(p, field) for p in arm_points],
                "mode": "lines+markers",
                "name": ARM_LABELS[name],
                "legendgroup": name,
                "showlegend": legend,
                "marker": {
                    "symbol": ["x" if p.diverged_at is not None else "circle" for p in arm_points],
                    "size": 9,
                    "color": ARM_COLORS[name],
                },
                "line": {"color": ARM_COLORS[name], "dash": ARM_DASHES[name]},
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
            }
        )
    return traces


def lr_sweep_figure(sweep: Sweep) -> go.Figure:
    """Final test accuracy against learning rate (log x) for both arms; ✕ marks a run that diverged, a dashed line
    the largest rate at which each arm still trains, labelled above the plot.

    The labels stand above the plot area, one row per arm (the first on top): inside it the curves run near 100%
    exactly where the lines stand, and on a phone they crossed the labels out."""
    shapes, annotations = [], []
    middle = np.log10(sweep.values[0] * sweep.values[-1]) / 2
    largest = {name: sweep.largest_training_value(name) for name in sweep.points}
    labelled = [(name, rate) for name, rate in largest.items() if rate is not None]
    for row, (name, rate) in enumerate(labelled):
        shapes.append(vertical_line(rate, color=ARM_COLORS[name], dash="dash"))
        annotations.append(
            {
                "text": f"{ARM_LABELS[name]}: η = {rate:.2g}" + "<br> " * (len(labelled) - 1 - row),  # blank rows below
                "x": np.log10(rate),
                "y": 1.0,
                "xref": "x",
                "yref": "y domain",
                "yanchor": "bottom",  # counted by the house layout as a panel title: the top margin holds its rows
                "showarrow": False,
                "xanchor": "left" if np.log10(rate) < middle else "right",  # on the side with room
                "font": {"color": ARM_COLORS[name], "size": 12},
            }
        )
    layout = {
        "shapes": shapes,
        "annotations": annotations,
        "xaxis": {"type": "log", **log_ticks(sweep.values)},
        "yaxis": {"range": [0, 1.02], "tickformat": ".0%"},
    }
    return figure(
        _sweep_traces(sweep, "final_test_acc", "", True),
        layout,
        title="Test accuracy vs learning rate (✕: diverged)",
        x_title="learning rate η (log scale)",
        y_title="final test accuracy",
        height=340,
    )


def init_sweep_figure(sweep: Sweep) -> go.Figure:
    """Best test accuracy and final training loss against the Gaussian weight scale (log x), both arms: one panel
    above the other on a shared axis (side by side, on a phone, their axis titles and tick labels ran together)."""
    layout, suffixes, height = stacked_panels(2)
    traces = _sweep_traces(sweep, "best_test_acc", suffixes[0], True) + _sweep_traces(
        sweep, "final_train_loss", suffixes[1], False
    )
    for suffix in suffixes:
        layout[f"xaxis{suffix}"].update(type="log", **log_ticks(sweep.values))
    layout[f"xaxis{suffixes[1]}"]["matches"] = "x"
    layout["yaxis"].update(range=[0, 1.02], tickformat=".0%")
    losses = [p.final_train_loss for arm in sweep.points.values() for p in arm]
    layout[f"yaxis{suffixes[1]}"].update(type="log", **log_ticks(losses))
    layout["annotations"] = [
        panel_title("best test accuracy", suffixes[0]),
        panel_title("final training loss (log)", suffixes[1]),
    ]
    layout["xaxis"]["title"] = {"text": ""}  # the bottom panel's axis carries the title
    layout[f"xaxis{suffixes[1]}"]["title"] = {"text": "weight scale (std, log scale)"}
    return figure(
        traces,
        layout,
        title="Sensitivity to the weight scale (✕: diverged)",
        x_title="",
        y_title="",
        height=height,
    )


def paper_figure(histories: dict[str, History]) -> go.Figure:
    """Ioffe & Szegedy (2015), Figure 1, on digits: (a) test accuracy against training steps for both arms;
    (b, c) the 15th, 50th and 85th percentiles of the last hidden layer's sigmoid input, without and with BN."""
    layout, suffixes = axis_grid(1, 3, h_gap=0.1)
    traces = []
    for name, h in histories.items():
        traces.append(arm_line(name, np.arange(len(h.test_acc)) * h.steps_per_epoch, h.test_acc, suffixes[0]))
    for suffix, name in zip(suffixes[1:], ("without_bn", "with_bn")):
        h = histories[name]
        steps = np.arange(len(h.test_acc)) * h.steps_per_epoch
        for k, (quantile, width) in enumerate(zip(("15th", "50th", "85th"), (1, 2.5, 1))):
            traces.append(
                {
                    "type": "scatter",
                    "x": steps,
                    "y": h.preact_percentiles[:, -1, k],
                    "mode": "lines",
                    "showlegend": False,
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "line": {"color": ARM_COLORS[name], "width": width, "dash": ARM_DASHES[name]},
                    "hovertemplate": (
                        f"{ARM_LABELS[name]}, {quantile} percentile<br>step %{{x}}: %{{y:.2f}}<extra></extra>"
                    ),
                }
            )
    for suffix in suffixes:
        layout[f"xaxis{suffix}"]["title"] = {"text": "training steps"}
    layout["yaxis"].update(range=[0, 1.02], tickformat=".0%")
    layout[f"yaxis{suffixes[2]}"]["matches"] = f"y{suffixes[1]}"
    titles = ["(a) test accuracy", "(b) without BN:<br>sigmoid input", "(c) with BN:<br>sigmoid input"]
    layout["annotations"] = [panel_title(t, s) for t, s in zip(titles, suffixes)]
    return figure(
        traces,
        layout,
        title="Ioffe & Szegedy (2015), Figure\u00a01, reproduced on the digits set",
        x_title="training steps",
        y_title="",
        height=340,
    )
