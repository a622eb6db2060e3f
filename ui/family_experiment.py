"""The batch-size experiment on the normalization-family page: each run cached by its scalar config, the whole plan
run behind a progress bar, and a summary sentence drawn from the numbers actually measured."""

from __future__ import annotations

import streamlit as st

from bncore import TrainConfig
from bncore.batch_size_experiment import (
    NORMALIZATION_NAMES,
    SensitivityPlan,
    SensitivityResult,
    final_test_accuracy,
    run_sensitivity,
)
from ui.family_state import EXPERIMENT_KEY

PLAN = SensitivityPlan()  # 3 normalizations x 6 batch sizes x 3 seeds: 54 small runs, about 15 s on 2 cores


@st.cache_data(max_entries=256, show_spinner=False)
def cached_final_accuracy(
    normalization: str,
    batch_size: int,
    seed: int,
    dataset: str,
    depth: int,
    width: int,
    norm_groups: int,
    lr: float,
    optimizer: str,
    epochs: int,
) -> float:
    """Final test accuracy of one run, cached per server by the scalars that define it."""
    config = TrainConfig(
        dataset=dataset,
        depth=depth,
        width=width,
        normalization=normalization,
        norm_groups=norm_groups,
        lr=lr,
        optimizer=optimizer,
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
    )
    return final_test_accuracy(config)


def _accuracy(config: TrainConfig) -> float:
    return cached_final_accuracy(
        config.normalization,
        config.batch_size,
        config.seed,
        config.dataset,
        config.depth,
        config.width,
        config.norm_groups,
        config.lr,
        config.optimizer,
        config.epochs,
    )


def run_with_progress() -> SensitivityResult:
    """Run ``PLAN`` (cached runs return at once) with a progress bar; keep the result in session state."""
    bar = st.progress(0.0, text="Training…")
    result = run_sensitivity(
        PLAN, _accuracy, on_run=lambda done, total: bar.progress(done / total, text=f"Run {done} of {total}")
    )
    bar.empty()
    st.session_state[EXPERIMENT_KEY] = result
    return result


def summary(result: SensitivityResult) -> str:
    """One sentence on the measured extremes: each normalization's mean accuracy at the smallest and largest batch."""
    sizes = result.plan.batch_sizes
    parts = [
        f"{NORMALIZATION_NAMES[norm]} {row[0]:.0%} → {row[-1]:.0%}"
        for norm, row in zip(result.plan.normalizations, result.mean)
    ]
    return f"Mean test accuracy at batch size {sizes[0]} → {sizes[-1]}: " + ", ".join(parts) + "."
