"""The gradient-flow page's charts as data: pure functions from numbers to what the page draws itself (its Jacobian
heatmaps and the per-entry errors of the gradient check, ui.gradient_flow.charts), unit-tested in
tests/ui/test_gradflow_ui.py. Nearly every input of the page changes them, and Streamlit replaces a changed Plotly
figure by a new chart."""

from __future__ import annotations

import numpy as np

from bncore.experiments.gradient_flow import ABSOLUTE_PASS, FAIL_ABOVE, PASS_BELOW, GradientCheck
from ui.common import palette
from ui.common.palette import DRAWN_CHART_COLORS, INK, INPUT, NEUTRAL, OUTPUT, SKY, rgb

ANNOTATE_UP_TO = 8  # write the value in every cell of matrices up to this size
ERROR_FLOOR = 1e-17  # exact agreement is drawn here (a log axis has no zero)
ERROR_LOG_RANGE = (-17.5, 0.5)  # the error chart's y axis, log10
COLOR_FLOOR = 0.01  # Jacobians smaller than this everywhere stay near white instead of being stretched to full color
PARAMETER_STYLE = {"x": (INPUT, "circle"), "gamma": (SKY, "diamond"), "beta": (OUTPUT, "square")}
PARAMETER_LABEL = {"x": "dx", "gamma": "dγ (gamma)", "beta": "dβ (beta)"}  # γ reads like y in small type
ERROR_LEVELS = ((PASS_BELOW, "pass below 1e-7"), (FAIL_ABOVE, "wrong above 1e-2"))


def diverging_fill(values: np.ndarray, limit: float) -> list[list[str]]:
    """Each value's color on the palette's diverging scale from -``limit`` (vermillion) through 0 (white) to
    ``limit`` (blue), interpolated in RGB between the scale's stops as Plotly does; values beyond clip.
    (n, n) values -> (n, n) hex colors."""
    stops = np.array([stop for stop, _ in palette.DIVERGING])
    colors = np.array([rgb(color) for _, color in palette.DIVERGING])
    position = np.clip((values + limit) / (2 * limit), 0, 1)
    channels = np.stack([np.interp(position, stops, colors[:, c]) for c in range(3)], axis=-1).round().astype(int)
    return [[f"#{r:02X}{g:02X}{b:02X}" for r, g, b in row] for row in channels]


def is_dark(fill: str) -> bool:
    """Whether white text reads better than dark on ``fill`` (its luma, its channels weighted, below 0.45)."""
    red, green, blue = (channel / 255 for channel in rgb(fill))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.45


def jacobian_chart_data(jacobian: np.ndarray, *, title: str, labels: list[str], x_title: str, y_title: str) -> dict:
    """A Jacobian as a heatmap: the data the page's Jacobian chart draws (ui.gradient_flow.charts).

    Args:
        jacobian: (n, n) J[j, i] = dy_j / dx_i: row j is output j, column i is input i (row 1 drawn on top).
        title, labels ((n,) the samples' or features' names), x_title, y_title: as shown.

    Returns:
        {"title", "xTitle", "yTitle", "labels", "fills": (n, n) hex colors, "hover": (n, n) texts, "text": (n, n)
        values written in the cells or None (n > ANNOTATE_UP_TO), "darkCells": (n, n) bools (white text),
        "scale": the color bar's [{"at": 0..1 from the bottom, "label"}] and its "stops", "summary", "colors"}

    The color scale is symmetric around zero (white), so the sign of each coupling reads at a glance; a Jacobian that
    is about zero everywhere (LayerNorm of one or two features) stays pale.
    """
    limit = max(float(np.abs(jacobian).max()), COLOR_FLOOR)
    fills = diverging_fill(jacobian, limit)
    n = len(jacobian)
    diagonal, off_diagonal = np.diag(jacobian), jacobian[~np.eye(n, dtype=bool)]
    summary = f"{title}: a {n} by {n} Jacobian; diagonal from {diagonal.min():.3f} to {diagonal.max():.3f}"
    if off_diagonal.size:
        summary += f", off the diagonal from {off_diagonal.min():.3f} to {off_diagonal.max():.3f}"
    return {
        "title": title,
        "xTitle": x_title,
        "yTitle": y_title,
        "labels": labels,
        "fills": fills,
        "hover": [
            [f"output {labels[j]}, input {labels[i]}: ∂y/∂x = {jacobian[j, i]:.4f}" for i in range(n)] for j in range(n)
        ],
        "text": [[f"{value:.2f}" for value in row] for row in jacobian] if n <= ANNOTATE_UP_TO else None,
        "darkCells": [[is_dark(fill) for fill in row] for row in fills],
        "scale": {
            "title": "∂y/∂x",
            "stops": [{"at": stop, "color": color} for stop, color in palette.DIVERGING],
            "ticks": [
                {"at": at, "label": f"{value:.2g}".replace("-", "−")}
                for at, value in ((0.0, -limit), (0.5, 0.0), (1.0, limit))
            ],
        },
        "summary": summary + ".",
        "colors": {**DRAWN_CHART_COLORS, "ink": INK},
    }


