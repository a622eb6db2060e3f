"""The shared look of every Plotly figure (titled axes, readable fonts, legend on top) and layout helpers.

Colors and the background come from Streamlit's chart theme (st.plotly_chart's default), so no Plotly template is set
here; a template would also cost ~20 ms per figure to copy and validate.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.common.palette import AXIS_LINE

FONT = {"size": 13}
AXIS = {"showline": True, "linecolor": AXIS_LINE, "zeroline": False}


def house_layout(layout: dict | None, *, title: str, x_title: str, y_title: str, height: int) -> dict:
    """``layout`` (not modified) plus the house style and the titles; the first axes keep their own settings."""
    layout = dict(layout or {})
    layout["xaxis"] = {**AXIS, "title": {"text": x_title}, **layout.get("xaxis", {})}
    layout["yaxis"] = {**AXIS, "title": {"text": y_title}, **layout.get("yaxis", {})}
    layout.update(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        font=FONT,
        height=height,
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1.0},
    )
    return layout


def figure(
    traces: list[dict], layout: dict | None = None, *, title: str, x_title: str, y_title: str, height: int = 340
) -> go.Figure:
    """A figure from plain trace and layout dicts, in the house style.

    Plotly's property validation is skipped (``_validate=False``): it costs several milliseconds per trace on every
    rerun. The figure tests validate every builder's output instead (``go.Figure(fig.to_dict())``).
    """
    layout = house_layout(layout, title=title, x_title=x_title, y_title=y_title, height=height)
    return go.Figure({"data": traces, "layout": layout}, _validate=False)


def styled(fig: go.Figure, *, title: str, x_title: str, y_title: str, height: int = 340) -> go.Figure:
    """Apply the house style and the titles to a figure built with graph objects; returns the same figure."""
    fig.update_layout(house_layout(None, title=title, x_title=x_title, y_title=y_title, height=height))
    return fig


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
        first panel's y range.
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
            layout[f"yaxis{suffix}"]["matches"] = "y"
        suffixes.append(suffix)
    return layout, suffixes


def panel_title(text: str, suffix: str, size: int = 12) -> dict:
    """An annotation centred above the panel drawn on axes x{suffix}/y{suffix}."""
    return {
        "text": text,
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
