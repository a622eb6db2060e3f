"""The (N, C, H, W) tensor of the normalization-family page: generated from a seed, editable as a table, guarded.

The table has one row per (sample, position) and one column per channel, so a whole channel is one column, as in
the walkthrough's feature table. Every cell is needed (dropping a row would tear a hole in the tensor), so any bad
cell keeps the last valid tensor; ``check_table`` (shared with the walkthrough) says what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from bncore import make_feature_batch
from ui.common.tables import check_table, editor_base, restart_if_changed, text_columns, text_table
from ui.family.keys import FamilyKeys


def make_tensor(samples: int, channels: int, size: int, seed: int) -> np.ndarray:
    """A seeded (N, C, size, size) tensor whose channels have clearly different means (two decimals)."""
    rows = make_feature_batch(samples * size * size, channels, seed=seed)  # (N * H * W, C)
    return rows.reshape(samples, size, size, channels).transpose(0, 3, 1, 2)


def channel_names(channels: int) -> list[str]:
    return [f"C{c}" for c in range(channels)]


def tensor_to_table(x: np.ndarray) -> pd.DataFrame:
    """(N, C, H, W) -> the editor's text cells: N * H * W rows ("3: n0, h1, w0") and C columns (C0, C1, ...)."""
    N, C, H, W = x.shape
    labels = [f"{k + 1}: n{n}, h{h}, w{w}" for k, (n, h, w) in enumerate(np.ndindex(N, H, W))]
    return text_table(
        x.transpose(0, 2, 3, 1).reshape(-1, C),
        pd.Index(labels, name="row: sample, position"),
        channel_names(C),
    )


def table_to_tensor(values: np.ndarray, shape: tuple[int, int, int, int]) -> np.ndarray:
    """The inverse of ``tensor_to_table`` on its (N * H * W, C) values."""
    N, C, H, W = shape
    return values.reshape(N, H, W, C).transpose(0, 3, 1, 2)


@dataclass(frozen=True)
class TensorCheck:
    tensor: np.ndarray | None  # (N, C, H, W) when every cell is a usable number, else None
    problem: str | None  # one sentence on what is wrong


def check_tensor_table(table: pd.DataFrame, shape: tuple[int, int, int, int]) -> TensorCheck:
    """Accept the edited table only when every cell is a usable number."""
    check = check_table(table, min_rows=1)
    if check.bad_cell is None and check.values is not None:
        return TensorCheck(table_to_tensor(check.values, shape), None)
    if check.bad_cell is None:
        return TensorCheck(None, check.problem)
    return TensorCheck(
        None, f"{check.bad_cell}: every cell of the tensor is needed, so it keeps its last valid values."
    )


def editable_tensor(fresh: np.ndarray, signature: tuple[int, int, int, int]) -> tuple[np.ndarray, str | None]:
    """Draw the table editor of the tensor (``fresh`` when the settings in ``signature`` change) and return the
    tensor to compute on and the problem with the edit, if any."""
    restart_if_changed(FamilyKeys.TABLE, signature)
    base = editor_base(FamilyKeys.TABLE, fresh)
    edited = st.data_editor(
        tensor_to_table(base),
        key=FamilyKeys.TABLE.widget,
        num_rows="fixed",
        column_config=text_columns(channel_names(base.shape[1])),
        width="stretch",
        height=min(38 + 35 * base.shape[0] * base.shape[2] ** 2, 400),
    )
    check = check_tensor_table(edited, base.shape)
    if check.tensor is not None:
        st.session_state[FamilyKeys.TABLE.last_valid] = check.tensor
    return st.session_state.get(FamilyKeys.TABLE.last_valid, base), check.problem
