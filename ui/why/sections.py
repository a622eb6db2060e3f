"""The sections of the "Why does it work?" page: each a fragment from its prediction to its measurement, and after
the reveal the measurement's charts, what it shows (a sentence built from the numbers) and what it does not show."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui.why import controls, figures, narrative, predict
from ui.why.cache import run_section, scale_check
from ui.why.charts import why_chart
from ui.why.keys import WhyKeys
from ui.why.settings import WhySettings
from ui.why.sources import CLAIMS, SOURCES, STANCES, cite


def _chart(data: dict, section: str, name: str, caption: str) -> None:
    why_chart(WhyKeys.chart(section, name), data)
    st.caption(caption)


def _findings(section: str, shows: str) -> None:
    st.markdown(f"**What it shows.** {shows}")
    st.markdown(f"**What it does not show.** {narrative.LIMITS[section]}")


def covariate_shift(settings: WhySettings) -> None:
    result = run_section("ics", settings)
    layer = controls.layer(WhyKeys.DRIFT_LAYER, "Layer to look at")
    _chart(
        figures.drift_figure(result, layer),
        "ics",
        "drift",
        "The paper's view (Ioffe & Szegedy, Figure 1): the middle line is the median of the layer's input on the "
        "test set, the thin lines the 15th and 85th percentiles. Look at how much they wander on the left. On the "
        "right, the first epochs' change is BN's running statistics settling, not drift: at epoch 0 they have seen "
        "no batch (mean 0, variance 1), so on the test set BN does not rescale yet. The chart below measures in "
        "training mode, where that does not arise.",
    )
    _chart(
        figures.shift_figure(result),
        "ics",
        "shift",
        "One line per hidden layer: how far its input distribution moved in each epoch, in units of its own "
        "spread. Compare the heights of the two panels (log scale).",
    )
    _findings("ics", narrative.ics_finding(result))


def noisy(settings: WhySettings) -> None:
    result = run_section("noisy", settings)
    _chart(
        figures.noisy_figure(result),
        "noisy",
        "curves",
        "(a) Does the noisy network learn like plain BN or like no BN? (b) Whose layer inputs shift most per "
        "epoch (mean over the layers, log scale)?",
    )
    _findings("noisy", narrative.noisy_finding(result))


def smoothness(settings: WhySettings) -> None:
    result = run_section("smoothness", settings)
    _chart(
        figures.smoothness_figure(result),
        "smoothness",
        "profile",
        "Lower is smoother: (a) how much the loss varies over the steps, (b) how much the gradient changes, "
        "(c) the largest gradient change per distance moved. Log scales.",
    )
    _findings("smoothness", narrative.smoothness_finding(result))


def regularization(settings: WhySettings) -> None:
    result = run_section("regularization", settings)
    _chart(
        figures.gap_figure(result),
        "regularization",
        "gap",
        "A higher line is more overfitting: training accuracy ahead of test accuracy. (b) The gap averaged over "
        "the last 3 epochs at each batch size (smaller batches, noisier batch statistics).",
    )
    _findings("regularization", narrative.gap_finding(result))


def scale(settings: WhySettings) -> None:
    st.markdown("**Live check.** Scale one hidden layer's weights of the freshly initialized network and compare.")
    factor_column, layer_column = st.columns(2)
    with factor_column:
        factor = controls.scale_factor()
    with layer_column:
        layer = controls.layer(WhyKeys.LAYER, "Layer to scale")
    checks = scale_check(factor, layer, settings.seed)
    rows = [
        (
            figures.LABELS[arm],
            f"{check.loss:.10f}",
            f"{check.scaled_loss:.10f}",
            f"{check.scaled_loss - check.loss:+.1e}",
            f"{check.grad_ratio:.6g}",
            f"{1 / factor:.6g}",
        )
        for arm, check in checks.items()
    ]
    columns = ["Network", "L(W)", "L(aW)", "L(aW) − L(W)", "‖∇L(aW)‖ / ‖∇L(W)‖", "1/a"]
    st.dataframe(
        pd.DataFrame(rows, columns=columns), hide_index=True, width="stretch", key=WhyKeys.chart("scale", "check")
    )
    st.caption(
        "The loss of one fixed batch of 256 training images in training mode, in float64. With BN the loss does not "
        "move (up to ε) and the gradient ratio is 1/a."
    )
    st.markdown(narrative.scale_finding(checks, layer))
    result = run_section("scale", settings)
    _chart(
        figures.weight_norm_figure(result),
        "scale",
        "norms",
        "One line per hidden layer. (a) and (b): the weights' Frobenius norm over training; (c): with BN, the step "
        "a direction takes per unit of learning rate falls as ‖W‖ grows.",
    )
    _findings("scale", narrative.growth_finding(result))


def sources() -> None:
    """Section 5: the claims, grouped by stance, each with its sources, and the reference list."""
    for stance in STANCES:
        st.markdown(f"**{stance[0].upper()}{stance[1:]}**")
        lines = [
            f"- {claim.text} *({cite(claim)})*"
            + (f" · section {claim.on_this_page} here" if claim.on_this_page else "")
            for claim in CLAIMS
            if claim.stance == stance
        ]
        st.markdown("\n".join(lines))
    with st.expander("Sources"):
        st.markdown("\n".join(f"- **{source}**: {reference}" for source, reference in SOURCES.items()))


MEASUREMENTS = {
    "ics": covariate_shift,
    "noisy": noisy,
    "smoothness": smoothness,
    "regularization": regularization,
    "scale": scale,
}


@st.fragment
def predict_then_measure(section: str, settings: WhySettings, summary: DeltaGenerator) -> None:
    """One section (an id of ``MEASUREMENTS``): its prediction, its measurement once revealed, then the page's summary.

    A fragment: committing, a hint, the reveal or a control of the section (a layer, a scale factor) reruns this
    section alone, not the page's four others. So it redraws the summary of the page's predictions itself, into
    ``summary`` (an st.empty made below the sections). Every section draws the summary in every run, as Streamlit
    asks of a fragment that writes outside itself; one st.empty holds one thing, so the page shows the last one
    drawn. Of this section's runs only the reveal changes the learner record, and the reveal writes it
    (ui.practice.loop.reveal_button), though the sidebar is not redrawn."""
    if predict.prediction(section, settings):
        MEASUREMENTS[section](settings)
    predict.page_summary(summary)
