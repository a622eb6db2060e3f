"""Figures of the Training Lab, pure functions of bncore Histories (and sweep results) to Plotly figures.

The two arms keep their palette colors and dashes on every chart. Traces and layouts are plain dicts
turned into a figure once by ``ui.common.plot_style.figure`` (fast enough to redraw on every tick of a live run).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bncore import History
from ui.common.labels import ARM_LABELS
from ui.common.palette import ARM_COLORS, ARM_DASHES, translucent
from ui.common.plot_style import axis_grid, figure, log_ticks, panel_title

METRICS = {"train_loss": ("Training loss", "cross-entropy (log scale)"), "test_acc": ("Test accuracy", "accuracy")}


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


def divergence_marker(name: str, h: History, y: float, suffix: str = "") -> dict:
    """An ✕ where an arm diverged, at the fractional epoch of its last step, labelled with the step."""
    return {
        "type": "scatter",
        "x": [(h.diverged_at - 1) / h.steps_per_epoch],
        "y": [y],
        "mode": "markers+text",
        "marker": {"symbol": "x", "size": 13, "color": ARM_COLORS[name]},
        "text": [f"diverged at step {h.diverged_at}"],
        "textposition": "top center",
        "showlegend": False,
        "legendgroup": name,
        "xaxis": f"x{suffix}",
        "yaxis": f"y{suffix}",
        "hoverinfo": "text",
    }


def curves_figure(histories: dict[str, History], metric: str) -> go.Figure:
    """Training loss or test accuracy against epoch for both arms, every epoch revealed so far.

    No mark of the epoch the slider picks: a changed figure is a new chart to draw in the browser, so these stay the
    same while the learner scrubs (only the activation grid and the text follow the slider).
    """
    title, y_title = METRICS[metric]
    traces = []
    for name, h in histories.items():
        values = getattr(h, metric)
        traces.append(
            arm_line(
                name,
                np.arange(len(values)),
                values,
                mode="lines" if len(values) > 1 else "markers",  # epoch 0 alone, before Play, is one point
                hovertemplate=f"{ARM_LABELS[name]}<br>epoch %{{x}}: %{{y:.4g}}<extra></extra>",
            )
        )
        if h.diverged_at is not None:
            traces.append(divergence_marker(name, h, float(values[-1])))
    epochs = max(h.config.epochs for h in histories.values())
    layout = {
        "xaxis": {"range": [-0.3, epochs + 0.3]},
        "yaxis": (
            {"type": "log", **log_ticks(np.concatenate([h.train_loss for h in histories.values()]))}
            if metric == "train_loss"
            else {"range": [0, 1.02], "tickformat": ".0%"}
        ),
    }
    return figure(traces, layout, title=f"{title} vs epoch", x_title="epoch", y_title=y_title, height=320)


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
