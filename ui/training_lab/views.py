"""Streamlit sections of the Training Lab page: the run bar, the live view, the sweeps and the paper view."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from bncore import History, TrainConfig
from bncore.experiments.sweeps import (
    SWEEP_INIT_SCALES,
    SWEEP_LEARNING_RATES,
    TRAINS_FRACTION,
    Sweep,
    run_sweep,
    sweep_config,
)
from ui.common.glossary import term_help
from ui.common.labels import ARM_LABELS
from ui.training_lab import figures
from ui.training_lab import run as lab_run
from ui.training_lab.cache import paper_run, sweep_point
from ui.training_lab.keys import LabKeys
from ui.training_lab.narrative import narrative


def run_bar(config: TrainConfig) -> lab_run.Speed:
    """Play / Pause, Step, Reset and the speed. Returns the chosen speed."""
    play, step, reset, speed = st.columns([2, 2, 2, 3], vertical_alignment="bottom")
    if lab_run.is_playing():
        play.button("⏸ Pause", on_click=lab_run.pause, width="stretch", key=LabKeys.PAUSE, type="primary")
    else:
        play.button("▶ Play", on_click=lab_run.play, args=(config,), width="stretch", key=LabKeys.PLAY, type="primary")
    step.button("⏭ Step (1 epoch)", on_click=lab_run.step, args=(config,), width="stretch", key=LabKeys.STEP)
    reset.button("↺ Reset", on_click=lab_run.reset, width="stretch", key=LabKeys.RESET)
    choice = speed.radio("Speed", tuple(lab_run.SPEEDS), index=1, horizontal=True, key=LabKeys.SPEED)
    return lab_run.SPEEDS[choice]


def counters(config: TrainConfig) -> None:
    for column, (name, text) in zip(st.columns(2), lab_run.counters(config).items()):
        column.markdown(f"**{ARM_LABELS[name]}** · {text}")


def epoch_picker(config: TrainConfig, histories: dict[str, History]) -> int:
    """The epoch slider: follows the run while it plays, scrubs what has been revealed when paused."""
    available = max(h.epochs_completed for h in histories.values())
    if available == 0:
        st.caption("Epoch 0: the untrained networks. Press Play or Step.")
        return 0
    st.session_state[LabKeys.EPOCH] = lab_run.viewed_epoch(available)
    st.slider(
        "Epoch shown",
        0,
        available,
        key=LabKeys.EPOCH,
        disabled=lab_run.is_playing(),
        on_change=lambda: lab_run.view(st.session_state[LabKeys.EPOCH], available),
        help="Drag to look at any epoch of the run so far; the charts below follow.",
    )
    return st.session_state[LabKeys.EPOCH]


def curves(histories: dict[str, History], epoch: int) -> None:
    loss, accuracy = st.columns(2)
    with loss:
        st.plotly_chart(figures.curves_figure(histories, "train_loss", epoch), key=LabKeys.LOSS_CHART)
        st.caption("Training loss on the whole training set (log scale): the lower the better; an ✕ marks divergence.")
    with accuracy:
        st.plotly_chart(figures.curves_figure(histories, "test_acc", epoch), key=LabKeys.ACC_CHART)
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


def detail_tabs(histories: dict[str, History], epoch: int) -> None:
    activations, gradients, parameters = st.tabs(["Activations", "Gradient norms", "γ, β and running statistics"])
    with activations:
        st.plotly_chart(figures.activation_grid(histories, epoch), key=LabKeys.ACTIVATION_CHART)
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
        st.markdown("**Layer statistics at this epoch** (pre-activations, test set)")
        st.dataframe(layer_statistics(histories, epoch).style.format("{:.3g}"), width="stretch")
    with gradients:
        st.plotly_chart(figures.gradient_norm_figure(histories), key=LabKeys.GRAD_CHART)
        st.caption(
            "How strongly each layer's weights are pushed. A gap of several powers of ten between layer 1 "
            "and the last layer means vanishing (or exploding) gradients; spikes are unstable steps.",
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


def learning_rate_sweep(config: TrainConfig) -> None:
    base = sweep_config(config)
    st.markdown(
        f"Trains both arms at 8 learning rates from 0.001 to 10, {_epochs(base)} each (your other "
        "settings), and marks the largest rate at which each arm still trains: no divergence and at least "
        f"{TRAINS_FRACTION:.0%} of the best accuracy in the sweep."
    )
    if not _requested(LabKeys.LR_SWEEP, LabKeys.SHOW_LR_SWEEP, "Run the learning-rate sweep", base):
        return
    sweep = _sweep(base, "lr", SWEEP_LEARNING_RATES)
    st.plotly_chart(figures.lr_sweep_figure(sweep), key=LabKeys.LR_SWEEP_CHART)
    st.caption("Look at where each curve falls off: the dashed lines mark the largest rate that still trains.")
    bn, plain = (sweep.largest_training_value(arm) for arm in ("with_bn", "without_bn"))
    if bn and plain and bn > plain:
        st.markdown(
            f"With BN trains up to η = {bn:.2g}, without BN up to η = {plain:.2g}: "
            f"**{bn / plain:.2g} times larger** with BN."
        )
    elif bn and plain:
        st.markdown(f"Here BN bought no extra room: with BN up to η = {bn:.2g}, without BN up to η = {plain:.2g}.")
    else:
        st.markdown(f"With BN trains up to η = {bn:.2g}." if bn else "With BN did not train at any rate here.")
        if not plain:
            st.markdown("Without BN did not train at any rate in this sweep (try He initialization or fewer layers).")


def init_scale_sweep(config: TrainConfig) -> None:
    base = sweep_config(config).replace(init="gaussian")
    st.markdown(
        f"Trains both arms with Gaussian initial weights of 9 scales from 0.0001 to 1, {_epochs(base)} "
        "each (as in the CS231n batch-norm experiment)."
    )
    if not _requested(LabKeys.INIT_SWEEP, LabKeys.SHOW_INIT_SWEEP, "Run the initialization sweep", base):
        return
    sweep = _sweep(base, "init_scale", SWEEP_INIT_SCALES)
    st.plotly_chart(figures.init_sweep_figure(sweep), key=LabKeys.INIT_SWEEP_CHART)
    st.caption(
        "Without BN only a narrow band of scales trains; BN makes the network almost indifferent to the "
        "scale of its initial weights, because every layer's output is renormalized."
    )


def _epochs(config: TrainConfig) -> str:
    return f"{config.epochs} epoch" + ("s" if config.epochs > 1 else "")


def _requested(button: str, shown: str, label: str, config: TrainConfig | None = None) -> bool:
    """A button whose result stays on screen (redrawn from the cache) while the settings it was run for stay; after a
    settings change the button asks again, so moving a slider never starts a sweep by itself."""
    if st.button(label, key=button):
        st.session_state[shown] = config
    return shown in st.session_state and st.session_state[shown] == config


def _sweep(base: TrainConfig, field: str, values: tuple[float, ...]) -> Sweep:
    """Every (arm, value) point, cached one by one, with a progress bar."""
    bar = st.progress(0.0, text="Training…")
    sweep = run_sweep(
        base,
        field,
        values,
        point=sweep_point,
        on_point=lambda done, total: bar.progress(done / total, text=f"Training… {done} of {total} runs"),
    )
    bar.empty()
    return sweep


def paper_view() -> None:
    st.markdown(
        "Ioffe & Szegedy (2015), Figure 1: a network of 3 hidden layers of 100 sigmoid units on MNIST, with and "
        "without BN. They found that BN reaches higher test accuracy faster, and that without BN the distribution "
        "of a sigmoid's input drifts and widens during training, while with BN it stays put. Here is the same "
        "experiment on the digits set (Gaussian initial weights with std 0.1, batch 60, SGD with η = 1)."
    )
    if not _requested(LabKeys.PAPER, LabKeys.SHOW_PAPER, "Run the paper experiment"):
        return
    with st.spinner("Training both arms…"):
        histories = paper_run()
    st.plotly_chart(figures.paper_figure(histories), key=LabKeys.PAPER_CHART)
    plain, bn = histories["without_bn"], histories["with_bn"]
    drift = plain.preact_percentiles[:, -1, 1]
    st.caption(
        "Read (b) against (c): the lines are the 15th, 50th and 85th percentiles of the last layer's sigmoid "
        "inputs. Without BN they wander; with BN they hold their place."
    )
    early = min(5, bn.epochs_completed, plain.epochs_completed)
    st.markdown(
        f"**This run:** with BN the test accuracy is {bn.test_acc[early]:.0%} after {early} epochs and "
        f"{bn.test_acc[-1]:.0%} at the end; without BN {plain.test_acc[early]:.0%} and {plain.test_acc[-1]:.0%}. "
        f"Without BN the median input "
        f"moved from {drift[0]:.2f} to between {drift.min():.2f} and {drift.max():.2f}; with BN it stayed within "
        f"{np.ptp(bn.preact_percentiles[1:, -1, 1]):.2f} of where it settled after the first epoch."
    )
