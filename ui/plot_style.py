"""The shared look of every Plotly figure: white background, readable fonts, titled axes, legend on top."""

from __future__ import annotations

import plotly.graph_objects as go

FONT = {"family": "Source Sans Pro, sans-serif", "size": 13}


def styled(fig: go.Figure, *, title: str, x_title: str, y_title: str, height: int = 340) -> go.Figure:
    """Apply the house style and the titles; returns the same figure."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        template="plotly_white",
        font=FONT,
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
    )
    fig.update_xaxes(title_text=x_title, showline=True, linecolor="#BBBBBB", zeroline=False)
    fig.update_yaxes(title_text=y_title, showline=True, linecolor="#BBBBBB", zeroline=False)
    return fig
