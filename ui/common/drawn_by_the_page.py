"""An element the page draws itself: a Streamlit components-v2 inline component whose look and code are files beside
its Python module (``<name>.css``, ``<name>.js``, and ``<name>.html`` unless it is a chart), e.g. the Training Lab's
epoch view and the Walkthrough's charts. Each one's CSS and JavaScript start with the shared kit's
(``svg_chart.css``, ``svg_chart.js`` here: SVG helpers and the chart figure); a chart's page is the kit's figure
(``svg_chart.html``: title, SVG, legend). Packaged with the app by pyproject.toml's package-data."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

KIT = Path(__file__).with_name("svg_chart")


def component_from_files(name: str, files: Path, *, html: str | None = None):
    """The component ``name`` made of ``files`` with the suffixes .css and .js after the kit's, and .html unless
    ``html`` is given (``files`` without a suffix)."""
    return st.components.v2.component(
        name,
        html=files.with_suffix(".html").read_text() if html is None else html,
        css=KIT.with_suffix(".css").read_text() + files.with_suffix(".css").read_text(),
        js=KIT.with_suffix(".js").read_text() + files.with_suffix(".js").read_text(),
    )


def chart_component(name: str, files: Path):
    """A component that is one chart: the kit's figure, drawn by ``files``.js (drawChart) in ``files``.css's look."""
    return component_from_files(name, files, html=KIT.with_suffix(".html").read_text())
