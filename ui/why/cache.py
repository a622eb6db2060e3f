"""The page's experiments, cached per configuration on the server and run with a progress bar.

Every training run is cached by its ``TrainConfig`` (as a tuple of scalars), so the sections share runs: the
with/without-BN runs of section 1 are the noisy-BN test's controls, the regularization sweep's batch-64 runs and the
weight-norm section's histories. st.cache_data hands every caller a fresh copy, so no learner can alter what another
gets.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from bncore import TrainConfig
from bncore.experiments import covariate_shift, regularization, scale_invariance, smoothness
from bncore.experiments.covariate_shift import ShiftRun
from bncore.experiments.smoothness import SmoothnessProfile
from ui.common.cached import config_key
from ui.why.settings import WhySettings


@st.cache_data(max_entries=64, show_spinner=False)
def _shift_run(key: tuple) -> ShiftRun:
    return covariate_shift.shift_run(TrainConfig(*key))


def shift_run(config: TrainConfig) -> ShiftRun:
    """One training run with its layer-input shift, cached by the config's scalars."""
    return _shift_run(config_key(config))


@st.cache_data(max_entries=32, show_spinner=False)
def _profile(key: tuple, every: int, step_sizes: tuple[float, ...]) -> SmoothnessProfile:
    return smoothness.smoothness_profile(TrainConfig(*key), every, step_sizes)


def smoothness_profile(config: TrainConfig, every: int, step_sizes: tuple[float, ...]) -> SmoothnessProfile:
    """bncore's ``smoothness_profile``, cached by the config's scalars and the measuring settings."""
    return _profile(config_key(config), every, step_sizes)


def with_progress(text: str, experiment: Callable):
    """Run ``experiment(on_run=...)`` with a progress bar that counts its training runs, then remove the bar."""
    bar = st.progress(0.0, text=text)
    try:
        return experiment(on_run=lambda done, total: bar.progress(done / total, text=f"{text} {done} of {total} runs"))
    finally:
        bar.empty()


def run_section(section: str, settings: WhySettings):
    """The experiment of one section at the learner's settings (cached runs, a progress bar while it trains)."""
    seed = settings.seed
    experiments = {
        "ics": lambda on_run: covariate_shift.internal_covariate_shift(seed, run=shift_run, on_run=on_run),
        "noisy": lambda on_run: covariate_shift.noisy_batch_norm(settings.noise, seed, run=shift_run, on_run=on_run),
        "smoothness": lambda on_run: smoothness.loss_smoothness(
            settings.every, settings.step_sizes, seed, profile=smoothness_profile, on_run=on_run
        ),
        "regularization": lambda on_run: regularization.generalization_gap(seed, run=shift_run, on_run=on_run),
        "scale": lambda on_run: scale_invariance.weight_norm_growth(seed, run=shift_run, on_run=on_run),
    }
    return with_progress("Training…", experiments[section])


@st.cache_data(max_entries=64, show_spinner=False)
def scale_check(factor: float, layer: int, seed: int) -> dict[str, scale_invariance.ScaleCheck]:
    """The live L(aW) vs L(W) check (milliseconds; cached so reruns do not repeat it)."""
    return scale_invariance.scale_check(factor, layer, seed)
