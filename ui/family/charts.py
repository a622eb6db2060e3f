"""The Normalization Family page's tensor block, drawn by the page itself (one inline component, Streamlit components
v2; its data from ui.family.block, its drawing charts.js with the kit ui/common/svg_chart.js). As a Plotly figure it
made a tab opened on this page load Plotly's code (4.7 MB) before its controls were drawn, and every change of the
first section replaced the figure by a new chart.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ui.common.drawn_by_the_page import chart_component
from ui.family.block import tensor_block_data

COMPONENT = "batch_norm_lab_family_block"
_chart = chart_component(COMPONENT, Path(__file__).with_name("charts"))


def tensor_block(
    key: str, x: np.ndarray, mask: np.ndarray, element: tuple[int, int, int, int], normalization: str, *, title: str
) -> None:
    """Draw the (N, C, H, W) tensor ``x`` as a block of cells, those in ``mask`` (the selected ``element``'s set)
    colored."""
    _chart(key=key, data=tensor_block_data(x, mask, element, normalization, title=title))
