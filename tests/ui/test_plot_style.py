"""The shared figure helpers: panel grids stay inside the figure for every shape a page asks for."""

import pytest

from ui.common.plot_style import axis_grid


@pytest.mark.parametrize("rows", range(1, 7))
@pytest.mark.parametrize("cols", range(1, 13))
def test_every_panel_domain_lies_within_the_figure(rows, cols):
    layout, suffixes = axis_grid(rows, cols, h_gap=0.2 / cols, v_gap=0.5 / rows)
    assert len(suffixes) == rows * cols
    for axis in layout.values():
        low, high = axis["domain"]
        assert 0.0 <= low < high <= 1.0  # Plotly raises on -2.8e-17 (issue 14: depth 9-12)
