"""Streamlit sections of the walkthrough page; its state keys are declared in ``ui.walkthrough.keys``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from bncore import KINDS, MAX_FEATURES
from ui.common.glossary import term_help
from ui.common.number_box import number_box
from ui.common.state import keep, keep_choice, set_kept
from ui.common.tables import (
    check_parameter_rows,
    column_names,
    editor_base,
    restart_if_changed,
    text_columns,
    text_table,
)
from ui.walkthrough import predict
from ui.walkthrough.code_view import step_code
from ui.walkthrough.compute import RunningStats, WalkthroughNumbers, training_step
from ui.walkthrough.guess import hides
from ui.walkthrough.hidden import (
    RUNNING_MEAN_ROW,
    RUNNING_VARIANCE_ROW,
    hidden_running,
    hide_cells,
)
from ui.walkthrough.keys import WalkthroughKeys
from ui.walkthrough.latex import LAST_STEP, step_latex, step_sentence, step_title
from ui.walkthrough.tables import followed_table, show_table

EPS_CHOICES = tuple(10.0**k for k in range(-8, 0))
AFFINE_ROWS = ("γ (scale)", "β (shift)")
MAX_SEED = 10_000
MOMENTUM_CONVENTION = (
    "PyTorch's convention: the weight of the new batch. Keras writes 1 − this (PyTorch 0.1 = Keras 0.9)."
)


def new_batch() -> None:
    """A fresh draw: the next seed (wrapping round after the largest)."""
    set_kept(WalkthroughKeys.SEED, (st.session_state.get(WalkthroughKeys.SEED, 0) + 1) % (MAX_SEED + 1))


def batch_settings() -> dict:
    """The batch controls; changing any of them starts from a fresh batch. Returns make_feature_batch's arguments."""
    cols = st.columns([3, 3, 3, 2, 2], vertical_alignment="bottom")
    m = cols[0].slider("Batch size m", 2, 64, **keep(WalkthroughKeys.M, 8), help=term_help("mini_batch"))
    features = cols[1].slider(
        "Features", 1, MAX_FEATURES, **keep(WalkthroughKeys.FEATURES, 4), help=term_help("feature")
    )
    kind = cols[2].selectbox(
        "Distribution",
        KINDS,
        **keep_choice(WalkthroughKeys.KIND, KINDS, "normal"),
        help="How the values are drawn: normal, flat (uniform), long-tailed (skewed) or with "
        "one far outlier per feature.",
    )
    seed = number_box("Seed", 0, MAX_SEED, key=WalkthroughKeys.SEED, default=0, step=1, container=cols[3])
    cols[4].button(
        "🎲 New batch",
        on_click=new_batch,
        width="stretch",
        key=WalkthroughKeys.NEW_BATCH,
        help="Draw another batch from the same distribution (the next seed).",
    )
    return {"m": m, "features": features, "kind": kind, "seed": int(seed)}


def feature_picker(features: int) -> int:
    names = column_names(features)
    st.session_state[WalkthroughKeys.FEATURE] = min(st.session_state.get(WalkthroughKeys.FEATURE, 0), features - 1)
    choice = st.radio(
        "Feature to follow",
        names,
        index=st.session_state[WalkthroughKeys.FEATURE],
        horizontal=True,
        key=WalkthroughKeys.FEATURE_WIDGET,
        help="Its column is highlighted in the tables below and worked through step by step.",
    )
    st.session_state[WalkthroughKeys.FEATURE] = names.index(choice)
    return st.session_state[WalkthroughKeys.FEATURE]


def _move(delta: int) -> None:
    st.session_state[WalkthroughKeys.STEP] = min(
        max(st.session_state.get(WalkthroughKeys.STEP, 0) + delta, 0), LAST_STEP
    )


def step_through(numbers: WalkthroughNumbers, feature: int, mode: str = "Training") -> None:
    """Previous / Next, the step indicator, the current step's sentence and formula, and the worked column, in
    ``mode`` (in inference mode every number comes from the running statistics)."""
    step = st.session_state.get(WalkthroughKeys.STEP, 0)  # set only by a move, so the saved step can still come back
    first_hidden = predict.redraw_page_if_changed(numbers, feature, mode)
    back, label, forward = st.columns([2, 5, 2], vertical_alignment="center")
    back.button("◀ Previous", on_click=_move, args=(-1,), disabled=step == 0, width="stretch", key=WalkthroughKeys.PREV)
    forward.button(
        "Next ▶", on_click=_move, args=(1,), disabled=step == LAST_STEP, width="stretch", key=WalkthroughKeys.NEXT
    )
    label.markdown(f"**Step {step} of {LAST_STEP}** · {step_title(step, mode)}")
    st.progress(step / LAST_STEP)
    if mode == "Inference" or predict.gate(step, numbers, feature):  # the guesses are of the training-mode numbers
        st.markdown(step_sentence(step, numbers, feature, mode))
        st.latex(step_latex(step, numbers, feature, mode))
        worked_column(numbers, feature, step, mode, first_hidden)
        step_code(numbers, feature, step)
    predict.keep_record()


