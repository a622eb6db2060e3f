"""The Walkthrough's two charts, drawn by the page itself (one inline component, Streamlit components v2; their data
from ui.walkthrough.figures, their drawing charts.js): the distribution chart and the ε chart.

Both change with the batch's edits (the distribution chart with an edit of the feature it shows, the ε chart with any
σ²), and Streamlit replaces a changed Plotly figure by a new chart, which cost each edit 0.15-0.2 s in the browser;
redrawing a small SVG costs next to nothing. (The Walkthrough draws no Plotly chart now.)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ui.common.drawn_by_the_page import chart_component
from ui.walkthrough.figures import distribution_chart_data, epsilon_chart_data
from ui.walkthrough.keys import WalkthroughKeys

COMPONENT = "batch_norm_lab_walkthrough_chart"
_chart = chart_component(COMPONENT, Path(__file__).with_name("charts"))


def distribution_chart(x: np.ndarray, x_hat: np.ndarray, y: np.ndarray, feature: str) -> None:
    """Draw one feature's histograms: ``x``, ``x_hat``, ``y`` (m,) its column as input, normalized and output."""
    data = {"kind": "distribution", **distribution_chart_data(x, x_hat, y, feature)}
    _chart(key=WalkthroughKeys.DIST_CHART, data=data)


def epsilon_chart(variances: np.ndarray, eps: float, hidden_feature: int | None = None) -> None:
    """Draw the ε chart of ``variances`` (d,) at ``eps``, leaving out ``hidden_feature``'s line if given."""
    _chart(
        key=WalkthroughKeys.EPS_CHART, data={"kind": "epsilon", **epsilon_chart_data(variances, eps, hidden_feature)}
    )
