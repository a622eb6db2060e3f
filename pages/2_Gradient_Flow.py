"""Gradient flow: the backward pass of batch norm with real numbers, a gradient check, and batch coupling."""

from ui.common.shell import setup_page  # first: importing ui pins NumPy's BLAS threads before NumPy loads

# isort: split

import numpy as np
import streamlit as st

from bncore import make_feature_batch
from bncore.experiments.gradient_flow import DY_KINDS
from ui.common.glossary import explain_terms, term_help
from ui.common.latex import number_text
from ui.common.number_box import number_box
from ui.common.state import keep, keep_choice
from ui.common.tables import column_names, editable_batch
from ui.exercises.view import exercise_section
from ui.gradient_flow.compute import backward_numbers
from ui.gradient_flow.keys import GradientFlowKeys
from ui.gradient_flow.tables import feature_frame, number_columns
from ui.gradient_flow.views import backward_walk, coupling_section, gradient_check_section, projection_section

setup_page("Gradient Flow", "🔁")
st.title("Gradient flow through batch norm")
st.markdown(
    "In the forward pass every sample of a feature is normalized with the **same** mean μ and variance σ², which are "
    "computed from all of them. So in the backward pass the gradient of one sample's input depends on every other "
    "sample of the batch. Here you walk through the backward pass with real numbers, check it against finite "
    "differences, break it on purpose, and see the coupling as a matrix.",
    help=term_help("backpropagation"),
)
explain_terms(
    "backpropagation",
    "mini_batch",
    "gradient_check",
    "relative_error",
    "jacobian",
    "batch_coupling",
    "epsilon",
    "gamma",
    "beta",
)

DY_LABELS = {"random": "random", "sum_of_squares": "loss = Σ y²", "one_hot": "one-hot on one output"}


@st.fragment
def sections_from_the_batch() -> None:
    """Sections 1 to 5, everything computed from the batch: a change of the batch or of what follows it reruns them
    alone (the introduction and glossary above, the exercise below and the sidebar stay as drawn)."""
    # ---- 1. The batch -----------------------------------------------------------------------------------------------
    st.header("1. A batch and an upstream gradient")
    size_col, features_col, seed_col, feature_col = st.columns(4)
    m = size_col.slider("Batch size m", 2, 16, **keep(GradientFlowKeys.M, 8), help=term_help("mini_batch"))
    d = features_col.slider("Features d", 1, 4, **keep(GradientFlowKeys.D, 3), help=term_help("feature"))
    seed = number_box(
        "Seed",
        0,
        10_000,
        key=GradientFlowKeys.SEED,
        default=0,
        step=1,
        container=seed_col,
        help="Same seed, same batch and same random dy.",
    )
    feature = feature_col.selectbox(
        "Feature to follow",
        range(d),
        format_func=lambda j: f"F{j}",
        **keep_choice(GradientFlowKeys.FEATURE, range(d), 0),
        help=term_help("feature"),
    )
    st.caption("Edit any cell, add or delete rows; a bad cell is named below and the last valid table is kept.")
    x, table_check = editable_batch(GradientFlowKeys.TABLE, make_feature_batch(m, d, seed=seed), (m, d, seed))
    if table_check.problem:
        st.warning(table_check.problem)
    for note in table_check.notes:
        st.info(note)
    rows, names = len(x), column_names(d)

    gamma_col, beta_col, sample_col = st.columns(3)
    gamma_value = number_box(
        "γ (every feature)",
        0.1,
        5.0,
        key=GradientFlowKeys.GAMMA,
        default=1.0,
        step=0.1,
        container=gamma_col,
        help=term_help("gamma"),
    )
    beta_value = number_box(
        "β (every feature)",
        -5.0,
        5.0,
        key=GradientFlowKeys.BETA,
        default=0.0,
        step=0.5,
        container=beta_col,
        help=term_help("beta"),
    )
    sample = sample_col.selectbox(
        "Sample i to follow",
        range(rows),
        format_func=lambda i: f"sample {i + 1}",
        **keep_choice(GradientFlowKeys.SAMPLE, range(rows), 0),
        help="Used in step 6, for the one-hot dy and the LayerNorm Jacobian.",
    )
    dy_kind = st.radio(
        "Upstream gradient dy = ∂L/∂y",
        DY_KINDS,
        format_func=DY_LABELS.get,
        **keep_choice(GradientFlowKeys.DY_KIND, DY_KINDS, DY_KINDS[0]),
        horizontal=True,
    )
    numbers = backward_numbers(x, gamma_value, beta_value, dy_kind, seed=seed, sample=sample, feature=feature)
    y, cache, dy = numbers.y, numbers.cache, numbers.dy
    if dy_kind == "sum_of_squares":
        st.info(
            "Under batch norm Σᵢ yᵢ² = m(γ²·σ²/(σ²+ε) + β²) for each feature: it hardly depends on x at all, "
            "because the output always has the same spread. Expect a tiny dx, made only of the ε term."
        )
    elif dy_kind == "one_hot":
        st.caption(f"L = y[{sample + 1}, F{feature}]: how does one output depend on every input of the batch?")
    st.dataframe(
        feature_frame(x, cache.x_hat, y, dy, feature),
        height=min(38 + 35 * rows, 320),
        column_config=number_columns(("xᵢ", "dyᵢ"), "%.2f") | number_columns(("x̂ᵢ", "yᵢ = γx̂ᵢ + β"), "%.4f"),
    )
    mean_col, var_col, std_col = st.columns(3)
    mean_col.metric(f"μ of F{feature}", number_text(cache.mean[feature]), help=term_help("mean"))
    var_col.metric(f"σ² of F{feature} (biased)", number_text(cache.var[feature]), help=term_help("variance"))
    std_col.metric("√(σ² + ε)", number_text(np.sqrt(cache.var[feature] + cache.eps)), help=term_help("epsilon"))

    # ---- 2. Backward, step by step -----------------------------------------------------------------------------------
    st.header("2. The backward pass, step by step")
    st.markdown(
        f"The forward pass for F{feature}, undone from its last step to its first. Each step shows the formula, "
        "then the same formula with this feature's numbers, and under **Show the code** the bncore lines that "
        "computed it."
    )
    backward_walk(numbers, feature, sample)

    # ---- 3. Gradient check -------------------------------------------------------------------------------------------
    st.header("3. Gradient check: is the backward pass right?")
    st.markdown(
        "Nudge every input by ±h, rerun the forward pass and compare the change of L = Σ y·dy with the analytic "
        "gradient. The relative error per entry is |a − n| / (|a| + |n|).",
        help=term_help("gradient_check"),
    )
    gradient_check_section(numbers, names)  # a fragment: its precision, step and pass rerun this section alone

    # ---- 4. Batch coupling -------------------------------------------------------------------------------------------
    st.header("4. Batch coupling: every input moves every output")
    coupling_section(numbers, feature, sample, names)

    # ---- 5. Projection -----------------------------------------------------------------------------------------------
    st.header("5. dx has no component along 1 or x̂")
    projection_section(numbers, names)


sections_from_the_batch()

# ---- 6. Write it yourself --------------------------------------------------------------------------------------------
st.header("6. Write it yourself: the backward pass")
exercise_section(("backward",), place="gradient_flow")
