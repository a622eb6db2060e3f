"""The Training Lab's settings panel and its mirror in the URL's query string.

Widget keys are ``LabKeys.setting(field)`` (kept across pages with ui.common.state.keep). A link opened with query
parameters sets them before the widgets are drawn; afterwards every change is written back to the URL, and
``LabKeys.SETTINGS`` / ``LabKeys.SHARE_QUERY`` hold the current settings and query string for other pages (notes
attach them to a lab state).
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from bncore import ACTIVATIONS, DATASETS, INITS, OPTIMIZERS, PLACEMENTS, TrainConfig
from ui.common.glossary import term_help
from ui.common.number_box import number_box
from ui.common.state import keep, keep_choice, set_kept
from ui.training_lab.keys import LabKeys
from ui.training_lab.settings import (
    BOTH_TRAIN,
    DEFAULT,
    INIT_SCALE_CHOICES,
    INT_RANGES,
    LABELS,
    LEARNING_RATE_CHOICES,
    config_dict,
    from_query,
    to_query,
)


def _label(field: str):
    return lambda value: LABELS[field][value]


def apply_link() -> None:
    """Load settings from the URL when it carries some this page did not write, and remember the notices about its
    bad values (shown by ``link_notices`` until the learner changes a setting)."""
    params = st.query_params.to_dict()
    if not params or params == st.session_state.get(LabKeys.QUERY_WRITTEN):
        return
    config, notices = from_query(params)
    apply_settings(config)
    st.session_state[LabKeys.LINK_NOTICES] = (config, notices)


def link_notices(config: TrainConfig) -> list[str]:
    """The notices about the opened link, while the settings are still the ones it gave."""
    linked = st.session_state.get(LabKeys.LINK_NOTICES)
    return linked[1] if linked is not None and linked[0] == config else []


def notices_text(notices: list[str]) -> str:
    """The link's notices as the text of one box (a bulleted list when there are several), so however many values a
    link got wrong the controls stay in view."""
    return "\n".join(f"- {notice}" for notice in notices) if len(notices) > 1 else notices[0]


def _preset_depth(depth: int) -> None:
    set_kept(LabKeys.DEPTH, depth)


def apply_settings(config: TrainConfig) -> None:
    """Set every control to ``config``'s value (before the controls are drawn: a preset's callback, an opened link)."""
    for field, value in config_dict(config).items():
        set_kept(LabKeys.setting(field), value)


def presets() -> None:
    """Two one-click settings: the default (deep; only the arm with BN learns) and a network both arms can train."""
    st.button(
        "Default: 8 layers, only BN trains",
        on_click=apply_settings,
        args=(DEFAULT,),
        width="stretch",
        key=LabKeys.DEFAULT_RUN,
        help="Every setting back to the default: 8 layers with PyTorch's initialization, where only the network "
        "with BN learns.",
    )
    st.button(
        "Both train: 4 layers, He init",
        on_click=apply_settings,
        args=(BOTH_TRAIN,),
        width="stretch",
        key=LabKeys.BOTH_TRAIN,
        help="4 layers with He initialization (the rest as the default): both networks learn at small learning "
        "rates, so the learning-rate sweep shows how much larger a rate BN tolerates.",
    )


def settings_panel() -> TrainConfig:
    """Draw every setting and return them as a TrainConfig."""
    d = DEFAULT
    st.markdown("**Presets**")
    presets()
    st.markdown("**Data and network**")
    dataset = st.selectbox(
        "Dataset", DATASETS, **keep_choice(LabKeys.DATASET, DATASETS, d.dataset), format_func=_label("dataset")
    )
    depth = st.slider("Hidden layers (depth)", *INT_RANGES["depth"], **keep(LabKeys.DEPTH, d.depth))
    with st.container(horizontal=True, gap="small"):  # side by side while both fit, else one under the other
        st.button("Shallow (2)", on_click=_preset_depth, args=(2,), width="stretch", key=LabKeys.SHALLOW)
        st.button("Deep (8)", on_click=_preset_depth, args=(8,), width="stretch", key=LabKeys.DEEP)
    width = st.slider("Units per layer (width)", *INT_RANGES["width"], **keep(LabKeys.WIDTH, d.width))
    activation = st.radio(
        "Activation",
        ACTIVATIONS,
        **keep_choice(LabKeys.ACTIVATION, ACTIVATIONS, d.activation),
        horizontal=True,
        format_func=_label("activation"),
        help=term_help("activation"),
    )
    init = st.selectbox(
        "Weight initialization",
        INITS,
        **keep_choice(LabKeys.INIT, INITS, d.init),
        format_func=_label("init"),
        help=term_help("initialization"),
    )
    init_scale = d.init_scale
    if init == "gaussian":
        init_scale = st.select_slider(
            "Weight scale (standard deviation)",
            INIT_SCALE_CHOICES,
            **keep(LabKeys.INIT_SCALE, d.init_scale),
            format_func=lambda v: f"{v:g}",
        )
    placement = st.radio(
        "BN placement",
        PLACEMENTS,
        **keep_choice(LabKeys.BN_PLACEMENT, PLACEMENTS, d.bn_placement),
        format_func=_label("bn_placement"),
        help="Ioffe & Szegedy put BN between the linear layer and the activation; many people put "
        "it after. A linear layer directly before BN needs no bias (β replaces it).",
    )
    st.markdown("**Training**")
    optimizer = st.selectbox(
        "Optimizer",
        OPTIMIZERS,
        **keep_choice(LabKeys.OPTIMIZER, OPTIMIZERS, d.optimizer),
        format_func=_label("optimizer"),
    )
    lr = st.select_slider(
        "Learning rate",
        LEARNING_RATE_CHOICES,
        **keep(LabKeys.LR, d.lr),
        format_func=lambda v: f"η = {v:g}",
        help=term_help("learning_rate"),
    )
    batch_size = st.slider(
        "Batch size",
        *INT_RANGES["batch_size"],
        **keep(LabKeys.BATCH_SIZE, d.batch_size),
        help=term_help("mini_batch"),
    )
    epochs = st.slider("Epochs", *INT_RANGES["epochs"], **keep(LabKeys.EPOCHS, d.epochs), help=term_help("epoch"))
    seed = number_box(
        "Seed",
        *INT_RANGES["seed"],
        key=LabKeys.SEED,
        default=d.seed,
        step=1,
        help="Initial weights and data order; the same settings and seed give the same run.",
    )
    return TrainConfig(
        dataset=dataset,
        depth=depth,
        width=width,
        activation=activation,
        init=init,
        init_scale=init_scale,
        bn_placement=placement,
        optimizer=optimizer,
        lr=lr,
        batch_size=batch_size,
        epochs=epochs,
        seed=int(seed),
    )


def share(config: TrainConfig) -> str:
    """Mirror the settings into the URL and session state; returns the shareable link."""
    query = to_query(config)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    st.session_state[LabKeys.QUERY_WRITTEN] = query
    share_query = "?" + urlencode(query)
    st.session_state[LabKeys.SETTINGS] = config_dict(config)
    st.session_state[LabKeys.SHARE_QUERY] = share_query
    base = st.context.url or "Training_Lab"
    return base + share_query
