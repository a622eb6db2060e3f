"""The normalization-family page's tensor block as data: the (N, C, H, W) tensor as cells seen at an angle (Wu & He,
2018, Figure 2), the cells sharing the selected cell's statistic highlighted. A pure function from numbers to what the
page draws itself (ui.family.charts), unit-tested in tests/ui/test_family_ui.py.

Every control of the page's first section changes the block; the page draws it as SVG, so a tab opened on the page
loads no Plotly code until the batch-size experiment's chart, and a change redraws it in next to no time.
"""

from __future__ import annotations

import numpy as np

from ui.common.palette import DRAWN_CHART_COLORS, INK, NEUTRAL, NORM_COLORS, PAPER, translucent

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


def projected(points: np.ndarray) -> np.ndarray:
    """Points (..., 3) in the block's (n, c, p) coordinates as the page's (..., 2) x and y (to 1/1000 of a cell, which
    keeps the data small to send)."""
    return np.round(points @ PROJECTION, 3)


def cell_faces(position: np.ndarray) -> list[list[float]]:
    """The three faces turned to the learner (side, front, top) of the cube at integer position (n, c, p), each as
    its four corners on the page, flat: [x0, y0, ..., x3, y3]."""
    corners = position - CELL / 2 + CORNERS * CELL  # (8, 3)
    return [projected(corners[ids]).reshape(-1).tolist() for ids, _ in VISIBLE_FACES.values()]


def cell_group(name: str, positions: np.ndarray, texts: list[str], *, color: str, alpha: float, line: str) -> dict:
    """Cubes at the (n, c, p) integer positions (k, 3), farthest first so that nearer ones are drawn over them, each
    with its faces and its hover text; one legend entry, shaded face by face from ``color``."""
    order = np.argsort(positions @ VIEW, kind="stable")
    return {
        "name": name,
        "fills": [translucent(color, alpha, light=light) for _, light in VISIBLE_FACES.values()],
        "line": line,
        "cells": [{"faces": cell_faces(positions[k]), "text": texts[k]} for k in order],
    }


def edge_labels(N: int, C: int, H: int, W: int) -> tuple[list[dict], list[dict]]:
    """The block's three edges labelled, as 3-D axes would be: tick labels (n0.., c0.., "h,w") along the front bottom,
    right bottom and front left edges, and the three axis titles beyond them, turned along their edge."""
    near = -0.5 - (1 - CELL) / 2  # just outside the block
    ticks = [((n, near - 0.35, near - 0.2), f"n{n}") for n in range(N)]
    ticks += [((N, c, near - 0.2), f"c{c}") for c in range(C)]  # half a cell beyond the last sample's face
    ticks += [((near - 0.15, near - 0.45, p), f"{p // W},{p % W}") for p in range(H * W)]
    titles = [
        ((N / 2 - 0.5, near - 1.3, near - 0.6), "N (samples)", edge_angle(0)),
        ((N + 1, C / 2 - 0.5, near - 0.6), "C (channels)", edge_angle(1)),
        ((near - 1.0, near - 0.9, H * W / 2 - 0.5), "H × W (positions)", -90.0),
    ]
    return (
        [{"at": page_point(point), "text": text} for point, text in ticks],
        [{"at": page_point(point), "text": text, "angle": angle} for point, text, angle in titles],
    )


def page_point(point: tuple[float, float, float]) -> list[float]:
    """A point (n, c, p) of the block's space as the page's [x, y]."""
    return projected(np.array(point, dtype=float)).tolist()


def edge_angle(axis: int) -> float:
    """The angle on the page, in degrees clockwise (as SVG turns text), of the block's ``axis`` (0: N, 1: C)."""
    dx, dy = PROJECTION[axis]
    return round(-float(np.degrees(np.arctan2(dy, dx))), 2)


def block_corners(N: int, C: int, positions: int) -> np.ndarray:
    """The block's 8 outer corners on the page, (8, 2)."""
    return projected(np.array(list(np.ndindex(2, 2, 2))) * [N, C, positions] - 0.5)


def x_range(N: int, C: int, positions: int) -> list[float]:
    """The x range that shows the block with its labels, at least MIN_WIDTH cells wide: a small block (one cell) is
    drawn at the size it would have in a larger one, not blown up to fill the figure."""
    page_x = block_corners(N, C, positions)[:, 0]
    low, high = page_x.min() - 1.6, page_x.max() + 1.4  # the labels and titles beside
    missing = max(MIN_WIDTH - (high - low), 0.0)
    return [float(low - missing / 2), float(high + missing / 2)]


def y_range(N: int, C: int, positions: int, labels: list[dict]) -> list[float]:
    """The y range that shows the block and its ``labels`` (each at a page point "at"), a little room around them."""
    page_y = block_corners(N, C, positions)[:, 1]
    label_y = [label["at"][1] for label in labels]
    return [float(min(page_y.min(), *label_y) - 0.5), float(max(page_y.max(), *label_y) + 0.3)]


def tensor_block_data(
    x: np.ndarray, mask: np.ndarray, element: tuple[int, int, int, int], normalization: str, *, title: str
) -> dict:
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
    texts = [f"n={i[0]}, c={i[1]}, h={i[2]}, w={i[3]}\nx = {x[tuple(i)]:.2f}" for i in index]
    flat_mask = mask.reshape(-1)
    selected = (index == np.array(element)).all(axis=1)
    color = NORM_COLORS[normalization]
    styles = [  # drawn in this order, so the set and the selected cell stay in front of the faint rest
        ("other cells", ~flat_mask, NEUTRAL, 0.08, translucent(NEUTRAL, 0.35)),
        ("shares the statistic", flat_mask & ~selected, color, 0.55, translucent(PAPER, 0.8)),
        ("selected cell", selected, color, 1.0, OUTLINE),
    ]
    groups = [
        cell_group(name, positions[chosen], [t for t, keep in zip(texts, chosen) if keep], color=c, alpha=a, line=line)
        for name, chosen, c, a, line in styles
        if chosen.any()
    ]
    ticks, axis_titles = edge_labels(N, C, H, W)
    return {
        "title": title,
        "summary": f"{title}: the tensor's cells as a block, N along the front, C going back, the positions up; the "
        "cells that share the selected cell's statistic are colored.",
        "colors": {**DRAWN_CHART_COLORS, "outline": OUTLINE},
        "xRange": x_range(N, C, H * W),
        "yRange": y_range(N, C, H * W, ticks + axis_titles),
        "groups": groups,
        "outline": cell_faces(positions[selected][0]),
        "ticks": ticks,
        "axisTitles": axis_titles,
    }
