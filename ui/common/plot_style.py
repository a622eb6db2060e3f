"""The shared look of every Plotly figure (titled axes, readable fonts, legend under the plot) and layout helpers.

Colors and the background come from Streamlit's chart theme (st.plotly_chart's default), so no Plotly template is set
here; a template would also cost ~20 ms per figure to copy and validate.

What keeps a figure readable from a 390 px phone to a wide screen: the title is broken into short lines (Plotly never
wraps text) and starts below a band kept free for Plotly's toolbar; the legend sits under the plot, where it covers
no title, panel or line; log axes get their ticks from ``log_ticks`` (1-2-5 steps or powers of ten, every label a
whole number such as 0.05 or 10⁻⁴).
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import plotly.graph_objects as go

from ui.common.palette import AXIS_LINE

FONT = {"size": 13}
AXIS = {"showline": True, "linecolor": AXIS_LINE, "zeroline": False}
TITLE_LINE_CHARACTERS = 48  # at 15 px, a title line this long fits a chart on a 390 px phone
TITLE_LINE_HEIGHT = 20  # px per title line
PANEL_TITLE_CHARACTERS = 16  # a panel title's line: one of three panels side by side on a 390 px phone
TOOLBAR_BAND = 26  # px kept free at the top for Plotly's toolbar (shown on hover), so it never covers the title
LEGEND_BAND = 30  # px under the x axis title for the legend
PANEL_TITLE_LINE_HEIGHT = 16  # px per line of the panel titles over the top row of a grid (at least one line)
MARGIN = {"l": 60, "r": 20, "t": 70, "b": 50}  # the plot area's margins with a one-line title and no legend
UNTITLED_BOTTOM = 28  # px under the plot when no x axis has a title: the tick labels only


def title_lines(title: str, width: int = TITLE_LINE_CHARACTERS) -> list[str]:
    """The title broken at spaces into lines of at most ``width`` characters (a longer word keeps its own line), as
    few as that takes and of about equal length (so no line holds a lone word); an existing <br> is kept."""

    def wrap(text: str, line_width: int) -> list[str]:
        return textwrap.wrap(text, line_width, break_long_words=False, break_on_hyphens=False)

    lines = []
    for part in title.split("<br>"):
        count = len(wrap(part, width)) or 1
        balanced = math.ceil(len(part) / count)
        while len(wrap(part, balanced)) > count:
            balanced += 1
        lines += wrap(part, balanced) or [""]
    return lines


def _panel_title_lines(layout: dict) -> int:
    """Lines of the tallest panel title standing on top of the plot area (``panel_title`` of a top-row panel), at
    least one: a blank line between the title and the plot."""
    over_top = [
        a["text"].count("<br>") + 1
        for a in layout.get("annotations", [])
        if a.get("yanchor") == "bottom" and a.get("y") == 1.0 and str(a.get("yref", "")).endswith("domain")
    ]
    return max(over_top, default=1)


def shows_legend(traces: list, layout: dict) -> bool:
    """Whether Plotly will draw a legend: asked for, or at least two traces that do not opt out."""
    if "showlegend" in layout:
        return bool(layout["showlegend"])
    return sum(1 for trace in traces if trace.get("showlegend", True) is not False) >= 2


def house_layout(
    layout: dict | None, *, title: str, x_title: str, y_title: str, height: int, legend: bool = True
) -> dict:
    """``layout`` (not modified) plus the house style and the titles; the first axes keep their own settings.

    ``height`` is the figure's height with a one-line title and no legend; the figure grows by what more title lines
    and the legend take, so the plot area keeps its size.
    """
    layout = dict(layout or {})
    layout["xaxis"] = {**AXIS, "title": {"text": x_title}, **layout.get("xaxis", {})}
    layout["yaxis"] = {**AXIS, "title": {"text": y_title}, **layout.get("yaxis", {})}
    lines = title_lines(title)
    top = TOOLBAR_BAND + TITLE_LINE_HEIGHT * len(lines) + PANEL_TITLE_LINE_HEIGHT * _panel_title_lines(layout)
    x_titled = any(
        isinstance(axis, dict) and axis.get("title", {}).get("text")
        for key, axis in layout.items()
        if key.startswith("xaxis")
    )
    bottom = (MARGIN["b"] if x_titled else UNTITLED_BOTTOM) + (LEGEND_BAND if legend else 0)
    layout.update(
        title={
            "text": "<br>".join(lines),
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": TOOLBAR_BAND},
            "font": {"size": 15},
        },
        font=FONT,
        height=height + (top - MARGIN["t"]) + (bottom - MARGIN["b"]),
        margin={**MARGIN, "t": top, "b": bottom},
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "xanchor": "left", "x": 0},
    )
    return layout


def figure(
    traces: list[dict], layout: dict | None = None, *, title: str, x_title: str, y_title: str, height: int = 340
) -> go.Figure:
    """A figure from plain trace and layout dicts, in the house style: how every figure of the app is built.

    Plotly's property validation is skipped (``_validate=False``): it costs several milliseconds per trace on every
    rerun, and building with graph objects (go.Scatter, update_layout, add_hline, make_subplots) cost a page 20-90 ms
    per figure. The figure tests validate every builder's output instead (``go.Figure(fig.to_dict())``).
    """
    legend = shows_legend(traces, layout or {})
    layout = house_layout(layout, title=title, x_title=x_title, y_title=y_title, height=height, legend=legend)
    return go.Figure({"data": traces, "layout": layout}, _validate=False)


def unit_interval(low: float, high: float) -> list[float]:
    """[low, high] clipped to [0, 1]: the last panel's edge computed as 1 - 3 * (1/3) can land on -2.8e-17, and Plotly
    refuses a domain outside [0, 1] (a ValueError the learner would see)."""
    return [min(max(low, 0.0), 1.0), min(max(high, 0.0), 1.0)]


def axis_grid(
    rows: int, cols: int, *, h_gap: float = 0.04, v_gap: float = 0.12, shared_y: bool = False
) -> tuple[dict, list[str]]:
    """Axes for a rows x cols grid of panels, built as plain layout dicts (make_subplots is slow).

    Returns:
        layout entries (xaxis, yaxis, xaxis2, ...) and each panel's axis suffix in reading order ("", "2", "3", ...),
        so panel k draws with xaxis=f"x{suffix}", yaxis=f"y{suffix}". With ``shared_y`` every panel follows the
        first panel's y range, and only the first column labels it: a later column's labels stand in the gap, where on
        a phone they fell into the plot of the panel to their left.
    """
    width = (1 - h_gap * (cols - 1)) / cols
    height = (1 - v_gap * (rows - 1)) / rows
    layout, suffixes = {}, []
    for k in range(rows * cols):
        r, c = divmod(k, cols)
        suffix = "" if k == 0 else str(k + 1)
        left, top = c * (width + h_gap), 1 - r * (height + v_gap)
        layout[f"xaxis{suffix}"] = {"domain": unit_interval(left, left + width), "anchor": f"y{suffix}", **AXIS}
        layout[f"yaxis{suffix}"] = {"domain": unit_interval(top - height, top), "anchor": f"x{suffix}", **AXIS}
        if shared_y and k:
            layout[f"yaxis{suffix}"].update(matches="y", showticklabels=c == 0)
        suffixes.append(suffix)
    return layout, suffixes


STACKED_PANEL_HEIGHT = 150  # px of one panel of a stack ...
STACKED_GAP = 80  # ... and between two: the upper panel's tick labels, the lower one's two-line panel title


def stacked_panels(rows: int, gap: int = STACKED_GAP) -> tuple[dict, list[str], int]:
    """Axes for ``rows`` panels one above the other, each the full width: for panels with y axes of their own, which
    side by side left a phone too little room between them (a panel's tick labels fell into its neighbour's plot).

    Returns:
        the layout entries and suffixes of ``axis_grid``, and the ``height`` to give ``figure`` so that each panel's
        plot area is STACKED_PANEL_HEIGHT px high and ``gap`` px lie between two panels.
    """
    plot_height = rows * STACKED_PANEL_HEIGHT + (rows - 1) * gap
    layout, suffixes = axis_grid(rows, 1, v_gap=gap / plot_height)
    return layout, suffixes, plot_height + MARGIN["t"] + MARGIN["b"]


def panel_title(text: str, suffix: str, size: int = 12) -> dict:
    """An annotation centred above the panel drawn on axes x{suffix}/y{suffix}, in lines short enough that the titles
    of panels side by side never run into each other, even on a phone."""
    return {
        "text": "<br>".join(title_lines(text, PANEL_TITLE_CHARACTERS)),
        "showarrow": False,
        "xref": f"x{suffix} domain",
        "yref": f"y{suffix} domain",
        "x": 0.5,
        "y": 1.0,
        "yanchor": "bottom",
        "font": {"size": size},
    }


def vertical_line(x: float, suffix: str = "", **line) -> dict:
    """A full-height vertical line shape on panel x{suffix}/y{suffix}."""
    return {
        "type": "line",
        "xref": f"x{suffix}",
        "yref": f"y{suffix} domain",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": line,
    }


def horizontal_line(y: float, suffix: str = "", **line) -> dict:
    """A full-width horizontal line shape on panel x{suffix}/y{suffix} (on a log y axis, ``y`` is the value itself)."""
    return {
        "type": "line",
        "xref": f"x{suffix} domain",
        "yref": f"y{suffix}",
        "x0": 0,
        "x1": 1,
        "y0": y,
        "y1": y,
        "line": line,
    }


def log_x_label(x: float, text: str, suffix: str = "") -> dict:
    """A label at the top of a vertical line at ``x`` on a log x axis (annotations on log axes take log10(x))."""
    return {
        "text": text,
        "x": float(np.log10(x)),
        "xref": f"x{suffix}",
        "y": 1.0,
        "yref": f"y{suffix} domain",
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
    }


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
PLAIN_RANGE = (1e-3, 1e5)  # tick values written as plain numbers (0.001 ... 10000); beyond, as powers of ten
MAX_LOG_TICKS = 7
LOG_SNAP_DECADES = 0.15  # an end of a log axis moves out to the next tick if that adds at most this much ...
LOG_SNAP_SHARE = 0.25  # ... or this share of the data's span, whichever is more
LOG_PAD = 0.05  # otherwise the end sits this share of the span beyond the data (about Plotly's autorange)


def _tick_text(value: float, powers: bool) -> str:
    if not powers:
        return f"{value:g}"
    exponent = math.floor(math.log10(value) + 1e-9)
    mantissa = round(value / 10.0**exponent)
    power = f"10{str(exponent).translate(SUPERSCRIPTS)}"
    return power if mantissa == 1 else f"{mantissa}×{power}"


def log_ticks(values) -> dict:
    """``tickvals``, ``ticktext`` and ``range`` for a log axis showing ``values``.

    Ticks are 1-2-5 steps (finer ones within a decade, powers of ten over many decades, every second or third power
    over very many), each label a whole number (0.05, 2) or, when any tick lies outside 0.001 ... 10000, a power of
    ten (2×10⁻⁵). An end of the range moves out to the next tick when that costs little room, so at least the ticks
    next to the data are labelled. Plotly's own log ticks label the steps between powers of ten with a bare digit
    ("2, 5, 0.1, 2, 5"), which reads as nonsense. Empty for no positive values; only a format when the values span
    less than a factor of two."""
    values = np.asarray(values, dtype=float).ravel()
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        return {}
    low, high = math.log10(values.min()), math.log10(values.max())
    coarse = [_log_grid(low, high, mantissas) for mantissas in ((1, 2, 5), (1, 3), (1,))]
    start, stop, ticks = next((grid for grid in coarse if len(grid[2]) <= MAX_LOG_TICKS), coarse[-1])
    if len(ticks) > MAX_LOG_TICKS:  # very many decades: every step-th power of ten, 10⁰ among them
        step = math.ceil(len(ticks) / MAX_LOG_TICKS)
        ticks = [tick for tick in ticks if round(tick) % step == 0]
    for mantissas in ((1, 2, 3, 5), range(1, 10)):  # within about a decade: finer steps until three are seen
        if len(ticks) < 3:
            start, stop, ticks = _log_grid(low, high, mantissas)
    if len(ticks) < 2:
        return {"tickformat": ".3~g"}
    values_at = [10.0**tick for tick in ticks]
    powers = not all(PLAIN_RANGE[0] <= value < PLAIN_RANGE[1] for value in values_at)
    return {
        "tickvals": values_at,
        "ticktext": [_tick_text(value, powers) for value in values_at],
        "range": [start, stop],
    }


def _log_grid(low: float, high: float, mantissas) -> tuple[float, float, list[float]]:
    """The range (log10 units) for data from 10**low to 10**high and the ticks m·10^e in it: an end moves out to
    the next tick when that adds little room, else it sits a little beyond the data."""
    grid = [math.log10(m) + e for e in range(math.floor(low) - 1, math.ceil(high) + 2) for m in mantissas]
    slack = max(LOG_SNAP_DECADES, LOG_SNAP_SHARE * (high - low))
    pad = LOG_PAD * max(high - low, 0.1)
    below, above = max(g for g in grid if g <= low + 1e-9), min(g for g in grid if g >= high - 1e-9)
    start = below if low - below <= slack else low - pad
    stop = above if above - high <= slack else high + pad
    return start, stop, [g for g in grid if start - 1e-9 <= g <= stop + 1e-9]
