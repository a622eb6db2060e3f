"""Gradient flow: the backward pass of batch norm with real numbers, a gradient check, and batch coupling."""

from ui.common.shell import setup_page  # first: importing ui pins NumPy's BLAS threads before NumPy loads

# isort: split

import numpy as np
import streamlit as st

from bncore import make_feature_batch
from bncore.experiments.gradient_flow import (
    BROKEN_PATHS,
    DY_KINDS,
    dx_paths,
    projection_check,
)
from ui.common.glossary import explain_terms, term_help
from ui.common.latex import number
from ui.common.state import keep, keep_in_range
from ui.common.tables import column_names, editable_batch
from ui.gradient_flow import predict as grad_predict
from ui.gradient_flow.compute import backward_numbers, coupling, gradient_checks
from ui.gradient_flow.figures import entry_error_figure, jacobian_heatmap
from ui.gradient_flow.keys import GradientFlowKeys
from ui.gradient_flow.latex import COMPACT_FORMULA, PROJECTION_DERIVATION, backward_steps
from ui.gradient_flow.state import record_check
from ui.gradient_flow.tables import (
    check_entries,
    check_summary,
    feature_frame,
    number_columns,
    path_frame,
    projection_frame,
)
from ui.gradient_flow.verdicts import check_message

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
BREAK_LABELS = {
    "none": "correct backward pass",
    "variance": "drop the variance path (dσ²)",
    "mean": "drop the mean path (dμ)",
}

