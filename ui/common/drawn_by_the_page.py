"""An element the page draws itself: a Streamlit components-v2 inline component whose page, look and code are three
files beside its Python module (``<name>.html``, ``<name>.css``, ``<name>.js``), e.g. the Training Lab's epoch view and
the Walkthrough's ε chart. Packaged with the app by pyproject.toml's package-data."""

from __future__ import annotations

from pathlib import Path

import streamlit as st


def component_from_files(name: str, files: Path):
    """The component ``name`` made of ``files`` with the suffixes .html, .css and .js (``files`` without a suffix)."""
    return st.components.v2.component(
        name,
        html=files.with_suffix(".html").read_text(),
        css=files.with_suffix(".css").read_text(),
        js=files.with_suffix(".js").read_text(),
    )
