"""Streamlit sections of the Training Lab's experiments: the learning-rate and initialization sweeps of the learner's
settings and the paper view. Each runs only when its button is pressed, and its result stays on screen (redrawn from
the cache) while the settings it was run for stay."""

from __future__ import annotations

import numpy as np
import streamlit as st

from bncore import TrainConfig
from bncore.experiments.sweeps import (
    SWEEP_INIT_SCALES,
    SWEEP_LEARNING_RATES,
    TRAINS_FRACTION,
    Sweep,
    run_sweep,
    sweep_config,
)
from ui.common.state import keep_choice
from ui.training_lab import experiment_figures as figures
from ui.training_lab.cache import paper_run, sweep_points
from ui.training_lab.keys import LabKeys
from ui.training_lab.settings import BOTH_TRAIN

SWEEP_BASES = {
    "both_train": "4 layers, He initialization: both arms train at small rates (the “Both train” preset)",
    "yours": "Your settings",
}


def learning_rate_sweep(config: TrainConfig) -> None:
    choice = st.radio(
        "Network to sweep",
        tuple(SWEEP_BASES),
        **keep_choice(LabKeys.LR_SWEEP_BASE, SWEEP_BASES, "both_train"),
        format_func=SWEEP_BASES.get,
        help="At the default settings (8 layers, PyTorch's initialization) the network without BN learns at no "
        "rate, so there is no largest working rate to compare; with 4 layers and He initialization both learn.",
    )
    base = sweep_config(BOTH_TRAIN if choice == "both_train" else config)
    st.markdown(
        f"Trains both arms at 8 learning rates from 0.001 to 10, {_epochs(base)} each, and marks the largest rate "
        "at which each arm still trains: no divergence and at least "
        f"{TRAINS_FRACTION:.0%} of the best accuracy in the sweep."
    )
    if not _requested(LabKeys.LR_SWEEP, LabKeys.SHOW_LR_SWEEP, "Run the learning-rate sweep", base):
        return
    sweep = run_sweep(base, "lr", SWEEP_LEARNING_RATES, points=sweep_points)
    st.plotly_chart(figures.lr_sweep_figure(sweep), key=LabKeys.LR_SWEEP_CHART)
    st.caption("Look at where each curve falls off: the dashed lines mark the largest rate that still trains.")
    st.markdown(sweep_verdict(sweep))


def sweep_verdict(sweep: Sweep) -> str:
    """One sentence on the largest learning rate at which each arm trains."""
    bn, plain = (sweep.largest_training_value(arm) for arm in ("with_bn", "without_bn"))
    if bn and plain and bn > plain:
        return (
            f"With BN trains up to η = {bn:.2g}, without BN up to η = {plain:.2g}: "
            f"**{bn / plain:.2g} times larger** with BN."
        )
    if bn and plain:
        return f"Here BN bought no extra room: with BN up to η = {bn:.2g}, without BN up to η = {plain:.2g}."
    with_bn = f"With BN trains up to η = {bn:.2g}." if bn else "With BN did not train at any rate here."
    if plain:
        return f"{with_bn} Without BN trains up to η = {plain:.2g}."
    return (
        f"{with_bn} Without BN did not train at any rate in this sweep: sweep the 4-layer network with He "
        "initialization (above) to compare the largest rate of each."
    )


def init_scale_sweep(config: TrainConfig) -> None:
    base = sweep_config(config).replace(init="gaussian")
    st.markdown(
        f"Trains both arms with Gaussian initial weights of 9 scales from 0.0001 to 1, {_epochs(base)} "
        "each (as in the CS231n batch-norm experiment)."
    )
    if not _requested(LabKeys.INIT_SWEEP, LabKeys.SHOW_INIT_SWEEP, "Run the initialization sweep", base):
        return
    sweep = run_sweep(base, "init_scale", SWEEP_INIT_SCALES, points=sweep_points)
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
