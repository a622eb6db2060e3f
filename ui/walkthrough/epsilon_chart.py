"""The Walkthrough's ε chart: each feature's variance of x̂ against ε, drawn by the page itself (an inline component,
Streamlit components v2; its data from ui.walkthrough.figures.epsilon_chart_data, its drawing epsilon_chart.js).

It changes with every edit of the batch (a σ² moves a line), and Streamlit replaces a changed Plotly figure by a new
chart, which cost each edit 0.15-0.2 s in the browser; redrawing this small SVG costs next to nothing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ui.common.drawn_by_the_page import component_from_files
from ui.walkthrough.figures import epsilon_chart_data
from ui.walkthrough.keys import WalkthroughKeys

_epsilon_chart = component_from_files("batch_norm_lab_epsilon_chart", Path(__file__).with_name("epsilon_chart"))


def epsilon_chart(variances: np.ndarray, eps: float, hidden_feature: int | None = None) -> None:
    """Draw the chart of ``variances`` (d,) at ``eps``, leaving out ``hidden_feature``'s line if given."""
    _epsilon_chart(key=WalkthroughKeys.EPS_CHART, data=epsilon_chart_data(variances, eps, hidden_feature))
