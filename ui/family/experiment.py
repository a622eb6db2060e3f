"""The batch-size experiment on the normalization-family page: each run cached by its scalar config, the whole plan
run behind a progress bar, and the sentences that describe the plan and the numbers actually measured."""

from __future__ import annotations

import streamlit as st

from bncore import TrainConfig
from bncore.experiments.batch_size import (
    FAMILY_PLAN,
    BatchSizePlan,
    BatchSizeResult,
    BatchSizeRun,
    batch_size_runs,
    run_batch_sizes,
)
from bncore.training.worker_processes import WORKER_PROCESSES
from ui.common.cached import config_key, training_progress
from ui.common.labels import NORMALIZATION_NAMES
from ui.family.keys import FamilyKeys

PLAN = FAMILY_PLAN  # 3 normalizations x 6 batch sizes x 2 seeds: 36 small runs


@st.cache_data(max_entries=16, show_spinner=False)
def _cached_runs(keys: tuple[tuple, ...]) -> tuple[BatchSizeRun, ...]:
    with training_progress(f"Training {len(keys)} networks…") as on_progress:
        return batch_size_runs(tuple(TrainConfig(*key) for key in keys), on_progress, WORKER_PROCESSES)


def cached_runs(configs: tuple[TrainConfig, ...]) -> tuple[BatchSizeRun, ...]:
    """The runs of a plan, trained behind a progress bar and cached per server as a whole by the configs' scalars."""
    return _cached_runs(tuple(config_key(config) for config in configs))


def run_with_progress() -> BatchSizeResult:
    """Run ``PLAN`` (at once if any learner ran it before) with a progress bar; keep the result in session state."""
    result = run_batch_sizes(PLAN, cached_runs)
    st.session_state[FamilyKeys.EXPERIMENT] = result
    return result


def describe(plan: BatchSizePlan) -> str:
    """One sentence saying what was trained."""
    b, seeds = plan.base, len(plan.seeds)
    return (
        f"{b.depth} hidden layer{'s' * (b.depth > 1)} of {b.width} units ({b.activation}, GroupNorm with "
        f"{b.norm_groups} groups of {b.width // b.norm_groups}), plain SGD at learning rate {b.lr}, "
        f"{b.epochs} epoch{'s' * (b.epochs > 1)} on the {b.dataset} training set at every batch size, "
        f"{seeds} seed{'s' * (seeds > 1)} per point."
    )


def summary(result: BatchSizeResult) -> str:
    """One sentence on the measured extremes: each normalization's mean accuracy at the smallest and largest batch."""
    sizes = result.plan.batch_sizes
    parts = [
        f"{NORMALIZATION_NAMES[norm]} {row[0]:.0%} → {row[-1]:.0%}"
        for norm, row in zip(result.plan.normalizations, result.mean)
    ]
    return f"Mean test accuracy at batch size {sizes[0]} → {sizes[-1]}: " + ", ".join(parts) + "."
