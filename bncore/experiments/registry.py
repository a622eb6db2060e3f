"""Every experiment a practice loop can run, by name, with the outcomes it can report.

Each experiment is a seeded, pure function of its keyword settings that returns plain data with an ``outcome``:
which of its fixed ``outcomes`` the numbers actually show. A practice loop offers exactly those outcomes as its
choices, so "did the prediction hold?" is answered by the measurement, never by a hard-coded key; the tests check
that the default settings show the outcome each loop teaches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bncore.experiments import batch_composition, batch_size, layer_properties, statistics, sweeps
from bncore.experiments.common import DROP_OUTCOMES


@dataclass(frozen=True)
class Experiment:
    run: Callable  # (**settings) -> a frozen result with an ``outcome`` field
    outcomes: tuple[str, ...]  # every value ``outcome`` can take


EXPERIMENTS: dict[str, Experiment] = {
    "batch_statistics_noise": Experiment(statistics.batch_statistics_noise, statistics.NOISE_OUTCOMES),
    "small_batch_training": Experiment(
        batch_size.small_batch_training, tuple(f"batch_{m}" for m in batch_size.SMALL_BATCH_SIZES)
    ),
    "batch_coupling": Experiment(statistics.batch_coupling, statistics.COUPLING_OUTCOMES),
    "train_inference_mismatch": Experiment(batch_composition.train_inference_mismatch, DROP_OUTCOMES),
    "learning_rate_tolerance": Experiment(
        sweeps.learning_rate_tolerance, ("batch_norm_only", "both", "neither", "plain_only")
    ),
    "undo_normalization": Experiment(layer_properties.undo_normalization, layer_properties.UNDO_OUTCOMES),
    "non_iid_batches": Experiment(batch_composition.non_iid_batches, DROP_OUTCOMES),
    "weight_scale_invariance": Experiment(layer_properties.weight_scale_invariance, layer_properties.SCALE_OUTCOMES),
    "running_statistics": Experiment(statistics.running_statistics, statistics.RUNNING_OUTCOMES),
}


def run_experiment(name: str, **settings):
    """Run the experiment called ``name`` with keyword settings; ValueError for an unknown name."""
    if name not in EXPERIMENTS:
        raise ValueError(f"unknown experiment {name!r}; known: {', '.join(EXPERIMENTS)}")
    return EXPERIMENTS[name].run(**settings)
