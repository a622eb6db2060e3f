"""The shared look of every Plotly figure: titled axes, readable fonts, legend on top.

Colors and the background come from Streamlit's chart theme (st.plotly_chart's default), so no Plotly template is set
here; a template would also cost ~20 ms per figure to copy and validate.
"""

from __future__ import annotations

import plotly.graph_objects as go

FONT = {"size": 13}
AXIS = {"showline": True, "linecolor": "#BBBBBB", "zeroline": False}


def styled(fig: go.Figure, *, title: str, x_title: str, y_title: str, height: int = 340) -> go.Figure:
    """Apply the house style and the titles to the first x and y axes; returns the same figure."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        font=FONT,
        height=height,
        margin={"l": 60, "r": 20, "t": 70, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1.0},
        xaxis={**AXIS, "title": {"text": x_title}},
        yaxis={**AXIS, "title": {"text": y_title}},
    )
    return fig
