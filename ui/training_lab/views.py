"""Streamlit sections of the Training Lab page: the run bar and the live view of the run (its experiments are in
ui.training_lab.experiments)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from bncore import History, TrainConfig
from ui.common.glossary import term_help
from ui.common.labels import ARM_LABELS
from ui.common.narrow_screens import narrow_screen_rules
from ui.training_lab import figures
from ui.training_lab import run as lab_run
from ui.training_lab.activation_grid import activation_grid
from ui.training_lab.keys import LabKeys
from ui.training_lab.narrative import narrative

# On a phone the settings come first and the charts run on for screens: the run bar stays at the top of the screen
# (under Streamlit's header) while the learner scrolls through the charts below it.
# Streamlit wraps the keyed row in a layout wrapper as tall as the row itself; the wrapper, a child of the column,
# is what can stick.
RUN_BAR_STICKY = (
    f'[data-testid="stLayoutWrapper"]:has(> .st-key-{LabKeys.RUN_BAR.replace(".", "-")}) {{ position: sticky; '
    "top: 3.75rem; z-index: 100; background: white; padding: 0.4rem 0; "
    "box-shadow: 0 6px 6px -6px rgba(0, 0, 0, 0.25); }"
)


def run_bar(config: TrainConfig) -> lab_run.Speed:
    """Play / Pause, Step, Reset and the speed, in one row that wraps on a narrow screen. Returns the chosen speed."""
    narrow_screen_rules(RUN_BAR_STICKY)
    with st.container(key=LabKeys.RUN_BAR, horizontal=True, vertical_alignment="bottom", gap="small"):
        if lab_run.is_playing():
            st.button("⏸ Pause", on_click=lab_run.pause, key=LabKeys.PAUSE, type="primary")
        else:
            st.button("▶ Play", on_click=lab_run.play, args=(config,), key=LabKeys.PLAY, type="primary")
        st.button("⏭ Step (1 epoch)", on_click=lab_run.step, args=(config,), key=LabKeys.STEP)
        st.button("↺ Reset", on_click=lab_run.reset, key=LabKeys.RESET)
        choice = st.radio("Speed", tuple(lab_run.SPEEDS), index=1, horizontal=True, key=LabKeys.SPEED)
    return lab_run.SPEEDS[choice]


def counters(config: TrainConfig) -> None:
    for column, (name, text) in zip(st.columns(2), lab_run.counters(config).items()):
        column.markdown(f"**{ARM_LABELS[name]}** · {text}")


def epoch_picker(config: TrainConfig, histories: dict[str, History]) -> int:
    """The epoch slider: follows the run while it plays, scrubs what has been revealed when paused."""
    available = max(h.epochs_completed for h in histories.values())
    if available == 0:
        st.caption("Epoch 0: the untrained networks, before any training step.")
        return 0
    viewed = lab_run.viewed_epoch(available)
    if st.session_state.get(LabKeys.EPOCH, viewed) != viewed:
        st.session_state[LabKeys.EPOCH] = viewed  # the run moved on: the live slider follows it
    st.slider(
        "Epoch shown",
        0,
        available,
        value=viewed,  # created with its value, never drawn at 0 first
        key=LabKeys.EPOCH,
        disabled=lab_run.is_playing(),
        on_change=lambda: lab_run.view(st.session_state[LabKeys.EPOCH], available),
        help="Drag to look at any epoch of the run so far: the text, the histograms and the table below follow.",
    )
    return st.session_state[LabKeys.EPOCH]


def curves(histories: dict[str, History]) -> None:
    loss, accuracy = st.columns(2)
    with loss:
        st.plotly_chart(figures.curves_figure(histories, "train_loss"), key=LabKeys.LOSS_CHART)
        st.caption(
            "Training loss on the whole training set (log scale), every epoch so far: the lower the better; an ✕ "
            "marks divergence."
        )
    with accuracy:
        st.plotly_chart(figures.curves_figure(histories, "test_acc"), key=LabKeys.ACC_CHART)
        st.caption("Accuracy on the 20% of images never trained on: which arm learns, and how fast?")


def whats_happening(histories: dict[str, History], epoch: int) -> None:
    with st.container(border=True):
        st.markdown("**What's happening?**")
        for sentence in narrative(histories, epoch):
            st.markdown(f"- {sentence}")


def layer_statistics(histories: dict[str, History], epoch: int) -> pd.DataFrame:
    """μ and σ² of each layer's pre-activations at the epoch, both arms side by side."""
    columns = {}
    for name, h in histories.items():
        i = min(epoch, h.epochs_completed)
        columns[(ARM_LABELS[name], "μ")] = h.preact_mean[i]
        columns[(ARM_LABELS[name], "σ²")] = h.preact_var[i]
    depth = len(next(iter(columns.values())))
    return pd.DataFrame(columns, index=pd.Index(range(1, depth + 1), name="layer"))


