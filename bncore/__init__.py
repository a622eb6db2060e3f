"""bncore: batch normalization and its family in pure NumPy, matching PyTorch's conventions to float64 precision.

Imports only NumPy and the standard library. Four groups, each a subpackage:

    norm/         the normalization functions and layers: batch_norm (functions), batch_norm_layer (``BatchNorm``),
                  layer_norm, group_norm (and instance norm), rms_norm, their shared standardize step and argument
                  checks, and the tools that verify them (gradcheck, jacobians, family: who shares a statistic)
    training/     the network and its training: config (``TrainConfig``), mlp, loss, optim, trainer (``train``),
                  history (``History``), comparison (both arms, time-boxed)
    data/         the digits data file, ``load_dataset`` and the walkthrough's ``make_feature_batch``
    experiments/  the experiments behind the pages and the practice loops, named once in ``registry``; the
                  "Why does it work?" page's: covariate_shift, smoothness (``smoothness_profile``), regularization,
                  scale_invariance

The names below are the public API, importable from ``bncore`` itself.
"""

from bncore.data.datasets import DATASETS, load_dataset, num_classes
from bncore.data.feature_batch import KINDS, MAX_FEATURES, make_feature_batch
from bncore.experiments.smoothness import SmoothnessProfile, smoothness_profile
from bncore.norm.batch_norm import (
    BatchNormCache,
    BatchNormGradients,
    batch_norm_backward,
    batch_norm_backward_compact,
    batch_norm_backward_steps,
    batch_norm_forward,
    batch_norm_inference,
)
from bncore.norm.batch_norm_layer import BatchNorm
from bncore.norm.gradcheck import (
    elementwise_relative_error,
    numerical_gradient,
    relative_error,
)
from bncore.norm.group_norm import (
    group_norm_backward,
    group_norm_forward,
    instance_norm_forward,
)
from bncore.norm.layer_norm import layer_norm_backward, layer_norm_forward
from bncore.norm.rms_norm import rms_norm_backward, rms_norm_forward
from bncore.training.config import ACTIVATIONS, INITS, OPTIMIZERS, PLACEMENTS, TrainConfig
from bncore.training.history import History
from bncore.training.trainer import Trainer, train

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "INITS",
    "KINDS",
    "MAX_FEATURES",
    "OPTIMIZERS",
    "PLACEMENTS",
    "BatchNorm",
    "BatchNormCache",
    "BatchNormGradients",
    "History",
    "SmoothnessProfile",
    "TrainConfig",
    "Trainer",
    "batch_norm_backward",
    "batch_norm_backward_compact",
    "batch_norm_backward_steps",
    "batch_norm_forward",
    "batch_norm_inference",
    "elementwise_relative_error",
    "group_norm_backward",
    "group_norm_forward",
    "instance_norm_forward",
    "layer_norm_backward",
    "layer_norm_forward",
    "load_dataset",
    "make_feature_batch",
    "num_classes",
    "numerical_gradient",
    "relative_error",
    "rms_norm_backward",
    "rms_norm_forward",
    "smoothness_profile",
    "train",
]
