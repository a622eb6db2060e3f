"""Cached access to the practice loops and their experiments: every result is a pure function of a few scalars."""

from __future__ import annotations

import streamlit as st

from bncore.experiments.registry import run_experiment
from quizzes.practice import PracticeLoop, load_practice


@st.cache_data(max_entries=1, show_spinner=False)
def practice_loops() -> dict[str, PracticeLoop]:
    """Every practice loop by id, in learning order (parsed and validated once per server)."""
    return load_practice()


@st.cache_data(max_entries=64, show_spinner="Running the experiment…")  # the spinner only while it trains
def loop_result(loop_id: str, value: str | int | float | None = None):
    """The experiment of a loop at its default settings, or with its varied parameter set to ``value``."""
    loop = practice_loops()[loop_id]
    override = {} if value is None else {loop.vary.parameter: value}
    return run_experiment(loop.experiment, **loop.parameters(**override))