def activation_histograms(histories: dict[str, History], epoch: int) -> None:
    """The per-layer histograms of both arms on one shared axis, live while the run plays and at the epoch shown."""
    st.plotly_chart(activation_grid(histories, epoch), key=LabKeys.ACTIVATION_CHART)
    bn_before = histories["with_bn"].config.bn_placement == "before_activation"
    st.caption(
        "Each panel is one layer's input to its nonlinearity on the test set, all on the axis [-6, 6]. "
        + (
            "With BN before the activation they stay centred with a steady spread (γ and β move them "
            "slowly); without BN watch them drift, widen or collapse."
            if bn_before
            else "With BN after the activation, BN normalizes the activations instead, so these inputs are not "
            "held in place directly: compare how far each arm's layers drift."
        ),
        help=term_help("pre_activation"),
    )


def layer_statistics_table(histories: dict[str, History], epoch: int) -> None:
    st.markdown("**Layer statistics at this epoch** (pre-activations, test set)")
    st.dataframe(layer_statistics(histories, epoch).style.format("{:.3g}"), width="stretch")
    st.caption(
        "The test set goes through the network in inference mode, so With BN divides by the running statistics, "
        "not by the test batch's own. In the first epochs they have moved only part of the way from their start "
        "(mean 0, variance 1) to the true ones, so With BN's σ² can read well away from 1 (0.3, 0.1) and only "
        "settles near γ² as training goes on.",
        help=term_help("running_average"),
    )


def run_details(config: TrainConfig) -> None:
    """Gradient norms and the BN parameters of the run so far, in tabs, once it pauses or ends.

    Drawn outside the live fragment: they do not depend on the epoch shown, so a scrub neither rebuilds nor redraws
    them (in the browser each element in a tab costs a walk of the tab's contents); the full rerun that follows
    Step, Pause or the end of a run brings them up to date.
    """
    if not lab_run.started(config):
        return
    if lab_run.is_playing():
        st.caption("Gradient norms and the BN parameters appear in tabs here when the run pauses or ends.")
        return
    histories = lab_run.histories(config)
    gradients, parameters = st.tabs(["Gradient norms", "γ, β and running statistics"])
    with gradients:
        st.plotly_chart(figures.gradient_norm_figure(histories), key=LabKeys.GRAD_CHART)
        st.caption(
            "How strongly each layer's weights are pushed (the mean over each epoch's steps). A gap of several "
            "powers of ten between layer 1 and the last layer means vanishing (or exploding) gradients; spikes are "
            "unstable steps.",
            help=term_help("vanishing_gradients"),
        )
    with parameters:
        bn = histories["with_bn"]
        layer = st.selectbox(
            "Layer", range(bn.config.depth), format_func=lambda k: f"layer {k + 1}", key=LabKeys.BN_LAYER
        )
        st.plotly_chart(figures.bn_parameters_figure(bn, layer), key=LabKeys.BN_CHART)
        momentum = bn.config.bn_momentum
        st.caption(
            f"γ and β are learned like weights; the running statistics follow each batch's with momentum "
            f"{momentum:g} (PyTorch convention: new = {1 - momentum:g}·old + {momentum:g}·batch, with the "
            "unbiased variance), and are what the network uses at test time.",
            help=term_help("running_average"),
        )
