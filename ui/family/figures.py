"""Figures of the normalization-family page: the (N, C, H, W) tensor as a 3-D block of cells (Wu & He, 2018,
Figure 2) with the cells sharing a statistic highlighted, and test accuracy against batch size.

Pure builders: data in, ``go.Figure`` out (from plain dicts, ``plot_style.figure``), unit-tested in
tests/ui/test_family_ui.py.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bncore.experiments.batch_size import BatchSizeResult
from ui.common.labels import NORMALIZATION_NAMES
from ui.common.palette import INK, NEUTRAL, NORM_COLORS
from ui.common.plot_style import figure

CELL = 0.86  # edge of a drawn cell; the gaps let the learner count cells
# a unit cube's 8 corners and its 12 triangles, as in Plotly's Mesh3d cube example
CORNERS = np.array([[0, 0, 0], [0, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 1], [1, 1, 1], [1, 0, 1]])
CUBE_I = [7, 0, 0, 0, 4, 4, 6, 6, 4, 0, 3, 2]
CUBE_J = [3, 4, 1, 2, 5, 6, 5, 2, 0, 1, 6, 3]
CUBE_K = [0, 7, 2, 3, 6, 7, 1, 1, 5, 5, 7, 6]
CUBE_EDGES = [(0, 1), (1, 2), (2, 3), (3, 0), (4, 5), (5, 6), (6, 7), (7, 4), (0, 4), (1, 5), (2, 6), (3, 7)]
OUTLINE = INK  # the selected cell's edges, readable against every normalization color
LINE_DASHES = {"batch": "solid", "group": "dash", "layer": "dot"}
LINE_SYMBOLS = {"batch": "circle", "group": "square", "layer": "diamond"}


def cells_mesh(
    cells: np.ndarray, texts: list[str], *, name: str, color: str, opacity: float, legend: bool = True
) -> dict:
    """One mesh3d trace of cubes at the (n, c, p) integer positions in ``cells`` (k, 3), hover text per cube."""
    low = cells[:, None, :] - CELL / 2 + CORNERS[None] * CELL  # (k, 8, 3)
    offsets = 8 * np.arange(len(cells))[:, None]
    return {
        "type": "mesh3d",
        "x": low[..., 0].ravel(),
        "y": low[..., 1].ravel(),
        "z": low[..., 2].ravel(),
        "i": (offsets + CUBE_I).ravel(),
        "j": (offsets + CUBE_J).ravel(),
        "k": (offsets + CUBE_K).ravel(),
        "color": color,
        "opacity": opacity,
        "flatshading": True,
        "name": name,
        "showlegend": legend,
        "text": [t for t in texts for _ in range(8)],
        "hovertemplate": "%{text}<extra></extra>",
        "lighting": {"ambient": 0.75, "diffuse": 0.5},
    }


def cell_outline(position: np.ndarray) -> dict:
    """The 12 edges of the cube at integer position (n, c, p), drawn as one broken line (a scatter3d trace)."""
    corners = position - CELL / 2 + CORNERS * CELL  # (8, 3)
    points = []
    for a, b in CUBE_EDGES:
        points += [corners[a].tolist(), corners[b].tolist(), [None] * 3]
    x, y, z = (list(axis) for axis in zip(*points))
    return {
        "type": "scatter3d",
        "x": x,
        "y": y,
        "z": z,
        "mode": "lines",
        "line": {"color": OUTLINE, "width": 7},
        "name": "selected cell",
        "hoverinfo": "skip",
    }


def scene_axis(title: str, ticktext: list[str]) -> dict:
    """One axis of the 3-D scene: titled, a tick per cell, no background, grid or zero line."""
    return {
        "showbackground": False,
        "showgrid": False,
        "zeroline": False,
        "title": {"text": title},
        "tickvals": list(range(len(ticktext))),
        "ticktext": ticktext,
    }


def tensor_block_figure(
    x: np.ndarray, mask: np.ndarray, element: tuple[int, int, int, int], normalization: str, *, title: str
) -> go.Figure:
    """The tensor as cells: N along x, C along y, the H x W positions (flattened) up; the shared set in the
    normalization's color, the selected cell solid and outlined, the rest faint.

    Args:
        x: (N, C, H, W) values (shown on hover).
        mask: (N, C, H, W) bool, the cells sharing the selected cell's statistic.
        element: (n, c, h, w) the selected cell.
    """
    N, C, H, W = x.shape
    index = np.array(list(np.ndindex(N, C, H, W)))  # (N*C*H*W, 4)
    positions = np.column_stack([index[:, 0], index[:, 1], index[:, 2] * W + index[:, 3]])
    texts = [f"n={i[0]}, c={i[1]}, h={i[2]}, w={i[3]}<br>x = {x[tuple(i)]:.2f}" for i in index]
    flat_mask = mask.reshape(-1)
    selected = (index == np.array(element)).all(axis=1)
    groups = [
        ("other cells", ~flat_mask, NEUTRAL, 0.10),
        ("shares the statistic", flat_mask & ~selected, NORM_COLORS[normalization], 0.45),
        ("selected cell", selected, NORM_COLORS[normalization], 1.0),
    ]
    traces = [
        cells_mesh(
            positions[chosen],
            [t for t, keep in zip(texts, chosen) if keep],
            name=name,
            color=color,
            opacity=opacity,
            legend=name != "selected cell",
        )
        for name, chosen, color, opacity in groups
        if chosen.any()
    ]
    traces.append(cell_outline(positions[selected][0]))
    layout = {
        "scene": {
            "xaxis": scene_axis("N (samples)", [f"n{i}" for i in range(N)]),
            "yaxis": scene_axis("C (channels)", [f"c{i}" for i in range(C)]),
            "zaxis": scene_axis("H × W (positions)", [f"{p // W},{p % W}" for p in range(H * W)]),
            "aspectmode": "data",
            "camera": {"eye": {"x": 1.5, "y": -1.9, "z": 1.1}},
        },
    }
    fig = figure(traces, layout, title=title, x_title="N (samples)", y_title="C (channels)", height=520)
    fig.layout.margin = {"l": 0, "r": 0, "t": 60, "b": 0}  # the scene fills the figure: no 2-D axes around it
    return fig


def batch_size_figure(result: BatchSizeResult) -> go.Figure:
    """Final test accuracy against batch size (log2 axis), one line per normalization, min-max over seeds as bars."""
    sizes = np.array(result.plan.batch_sizes)
    traces = []
    for norm, mean, low, high in zip(result.plan.normalizations, result.mean, result.low, result.high):
        name = NORMALIZATION_NAMES[norm]
        traces.append(
            {
                "type": "scatter",
                "x": sizes,
                "y": mean,
                "name": name,
                "mode": "lines+markers",
                "line": {"color": NORM_COLORS[norm], "dash": LINE_DASHES[norm], "width": 2.5},
                "marker": {"symbol": LINE_SYMBOLS[norm], "size": 9},
                "error_y": {
                    "type": "data",
                    "array": high - mean,
                    "arrayminus": mean - low,
                    "thickness": 1.2,
                    "width": 4,
                },
                "hovertemplate": f"{name}, batch %{{x}}: %{{y:.1%}}<extra></extra>",
            }
        )
    seeds = len(result.plan.seeds)
    layout = {
        "xaxis": {"type": "log", "tickvals": sizes, "ticktext": [str(s) for s in sizes]},
        "yaxis": {"range": [0, 1.02], "tickformat": ".0%"},
    }
    return figure(
        traces,
        layout,
        title=f"Test accuracy after training, by batch size (mean of {seeds} seed{'s' * (seeds > 1)})",
        x_title="batch size (log scale)",
        y_title="test accuracy",
        height=400,
    )
