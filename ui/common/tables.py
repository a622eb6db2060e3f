"""The editable tables of the walkthrough, gradient-flow and normalization-family pages, and the check that guards
them.

Every editor's cells are text (``text_columns``): the browser hands over exactly what was typed, and
``cell_problem`` is the one parser of a cell. ``check_table`` is pure: it reads whatever the learner left in the
editor (numbers, blanks, text, NaN, inf, huge values, too few or too many rows) and says in one sentence what is
wrong, quoting the rejected text, keeping the valid rows when that is unambiguous. ``restart_if_changed`` /
``editor_base`` keep an editor's work in session state: the last valid values survive a bad edit, and a visit to
another page (Streamlit forgets an editor's edits when it is not drawn, so it is rebuilt from the last valid
values). ``editable_batch`` puts it together for a batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from ui.common.keys import EditorKeys
from ui.common.quote import inline_code

MAX_ABS = 1e9  # larger values would overflow (1e308 squared) or drown the others in rounding error
MIN_ROWS = 2  # batch norm needs two samples per feature to have a spread
MAX_CELL_CHARS = 32  # longer text is no number a learner means
MAX_ROWS = 64  # every rerun recomputes the page from the table; more rows add nothing a learner can read


@dataclass(frozen=True)
class TableCheck:
    values: np.ndarray | None  # (m, d) float64 rows to compute on, None when nothing usable is left
    problem: str | None  # one sentence on what is wrong, None when the table is fine
    notes: tuple[str, ...] = ()  # remarks that are not errors (a constant feature)
    bad_cell: str | None = None  # the first bad cell alone, e.g. "Row 2, F1 is empty", None when every cell is good


def column_names(features: int) -> list[str]:
    return [f"F{j}" for j in range(features)]


def as_table(values: np.ndarray) -> pd.DataFrame:
    """An (m, d) array as the batch editor shows it: text cells, columns F0..F(d-1), rows numbered 1..m."""
    return text_table(values, pd.RangeIndex(1, len(values) + 1))


def cell_text(value: float) -> str:
    """A number as its editor cell shows it: the shortest text that reads back as the same float ("1.5", "1e-07")."""
    return repr(float(value))


def text_table(values: np.ndarray, index, columns: list[str] | None = None) -> pd.DataFrame:
    """(rows, d) numbers as the text cells of an editor: ``index`` labels the rows, ``columns`` (F0..F(d-1) unless
    given) the columns."""
    columns = column_names(values.shape[1]) if columns is None else columns
    return pd.DataFrame([[cell_text(v) for v in row] for row in values], columns=columns, index=index)


def text_columns(names: list[str], help_text: str | None = None) -> dict:
    """Editor columns that hand over exactly what the learner typed.

    A NumberColumn parses in the browser, silently: "abc", "NaN" and "-inf" became 0 and "1e308" became 1308. Text
    cells reach ``cell_problem`` as typed, so a rejected entry is quoted back in the message.
    """
    return {
        name: st.column_config.TextColumn(name, help=help_text, alignment="right", max_chars=MAX_CELL_CHARS)
        for name in names
    }


def cell_problem(raw) -> tuple[str, float]:
    """Classify one cell: ("", value) when usable, else (what is wrong with it, quoting what was typed, and nan)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return "is empty", np.nan
    if isinstance(raw, float) and np.isnan(raw):
        return "is empty or not a number (NaN)", np.nan
    quoted = f"({inline_code(str(raw).strip())})"
    try:
        value = float(raw)
    except (TypeError, ValueError, OverflowError):
        return f"{quoted} is not a number", np.nan
    if np.isnan(value):
        return f"{quoted} is not a number (NaN)", np.nan
    if np.isinf(value):
        return f"{quoted} is infinite", np.nan
    if abs(value) > MAX_ABS:
        return f"{quoted} is too large: values must lie within ±{MAX_ABS:.0e}, or their squares overflow", np.nan
    return "", value


