"""The page's controls. The seed is a number box that says what it rejected; the scale check uses bounded
widgets; the noise magnitude, the measuring interval and the step sizes are typed, checked by ui.why.settings, and a
bad value gets its one-sentence message while the page keeps the last good settings (``WhyKeys.SETTINGS``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from bncore.experiments.common import WHY_CONFIG
from bncore.experiments.scale_invariance import SCALE_FACTORS
from bncore.experiments.smoothness import training_steps
from ui.common.number_box import number_box
from ui.common.state import keep, keep_choice
from ui.why.keys import WhyKeys
from ui.why.settings import (
    EVERY_RANGE,
    NOISE_RANGE,
    SEEDS,
    STEP_SIZE_RANGE,
    WhySettings,
    format_step_sizes,
    parse_every,
    parse_noise,
    parse_step_sizes,
)


def current() -> WhySettings:
    """The last settings that passed the checks (the defaults until the learner changes one)."""
    settings = st.session_state.get(WhyKeys.SETTINGS)
    return settings if isinstance(settings, WhySettings) else WhySettings()


def _store(**changes) -> WhySettings:
    settings = replace(current(), **changes)
    st.session_state[WhyKeys.SETTINGS] = settings
    return settings


def seed() -> int:
    value = number_box(
        "Seed",
        *SEEDS,
        key=WhyKeys.SEED,
        default=WhySettings().seed,
        step=1,
        help="Initial weights, data order and the probe batch. The same seed gives the same numbers, bit for bit.",
    )
    return _store(seed=int(value)).seed


def _typed(label: str, widget_key: str, field: str, parse: Callable, shown: Callable, help: str):
    """A text field checked by ``parse``: its value, or the last good one with the reason the new one was refused."""
    text = st.text_input(label, **keep(widget_key, shown(getattr(WhySettings(), field))), help=help)
    try:
        value = parse(text)
    except ValueError as error:
        st.error(f"{error} Still using {shown(getattr(current(), field))}.")
        return getattr(current(), field)
    return getattr(_store(**{field: value}), field)


def noise() -> float:
    low, high = NOISE_RANGE
    return _typed(
        "Noise magnitude n",
        WhyKeys.NOISE,
        "noise",
        parse_noise,
        lambda value: f"{value:g}",
        f"From {low:g} to {high:g}. Every step, every unit is scaled by U(1, 1 + n) and shifted by U(−n, n).",
    )


def every() -> int:
    low, high = EVERY_RANGE
    return _typed(
        "Measure every … steps",
        WhyKeys.EVERY,
        "every",
        parse_every,
        str,
        f"A whole number from {low} to {high}; the network takes {training_steps(WHY_CONFIG)} steps in all.",
    )


def step_sizes() -> tuple[float, ...]:
    low, high = STEP_SIZE_RANGE
    return _typed(
        "Step sizes along the gradient",
        WhyKeys.STEP_SIZES,
        "step_sizes",
        parse_step_sizes,
        format_step_sizes,
        f"Up to 6 numbers from {low:g} to {high:g}, separated by commas. The network's own learning rate is "
        f"{WHY_CONFIG.lr:g}.",
    )


def scale_factor() -> float:
    return st.select_slider(
        "Scale factor a", SCALE_FACTORS, **keep(WhyKeys.FACTOR, 10.0), format_func=lambda a: f"{a:g}"
    )


def layer(widget_key: str, label: str) -> int:
    """A hidden layer, shown 1-based, returned 0-based."""
    return st.selectbox(
        label,
        range(WHY_CONFIG.depth),
        **keep_choice(widget_key, range(WHY_CONFIG.depth), 1),
        format_func=lambda i: f"hidden layer {i + 1}",
    )
