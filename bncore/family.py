"""The normalization family on one (N, C, H, W) tensor: which elements share a mean and variance (Wu & He, 2018,
Figure 2), that set's statistics, and what follows from it.

    BatchNorm     one set per channel c:            all N samples and all H x W positions
    LayerNorm     one set per sample n:             all C channels and all H x W positions
    InstanceNorm  one set per (sample, channel):    the H x W positions
    GroupNorm     one set per (sample, group):      C / G consecutive channels and all H x W positions
    RMSNorm       LayerNorm's sets, no centering:   x / sqrt(mean(x**2) + eps), as torch.nn.RMSNorm([C, H, W])

Every normalized value here comes from the bncore layer itself; the statistics of the set are computed from the mask,
and a test asserts that (x - mean) / sqrt(var + eps) over the mask is exactly what the layer outputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bncore.batch_norm import batch_norm_forward
from bncore.group_norm import group_norm_forward, instance_norm_forward
from bncore.layer_norm import layer_norm_forward
from bncore.rms_norm import rms_norm_forward

NORMALIZATIONS = ("BatchNorm", "LayerNorm", "InstanceNorm", "GroupNorm", "RMSNorm")


def check_groups(channels: int, groups: int) -> None:
    """GroupNorm splits the channels into groups of equal size, so ``groups`` must divide ``channels``."""
    if groups < 1 or channels % groups:
        raise ValueError(
            f"{groups} groups cannot split {channels} channels into equal groups: "
            f"the number of groups must divide the number of channels."
        )


def shared_set(
    shape: tuple[int, int, int, int], normalization: str, element: tuple[int, int, int, int], groups: int = 1
) -> np.ndarray:
    """(N, C, H, W) boolean mask of the elements normalized with the same statistic as ``element`` (n, c, h, w)."""
    n, c, _, _ = element
    N, C, _, _ = shape
    samples = np.arange(N)[:, None, None, None]
    channels = np.arange(C)[None, :, None, None]
    if normalization == "BatchNorm":
        mask = channels == c
    elif normalization in ("LayerNorm", "RMSNorm"):
        mask = samples == n
    elif normalization == "InstanceNorm":
        mask = (samples == n) & (channels == c)
    elif normalization == "GroupNorm":
        check_groups(C, groups)
        size = C // groups
        mask = (samples == n) & (channels // size == c // size)
    else:
        raise ValueError(f"normalization must be one of {', '.join(NORMALIZATIONS)}; got {normalization!r}")
    return np.broadcast_to(mask, shape).copy()


def normalize(x: np.ndarray, normalization: str, groups: int = 1, eps: float = 1e-5) -> np.ndarray:
    """x_hat (N, C, H, W): the bncore layer's training-mode output with gamma = 1 and beta = 0.

    Raises ValueError where the layer does: BatchNorm with one value per channel, groups that do not divide C.
    """
    if normalization == "BatchNorm":
        return batch_norm_forward(x, eps=eps)[0]
    if normalization == "LayerNorm":
        return layer_norm_forward(x, eps=eps)[0]
    if normalization == "InstanceNorm":
        return instance_norm_forward(x, eps=eps)[0]
    if normalization == "GroupNorm":
        check_groups(x.shape[1], groups)
        return group_norm_forward(x, groups, eps=eps)[0]
    if normalization == "RMSNorm":
        return rms_norm_forward(x.reshape(x.shape[0], -1), eps=eps)[0].reshape(x.shape)
    raise ValueError(f"normalization must be one of {', '.join(NORMALIZATIONS)}; got {normalization!r}")


@dataclass(frozen=True)
class SharedStatistic:
    """The set of elements normalized together with a selected element, and its statistics."""

    mask: np.ndarray  # (N, C, H, W) bool
    count: int  # how many values share the statistic
    mean: float  # of the set (RMSNorm does not subtract it)
    variance: float  # biased, of the set
    mean_square: float  # mean(x**2) of the set: RMSNorm divides by sqrt(mean_square + eps)
    value: float  # the selected element's input x
    by_formula: float  # its normalized value from the set's statistics
    by_layer: float  # its normalized value as the bncore layer computes it on the whole tensor
    constant: bool  # every value of the set is equal (tested on the values: rounding can leave a variance of 1e-34)


def shared_statistic(
    x: np.ndarray, normalization: str, element: tuple[int, int, int, int], groups: int = 1, eps: float = 1e-5
) -> SharedStatistic:
    """The statistic ``element`` of the (N, C, H, W) tensor ``x`` is normalized with, and its normalized value.

    Raises ValueError where the layer would (see ``normalize``).
    """
    x = np.asarray(x, dtype=np.float64)
    mask = shared_set(x.shape, normalization, element, groups)
    values = x[mask]
    mean, variance, mean_square = values.mean(), values.var(), np.square(values).mean()
    value = float(x[element])
    if normalization == "RMSNorm":
        by_formula = value / np.sqrt(mean_square + eps)
    else:
        by_formula = (value - mean) / np.sqrt(variance + eps)
    by_layer = normalize(x, normalization, groups, eps)[element]
    return SharedStatistic(
        mask,
        int(values.size),
        float(mean),
        float(variance),
        float(mean_square),
        value,
        float(by_formula),
        float(by_layer),
        bool(np.ptp(values) == 0),
    )


@dataclass(frozen=True)
class NormalizationFacts:
    name: str
    statistics_over: str  # which axes one statistic pools
    depends_on_batch: bool  # an output changes when other samples of the batch change
    train_differs_from_inference: bool  # training and inference compute different things
    running_statistics: bool  # keeps running estimates for inference
    typical_use: str


FACTS = (
    NormalizationFacts(
        "BatchNorm",
        "N, H, W (per channel)",
        True,
        True,
        True,
        "CNNs for image classification with batches of 16 or more (Ioffe & Szegedy, 2015)",
    ),
    NormalizationFacts(
        "LayerNorm",
        "C, H, W (per sample)",
        False,
        False,
        False,
        "Transformers and recurrent networks (Ba et al., 2016)",
    ),
    NormalizationFacts(
        "InstanceNorm",
        "H, W (per sample and channel)",
        False,
        False,
        False,
        "Style transfer and image generation (Ulyanov et al., 2016)",
    ),
    NormalizationFacts(
        "GroupNorm",
        "C / G channels, H, W (per sample and group)",
        False,
        False,
        False,
        "Detection, segmentation and video, with 1-2 images per GPU (Wu & He, 2018)",
    ),
    NormalizationFacts(
        "RMSNorm",
        "C, H, W (per sample), no mean subtracted",
        False,
        False,
        False,
        "Large language models such as T5 and LLaMA (Zhang & Sennrich, 2019)",
    ),
)
