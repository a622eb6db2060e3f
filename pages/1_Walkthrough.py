"""Walkthrough: batch normalization by hand on a small feature table, every step with the real numbers."""

from ui.common.shell import setup_page  # first: importing ui pins NumPy's BLAS threads before NumPy loads

# isort: split

import streamlit as st

from bncore import make_feature_batch
from ui.common.glossary import explain_terms, term_help
from ui.common.latex import power_of_ten
from ui.common.tables import editable_batch
from ui.exercises.view import exercise_section
from ui.walkthrough import predict, tables, view
from ui.walkthrough.charts import distribution_chart, epsilon_chart
from ui.walkthrough.code_view import reading_view
from ui.walkthrough.compute import compute, constant_feature
from ui.walkthrough.guess import hides
from ui.walkthrough.insights import key_insights
from ui.walkthrough.keys import WalkthroughKeys

setup_page("Walkthrough", "🧮")
st.title("🧮 Walkthrough: batch norm by hand")
st.markdown(
    "Follow one mini-batch through the four equations of batch normalization, with the real numbers. "
    "Edit any cell of the input, γ or β and everything below updates."
)
explain_terms(
    "mini_batch",
    "feature",
    "mean",
    "variance",
    "normalize",
    "epsilon",
    "gamma",
    "beta",
    "running_average",
    "momentum",
    "training_mode",
    "inference_mode",
    "biased_variance",
)

settings = view.batch_settings()
feature = view.feature_picker(settings["features"])