def worked_column(
    numbers: WalkthroughNumbers, feature: int, step: int, mode: str = "Training", first_hidden: int | None = None
) -> None:
    """The followed feature worked through row by row, one more column per step, the newest one shaded; the mean of x
    (which is μ) is "?" while μ is to be guessed."""
    j = feature
    x = numbers.x[:, j]
    if mode == "Inference":
        mean = numbers.running.mean[j]
        columns = {
            "x": x,
            "x − μ_run": x - mean,
            "x̂": numbers.x_hat_inference[:, j],
            "y = γx̂ + β": numbers.y_inference[:, j],
        }
        shown = list(columns)[: (1, 2, 2, 3, 4, 4)[step]]  # the running statistics are looked up, not computed
        note = "the running statistics replace μ and σ², so x̂ need not have mean 0 until they settle."
    else:
        mean = numbers.mean[j]
        columns = {
            "x": x,
            "x − μ": x - mean,
            "(x − μ)²": (x - mean) ** 2,
            "x̂": numbers.x_hat[:, j],
            "y = γx̂ + β": numbers.y_train[:, j],
        }
        shown = list(columns)[: min(step, 4) + 1]
        note = "the mean of x is μ, the mean of (x − μ)² is σ², and x̂ has mean 0."
    table = pd.DataFrame({name: columns[name] for name in shown}, index=[str(i) for i in range(1, numbers.m + 1)])
    table.loc["mean"] = table.mean(axis=0)
    table = hide_cells(table, ["mean"] if hides(first_hidden, 1) else [], "x")
    newest = len(shown) - 1  # the column this step adds
    show_table(table, newest, WalkthroughKeys.shown_table("worked"), bold_last_row=True)
    st.caption(f"F{j} row by row ({mode.lower()} mode). The last row holds each column's mean: {note}")


def affine_editor(features: int) -> tuple[np.ndarray, np.ndarray, str | None]:
    """The γ / β editor (start 1 and 0). Returns the γ and β to use and a problem sentence (None when fine)."""
    restart_if_changed(WalkthroughKeys.AFFINE, (features,))
    base = editor_base(WalkthroughKeys.AFFINE, np.array([np.ones(features), np.zeros(features)]))  # (2, d)
    edited = st.data_editor(
        text_table(base, list(AFFINE_ROWS)),
        key=WalkthroughKeys.AFFINE.widget,
        width="stretch",
        column_config=text_columns(column_names(features)),
    )
    values, problem = check_parameter_rows(edited)
    if values is not None:
        st.session_state[WalkthroughKeys.AFFINE.last_valid] = values
    gamma, beta = st.session_state.get(WalkthroughKeys.AFFINE.last_valid, base)
    return gamma, beta, problem


def running_statistics(features: int) -> RunningStats:
    running = st.session_state.get(WalkthroughKeys.RUNNING)
    if running is None or len(running.mean) != features:
        running = st.session_state[WalkthroughKeys.RUNNING] = RunningStats.fresh(features)
    return running


def _take_step(values: np.ndarray, momentum: float, eps: float) -> None:
    st.session_state[WalkthroughKeys.RUNNING] = training_step(
        values, running_statistics(values.shape[1]), momentum, eps
    )


def _reset_running(features: int) -> None:
    st.session_state[WalkthroughKeys.RUNNING] = RunningStats.fresh(features)


def running_panel(numbers: WalkthroughNumbers, feature: int, first_hidden: int | None = None) -> None:
    """Running statistics, the momentum convention, and the training-step and reset buttons."""
    st.markdown(
        f"**Running statistics** ({numbers.running.batches_tracked} batches tracked)", help=term_help("running_average")
    )
    table = pd.DataFrame(
        [numbers.running.mean, numbers.running.var],
        index=[RUNNING_MEAN_ROW, RUNNING_VARIANCE_ROW],
        columns=column_names(len(numbers.mean)),
    )
    rows = hidden_running(first_hidden, numbers.running.batches_tracked)
    followed_table(table, feature, rows, WalkthroughKeys.shown_table("running"))
    left, right = st.columns(2)
    left.button(
        "Take a training step",
        on_click=_take_step,
        args=(numbers.x, numbers.momentum, numbers.eps),
        width="stretch",
        key=WalkthroughKeys.TRAIN_STEP,
        type="primary",
        help="Run this batch through a BN layer in training mode once: the running statistics move.",
    )
    right.button(
        "Reset running statistics",
        on_click=_reset_running,
        args=(len(numbers.mean),),
        width="stretch",
        key=WalkthroughKeys.RESET_RUNNING,
        help="Back to PyTorch's start: mean 0, variance 1.",
    )
    st.caption(
        f"PyTorch convention: new = (1 − momentum)·old + momentum·batch, with momentum {numbers.momentum:g} and the "
        f"unbiased batch variance (× m/(m−1)) in running σ². Keras writes the same rule with momentum "
        f"{1 - numbers.momentum:g} (the weight of the old value): PyTorch 0.1 = Keras 0.9."
    )


def momentum_control() -> float:
    return number_box(
        "Momentum",
        0.0,
        1.0,
        key=WalkthroughKeys.MOMENTUM,
        default=0.1,
        step=0.05,
        format="%.2f",
        help=" ".join(filter(None, [MOMENTUM_CONVENTION, term_help("momentum")])),
    )


def eps_control() -> float:
    return st.select_slider(
        "ε (epsilon)",
        EPS_CHOICES,
        **keep(WalkthroughKeys.EPS, 1e-5),
        format_func=lambda v: f"{v:.0e}",
        help=term_help("epsilon"),
    )


def mode_control() -> str:
    return st.radio(
        "Mode",
        ("Training", "Inference"),
        horizontal=True,
        **keep_choice(WalkthroughKeys.MODE, ("Training", "Inference"), "Training"),
        help=term_help("inference_mode"),
    )
