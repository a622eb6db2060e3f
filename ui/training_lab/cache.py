"""Cached experiments of the Training Lab, shared by every learner on the server (pure functions of scalars).

st.cache_data returns a fresh copy on every call, so no caller can alter what another learner will get. (The live
with/without-BN runs are shared differently, see ui.training_lab.shared.)
"""

from __future__ import annotations

import streamlit as st

from bncore import History, TrainConfig, train
from bncore.experiments.paper import paper_config
from bncore.experiments.sweeps import SweepPoint
from bncore.experiments.sweeps import sweep_points as train_sweep_points
from bncore.training.comparison import ARMS, Comparison
from bncore.training.worker_processes import WORKER_PROCESSES
from ui.common.cached import config_key, training_progress


@st.cache_data(max_entries=64, show_spinner=False)
def _sweep_points(keys: tuple[tuple, ...]) -> tuple[SweepPoint, ...]:
    with training_progress(f"Training {len(keys)} networks…") as on_progress:
        return train_sweep_points(tuple(TrainConfig(*key) for key in keys), on_progress, WORKER_PROCESSES)


def sweep_points(configs: tuple[TrainConfig, ...]) -> tuple[SweepPoint, ...]:
    """The points of a sensitivity sweep (a few floats each), trained behind a progress bar and cached as a whole by
    the configs' scalars."""
    return _sweep_points(tuple(config_key(config) for config in configs))


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