def check_table(table: pd.DataFrame, min_rows: int = MIN_ROWS) -> TableCheck:
    """Validate an edited batch.

    Rows with a bad cell are left out when at least ``min_rows`` good rows remain (the valid part is unambiguous);
    otherwise ``values`` is None and the caller keeps its last valid table.
    """
    if table.shape[1] == 0 or len(table) == 0:
        return TableCheck(None, "The table is empty: batch norm needs at least two rows; showing the last valid table.")
    if len(table) > MAX_ROWS:
        return TableCheck(
            None,
            f"The table has {len(table)} rows; up to {MAX_ROWS} are allowed, so the last valid "
            "table is shown. Delete some rows.",
        )
    good_rows, first_problem = [], None
    for position, (_, row) in enumerate(table.iterrows(), start=1):
        cells = [cell_problem(raw) for raw in row.tolist()]
        bad = next(((name, text) for name, (text, _) in zip(table.columns, cells) if text), None)
        if bad is None:
            good_rows.append([value for _, value in cells])
        elif first_problem is None:
            first_problem = f"Row {position}, {bad[0]} {bad[1]}"
    bad_count = len(table) - len(good_rows)
    if bad_count and len(good_rows) >= min_rows:
        rest = f"the other {len(good_rows)} rows" if bad_count == 1 else f"the {len(good_rows)} complete rows"
        problem = f"{first_problem}; computing on {rest}."
    elif bad_count:
        return TableCheck(
            None,
            f"{first_problem}; too few valid rows are left, so the last valid table is shown.",
            bad_cell=first_problem,
        )
    elif len(good_rows) < min_rows:
        return TableCheck(
            None,
            "A single row has no spread to normalize by (PyTorch raises the same error in "
            "training mode): add a row; the last valid table is shown.",
        )
    else:
        problem = None
    values = np.array(good_rows, dtype=np.float64)
    constant = [name for name, column in zip(table.columns, values.T) if np.ptp(column) == 0]
    notes = tuple(
        f"{name} is constant, so its variance is 0: x̂ = 0 / √(0 + ε) = 0 and the output is β. ε keeps this finite."
        for name in constant
    )
    return TableCheck(values, problem, notes, first_problem)


def restart_if_changed(keys: EditorKeys, signature: tuple) -> None:
    """New settings (size, seed, ...): forget the edits of the old table; the editor starts from fresh values."""
    previous = st.session_state.get(keys.signature)
    if previous != signature:
        if previous is not None:
            for key in (keys.widget, keys.last_valid, keys.base):
                st.session_state.pop(key, None)
        st.session_state[keys.signature] = signature


def editor_base(keys: EditorKeys, fresh: np.ndarray) -> np.ndarray:
    """The values to draw the editor from: ``fresh`` at first, and after a visit to another page the last valid
    values, so the learner's edits come back. While the editor lives the base never changes (its edits apply to it)."""
    if keys.widget not in st.session_state or keys.base not in st.session_state:
        st.session_state[keys.base] = st.session_state.get(keys.last_valid, fresh)
    return st.session_state[keys.base]


def editable_batch(
    keys: EditorKeys, fresh: np.ndarray, signature: tuple, *, help_text: str | None = None
) -> tuple[np.ndarray, TableCheck]:
    """Draw the batch editor and return the values to compute on, with the check of what the learner left.

    Args:
        keys: the table's session-state keys (from its page's keys module).
        fresh: (m, d) the batch generated from ``signature``; the editor starts from it when the signature changes.
        signature: the settings ``fresh`` was generated from.

    Returns:
        (m', d) float64 values: this table when usable (its valid rows), else the last valid one; and the check.
    """
    restart_if_changed(keys, signature)
    base = editor_base(keys, fresh)
    # Column labels never change: a new label would make Streamlit treat the editor as new and drop the edits.
    edited = st.data_editor(
        as_table(base),
        key=keys.widget,
        num_rows="dynamic",
        column_config=text_columns(column_names(base.shape[1]), help_text),
        width="stretch",
        hide_index=False,
    )
    check = check_table(edited)
    if check.values is not None:
        st.session_state[keys.last_valid] = check.values
    return st.session_state.get(keys.last_valid, base), check


def check_parameter_rows(table: pd.DataFrame) -> tuple[np.ndarray | None, str | None]:
    """Validate an edited table of per-feature parameters (e.g. rows γ and β): every cell must be a usable number.

    Returns:
        (rows, features) float64 values and None, or None and one sentence naming the first bad cell.
    """
    values = np.empty(table.shape)
    for r, (label, row) in enumerate(table.iterrows()):
        for c, (name, raw) in enumerate(row.items()):
            text, values[r, c] = cell_problem(raw)
            if text:
                return None, f"{label} for {name} {text}; keeping the last valid values."
    return values, None
