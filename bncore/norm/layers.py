"""LayerNorm and GroupNorm as layers with the same interface as ``BatchNorm`` (forward(x, training), backward(dy),
parameters(), dgamma, dbeta), so the MLP can put any of the three in its hidden layers.

Neither keeps running statistics: they never look across the batch, so training and inference compute the same
thing and a batch of one is fine. Inputs are (N, C); gamma and beta are (C,) for both (for LayerNorm on (N, C) this
is exactly torch.nn.LayerNorm(C)).
"""

from __future__ import annotations

import numpy as np

from bncore.norm.checks import check_eps, check_groups, check_num_features
from bncore.norm.group_norm import group_norm_backward, group_norm_checked
from bncore.norm.layer_norm import layer_norm_backward, layer_norm_forward


class _AffineNorm:
    """Shared parts: per-feature gamma (1) and beta (0), their gradients, and no running statistics."""

    running_mean = None
    running_var = None

    def __init__(self, num_features: int, eps: float, dtype: type):
        self.num_features = check_num_features(num_features)
        self.eps = check_eps(eps)
        self.gamma = np.ones(self.num_features, dtype)
        self.beta = np.zeros(self.num_features, dtype)
        self.dgamma: np.ndarray | None = None
        self.dbeta: np.ndarray | None = None
        self._cache = None

    def parameters(self) -> list[np.ndarray]:
        return [self.gamma, self.beta]


class LayerNorm(_AffineNorm):
    """Each sample normalized over its C features (Ba et al., 2016)."""

    def __init__(self, num_features: int, eps: float = 1e-5, dtype: type = np.float64):
        super().__init__(num_features, eps, dtype)

    def forward(self, x: np.ndarray, training: bool) -> np.ndarray:
        """y (N, C); identical in training and inference."""
        y, self._cache = layer_norm_forward(x, self.gamma, self.beta, self.eps)
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        dx, self.dgamma, self.dbeta = layer_norm_backward(dy, self._cache)
        return dx


class GroupNorm(_AffineNorm):
    """Each sample's C features split into ``num_groups`` groups of consecutive features, each normalized (Wu & He)."""

    def __init__(self, num_features: int, num_groups: int, eps: float = 1e-5, dtype: type = np.float64):
        super().__init__(num_features, eps, dtype)
        self.num_groups = check_groups(self.num_features, num_groups)

    def forward(self, x: np.ndarray, training: bool) -> np.ndarray:
        """y (N, C); identical in training and inference."""
        if x.ndim != 2 or x.shape[1] != self.num_features or x.dtype != self.gamma.dtype:
            raise ValueError(f"x must be (N, {self.num_features}) {self.gamma.dtype}, got {x.shape} {x.dtype}")
        y, self._cache = group_norm_checked(x, self.num_groups, self.gamma, self.beta, self.eps)
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        dx, self.dgamma, self.dbeta = group_norm_backward(dy, self._cache)
        return dx
