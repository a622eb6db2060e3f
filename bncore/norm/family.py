"""The normalization family on one (N, C, H, W) tensor: which elements share a mean and variance (Wu & He, 2018,
Figure 2), that set's statistics, and what follows from it.

    "batch"     BatchNorm, one set per channel c:         all N samples and all H x W positions
    "layer"     LayerNorm, one set per sample n:          all C channels and all H x W positions
    "instance"  InstanceNorm, one set per (n, c):         the H x W positions
    "group"     GroupNorm, one set per (n, group):        C / G consecutive channels and all H x W positions
    "rms"       RMSNorm, LayerNorm's sets, no centering:  x / sqrt(mean(x**2) + eps), as torch.nn.RMSNorm([C, H, W])

Every normalized value here comes from the bncore layer itself; the statistics of the set are computed from the mask,
and a test asserts that (x - mean) / sqrt(var + eps) over the mask is exactly what the layer outputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bncore.norm.batch_norm import batch_norm_forward
from bncore.norm.checks import check_groups
from bncore.norm.group_norm import group_norm_forward, instance_norm_forward
from bncore.norm.layer_norm import layer_norm_forward
from bncore.norm.rms_norm import rms_norm_forward

NORMALIZATIONS = ("batch", "layer", "instance", "group", "rms")


def check_normalization(normalization: str) -> str:
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization must be one of {', '.join(NORMALIZATIONS)}; got {normalization!r}")
    return normalization


def shared_set(
    shape: tuple[int, int, int, int], normalization: str, element: tuple[int, int, int, int], groups: int = 1
) -> np.ndarray:
    """(N, C, H, W) boolean mask of the elements normalized with the same statistic as ``element`` (n, c, h, w)."""
    check_normalization(normalization)
    n, c, _, _ = element
    N, C, _, _ = shape
    samples = np.arange(N)[:, None, None, None]
    channels = np.arange(C)[None, :, None, None]
    if normalization == "batch":
        mask = channels == c
    elif normalization in ("layer", "rms"):
        mask = samples == n
    elif normalization == "instance":
        mask = (samples == n) & (channels == c)
    else:  # "group"
        size = C // check_groups(C, groups)
        mask = (samples == n) & (channels // size == c // size)
    return np.broadcast_to(mask, shape).copy()


def normalize(x: np.ndarray, normalization: str, groups: int = 1, eps: float = 1e-5) -> np.ndarray:
    """x_hat (N, C, H, W): the bncore layer's training-mode output with gamma = 1 and beta = 0.

    Raises ValueError where the layer does: BatchNorm with one value per channel, groups that do not divide C.
    """
    if check_normalization(normalization) == "batch":
        return batch_norm_forward(x, eps=eps)[0]
    if normalization == "layer":
        return layer_norm_forward(x, eps=eps)[0]
    if normalization == "instance":
        return instance_norm_forward(x, eps=eps)[0]
    if normalization == "group":
        return group_norm_forward(x, groups, eps=eps)[0]
    return rms_norm_forward(x.reshape(x.shape[0], -1), eps=eps)[0].reshape(x.shape)


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
    if normalization == "rms":
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
