"""Cached experiments of the Training Lab, shared by every learner on the server (pure functions of scalars).

st.cache_data returns a fresh copy on every call, so no caller can alter what another learner will get. (The live
with/without-BN runs are shared differently, see ui.training_lab.shared.)
"""

from __future__ import annotations

import streamlit as st

from bncore import History, TrainConfig, train
from bncore.experiments.paper import paper_config
from bncore.experiments.sweeps import SweepPoint
from bncore.experiments.sweeps import sweep_point as run_sweep_point
from bncore.training.comparison import ARMS, Comparison
from ui.common.cached import config_key


@st.cache_data(max_entries=512, show_spinner=False)
def _sweep_point(key: tuple) -> SweepPoint:
    return run_sweep_point(TrainConfig(*key))


def sweep_point(config: TrainConfig) -> SweepPoint:
    """One point of a sensitivity sweep (a few floats per entry), cached by the config's scalars."""
    return _sweep_point(config_key(config))


@st.cache_data(max_entries=2, show_spinner=False)
def paper_run() -> dict[str, History]:
    """Both arms of Ioffe & Szegedy's Figure 1 experiment on digits."""
    return {arm: train(paper_config(arm)) for arm in ARMS}


@st.cache_data(max_entries=32, show_spinner=False)
def _untrained(key: tuple) -> dict[str, History]:
    return Comparison(TrainConfig(*key)).histories()


def untrained(config: TrainConfig) -> dict[str, History]:
    """Both arms of ``config`` before any training (epoch 0 only): what the page shows until Play or Step.
    Cached apart from the shared runs, so dialling settings never pushes a run someone is watching out of its cache."""
    return _untrained(config_key(config))
