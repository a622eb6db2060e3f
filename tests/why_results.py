"""The "Why does it work?" page's five experiments at the page's settings and three seeds, computed once per test
process and shared by the engine's tests (tests/bncore/test_why_experiments.py) and the page's sentence tests
(tests/ui/test_why_ui.py), which run on one pytest-xdist worker (tests/scheduling.py): each training run is
computed once (about 20 s)."""

import functools

from bncore import TrainConfig
from bncore.experiments import covariate_shift, regularization, scale_invariance, smoothness

SEEDS = (0, 1, 2)  # the page's default seed and two others


@functools.cache
def cached_run(config: TrainConfig) -> covariate_shift.ShiftRun:
    return covariate_shift.shift_run(config)


@functools.cache
def results(seed: int) -> dict:
    """Each section's result at ``seed`` and the page's default settings, by section name."""
    return {
        "ics": covariate_shift.internal_covariate_shift(seed, run=cached_run),
        "noisy": covariate_shift.noisy_batch_norm(seed=seed, run=cached_run),
        "smoothness": smoothness.loss_smoothness(seed=seed),
        "regularization": regularization.generalization_gap(seed, run=cached_run),
        "scale": scale_invariance.weight_norm_growth(seed, run=cached_run),
    }
