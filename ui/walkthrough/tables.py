"""The walkthrough's read-only tables: every number to two decimals ("?" for a hidden one), one column shaded.

Up to ``TABLE_ROWS`` rows a table is plain HTML (``st.table``, light for the browser), its cells the text shown and its
shading and alignment a few CSS rules scoped to a keyed container: a pandas Styler did the same at 4-8 ms of the
server's time per table, about 40% of the page's rerun (bench.page_reruns). A longer table is a scrolling grid, a
canvas that CSS does not reach, so a Styler shades that one. Each table's container: ``WalkthroughKeys.shown_table``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from ui.common.glossary import term_help
from ui.common.keys import key_class
from ui.common.palette import HIGHLIGHT
from ui.common.tables import column_names
from ui.walkthrough.compute import WalkthroughNumbers
from ui.walkthrough.hidden import MEAN_ROW, STD_ROW, VARIANCE_ROW, hidden_statistics, hide_cells, two_decimals
from ui.walkthrough.keys import WalkthroughKeys

TABLE_ROWS = 16  # longer tables are a scrolling grid
SHADE = f"background-color: {HIGHLIGHT}66"
BOLD = "font-weight: bold"


def show_table(table: pd.DataFrame, shaded: int, key: str, *, bold_last_row: bool = False) -> None:
    """``table`` (rows, columns) of numbers or "?", its column number ``shaded`` shaded (and its last row bold), the
    numbers to two decimals."""
    if len(table) > TABLE_ROWS:
        styler = table.style.format(two_decimals).map(lambda _: SHADE, subset=[table.columns[shaded]])
        if bold_last_row:
            styler = styler.map(lambda _: BOLD, subset=(table.index[-1:], table.columns))
        st.dataframe(styler, width="stretch", height=min(36 * (len(table) + 1), 400))
        return
    with st.container(key=key):
        st.html(f"<style>{table_rules(key, shaded, bold_last_row)}</style>")
        st.table(table.map(two_decimals))


def table_rules(key: str, shaded: int, bold_last_row: bool) -> str:
    """CSS for the HTML table in the container keyed ``key``: numbers right-aligned (Streamlit aligns text left),
    the ``shaded``-th data column shaded (``td``: a row's label is a ``th``), the last row bold if asked."""
    body = f".{key_class(key)} tbody"
    rules = [f"{body} td {{ text-align: right !important; }}", f"{body} td:nth-of-type({shaded + 1}) {{ {SHADE}; }}"]
    if bold_last_row:
        rules.append(f"{body} tr:last-child td {{ {BOLD}; }}")
    return " ".join(rules)


def followed_table(table: pd.DataFrame, feature: int, hidden_rows: list, key: str) -> None:
    """``table`` with the followed feature's column shaded and its ``hidden_rows`` shown as "?" (the page says why)."""
    show_table(hide_cells(table, hidden_rows, table.columns[feature]), feature, key)


def stage_table(
    values: np.ndarray, feature: int, title: str, name: str, help_text: str | None = None, *, hidden: bool = False
) -> None:
    """One stage of the batch (m, d) under its title, the followed feature shaded; ``hidden``: that column is "?".
    ``name``: the table's among the page's (``WalkthroughKeys.shown_table``)."""
    st.markdown(f"**{title}**", help=help_text)
    table = pd.DataFrame(values, columns=column_names(values.shape[1]), index=range(1, len(values) + 1))
    followed_table(table, feature, list(table.index) if hidden else [], WalkthroughKeys.shown_table(name))


def statistics_table(
    numbers: WalkthroughNumbers, feature: int, mode: str = "Training", first_hidden: int | None = None
) -> None:
    """μ, σ² and σ of every feature (3, d); the followed feature's are "?" while their guesses are open."""
    used = " (training mode only; inference uses the running statistics)" if mode == "Inference" else ""
    st.markdown(f"**Batch statistics**{used}", help=term_help("variance"))
    table = pd.DataFrame(
        [numbers.mean, numbers.var, np.sqrt(numbers.var)],
        index=[MEAN_ROW, VARIANCE_ROW, STD_ROW],
        columns=column_names(len(numbers.mean)),
    )
    followed_table(table, feature, hidden_statistics(first_hidden), WalkthroughKeys.shown_table("statistics"))
