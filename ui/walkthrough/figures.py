"""The walkthrough's two charts as data: pure functions from numbers to what the page draws itself (its distribution
and ε charts, ui.walkthrough.charts), unit-tested without a running app. Both change with every edit of the
batch, and Streamlit replaces a changed Plotly figure by a new chart, which cost each edit 0.15-0.2 s in the browser."""

from __future__ import annotations

import numpy as np

from ui.common.histogram import equal_width_bins
from ui.common.palette import DRAWN_CHART_COLORS, INK, NEUTRAL, SERIES_COLORS, SERIES_DASHES, STAGE_COLORS


def bin_count(m: int) -> int:
    """The one bin rule all three histograms share: Sturges' rule, 1 + log2(m), at least 3 bins."""
    return max(3, int(np.ceil(1 + np.log2(m))))


def distribution_chart_data(x: np.ndarray, x_hat: np.ndarray, y: np.ndarray, feature: str) -> dict:
    """Histograms of one feature as input, normalized and output, each with its mean and variance and a zero line:
    the data the page's distribution chart draws (ui.walkthrough.charts; the browser draws it itself, so an edit
    of this feature redraws one small SVG instead of a new Plotly chart).

    Args:
        x, x_hat, y: (m,) the feature's column at the three stages, finite.
        feature: its name, e.g. "F0".

    Returns:
        {"title", "xTitle", "yTitle", "samples": m, "panels": [{"name", "color", "title": three short lines,
        "edges": (bins + 1,), "counts": (bins,), "mean"} per stage], "summary": one sentence, "colors"}

    All three use the same number of equal-width bins over their own range (``bin_count``), so their shapes can be
    compared directly: normalization is a shift and a rescale, so the shape never changes; only the axis does.
    """
    bins = bin_count(len(x))
    panels = []
    for name, values in zip(STAGE_COLORS, (x, x_hat, y), strict=True):
        edges, counts = equal_width_bins(values, bins)
        mean, variance = float(values.mean()), float(values.var())
        panels.append(
            {
                "name": name,
                "color": STAGE_COLORS[name],
                # three short lines: "μ = -1.15, σ² = 4.58" on one line ran into the neighbour's on a phone
                "title": [name, f"μ = {mean:.2f}", f"σ² = {variance:.2f}"],
                "edges": [float(edge) for edge in edges],
                "counts": [int(count) for count in counts],
                "mean": mean,
            }
        )
    title = f"{feature} before and after batch norm"
    return {
        "title": title,
        "xTitle": f"{feature} value",
        "yTitle": "count",
        "samples": len(x),
        "panels": panels,
        "summary": f"{title}: histograms of its {len(x)} values in {bins} bins each; "
        + "; ".join(f"{p['name']} μ = {p['mean']:.2f}, {p['title'][2]}" for p in panels)
        + ".",
        "colors": {**DRAWN_CHART_COLORS, "zero": NEUTRAL, "mean": INK},  # the mean dark on bars of any stage's color
    }


EPSILON_GRID = np.logspace(-8, 1, 73)  # ε from 1e-8 to 10: beyond the slider's 0.1, to show where ε would take over
EPSILON_LOG_GRID = [round(float(x), 4) for x in np.log10(EPSILON_GRID)]  # the chart's x positions, sent as they are
EPSILON_TITLE = "Variance of x̂ = σ² / (σ² + ε) as ε grows"


def epsilon_chart_data(variances: np.ndarray, eps: float, hidden_feature: int | None = None) -> dict:
    """The variance of x̂, σ² / (σ² + ε), against ε for every feature, with the chosen ε marked: the data the page's
    ε chart draws (ui.walkthrough.charts).

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
        "logEps": EPSILON_LOG_GRID,
        "marker": {"at": float(np.log10(eps)), "label": f"ε = {eps:.0e}"},
        "lines": lines,
        "summary": f"{EPSILON_TITLE}, for ε from 10⁻⁸ to 10. At the chosen ε = {eps:.0e} it is "
        + ", ".join(at_chosen)
        + ".",
        "colors": {**DRAWN_CHART_COLORS, "marker": NEUTRAL},
    }
