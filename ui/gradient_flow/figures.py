"""Figures of the gradient-flow page: Jacobian heatmaps and the per-entry errors of the gradient check.

Pure builders: data in, ``go.Figure`` out (from plain dicts, ``plot_style.figure``), unit-tested in
tests/ui/test_gradflow_ui.py.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bncore.experiments.gradient_flow import ABSOLUTE_PASS, FAIL_ABOVE, PASS_BELOW, GradientCheck
from ui.common import palette
from ui.common.palette import INPUT, NEUTRAL, OUTPUT, SKY
from ui.common.plot_style import figure, horizontal_line

DIVERGING = [list(stop) for stop in palette.DIVERGING]
ANNOTATE_UP_TO = 8  # write the value in every cell of matrices up to this size
ERROR_FLOOR = 1e-17  # exact agreement is drawn here (a log axis has no zero)
COLOR_FLOOR = 0.01  # Jacobians smaller than this everywhere stay near white instead of being stretched to full color
PARAMETER_STYLE = {"x": (INPUT, "circle"), "gamma": (SKY, "diamond"), "beta": (OUTPUT, "square")}
PARAMETER_LABEL = {"x": "dx", "gamma": "dγ (gamma)", "beta": "dβ (beta)"}  # γ reads like y in small type


def jacobian_heatmap(jacobian: np.ndarray, *, title: str, labels: list[str], x_title: str, y_title: str) -> go.Figure:
    """Heatmap of an (n, n) Jacobian J[j, i] = dy_j / dx_i: row j is output j, column i is input i (row 1 on top).

    The color scale is symmetric around zero (white), so the sign of each coupling reads at a glance; a Jacobian that
    is about zero everywhere (LayerNorm of one or two features) stays pale.
    """
    limit = max(float(np.abs(jacobian).max()), COLOR_FLOOR)
    heatmap = {
        "type": "heatmap",
        "z": jacobian,
        "x": labels,
        "y": labels,
        "colorscale": DIVERGING,
        "zmin": -limit,
        "zmax": limit,
        "zmid": 0,
        "colorbar": {"title": {"text": "∂y/∂x"}, "thickness": 12},
        "hovertemplate": "∂y<sub>%{y}</sub> / ∂x<sub>%{x}</sub> = %{z:.4f}<extra></extra>",
    }
    if len(jacobian) <= ANNOTATE_UP_TO:
        heatmap["texttemplate"] = "%{z:.2f}"
    layout = {
        "xaxis": {"side": "bottom", "constrain": "domain", "type": "category"},
        "yaxis": {"autorange": "reversed", "scaleanchor": "x", "constrain": "domain", "type": "category"},
    }
    return figure([heatmap], layout, title=title, x_title=x_title, y_title=y_title, height=380)


def entry_error_figure(check: GradientCheck) -> go.Figure:
    """Relative error of every entry on a log axis: dx row by row, then dγ, then dβ, with the 1e-7 and 1e-2 lines.

    Entries whose true gradient is about zero are judged by their absolute error (below 1e-8 passes, as the verdict
    does): they are drawn hollow, since their relative error can sit above the lines although nothing is wrong.
    """
    traces = []
    start = 1
    for parameter in check.parameters:
        color, symbol = PARAMETER_STYLE[parameter.name]
        errors = np.maximum(parameter.entry_errors.reshape(-1), ERROR_FLOOR)
        near_zero = (np.abs(parameter.analytic - parameter.numerical).reshape(-1) < ABSOLUTE_PASS) & (
            errors >= PASS_BELOW
        )
        index = np.arange(start, start + errors.size)
        for hollow, name_suffix in ((False, ""), (True, " (≈ 0: absolute error < 1e-8)")):
            chosen = near_zero == hollow
            if not chosen.any():
                continue
            traces.append(
                {
                    "type": "scatter",
                    "x": index[chosen],
                    "y": errors[chosen],
                    "mode": "markers",
                    "name": PARAMETER_LABEL[parameter.name] + name_suffix,
                    "marker": {
                        "color": color,
                        "symbol": symbol + ("-open" if hollow else ""),
                        "size": 8,
                        "line": {"width": 1 if hollow else 0.5, "color": color if hollow else palette.INK},
                    },
                    "hovertemplate": f"{PARAMETER_LABEL[parameter.name]} entry %{{x}}: %{{y:.1e}}<extra></extra>",
                }
            )
        start += errors.size
    levels = ((PASS_BELOW, "pass below 1e-7"), (FAIL_ABOVE, "wrong above 1e-2"))
    layout = {
        "shapes": [horizontal_line(level, color=NEUTRAL, dash="dash", width=1) for level, _ in levels],
        "annotations": [
            {
                "x": 1,
                "xref": "paper",
                "xanchor": "right",
                "y": float(np.log10(level)),  # annotations on a log axis take log10 of the value
                "yref": "y",
                "yanchor": "bottom",
                "text": text,
                "showarrow": False,
                "font": {"color": NEUTRAL, "size": 11},
            }
            for level, text in levels
        ],
        "yaxis": {"type": "log", "range": [-17.5, 0.5], "exponentformat": "power", "dtick": 2},
    }
    title = f"Relative error of every gradient entry ({check.dtype}, h = {check.step:.0e})"
    return figure(
        traces, layout, title=title, x_title="entry: dx row by row, then dγ, then dβ", y_title="relative error"
    )
