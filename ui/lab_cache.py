"""Cached computations of the Training Lab, shared by every learner on the server (pure functions of a config).

- ``recall`` / ``remember``: finished with/without-BN comparisons by configuration, so that replaying a run, or
  another learner opening the same settings (the default ones, most often), costs nothing. A live run is trained in
  chunks by ``ui.lab_run`` and handed to ``remember`` when it finishes; ``recall`` only looks and never trains.
- ``sweep_point`` and ``paper_run``: single sweep points and the paper experiment.

st.cache_data returns a fresh copy on every call, so no caller can alter what another learner will get.
"""

from __future__ import annotations

import streamlit as st

from bncore import History, TrainConfig, train
from bncore.sweeps import SweepPoint, paper_config
from bncore.sweeps import sweep_point as run_sweep_point


class NotCached(LookupError):
    """Raised inside the cached function on a miss, so that nothing is stored for that key."""


@st.cache_data(max_entries=24, show_spinner=False)
def _finished(config: TrainConfig, _histories: dict[str, History] | None = None) -> dict[str, History]:
    # The underscore keeps _histories out of the cache key: a miss with histories stores them, a miss without raises.
    if _histories is None:
        raise NotCached
    return _histories


def remember(config: TrainConfig, histories: dict[str, History]) -> None:
    """Store a finished comparison of ``config`` (both arms) for everyone."""
    _finished(config, _histories=histories)


def recall(config: TrainConfig) -> dict[str, History] | None:
    """The finished comparison of ``config`` if some learner ran it recently, else None (nothing is trained)."""
    try:
        return _finished(config)
    except NotCached:
        return None


@st.cache_data(max_entries=512, show_spinner=False)
def sweep_point(config: TrainConfig) -> SweepPoint:
    """One point of a sensitivity sweep (a few floats per entry)."""
    return run_sweep_point(config)


@st.cache_data(max_entries=2, show_spinner=False)
def paper_run() -> dict[str, History]:
    """Both arms of Ioffe & Szegedy's Figure 1 experiment on digits."""
    return {"With BN": train(paper_config(True)), "Without BN": train(paper_config(False))}
