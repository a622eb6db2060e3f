"""The Training Lab's live curves, drawn by the page itself (one inline component, Streamlit components v2; their data
from ui.training_lab.curves, their drawing charts.js with the kit ui/common/svg_chart.js): training loss and test
accuracy against epoch for both arms. They change with every tick of a playing run, and Streamlit replaces a changed
Plotly figure by a new chart; redrawing a small SVG costs next to nothing.
"""

from __future__ import annotations

from pathlib import Path

from bncore import History
from ui.common.drawn_by_the_page import chart_component
from ui.training_lab.curves import curves_chart_data

COMPONENT = "batch_norm_lab_training_curves"
_chart = chart_component(COMPONENT, Path(__file__).with_name("charts"))


def curves_chart(key: str, histories: dict[str, History], metric: str) -> None:
    """Draw ``metric`` ("train_loss" or "test_acc") of both arms of ``histories`` against epoch."""
    _chart(key=key, data=curves_chart_data(histories, metric))
