"""The Why It Works page's charts, drawn by the page itself (one inline component, Streamlit components v2; their data
from ui.why.figures, their drawing charts.js with the kit ui/common/svg_chart.js): each revealed section's panels of
lines. As Plotly figures they took the tab 0.5-1 s to draw after a reveal; as SVG they take a few milliseconds.
"""

from __future__ import annotations

from pathlib import Path

from ui.common.drawn_by_the_page import chart_component

COMPONENT = "batch_norm_lab_why_chart"
_chart = chart_component(COMPONENT, Path(__file__).with_name("charts"))


def why_chart(key: str, data: dict) -> None:
    """Draw one figure of ui.why.figures (its data: panels of lines)."""
    _chart(key=key, data=data)
