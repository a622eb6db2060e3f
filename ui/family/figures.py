"""Figures of the normalization-family page: the (N, C, H, W) tensor as a block of cells seen at an angle (Wu & He,
2018, Figure 2) with the cells sharing a statistic highlighted, and test accuracy against batch size.

Pure builders: data in, ``go.Figure`` out (from plain dicts, ``plot_style.figure``), unit-tested in
tests/ui/test_family_ui.py.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from bncore.experiments.batch_size import BatchSizeResult
from ui.common.labels import NORMALIZATION_NAMES
from ui.common.palette import INK, NEUTRAL, NORM_COLORS, PAPER, translucent
from ui.common.plot_style import figure

CELL = 0.86  # edge of a drawn cell; the gaps let the learner count cells
# The block is drawn as seen from EYE (N to the right and towards the learner, C to the right and away, positions up),
# projected onto the page by hand: a flat figure, which draws in a fraction of the time a WebGL 3-D scene takes.
EYE = np.array([1.5, -1.9, 1.1])
VIEW = EYE / np.linalg.norm(EYE)  # (3,) unit vector from the block towards the learner
_ACROSS = np.cross([0.0, 0.0, 1.0], VIEW)
PAGE_RIGHT = _ACROSS / np.linalg.norm(_ACROSS)
PROJECTION = np.column_stack([PAGE_RIGHT, np.cross(VIEW, PAGE_RIGHT)])  # (3, 2): a point (n, c, p) to the page's x, y
# A unit cube's corners and the three faces turned towards EYE (+N, -C, top), each with its shade: the light comes
# from above, so the top is the lightest.
CORNERS = np.array([[0, 0, 0], [0, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 1], [1, 1, 1], [1, 0, 1]])
VISIBLE_FACES = {"side": ([3, 2, 6, 7], 0.62), "front": ([0, 3, 7, 4], 0.8), "top": ([4, 7, 6, 5], 1.0)}
MIN_WIDTH = 8.0  # cells: the narrowest page width the block is drawn in
OUTLINE = INK  # the selected cell's edges, readable against every normalization color
LINE_DASHES = {"batch": "solid", "group": "dash", "layer": "dot"}
LINE_SYMBOLS = {"batch": "circle", "group": "square", "layer": "diamond"}


def projected(points: np.ndarray) -> np.ndarray:
    """Points (..., 3) in the block's (n, c, p) coordinates as the page's (..., 2) x and y (to 1/1000 of a cell, which
    keeps the figure small to send)."""
    return np.round(points @ PROJECTION, 3)


def polygons(faces: np.ndarray) -> tuple[list, list]:
    """Faces (k, 4, 2) as one x and one y list of closed outlines separated by gaps (one filled trace draws them)."""
    x, y = [], []
    for outline in np.concatenate([faces, faces[:, :1]], axis=1).tolist():  # (k, 5, 2): back to the first corner
        x += [point[0] for point in outline] + [None]
        y += [point[1] for point in outline] + [None]
    return x, y


def cells_faces(cells: np.ndarray, *, name: str, color: str, alpha: float, line: str) -> list[dict]:
    """The visible faces of cubes at the (n, c, p) integer positions in ``cells`` (k, 3), farthest first: one filled
    trace per face direction, shaded by it, listed in the legend once (its top faces) and switched with it."""
    cells = cells[np.argsort(cells @ VIEW, kind="stable")]
    corners = cells[:, None, :] - CELL / 2 + CORNERS[None] * CELL  # (k, 8, 3)
    traces = []
    for face, (corner_ids, light) in VISIBLE_FACES.items():
        x, y = polygons(projected(corners[:, corner_ids]))
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": y,
                "mode": "lines",
                "fill": "toself",
                "fillcolor": translucent(color, alpha, light=light),
                "line": {"color": line, "width": 0.6},
                "name": name,
                "legendgroup": name,
                "showlegend": face == "top",
                "hoverinfo": "skip",
            }
        )
    return traces


def cells_hover(cells: np.ndarray, texts: list[str], name: str) -> dict:
    """Invisible markers at the cells' centres that show each cell's text on hover."""
    x, y = projected(cells.astype(float)).T
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "markers",
        "marker": {"size": 14, "opacity": 0},
        "text": texts,
        "hovertemplate": "%{text}<extra></extra>",
        "name": name,
        "legendgroup": name,
        "showlegend": False,
    }


def cell_outline(position: np.ndarray) -> dict:
    """The visible edges of the cube at integer position (n, c, p), drawn as one closed line per face."""
    corners = position - CELL / 2 + CORNERS * CELL  # (8, 3)
    x, y = polygons(projected(corners[[ids for ids, _ in VISIBLE_FACES.values()]]))
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines",
        "line": {"color": OUTLINE, "width": 3},
        "name": "selected cell",
        "legendgroup": "selected cell",
        "showlegend": False,
        "hoverinfo": "skip",
    }


def edge_labels(N: int, C: int, H: int, W: int) -> tuple[list[dict], list[dict]]:
    """The block's three edges labelled, as 3-D axes would be: a text trace of tick labels (n0.., c0.., "h,w") along
    the front bottom, right bottom and front left edges, and the three axis titles beyond them (annotations)."""
    near = -0.5 - (1 - CELL) / 2  # just outside the block
    ticks = [((n, near - 0.35, near - 0.2), f"n{n}") for n in range(N)]
    ticks += [((N, c, near - 0.2), f"c{c}") for c in range(C)]  # half a cell beyond the last sample's face
    ticks += [((near - 0.15, near - 0.45, p), f"{p // W},{p % W}") for p in range(H * W)]
    x, y = projected(np.array([point for point, _ in ticks], dtype=float)).T
    tick_trace = {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "text",
        "text": [label for _, label in ticks],
        "textfont": {"color": NEUTRAL, "size": 12},
        "hoverinfo": "skip",
        "showlegend": False,
    }
    titles = [
        ((N / 2 - 0.5, near - 1.3, near - 0.6), "N (samples)"),
        ((N + 1, C / 2 - 0.5, near - 0.6), "C (channels)"),
        ((near - 1.0, near - 0.9, H * W / 2 - 0.5), "H × W (positions)"),
    ]
    annotations = []
    for (point, text), angle in zip(titles, (edge_angle(0), edge_angle(1), -90)):
        page_x, page_y = projected(np.array(point, dtype=float))
        annotations.append(
            {"x": page_x, "y": page_y, "text": text, "showarrow": False, "textangle": angle, "font": {"color": INK}}
        )
    return [tick_trace], annotations


def edge_angle(axis: int) -> float:
    """The angle on the page, in Plotly's degrees (clockwise), of the block's ``axis`` (0: N, 1: C)."""
    dx, dy = PROJECTION[axis]
    return -float(np.degrees(np.arctan2(dy, dx)))


def x_range(N: int, C: int, positions: int) -> list[float]:
    """The x range that shows the block with its labels, at least MIN_WIDTH cells wide: a small block (one cell) is
    drawn at the size it would have in a larger one, not blown up to fill the figure."""
    page_x = projected(np.array(list(np.ndindex(2, 2, 2))) * [N, C, positions] - 0.5)[:, 0]  # the block's 8 corners
    low, high = page_x.min() - 1.6, page_x.max() + 1.4  # the labels and titles beside
    missing = max(MIN_WIDTH - (high - low), 0.0)
    return [float(low - missing / 2), float(high + missing / 2)]


def tensor_block_figure(
    x: np.ndarray, mask: np.ndarray, element: tuple[int, int, int, int], normalization: str, *, title: str
) -> go.Figure:
    """The tensor as cells: N along the front, C going back, the H x W positions (flattened) up; the shared set in the
    normalization's color, the selected cell solid and outlined, the rest faint. Hovering a cell shows its value.

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
    color = NORM_COLORS[normalization]
    groups = [  # drawn in this order, so the set and the selected cell stay in front of the faint rest
        ("other cells", ~flat_mask, NEUTRAL, 0.08, translucent(NEUTRAL, 0.35)),
        ("shares the statistic", flat_mask & ~selected, color, 0.55, translucent(PAPER, 0.8)),
        ("selected cell", selected, color, 1.0, OUTLINE),
    ]
    ticks, annotations = edge_labels(N, C, H, W)
    traces = [*ticks]
    for name, chosen, group_color, alpha, line in groups:
        if chosen.any():
            traces += cells_faces(positions[chosen], name=name, color=group_color, alpha=alpha, line=line)
            traces.append(cells_hover(positions[chosen], [t for t, keep in zip(texts, chosen) if keep], name))
    traces.append(cell_outline(positions[selected][0]))
    hidden = {"visible": False, "fixedrange": True}
    layout = {
        "xaxis": {**hidden, "range": x_range(N, C, H * W)},
        "yaxis": {**hidden, "scaleanchor": "x", "scaleratio": 1},
        "annotations": annotations,
        "hovermode": "closest",
        "dragmode": False,
    }
    fig = figure(traces, layout, title=title, x_title="", y_title="", height=480)
    fig.layout.margin.l = fig.layout.margin.r = 10  # no axes at the sides: the block takes the width
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
