"""Cached experiments of the Training Lab, shared by every learner on the server (pure functions of scalars).

st.cache_data returns a fresh copy on every call, so no caller can alter what another learner will get. (The live
with/without-BN runs are shared differently, see ui.lab_shared.)
"""

from __future__ import annotations

import streamlit as st

from bncore import History, TrainConfig, train
from bncore.sweeps import SweepPoint, paper_config
from bncore.sweeps import sweep_point as run_sweep_point
from ui.lab_shared import config_key


@st.cache_data(max_entries=512, show_spinner=False)
def _sweep_point(key: tuple) -> SweepPoint:
    return run_sweep_point(TrainConfig(*key))


def sweep_point(config: TrainConfig) -> SweepPoint:
    """One point of a sensitivity sweep (a few floats per entry), cached by the config's scalars."""
    return _sweep_point(config_key(config))


@st.cache_data(max_entries=2, show_spinner=False)
def paper_run() -> dict[str, History]:
    """Both arms of Ioffe & Szegedy's Figure 1 experiment on digits."""
    return {"With BN": train(paper_config(True)), "Without BN": train(paper_config(False))}
