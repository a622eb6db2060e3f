"""Streamlit sections of the Training Lab page: the run bar and the live view of the run (its experiments are in
ui.training_lab.experiments)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from bncore import History, TrainConfig
from ui.common.drawn_by_the_page import component_from_files
from ui.common.glossary import term_help
from ui.common.keys import key_class
from ui.common.labels import ARM_LABELS
from ui.common.narrow_screens import narrow_screen_rules
from ui.training_lab import figures
from ui.training_lab import run as lab_run
from ui.training_lab.charts import curves_chart
from ui.training_lab.epoch_view import epoch_view_data
from ui.training_lab.keys import LabKeys

# On a phone the settings come first and the charts run on for screens: the run bar stays at the top of the screen
# (under Streamlit's header) while the learner scrolls through the charts below it.
# Streamlit wraps the keyed row in a layout wrapper as tall as the row itself; the wrapper, a child of the column,
# is what can stick.
RUN_BAR_STICKY = (
    f'[data-testid="stLayoutWrapper"]:has(> .{key_class(LabKeys.RUN_BAR)}) {{ position: sticky; '
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


def curves(histories: dict[str, History]) -> None:
    loss, accuracy = st.columns(2)
    with loss:
        curves_chart(LabKeys.LOSS_CHART, histories, "train_loss")
        st.caption(
            "Training loss on the whole training set (log scale), every epoch so far: the lower the better; an ✕ "
            "marks divergence."
        )
    with accuracy:
        curves_chart(LabKeys.ACC_CHART, histories, "test_acc")
        st.caption("Accuracy on the 20% of images never trained on: which arm learns, and how fast?")


_epoch_view = component_from_files("batch_norm_lab_epoch_view", Path(__file__).with_name("epoch_view"))


def receive_epoch(picked, available: int) -> None:
    """The epoch view's "epoch" trigger: the learner let go of the slider, ``{"epoch": e, "seq": n}`` (the n-th pick
    of that view), and the server keeps the epoch (the view comes back at it after a visit to another page) and the
    number (sent back, so the view knows which of its picks the data it gets has seen). Anything but an epoch from 0
    to ``available`` with a whole number is ignored."""
    if not isinstance(picked, dict):
        return
    epoch, seq = picked.get("epoch"), picked.get("seq")
    if all(isinstance(n, int) and not isinstance(n, bool) for n in (epoch, seq)) and 0 <= epoch <= available:
        lab_run.view(epoch, available)
        st.session_state[LabKeys.EPOCH_PICKS] = seq


def epoch_view(config: TrainConfig, histories: dict[str, History]) -> None:
    """The epoch slider, "What's happening?", the activation histograms of both arms and, once a run pauses, the
    layer statistics, at the epoch shown: live while the run plays (the slider follows it), and scrubbed in the
    browser when paused (every revealed epoch is sent with the view, see ui.training_lab.epoch_view)."""
    available = max(h.epochs_completed for h in histories.values())
    data = epoch_view_data(
        histories,
        lab_run.viewed_epoch(available),
        playing=lab_run.is_playing(),
        started=lab_run.started(config),
    )
    data["seq"] = st.session_state.get(LabKeys.EPOCH_PICKS, 0)
    data["moves"] = st.session_state.get(LabKeys.VIEW_MOVES, 0)
    data["accent"] = st.get_option("theme.primaryColor")  # the slider in the theme's color, as Streamlit's own
    _epoch_view(
        key=LabKeys.EPOCH_VIEW,
        data=data,
        on_epoch_change=lambda: receive_epoch((st.session_state.get(LabKeys.EPOCH_VIEW) or {}).get("epoch"), available),
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
