"""The reveal view of any practice experiment: ``reveal_view(result)`` picks the builder for the result's type.

Every builder is a pure function of an experiment's result (bncore.experiments) to a ``RevealView`` (a Plotly figure,
a caption, the measured numbers and a sentence computed from them), so it is tested without a running app. The
builders live in one module per family of experiments: figures_statistics, figures_training, figures_layer.
"""

from __future__ import annotations

from collections.abc import Callable

from bncore.experiments.batch_composition import NonIidBatches, TrainInferenceMismatch
from bncore.experiments.batch_size import SmallBatchTraining
from bncore.experiments.layer_properties import UndoNormalization, WeightScaleInvariance
from bncore.experiments.statistics import BatchCoupling, BatchStatisticsNoise, RunningStatistics
from bncore.experiments.sweeps import LearningRateTolerance
from ui.practice.figures_layer import undo_view, weight_scale_view
from ui.practice.figures_statistics import coupling_view, noise_view, running_view
from ui.practice.figures_training import learning_rates_view, mismatch_view, non_iid_view, small_batches_view
from ui.practice.reveal import RevealView

BUILDERS: dict[type, Callable[..., RevealView]] = {
    BatchStatisticsNoise: noise_view,
    SmallBatchTraining: small_batches_view,
    BatchCoupling: coupling_view,
    TrainInferenceMismatch: mismatch_view,
    LearningRateTolerance: learning_rates_view,
    UndoNormalization: undo_view,
    NonIidBatches: non_iid_view,
    WeightScaleInvariance: weight_scale_view,
    RunningStatistics: running_view,
}


def reveal_view(result) -> RevealView:
    """The figure, caption, measurements and finding for any practice experiment's result."""
    return BUILDERS[type(result)](result)
