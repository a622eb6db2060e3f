"""Streamlit sections of the gradient-flow page: the backward pass step by step (each step with its bncore code),
the gradient check, batch coupling as Jacobians, and the projection property of dx. Its state keys are in
``ui.gradient_flow.keys``."""

from __future__ import annotations

import streamlit as st

from bncore.experiments.gradient_flow import BROKEN_PATHS, dx_paths, projection_check
from ui.common.code_panel import code_expander
from ui.common.glossary import term_help
from ui.common.record import storage
from ui.common.state import keep, keep_choice
from ui.gradient_flow import code_steps
from ui.gradient_flow import predict as grad_predict
from ui.gradient_flow.charts import error_chart, jacobian_chart
from ui.gradient_flow.compute import BackwardNumbers, coupling, gradient_checks
from ui.gradient_flow.keys import GradientFlowKeys
from ui.gradient_flow.latex import COMPACT_FORMULA, PROJECTION_DERIVATION, backward_steps
from ui.gradient_flow.state import record_check
from ui.gradient_flow.tables import check_entries, check_summary, number_columns, path_frame, projection_frame
from ui.gradient_flow.verdicts import check_message

BREAK_LABELS = {
    "none": "correct backward pass",
    "variance": "drop the variance path (dσ²)",
    "mean": "drop the mean path (dμ)",
}


def backward_walk(numbers: BackwardNumbers, feature: int, sample: int) -> None:
    """The six backward steps for one feature: formula, the numbers substituted, and the engine lines behind them."""
    rows = len(numbers.x)
    for index, step in enumerate(backward_steps(numbers.grads, numbers.cache, numbers.dy, feature, sample)):
        st.markdown(f"#### {step.title}")
        st.latex(step.formula)
        st.latex(step.substituted)
        if step.note:
            st.caption(step.note)
        code_expander(
            "Show the code: the bncore lines that computed this step",
            GradientFlowKeys.step_code(index),
            code_steps.STEP_CODE[index],
            code_steps.step_values(index, numbers, feature),
            note=code_steps.NOTE,
        )
    st.markdown(f"**The three paths of dx for every sample of F{feature}** (they add up to dxᵢ):")
    paths = path_frame(dx_paths(numbers.grads, numbers.cache), numbers.grads.dx, feature)
    st.dataframe(paths, height=min(38 + 35 * rows, 320), column_config=number_columns(paths.columns, "%.4f"))
    st.subheader("The compact closed form")
    st.latex(COMPACT_FORMULA)
    st.metric(
        "Largest |dx (steps) − dx (closed form)|",
        f"{numbers.forms_gap:.1e}",
        help="The two forms are the same algebra; they differ only by rounding.",
    )
    st.caption(
        "The closed form needs two sums per feature (dβ and dγ) instead of five steps: it is what training uses."
    )


@st.fragment
def gradient_check_section(numbers: BackwardNumbers, names: list[str]) -> None:
    """The check's precision and step, the question asked before breaking the backward pass, the pass to check, and
    the check itself. A fragment: a change here reruns this section alone, so it writes the learner record itself (a
    committed or resolved prediction; the sidebar is not redrawn)."""
    dtype_col, step_col = st.columns(2)
    dtype = dtype_col.radio(
        "Precision",
        ("float64", "float32"),
        **keep_choice(GradientFlowKeys.DTYPE, ("float64", "float32"), "float64"),
        horizontal=True,
        help="Forward pass, backward pass and differences all in this precision.",
    )
    step = step_col.select_slider(
        "Step h",
        (1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8),
        format_func=lambda h: f"{h:.0e}",
        **keep(GradientFlowKeys.STEP, 1e-5),
        help="The nudge of the central difference (f(x + h) − f(x − h)) / 2h.",
    )
    question = st.container()  # drawn once the check below may have resolved it, so it shows the outcome at once
    drop = st.radio(
        "Backward pass to check",
        BROKEN_PATHS,
        format_func=BREAK_LABELS.get,
        **keep_choice(GradientFlowKeys.BREAK, BROKEN_PATHS, "none"),
        horizontal=True,
    )
    check, correct = gradient_checks(numbers, dtype=dtype, step=step, drop=drop)
    kind, message = check_message(check, correct)
    record_check(drop, dtype, caught=kind == "error")
    grad_predict.resolve_with(check)
    with question:
        grad_predict.question_before_breaking()
    storage.save_now()
    {"success": st.success, "warning": st.warning, "error": st.error}[kind](message)
    summary = check_summary(check)
    st.dataframe(summary, hide_index=True, column_config=number_columns(summary.columns[1:3], "%.1e"))
    error_chart(GradientFlowKeys.ERROR_CHART, check)
    st.caption(
        "Look for the dots against the lines: below the lower line passes; dx jumping above the upper line when "
        "the backward pass is broken, while dγ and dβ stay low, points at the bug. Hollow marks are entries whose "
        "true gradient is about zero: they pass on their absolute error, whatever their relative one."
    )
    with st.expander("Every entry: analytic, numerical, relative error"):
        st.dataframe(
            check_entries(check, names),
            hide_index=True,
            column_config=number_columns(("analytic", "numerical"), "%.8e")
            | number_columns(("relative error",), "%.1e"),
        )


def coupling_section(numbers: BackwardNumbers, feature: int, sample: int, names: list[str]) -> None:
    """The BatchNorm Jacobian across the batch beside the LayerNorm one across a sample's features."""
    rows, d = numbers.x.shape
    jacobians = coupling(numbers, sample=sample, feature=feature)
    bn_col, ln_col = st.columns(2)
    with bn_col:
        jacobian_chart(
            GradientFlowKeys.BN_JACOBIAN,
            jacobians.batch_norm,
            title=f"BatchNorm: F{feature} across the batch",
            labels=[str(i + 1) for i in range(rows)],
            x_title="input xᵢ (sample i)",
            y_title="output yⱼ (sample j)",
        )
        st.caption(
            f"Off-diagonal cells are not zero: sample i's input moves sample j's output. Each row sums to 0. "
            f"Matches central differences to {jacobians.batch_norm_check:.0e}."
        )
    with ln_col:
        jacobian_chart(
            GradientFlowKeys.LN_JACOBIAN,
            jacobians.layer_norm,
            title=f"LayerNorm: sample {sample + 1} across features",
            labels=names,
            x_title="input xᵢ (feature i)",
            y_title="output yⱼ (feature j)",
        )
        st.caption(
            "LayerNorm couples the features of one sample instead; no other sample appears. "
            + {
                1: "With one feature LayerNorm always outputs 0, so this Jacobian is 0.",
                2: "With two features x̂ = ±1 whatever the input, so this Jacobian is only ε's doing (about 0).",
            }.get(d, "Each row sums to 0 here too.")
        )
    st.markdown(
        "∂yⱼ/∂xᵢ = γ/√(σ²+ε) · (δᵢⱼ − 1/m − x̂ᵢx̂ⱼ/m). With a **small batch** the off-diagonal terms are as large as "
        "the diagonal, so a sample's gradient is mostly about its batch-mates (with m = 2, x̂ = ±1 whatever the input). "
        "With a **non-i.i.d. batch** (say, all one class) μ and σ² describe that group, not the data, and every "
        "gradient is pulled by it. LayerNorm, GroupNorm and batch norm in inference mode have no such coupling.",
        help=term_help("batch_coupling"),
    )


def projection_section(numbers: BackwardNumbers, names: list[str]) -> None:
    """Σ dx = 0 and Σ dx·x̂ = the ε term, per feature, with the derivation."""
    projection = projection_check(numbers.grads, numbers.cache)
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
