"""Figures of the Training Lab's run details (gradient norms, γ, β and running statistics), pure functions of bncore
Histories to Plotly figures (the live curves are drawn by the page: ui.training_lab.curves).

The two arms keep their palette colors and dashes on every chart. Traces and layouts are plain dicts
turned into a figure once by ``ui.common.plot_style.figure``.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bncore import History
from ui.common.labels import ARM_LABELS
from ui.common.palette import ARM_COLORS, ARM_DASHES, translucent
from ui.common.plot_style import axis_grid, figure, log_ticks, panel_title


def arm_line(name: str, x, y, suffix: str = "", show_legend: bool = True, **extra) -> dict:
    """A line trace in an arm's color and dash on panel x{suffix}/y{suffix}."""
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "name": ARM_LABELS[name],
        "mode": "lines",
        "legendgroup": name,
        "showlegend": show_legend,
        "line": {"color": ARM_COLORS[name], "dash": ARM_DASHES[name], "width": 2},
        "xaxis": f"x{suffix}",
        "yaxis": f"y{suffix}",
        **extra,
    }


FEW_EPOCHS = 4  # up to this many epochs a gradient-norm panel labels every epoch


def gradient_norm_figure(histories: dict[str, History]) -> go.Figure:
    """Small multiples, one panel per hidden layer: ||dL/dW|| (epoch mean) against epoch, log scale, both arms."""
    depth = next(iter(histories.values())).config.depth
    cols = min(depth, 4)
    rows = -(-depth // cols)
    layout, suffixes = axis_grid(rows, cols, h_gap=0.05, v_gap=0.5 / rows, shared_y=True)
    traces, ticks = [], log_ticks(np.concatenate([h.grad_norm.ravel() for h in histories.values()]))
    for layer, suffix in enumerate(suffixes[:depth]):
        for name, h in histories.items():
            norms = h.grad_norm[:, layer]
            traces.append(
                arm_line(
                    name,
                    np.arange(1, len(norms) + 1),
                    np.where(norms > 0, norms, np.nan),
                    suffix,
                    show_legend=layer == 0,
                    mode="lines+markers" if len(norms) < 3 else "lines",  # one epoch is one point: a line shows none
                    hovertemplate=f"{ARM_LABELS[name]}, layer {layer + 1}<br>epoch %{{x}}: %{{y:.2e}}<extra></extra>",
                )
            )
        layout[f"yaxis{suffix}"].update(type="log", **ticks)
        if len(norms) <= FEW_EPOCHS:  # Plotly would label a narrow panel 1, 1.5, 2, 2.5, 3: epochs are whole
            layout[f"xaxis{suffix}"]["dtick"] = 1
    for suffix in suffixes[depth:]:
        layout[f"xaxis{suffix}"]["visible"] = layout[f"yaxis{suffix}"]["visible"] = False
    layout["annotations"] = [panel_title(f"layer {k + 1}", s) for k, s in enumerate(suffixes[:depth])]
    return figure(
        traces,
        layout,
        title="Weight-gradient norm per layer (log scale)",
        x_title="epoch",
        y_title="‖∂L/∂W‖",
        height=190 * rows + 90,
    )


def bn_parameters_figure(h: History, layer: int) -> go.Figure:
    """γ, β, running mean and running variance of one BN layer against epoch: the median over its units and the
    band from the 10th to the 90th percentile."""
    names = {
        "gamma": "γ (scale)",
        "beta": "β (shift)",
        "running_mean": "running mean",
        "running_var": "running variance",
    }
    layout, suffixes = axis_grid(2, 2, h_gap=0.14, v_gap=0.22)  # two by two: each panel's tick labels have room
    traces = []
    for (field, label), suffix in zip(names.items(), suffixes):
        low, mid, high = np.percentile(getattr(h, field)[layer], [10, 50, 90], axis=1)  # each (epochs + 1,)
        x = np.arange(len(mid))
        traces += [
            {
                "type": "scatter",
                "x": np.concatenate([x, x[::-1]]),
                "y": np.concatenate([high, low[::-1]]),
                "mode": "lines",  # the band's outline only: with fewer than 20 points Plotly would add markers
                "fill": "toself",
                "fillcolor": translucent(ARM_COLORS["with_bn"], 0.18),
                "line": {"width": 0},
                "hoverinfo": "skip",
                "showlegend": False,
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
            },
            arm_line(
                "with_bn",
                x,
                mid,
                suffix,
                show_legend=False,
                hovertemplate=f"{label}, epoch %{{x}}: median %{{y:.3f}}<extra></extra>",
            ),
        ]
    for suffix in suffixes[2:]:
        layout[f"xaxis{suffix}"]["title"] = {"text": "epoch"}
    layout["annotations"] = [panel_title(t, s) for t, s in zip(names.values(), suffixes)]
    return figure(
        traces,
        layout,
        title=f"Layer {layer + 1}'s BN parameters and running statistics (median over units, 10-90% band)",
        x_title="",
        y_title="",
        height=460,
    )
