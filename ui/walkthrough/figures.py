"""Figures of the walkthrough: pure functions from numbers to a Plotly figure or to the data of a chart the page draws
itself, unit-tested without a running app."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.common.histogram import histogram_bars
from ui.common.palette import AXIS_LINE, GRID_LINE, NEUTRAL, SERIES_COLORS, SERIES_DASHES, STAGE_COLORS
from ui.common.plot_style import axis_grid, figure, panel_title, vertical_line


def bin_count(m: int) -> int:
    """The one bin rule all three histograms share: Sturges' rule, 1 + log2(m), at least 3 bins."""
    return max(3, int(np.ceil(1 + np.log2(m))))


def distribution_figure(x: np.ndarray, x_hat: np.ndarray, y: np.ndarray, feature: str) -> go.Figure:
    """Histograms of one feature as input, normalized and output, each with its mean and variance and a zero line.

    Args:
        x, x_hat, y: (m,) the feature's column at the three stages.
        feature: its name, e.g. "F0".

    All three use the same number of equal-width bins over their own range, so their shapes can be compared directly:
    normalization is a shift and a rescale, so the shape never changes; only the axis does.
    """
    stages = {"Input": x, "Normalized": x_hat, "Output": y}
    bins = bin_count(len(x))
    layout, suffixes = axis_grid(1, 3, h_gap=0.08)
    traces, shapes, annotations = [], [], []
    for suffix, (name, values) in zip(suffixes, stages.items()):
        traces.append(
            histogram_bars(
                values,
                bins,
                name=name,
                marker={"color": STAGE_COLORS[name], "line": {"color": "white", "width": 1}},
                opacity=0.85,
                showlegend=False,
                xaxis=f"x{suffix}",
                yaxis=f"y{suffix}",
            )
        )
        layout[f"xaxis{suffix}"]["title"] = {"text": f"{feature} value"}
        shapes += [
            vertical_line(0.0, suffix, color=NEUTRAL, dash="dot", width=1),
            vertical_line(float(values.mean()), suffix, color=STAGE_COLORS[name], width=2),
        ]
        # three short lines: "μ = -1.15, σ² = 4.58" on one line ran into the neighbour's on a phone
        annotations.append(panel_title(f"{name}<br>μ = {values.mean():.2f}<br>σ² = {values.var():.2f}", suffix))
    layout.update(shapes=shapes, annotations=annotations)
    return figure(
        traces,
        layout,
        title=f"{feature} before and after batch norm",
        x_title=f"{feature} value",
        y_title="count",
        height=340,
    )


EPSILON_GRID = np.logspace(-8, 1, 73)  # ε from 1e-8 to 10: beyond the slider's 0.1, to show where ε would take over
EPSILON_TITLE = "Variance of x̂ = σ² / (σ² + ε) as ε grows"


def epsilon_chart_data(variances: np.ndarray, eps: float, hidden_feature: int | None = None) -> dict:
    """The variance of x̂, σ² / (σ² + ε), against ε for every feature, with the chosen ε marked: the data the page's
    ε chart draws (ui.walkthrough.epsilon_chart; the browser draws it itself, so an edit that changes a σ² redraws
    one small SVG instead of a new Plotly chart).

    Args:
        variances: (d,) biased batch variances.
        eps: the ε in use.
        hidden_feature: a feature whose line (and σ² in the legend) is left out, while its σ² is to be guessed.

    Returns:
        {"title", "xTitle", "yTitle", "logEps": (73,) log10 of the ε grid, "marker": {"at": log10 ε, "label"},
        "lines": [{"name", "color", "dash", "y": (73,) with None where not finite}], "summary": one sentence,
        "colors": the palette's grid, axis and tick colors}

    ε is harmless while it is much smaller than σ²; once comparable, it shrinks x̂ towards 0.
    """
    lines, at_chosen = [], []
    for j, var in enumerate(variances):
        if j == hidden_feature:
            continue
        with np.errstate(all="ignore"):
            shrunk = var / (var + EPSILON_GRID)
            kept = var / (var + eps)
        at_chosen.append(f"{kept:.3f} for F{j}" if np.isfinite(kept) else f"undefined for F{j}")
        lines.append(
            {
                "name": f"F{j} (σ² = {var:.3g})",
                "color": SERIES_COLORS[j % len(SERIES_COLORS)],
                "dash": SERIES_DASHES[j % len(SERIES_DASHES)],
                "y": [round(float(y), 5) if np.isfinite(y) else None for y in shrunk],
            }
        )
    return {
        "title": EPSILON_TITLE,
        "xTitle": "ε (log scale)",
        "yTitle": "variance of x̂",
        "logEps": [round(float(x), 4) for x in np.log10(EPSILON_GRID)],
        "marker": {"at": float(np.log10(eps)), "label": f"ε = {eps:.0e}"},
        "lines": lines,
        "summary": f"{EPSILON_TITLE}, for ε from 10⁻⁸ to 10. At the chosen ε = {eps:.0e} it is "
        + ", ".join(at_chosen)
        + ".",
        "colors": {"grid": GRID_LINE, "frame": AXIS_LINE, "tick": NEUTRAL, "marker": NEUTRAL},
    }
