""" "Noisy BN" (Santurkar, Tsipras, Ilyas & Madry, 2018, section 2.1, Figure 2): noise injected after every
normalization layer while training, so each layer's input distribution shifts *more* than it would without BN.

At every training step t, every unit j of every noisy layer draws its noise distribution for that step, a scale and
a mean shift, and every sample i then gets its own shift around that mean:

    sigma_tj ~ U(1, 1 + n),   mu_tj ~ U(-n, n),   y_ij <- sigma_tj * y_ij + mu_tj + (n / 10) * e_ij,   e ~ N(0, 1)

n is ``TrainConfig.bn_noise``, the noise magnitude. The distribution changes from step to step (non-zero mean,
non-unit variance), which is the paper's point: if BN worked by keeping layer inputs steady, this would undo it.
Inference adds no noise. Backward: dL/dy_ij = sigma_tj * dL/d(noisy y)_ij.
"""

from __future__ import annotations

import numpy as np

SAMPLE_SPREAD = 0.1  # each sample's own shift has standard deviation SAMPLE_SPREAD * n around the step's mean shift


class BatchNormNoise:
    """The noise of one network: one seeded stream, and the scales of the last forward pass (for backward)."""

    def __init__(self, magnitude: float, rng: np.random.Generator):
        self.magnitude = magnitude
        self.rng = rng
        self.scales: dict[int, np.ndarray] = {}  # layer -> (C,) sigma_t of the last training forward

    def forward(self, y: np.ndarray, layer: int) -> np.ndarray:
        """The noisy version of a normalization layer's output y (N, C) in training mode."""
        n = self.magnitude
        units = y.shape[1]
        scale = self.rng.uniform(1.0, 1.0 + n, units)  # (C,) sigma_t
        shift = self.rng.uniform(-n, n, units)  # (C,) mu_t
        self.scales[layer] = scale.astype(y.dtype)
        jitter = (SAMPLE_SPREAD * n) * self.rng.standard_normal(y.shape)  # (N, C)
        return (y * self.scales[layer] + shift + jitter).astype(y.dtype)

    def backward(self, dy: np.ndarray, layer: int) -> np.ndarray:
        """dL/dy (N, C) from dL/d(noisy y): the shift is a constant, the scale multiplies."""
        return dy * self.scales[layer]
