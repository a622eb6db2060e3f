"""The editable input batch shared by the walkthrough and the gradient-flow page, and the check that guards it.

``check_table`` is pure: it reads whatever the learner left in the editor (numbers, blanks, text, NaN, inf, huge
values, too few rows) and says in one sentence what is wrong, keeping the valid rows when that is unambiguous.
``editable_batch`` draws the editor and keeps the last valid table in session state, so a bad edit never loses the
learner's work and the page always has numbers to compute on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

MAX_ABS = 1e9  # larger values would overflow (1e308 squared) or drown the others in rounding error
MIN_ROWS = 2  # batch norm needs two samples per feature to have a spread


@dataclass(frozen=True)
class TableCheck:
    values: np.ndarray | None  # (m, d) float64 rows to compute on, None when nothing usable is left
    problem: str | None  # one sentence on what is wrong, None when the table is fine
    notes: tuple[str, ...] = ()  # remarks that are not errors (a constant feature)


def column_names(features: int) -> list[str]:
    return [f"F{j}" for j in range(features)]


def as_table(values: np.ndarray) -> pd.DataFrame:
    """An (m, d) array as the editor shows it: columns F0..F(d-1), rows numbered 1..m."""
    return pd.DataFrame(values, columns=column_names(values.shape[1]), index=pd.RangeIndex(1, len(values) + 1))


def cell_problem(raw) -> tuple[str, float]:
    """Classify one cell: ("", value) when usable, else (a short description, nan)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return "is empty", np.nan
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return f"({str(raw)[:20]!r}) is not a number", np.nan
    if np.isnan(value):
        return "is empty or not a number (NaN)", np.nan
    if np.isinf(value):
        return "is infinite", np.nan
    if abs(value) > MAX_ABS:
        return f"({value:.3g}) is too large: values must lie within ±{MAX_ABS:.0e}, or their squares overflow", np.nan
    return "", value


def check_table(table: pd.DataFrame, min_rows: int = MIN_ROWS) -> TableCheck:
    """Validate an edited batch.

    Rows with a bad cell are left out when at least ``min_rows`` good rows remain (the valid part is unambiguous);
    otherwise ``values`` is None and the caller keeps its last valid table.
    """
    if table.shape[1] == 0 or len(table) == 0:
        return TableCheck(None, "The table is empty: batch norm needs at least two rows; showing the last valid table.")
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
        return TableCheck(None, f"{first_problem}; too few valid rows are left, so the last valid table is shown.")
    elif len(good_rows) < min_rows:
        return TableCheck(None, "A single row has no spread to normalize by (PyTorch raises the same error in "
                                "training mode): add a row; the last valid table is shown.")
    else:
        problem = None
    values = np.array(good_rows, dtype=np.float64)
    constant = [name for name, column in zip(table.columns, values.T) if np.ptp(column) == 0]
    notes = tuple(
        f"{name} is constant, so its variance is 0: x̂ = 0 / √(0 + ε) = 0 and the output is β. ε keeps this finite."
        for name in constant
    )
    return TableCheck(values, problem, notes)


def editable_batch(prefix: str, base: np.ndarray, *, help_text: str | None = None) -> tuple[np.ndarray, TableCheck]:
    """Draw the batch editor and return the values to compute on, with the check of what the learner left.

    Args:
        prefix: the page's state prefix; the editor's key is f"{prefix}.table" and the last valid values live in
            f"{prefix}.last_valid" (delete both to start over from a new ``base``).
        base: (m, d) the batch the editor starts from.

    Returns:
        (m', d) float64 values: this table when usable (its valid rows), else the last valid one; and the check.
    """
    names = column_names(base.shape[1])
    # Column labels never change: a new label would make Streamlit treat the editor as new and drop the edits.
    config = {name: st.column_config.NumberColumn(name, format="%.2f", step=0.01, help=help_text) for name in names}
    edited = st.data_editor(as_table(base), key=f"{prefix}.table", num_rows="dynamic", column_config=config,
                            width="stretch", hide_index=False)
    check = check_table(edited)
    if check.values is not None:
        st.session_state[f"{prefix}.last_valid"] = check.values
    return st.session_state.get(f"{prefix}.last_valid", base), check


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
