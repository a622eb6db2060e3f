"""Gradient Flow's charts, drawn by the page itself (one inline component, Streamlit components v2; their data from
ui.gradient_flow.figures, their drawing charts.js with the kit ui/common/svg_chart.js): the Jacobian heatmaps of
batch coupling and the relative error of every entry of the gradient check.

Nearly every input of the page changes them, and Streamlit replaces a changed Plotly figure by a new chart (0.15-0.2 s
of the browser's time each); redrawing a small SVG costs next to nothing, and the page loads no Plotly code.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bncore.experiments.gradient_flow import GradientCheck
from ui.common.drawn_by_the_page import chart_component
from ui.gradient_flow.figures import error_chart_data, jacobian_chart_data

COMPONENT = "batch_norm_lab_gradient_flow_chart"
_chart = chart_component(COMPONENT, Path(__file__).with_name("charts"))


def jacobian_chart(key: str, jacobian: np.ndarray, *, title: str, labels: list[str], x_title: str, y_title: str):
    """Draw the (n, n) ``jacobian`` (J[j, i] = dy_j / dx_i) as a heatmap, its cells named by ``labels`` (n,)."""
    data = jacobian_chart_data(jacobian, title=title, labels=labels, x_title=x_title, y_title=y_title)
    _chart(key=key, data={"kind": "jacobian", **data})


def error_chart(key: str, check: GradientCheck) -> None:
    """Draw the relative error of every entry of ``check`` on a log axis."""
    _chart(key=key, data={"kind": "errors", **error_chart_data(check)})
