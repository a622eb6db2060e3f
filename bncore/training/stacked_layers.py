"""The layers of a stacked network (``bncore.training.stacked``): P networks' values side by side in one array,
point p's D values in columns p * D ... (p + 1) * D of an (N, P * D) array.

- A Linear layer is block-diagonal: one BLAS matmul per point, on strided views, with no copies (``block_matmul``).
- BatchNorm over P * width channels is P BatchNorm layers, since its statistics are per channel anyway; GroupNorm
  with G groups per point is GroupNorm with P * G groups, and LayerNorm is one group per point.
- Points with different normalizations sit side by side, each run of points of one kind with its own layer
  (``SideBySide``); noise is drawn by each point's own stream (``StackedNoise``).
"""

from __future__ import annotations

import itertools

import numpy as np

from bncore.norm.batch_norm_layer import BatchNorm
from bncore.norm.layers import GroupNorm
from bncore.training.config import TrainConfig
from bncore.training.noise import BatchNormNoise


def by_point(x: np.ndarray, points: int) -> np.ndarray:
    """A view of x (N, P * D) as (P, N, D): point p's block first."""
    return x.reshape(len(x), points, -1).transpose(1, 0, 2)


def side_by_side(x: np.ndarray) -> np.ndarray:
    """The inverse of ``by_point``: (P, N, D) -> (N, P * D), a new array."""
    return x.transpose(1, 0, 2).reshape(x.shape[1], -1)


def block_matmul(h: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """h (N, P * D) times the block-diagonal matrix of ``weights`` (P, D, H): (N, P * H), block p = h_p @ weights[p].

    Every block is one BLAS call on strided views of h and of the result, the call a lone (N, D) @ (D, H) makes.
    """
    points = len(weights)
    out = np.empty((len(h), points * weights.shape[2]), np.result_type(h, weights))
    np.matmul(by_point(h, points), weights, out=by_point(out, points))
    return out


def norm_kind(config: TrainConfig) -> tuple[str, int]:
    """The normalization layer a configuration's hidden layers hold: its name and its groups (1 unless GroupNorm)."""
    return config.normalization, config.norm_groups if config.normalization == "group" else 1


class SideBySide:
    """Normalization layers of different kinds, each over the columns of its own points, acting as one layer over
    (N, P * width): forward, backward, and full-width ``gamma`` and ``beta`` (P * width,), of which the layers'
    are views, so an optimizer updating them updates every layer."""

    def __init__(self, layers: list[BatchNorm | GroupNorm], points: list[int], width: int):
        ends = np.cumsum(points)
        self.parts = [
            (slice(end - count, end), slice((end - count) * width, end * width), layer)
            for end, count, layer in zip(ends.tolist(), points, layers)
        ]  # (points, columns, layer)
        self.gamma = np.concatenate([layer.gamma for layer in layers])
        self.beta = np.concatenate([layer.beta for layer in layers])
        for _, columns, layer in self.parts:
            layer.gamma, layer.beta = self.gamma[columns], self.beta[columns]
        self.dgamma: np.ndarray | None = None
        self.dbeta: np.ndarray | None = None

    def forward(self, x: np.ndarray, training: bool) -> np.ndarray:
        y = np.empty_like(x)
        for _, columns, layer in self.parts:
            y[:, columns] = layer.forward(x[:, columns], training)
        return y

    def backward(self, dy: np.ndarray) -> np.ndarray:
        dx, self.dgamma, self.dbeta = np.empty_like(dy), np.empty_like(self.gamma), np.empty_like(self.beta)
        for _, columns, layer in self.parts:
            dx[:, columns] = layer.backward(dy[:, columns])
            self.dgamma[columns], self.dbeta[columns] = layer.dgamma, layer.dbeta
        return dx

    def parameters(self) -> list[np.ndarray]:
        return [self.gamma, self.beta]


def stacked_norm_layer(configs: list[TrainConfig], dtype: type) -> BatchNorm | GroupNorm | SideBySide:
    """One hidden layer's normalization for the networks of ``configs`` side by side: one layer when they share a
    kind, else one layer per run of consecutive points of one kind, side by side."""
    width, runs = configs[0].width, [(kind, len(list(run))) for kind, run in itertools.groupby(configs, norm_kind)]
    layers = []
    for (name, groups), points in runs:
        if name == "batch":
            layers.append(BatchNorm(points * width, momentum=configs[0].bn_momentum, dtype=dtype))
        else:
            layers.append(GroupNorm(points * width, points * groups, dtype=dtype))  # LayerNorm: 1 group per sample
    return layers[0] if len(layers) == 1 else SideBySide(layers, [points for _, points in runs], width)


def batch_norm_parts(norm: BatchNorm | GroupNorm | SideBySide, points: int) -> list[tuple[slice, BatchNorm]]:
    """The BatchNorm layers inside one stacked normalization layer, each with the slice of points it normalizes."""
    parts = norm.parts if isinstance(norm, SideBySide) else [(slice(0, points), None, norm)]
    return [(covered, layer) for covered, _, layer in parts if isinstance(layer, BatchNorm)]


class StackedNoise:
    """Each point's own ``BatchNormNoise`` (its own seeded stream) applied to its columns of (N, P * width)."""

    def __init__(self, noises: list[BatchNormNoise]):
        self.noises = noises

    def forward(self, y: np.ndarray, layer: int) -> np.ndarray:
        blocks = np.split(y, len(self.noises), axis=1)
        return np.concatenate([noise.forward(block, layer) for noise, block in zip(self.noises, blocks)], axis=1)

    def backward(self, dy: np.ndarray, layer: int) -> np.ndarray:
        blocks = np.split(dy, len(self.noises), axis=1)
        return np.concatenate([noise.backward(block, layer) for noise, block in zip(self.noises, blocks)], axis=1)
