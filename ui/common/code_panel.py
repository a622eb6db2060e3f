"""The "show the code" panel: a bncore function as it is on disk, the step's lines highlighted, and the values of the
step's variables for the selected feature beside it (or under it, in a narrow column).

The code is the engine's own source (``ui.common.source``), HTML-escaped line by line: st.code cannot highlight
lines, so the block is drawn with st.html. Only engine source reaches it, never learner text.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui.common.palette import HIGHLIGHT, INK
from ui.common.source import SourceError, SourceView, StepCode, StepValues, step_source

BLOCK_STYLE = (
    "font-family: 'Source Code Pro', ui-monospace, monospace; font-size: 0.8rem; line-height: 1.45; "
    "background: #F8F8FA; border: 1px solid #E2E2E6; border-radius: 0.5rem; padding: 0.4rem 0; margin: 0;"
)
# Long lines wrap under their own start (a hanging indent the width of the line number), so nothing hides off-screen.
LINE_STYLE = (
    "display: block; white-space: pre-wrap; overflow-wrap: anywhere; padding: 0 0.6rem 0 4.2em; text-indent: -4.2em;"
)
NUMBER_STYLE = (
    "display: inline-block; width: 3.4em; margin-right: 0.8em; text-indent: 0; text-align: right; color: #6B6B76;"
)
MARKED_STYLE = f"background: {HIGHLIGHT}99; box-shadow: inset 4px 0 0 {INK};"


def code_html(view: SourceView) -> str:
    """The function's lines with their line numbers in the file; the step's lines shaded and barred on the left.

    Every line is escaped, so the block shows the source exactly as text. A gap in the numbering is the docstring.
    """
    rows = []
    for number, line in zip(view.numbers, view.lines):
        marked = number in view.marked
        style = LINE_STYLE + (MARKED_STYLE if marked else "")
        label = f"line {number}, this step" if marked else f"line {number}"
        rows.append(
            f'<span style="{style}" aria-label="{label}" data-marked="{str(marked).lower()}">'
            f'<span style="{NUMBER_STYLE}">{number}</span>{html.escape(line, quote=False)}</span>'
        )
    return f'<pre style="{BLOCK_STYLE}" data-testid="bnlab-code"><code>{"".join(rows)}</code></pre>'


def lazy_expander(label: str, key: str) -> DeltaGenerator | None:
    """An expander whose content the caller draws only while it is open: the expander if open, else None (its open
    state kept under ``key``).

    Streamlit draws a closed expander's content too, so a page with several code panels (Gradient Flow has six, each
    with its code and tables) drew them all on every load and rerun, and any code block makes the browser load the
    syntax highlighter. Opening one reruns the script, or only the fragment the expander is in.
    """
    section = st.expander(label, key=key, on_change="rerun")
    return section if section.open else None


@st.fragment
def code_expander(
    label: str, key: str, step: StepCode, values: StepValues, *, beside: bool = True, note: str = ""
) -> None:
    """``code_panel`` in a ``lazy_expander``, in a fragment: opening it reruns only this panel, not the page."""
    section = lazy_expander(label, key)
    if section is not None:
        with section:
            code_panel(step, values, beside=beside, note=note)


def code_panel(step: StepCode, values: StepValues, *, beside: bool = True, note: str = "") -> None:
    """The step's code and its values: side by side when ``beside``, else the values under the code."""
    try:
        view = step_source(step)
    except SourceError as error:  # the engine changed under the page (tests catch this first)
        st.info(f"The code view is not available: {error}.")
        return
    code_column, values_column = st.columns([3, 2], gap="medium") if beside else (st.container(), st.container())
    with code_column:
        st.html(code_html(view))
        marked = sorted(view.marked)
        st.caption(
            f"`{view.qualname}` in `{view.path}`, read from the engine as it runs; lines {marked[0]}–{marked[-1]} "
            f"(highlighted) compute this step. {note}".strip()
        )
    with values_column:
        values_table(values)


def values_table(values: StepValues) -> None:
    """The step's numbers as a two-column table, then its per-sample columns (one row per sample)."""
    if values.scalars:
        scalars = pd.DataFrame(
            {"variable": [name for name, _ in values.scalars], "value": [f"{v:.4g}" for _, v in values.scalars]}
        )
        st.dataframe(scalars, hide_index=True, width="stretch")
    if values.columns:
        rows = len(values.columns[0][1])
        table = pd.DataFrame(dict(values.columns), index=[f"sample {i}" for i in range(1, rows + 1)])
        st.dataframe(table.style.format("{:.4f}"), width="stretch", height=min(38 + 35 * rows, 320))
    st.caption("The values of this step's variables for the feature you follow.")