def error_chart_data(check: GradientCheck) -> dict:
    """The relative error of every entry on a log axis, dx row by row, then dγ, then dβ, with the 1e-7 and 1e-2 lines:
    the data the page's error chart draws (ui.gradient_flow.charts).

    Entries whose true gradient is about zero are judged by their absolute error (below 1e-8 passes, as the verdict
    does): they are drawn hollow, since their relative error can sit above the lines although nothing is wrong.

    Returns:
        {"title", "xTitle", "yTitle", "entries": how many, "yRange": log10 bounds, "series": [{"name", "color",
        "symbol", "hollow", "x": entry numbers from 1, "y": log10 errors, "hover"}], "levels": [{"at": log10,
        "text"}], "summary", "colors"}
    """
    series, start, spans = [], 1, []
    for parameter in check.parameters:
        color, symbol = PARAMETER_STYLE[parameter.name]
        label = PARAMETER_LABEL[parameter.name]
        errors = np.maximum(parameter.entry_errors.reshape(-1), ERROR_FLOOR)
        near_zero = (np.abs(parameter.analytic - parameter.numerical).reshape(-1) < ABSOLUTE_PASS) & (
            errors >= PASS_BELOW
        )
        index = np.arange(start, start + errors.size)
        for hollow, name_suffix in ((False, ""), (True, " (≈ 0: absolute error < 1e-8)")):
            chosen = near_zero == hollow
            if chosen.any():
                series.append(
                    {
                        "name": label + name_suffix,
                        "color": color,
                        "symbol": symbol,
                        "hollow": hollow,
                        "x": index[chosen].tolist(),
                        "y": [round(float(e), 4) for e in np.log10(errors[chosen])],
                        "hover": [f"{label} entry {i}: {e:.1e}" for i, e in zip(index[chosen], errors[chosen])],
                    }
                )
        spans.append(f"{label} from {errors.min():.0e} to {errors.max():.0e}")
        start += errors.size
    title = f"Relative error of every gradient entry ({check.dtype}, h = {check.step:.0e})"
    return {
        "title": title,
        "xTitle": "entry: dx row by row, then dγ, then dβ",
        "yTitle": "relative error",
        "entries": start - 1,
        "yRange": list(ERROR_LOG_RANGE),
        "series": series,
        "levels": [{"at": float(np.log10(level)), "text": text} for level, text in ERROR_LEVELS],
        "summary": f"{title}, on a log axis: " + "; ".join(spans) + ". Below 1e-7 passes, above 1e-2 is wrong.",
        "colors": {**DRAWN_CHART_COLORS, "level": NEUTRAL, "ink": INK},
    }