@st.fragment
def batch_and_results(settings: dict, feature: int) -> None:
    """The batch, γ, β and the mode, and every number, table and chart computed from them: an edit here reruns
    this part alone (the header, the code and the exercises below, and the sidebar stay as drawn)."""
    left, right = st.columns([5, 6], gap="large")
    with left:
        st.subheader("The input batch")
        values, check = editable_batch(
            WalkthroughKeys.TABLE,
            make_feature_batch(**settings),
            tuple(settings.values()),
            help_text="Edit a value: every statistic and table below updates.",
        )
        if check.problem:
            st.warning(check.problem, icon="⚠️")
        for note in check.notes:
            st.info(note, icon="ℹ️")
        st.markdown("**γ and β per feature** (learned in a real network; edit them here)", help=term_help("affine"))
        gamma, beta, affine_problem = view.affine_editor(settings["features"])
        if affine_problem:
            st.warning(affine_problem, icon="⚠️")
        controls = st.columns(3)
        with controls[0]:
            momentum = view.momentum_control()
        with controls[1]:
            eps = view.eps_control()
        with controls[2]:
            mode = view.mode_control()

    numbers = compute(values, gamma, beta, eps, momentum, view.running_statistics(values.shape[1]))
    x_hat_shown, y_shown = numbers.normalized(mode), numbers.output(mode)  # in inference: from the running statistics
    first_hidden = predict.hide_on_page(numbers, feature, mode)  # predict first: what the open guess must not see

    with right:
        st.subheader("Step by step")
        st.fragment(view.step_through)(numbers, feature, mode)  # Previous / Next redraw this panel only

    st.subheader("The tables side by side")
    if first_hidden is not None:
        st.caption(predict.HIDDEN_NOTE)
    columns = st.columns(3)
    with columns[0]:
        tables.stage_table(numbers.x, feature, "Input x", "x")
    with columns[1]:
        tables.stage_table(
            x_hat_shown,
            feature,
            f"Normalized x̂ ({mode.lower()} mode)",
            "x_hat",
            term_help("normalize"),
            hidden=hides(first_hidden, 3),
        )
    with columns[2]:
        tables.stage_table(
            y_shown,
            feature,
            f"Output y ({mode.lower()} mode)",
            "y",
            term_help("affine"),
            hidden=hides(first_hidden, 4),
        )
    columns = st.columns(2)
    with columns[0]:
        tables.statistics_table(numbers, feature, mode, first_hidden)
    with columns[1]:
        view.running_panel(numbers, feature, first_hidden)

    st.subheader("Training vs inference")
    if mode == "Training":
        st.markdown(
            "In **training** mode each batch is normalized with its own μ and σ², as above. Switch **Mode** to "
            "*Inference* to normalize with the running statistics instead and compare."
        )
    else:
        side = st.columns(2)
        with side[0]:
            tables.stage_table(numbers.y_train, feature, "Output, training mode (batch statistics)", "y_train")
        with side[1]:
            tables.stage_table(
                numbers.y_inference, feature, "Output, inference mode (running statistics)", "y_inference"
            )
        st.metric("Largest difference |y_train − y_inference|", f"{numbers.mode_gap:.3f}")
        steps = numbers.running.batches_tracked
        where_running_are = "the starting values 0 and 1" if steps == 0 else "only part of the way to this batch"
        st.markdown(
            f"They differ because inference divides by the running statistics, which after {steps} training steps are "
            f"still {where_running_are}; press **Take a training step** a few times and watch the gap shrink."
        )

    st.subheader("How each feature's distribution changes")
    dist_feature = st.selectbox(
        "Feature", [f"F{j}" for j in range(values.shape[1])], index=feature, key=WalkthroughKeys.DIST_FEATURE
    )
    j = int(dist_feature[1:])
    if first_hidden is not None and j == feature:
        st.info(
            f"{dist_feature}'s histograms show its μ and σ², x̂ and y: they appear once you have checked (or skipped) "
            "your guesses in the step panel above. Pick another feature to see its histograms now.",
            icon="🔒",
        )
    else:
        distribution_chart(numbers.x[:, j], x_hat_shown[:, j], y_shown[:, j], dist_feature)
        st.caption(
            "Solid line: the mean; dotted line: zero. Look at the shapes: all three histograms use the same number "
            "of bins over their own range, and normalizing only moves the centre to 0 and the spread to 1, so the "
            "shapes match (up to a value landing on a bin edge). γ and β then move and stretch it again; a negative γ "
            "mirrors it."
        )

    st.subheader("What ε prevents")
    constant = constant_feature(eps)
    st.markdown("A constant feature, e.g. (3, 3, 3, 3), has σ² = 0. With ε the normalization stays defined:")
    st.latex(  # two short lines: one long line was cut off on a phone
        r"\begin{aligned}"
        rf"\hat{{x}} &= \frac{{x - \mu}}{{\sqrt{{\sigma^2 + \epsilon}}}} = "
        rf"\frac{{3 - {constant.mean[0]:g}}}{{\sqrt{{{constant.var[0]:g} + {power_of_ten(eps)}}}}} = "
        rf"{constant.x_hat[0, 0]:g}"
        r"\\ y &= \gamma \cdot 0 + \beta = \beta"
        r"\end{aligned}"
    )
    st.markdown(
        "Without ε it would be 0 / 0, not a number, and that NaN would spread to every later layer and every gradient. "
        "ε only matters when it is comparable to σ²: it shrinks the variance of x̂ to σ² / (σ² + ε)."
    )
    variance_hidden = hides(first_hidden, 2)
    epsilon_chart(numbers.var, eps, hidden_feature=feature if variance_hidden else None)
    st.caption(
        "Each line is one feature of your batch (the slider stops at 0.1; the chart goes on to 10): x̂ keeps variance "
        "≈ 1 until ε approaches that feature's σ², then ε takes over and squeezes x̂ towards 0. Move the ε slider to "
        "see where you are."
        + (f" F{feature}'s line appears once you have guessed its σ² (or skipped it)." if variance_hidden else "")
    )

    st.subheader("Key insights")
    if variance_hidden:
        st.caption(
            f"The key insights quote F{feature}'s μ and σ²: they appear once you have checked (or skipped) those "
            "guesses in the step panel above."
        )
    else:
        if mode == "Inference":
            st.caption(
                "These insights quote training-mode values (this batch's statistics); the last compares the modes."
            )
        for insight in key_insights(numbers, feature):
            st.markdown(f"- {insight}")


batch_and_results(settings, feature)

st.subheader("Read the code: batch norm from scratch, and in PyTorch")
reading_view()

st.subheader("Write it yourself")
exercise_section(("normalization_eps", "train_vs_inference"), place="walkthrough")
