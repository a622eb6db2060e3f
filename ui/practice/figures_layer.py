"""Reveal views of the experiments on one layer's parameters: γ and β undoing the normalization, and weight-scale
invariance. Pure functions of an experiment's result (see ui.practice.figures)."""

from __future__ import annotations

import numpy as np

from bncore.experiments.layer_properties import UndoNormalization, WeightScaleInvariance
from ui.common.palette import NEUTRAL, OUTPUT, SKY, WITH_BN
from ui.common.plot_style import axis_grid, figure, log_x_label, vertical_line
from ui.practice.findings import magnitude, undo_finding, weight_scale_finding
from ui.practice.reveal import SERIES, RevealView, log_range


def undo_view(r: UndoNormalization) -> RevealView:
    steps = np.arange(len(r.gamma))
    layout, (gamma_panel, beta_panel) = axis_grid(1, 2, h_gap=0.1)
    layout["annotations"] = [  # one line each, centred over its panel
        {
            "text": text,
            "x": sum(layout[f"xaxis{suffix}"]["domain"]) / 2,
            "xref": "paper",
            "xanchor": "center",
            "y": 1.0,
            "yref": "paper",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": 16},
        }
        for text, suffix in (("γ heads for σ<sub>B</sub>", gamma_panel), ("β heads for μ<sub>B</sub>", beta_panel))
    ]
    traces = []
    for j in range(r.gamma.shape[1]):
        color = SERIES[1 + j % 3]
        panels = ((gamma_panel, r.gamma[:, j], r.batch_std[j], "γ"), (beta_panel, r.beta[:, j], r.batch_mean[j], "β"))
        for suffix, values, target, symbol in panels:
            axes = {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}
            traces.append(
                {
                    "type": "scatter",
                    "x": steps,
                    "y": values,
                    "name": f"{symbol}, F{j}",
                    "legendgroup": f"F{j}",
                    "line": {"color": color},
                    **axes,
                }
            )
            traces.append(
                {
                    "type": "scatter",
                    "x": [0, steps[-1]],
                    "y": [target, target],
                    "mode": "lines",
                    "showlegend": False,
                    "line": {"color": color, "dash": "dot", "width": 1},
                    "hoverinfo": "skip",
                    **axes,
                }
            )
    fig = figure(
        traces,
        layout,
        title="Learning γ and β to reproduce the input (dotted: σ<sub>B</sub> and μ<sub>B</sub>)",
        x_title="gradient step",
        y_title="value",
    )
    rows = tuple(
        (
            f"F{j}: γ / σ_B · β / μ_B",
            f"{r.gamma[-1, j]:.3f} / {r.batch_std[j]:.3f} · {r.beta[-1, j]:.3f} / {r.batch_mean[j]:.3f}",
        )
        for j in range(r.gamma.shape[1])
    )
    rows += (("largest |y − x| in units of σ_B, at the end", magnitude(r.error[-1])),)
    return RevealView(fig, "Each solid line should meet its dotted target of the same color.", rows, undo_finding(r))


def weight_scale_view(r: WeightScaleInvariance) -> RevealView:
    one = int(np.flatnonzero(r.scales == 1.0)[0])
    traces = [
        {
            "type": "scatter",
            "x": r.scales,
            "y": r.weight_grad_norm,
            "name": "‖∂L/∂W‖",
            "mode": "lines+markers",
            "line": {"color": WITH_BN},
        },
        {
            "type": "scatter",
            "x": r.scales,
            "y": r.weight_grad_norm[one] / r.scales,
            "name": "‖∂L/∂W‖ at a = 1, divided by a",
            "mode": "lines",
            "line": {"color": NEUTRAL, "dash": "dash"},
        },
        {
            "type": "scatter",
            "x": r.scales,
            "y": r.input_grad_norm,
            "name": "‖∂L/∂u‖",
            "mode": "lines+markers",
            "line": {"color": OUTPUT, "dash": "dot"},
            "marker": {"symbol": "square"},
        },
    ]
    layout = {
        "shapes": [vertical_line(r.scale, color=SKY, dash="dash")],
        "annotations": [log_x_label(r.scale, f"a = {r.scale:g}")],
        "xaxis": {"type": "log", "range": log_range(r.scales)},
        "yaxis": {"type": "log"},
    }
    fig = figure(
        traces,
        layout,
        title="Gradients when the weights are scaled by a",
        x_title="weight scale a (log scale)",
        y_title="gradient norm (log scale)",
    )
    at = int(np.flatnonzero(r.scales == r.scale)[0])
    weight_ratio = r.weight_grad_norm[at] / r.weight_grad_norm[one]
    input_ratio = r.input_grad_norm[at] / r.input_grad_norm[one]
    rows = (
        (f"largest output change at a = {r.scale:g}", magnitude(r.output_change[at])),
        (f"output spread at a = {r.scale:g} / at a = 1", f"{r.output_spread[at]:.2f} / {r.output_spread[one]:.2f}"),
        (f"‖∂L/∂W‖ at a = {r.scale:g} over a = 1", f"{weight_ratio:.4g}"),
        (f"‖∂L/∂u‖ at a = {r.scale:g} over a = 1", f"{input_ratio:.4g}"),
    )
    return RevealView(
        fig,
        "The solid blue line follows the dashed 1/a line wherever BN's output is unchanged; ε "
        "breaks it at the smallest scales.",
        rows,
        weight_scale_finding(r),
    )
