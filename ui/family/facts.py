"""What follows from each normalization's choice of set: the comparison table of the normalization-family page.

Plain data (no Streamlit); a test checks every yes/no against the sets ``bncore.norm.family.shared_set`` computes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NormalizationFacts:
    normalization: str  # an id of bncore.norm.family.NORMALIZATIONS
    statistics_over: str  # which axes one statistic pools
    depends_on_batch: bool  # an output changes when other samples of the batch change
    train_differs_from_inference: bool  # training and inference compute different things
    running_statistics: bool  # keeps running estimates for inference
    typical_use: str


FACTS = (
    NormalizationFacts(
        "batch",
        "N, H, W (per channel)",
        True,
        True,
        True,
        "CNNs for image classification with batches of 16 or more (Ioffe & Szegedy, 2015)",
    ),
    NormalizationFacts(
        "layer",
        "C, H, W (per sample)",
        False,
        False,
        False,
        "Transformers and recurrent networks (Ba et al., 2016)",
    ),
    NormalizationFacts(
        "instance",
        "H, W (per sample and channel)",
        False,
        False,
        False,
        "Style transfer and image generation (Ulyanov et al., 2016)",
    ),
    NormalizationFacts(
        "group",
        "C / G channels, H, W (per sample and group)",
        False,
        False,
        False,
        "Detection, segmentation and video, with 1-2 images per GPU (Wu & He, 2018)",
    ),
    NormalizationFacts(
        "rms",
        "C, H, W (per sample), no mean subtracted",
        False,
        False,
        False,
        "Large language models such as T5 and LLaMA (Zhang & Sennrich, 2019)",
    ),
)