# ---- 1. The batch ---------------------------------------------------------------------------------------------------
st.header("1. A batch and an upstream gradient")
size_col, features_col, seed_col, feature_col = st.columns(4)
m = size_col.slider("Batch size m", 2, 16, key=keep(GradientFlowKeys.M, 8), help=term_help("mini_batch"))
d = features_col.slider("Features d", 1, 4, key=keep(GradientFlowKeys.D, 3), help=term_help("feature"))
seed = seed_col.number_input(
    "Seed", 0, 10_000, key=keep(GradientFlowKeys.SEED, 0), help="Same seed, same batch and same random dy."
)
keep_in_range(GradientFlowKeys.FEATURE, d)
feature = feature_col.selectbox(
    "Feature to follow",
    range(d),
    format_func=lambda j: f"F{j}",
    key=keep(GradientFlowKeys.FEATURE, 0),
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
gamma_value = gamma_col.number_input(
    "γ (every feature)", 0.1, 5.0, step=0.1, key=keep(GradientFlowKeys.GAMMA, 1.0), help=term_help("gamma")
)
beta_value = beta_col.number_input(
    "β (every feature)", -5.0, 5.0, step=0.5, key=keep(GradientFlowKeys.BETA, 0.0), help=term_help("beta")
)
keep_in_range(GradientFlowKeys.SAMPLE, rows)
sample = sample_col.selectbox(
    "Sample i to follow",
    range(rows),
    format_func=lambda i: f"sample {i + 1}",
    key=keep(GradientFlowKeys.SAMPLE, 0),
    help="Used in step 6, for the one-hot dy and the LayerNorm Jacobian.",
)
dy_kind = st.radio(
    "Upstream gradient dy = ∂L/∂y",
    DY_KINDS,
    format_func=DY_LABELS.get,
    key=keep(GradientFlowKeys.DY_KIND, DY_KINDS[0]),
    horizontal=True,
)
numbers = backward_numbers(x, gamma_value, beta_value, dy_kind, seed=seed, sample=sample, feature=feature)
y, cache, dy, grads = numbers.y, numbers.cache, numbers.dy, numbers.grads
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
mean_col.metric(f"μ of F{feature}", number(cache.mean[feature]), help=term_help("mean"))
var_col.metric(f"σ² of F{feature} (biased)", number(cache.var[feature]), help=term_help("variance"))
std_col.metric("√(σ² + ε)", number(np.sqrt(cache.var[feature] + cache.eps)), help=term_help("epsilon"))

# ---- 2. Backward, step by step ---------------------------------------------------------------------------------------
st.header("2. The backward pass, step by step")
st.markdown(
    f"The forward pass for F{feature}, undone from its last step to its first. Each step shows the formula, "
    "then the same formula with this feature's numbers."
)
for step in backward_steps(grads, cache, dy, feature, sample):
    st.markdown(f"#### {step.title}")
    st.latex(step.formula)
    st.latex(step.substituted)
    if step.note:
        st.caption(step.note)
st.markdown(f"**The three paths of dx for every sample of F{feature}** (they add up to dxᵢ):")
paths = path_frame(dx_paths(grads, cache), grads.dx, feature)
st.dataframe(paths, height=min(38 + 35 * rows, 320), column_config=number_columns(paths.columns, "%.4f"))
st.subheader("The compact closed form")
st.latex(COMPACT_FORMULA)
st.metric(
    "Largest |dx (steps) − dx (closed form)|",
    f"{numbers.forms_gap:.1e}",
    help="The two forms are the same algebra; they differ only by rounding.",
)
st.caption("The closed form needs two sums per feature (dβ and dγ) instead of five steps: it is what training uses.")

# ---- 3. Gradient check -----------------------------------------------------------------------------------------------
st.header("3. Gradient check: is the backward pass right?")
st.markdown(
    "Nudge every input by ±h, rerun the forward pass and compare the change of L = Σ y·dy with the analytic "
    "gradient. The relative error per entry is |a − n| / (|a| + |n|).",
    help=term_help("gradient_check"),
)
dtype_col, step_col = st.columns(2)
dtype = dtype_col.radio(
    "Precision",
    ("float64", "float32"),
    key=keep(GradientFlowKeys.DTYPE, "float64"),
    horizontal=True,
    help="Forward pass, backward pass and differences all in this precision.",
)
step = step_col.select_slider(
    "Step h",
    (1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8),
    format_func=lambda h: f"{h:.0e}",
    key=keep(GradientFlowKeys.STEP, 1e-5),
    help="The nudge of the central difference (f(x + h) − f(x − h)) / 2h.",
)
grad_predict.question_before_breaking()
drop = st.radio(
    "Backward pass to check",
    BROKEN_PATHS,
    format_func=BREAK_LABELS.get,
    key=keep(GradientFlowKeys.BREAK, "none"),
    horizontal=True,
)
check, correct = gradient_checks(numbers, dtype=dtype, step=step, drop=drop)
kind, message = check_message(check, correct)
record_check(drop, dtype, caught=kind == "error")
grad_predict.resolve_with(check)
{"success": st.success, "warning": st.warning, "error": st.error}[kind](message)
summary = check_summary(check)
st.dataframe(summary, hide_index=True, column_config=number_columns(summary.columns[1:3], "%.1e"))
st.plotly_chart(entry_error_figure(check), key=GradientFlowKeys.ERROR_CHART)
st.caption(
    "Look for the dots against the lines: below the lower line passes; dx jumping above the upper line when "
    "the backward pass is broken, while dγ and dβ stay low, points at the bug. Hollow marks are entries whose "
    "true gradient is about zero: they pass on their absolute error, whatever their relative one."
)
with st.expander("Every entry: analytic, numerical, relative error"):
    st.dataframe(
        check_entries(check, names),
        hide_index=True,
        column_config=number_columns(("analytic", "numerical"), "%.8e") | number_columns(("relative error",), "%.1e"),
    )

# ---- 4. Batch coupling -----------------------------------------------------------------------------------------------
st.header("4. Batch coupling: every input moves every output")
jacobians = coupling(numbers, sample=sample, feature=feature)
bn_col, ln_col = st.columns(2)
bn_col.plotly_chart(
    jacobian_heatmap(
        jacobians.batch_norm,
        title=f"BatchNorm: F{feature} across the batch",
        labels=[str(i + 1) for i in range(rows)],
        x_title="input xᵢ (sample i)",
        y_title="output yⱼ (sample j)",
    ),
    key=GradientFlowKeys.BN_JACOBIAN,
)
bn_col.caption(
    f"Off-diagonal cells are not zero: sample i's input moves sample j's output. Each row sums to 0. "
    f"Matches central differences to {jacobians.batch_norm_check:.0e}."
)
ln_col.plotly_chart(
    jacobian_heatmap(
        jacobians.layer_norm,
        title=f"LayerNorm: sample {sample + 1} across features",
        labels=names,
        x_title="input xᵢ (feature i)",
        y_title="output yⱼ (feature j)",
    ),
    key=GradientFlowKeys.LN_JACOBIAN,
)
ln_col.caption(
    "LayerNorm couples the features of one sample instead; no other sample appears. "
    + {
        1: "With one feature LayerNorm always outputs 0, so this Jacobian is 0.",
        2: "With two features x̂ = ±1 whatever the input, so this Jacobian is only ε's doing (about 0).",
    }.get(d, "Each row sums to 0 here too.")
)
st.markdown(
    "∂yⱼ/∂xᵢ = γ/√(σ²+ε) · (δᵢⱼ − 1/m − x̂ᵢx̂ⱼ/m). With a **small batch** the off-diagonal terms are as large as the "
    "diagonal, so a sample's gradient is mostly about its batch-mates (with m = 2, x̂ = ±1 whatever the input). With a "
    "**non-i.i.d. batch** (say, all one class) μ and σ² describe that group, not the data, and every gradient is "
    "pulled by it. LayerNorm, GroupNorm and batch norm in inference mode have no such coupling.",
    help=term_help("batch_coupling"),
)

# ---- 5. Projection ---------------------------------------------------------------------------------------------------
st.header("5. dx has no component along 1 or x̂")
projection = projection_check(grads, cache)
st.markdown(
    "The closed form removes dy's mean and its component along x̂: shifting or stretching a whole feature "
    "changes nothing after normalization, so the gradient cannot point that way. Those directions belong "
    "to β and γ. Exactly, with ε:"
)
st.latex(PROJECTION_DERIVATION)
projection_table = projection_frame(projection, names)
st.dataframe(projection_table, column_config=number_columns(projection_table.columns, "%.2e"))
st.caption(
    "Σ dx is zero up to rounding (about 1e-16). Σ dx·x̂ equals the ε term exactly; it is tiny unless a "
    "feature's variance is close to ε (make a column almost constant to see it grow)."
)
