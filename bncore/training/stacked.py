"""P networks of one architecture as one: the stacked network that trains every point of a sweep at once.

The points of a sweep differ only in numbers (learning rate, initial weights, data order), so their layers can sit
side by side: hidden layer i's values for all P points form one (N, P * width) array, point p in columns
p * width ... (p + 1) * width. Then

- a Linear layer is block-diagonal: one BLAS matmul per point, on strided views, with no copies (``block_matmul``);
- BatchNorm over P * width channels is P BatchNorm layers, since its statistics are per channel anyway;
- GroupNorm with G groups per point is GroupNorm with P * G groups, and LayerNorm is one group per point;
- activations and optimizer updates act elementwise, with one learning rate per point (``bncore.training.optim``).

Each point computes what it would alone, with the same BLAS call and reductions of the same length, so a stacked
network equals P lone ``MLP``s bit for bit, while the Python work of a step is paid once instead of P times.
"""

from __future__ import annotations

import numpy as np

from bncore.norm.batch_norm_layer import BatchNorm
from bncore.norm.layers import GroupNorm
from bncore.training.config import TrainConfig
from bncore.training.mlp import MLP
from bncore.training.noise import BatchNormNoise


def stack_key(config: TrainConfig) -> TrainConfig:
    """What configurations must share to be stacked: everything but the learning rate, the initial weights and (with
    shuffled batches, whose sizes never depend on the order) the seed."""
    seed = 0 if config.batch_order == "shuffled" else config.seed
    return config.replace(lr=1.0, init="default", init_scale=1.0, seed=seed)


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


def stacked_norm_layer(config: TrainConfig, points: int, dtype: type) -> BatchNorm | GroupNorm:
    """The normalization layer of one hidden layer for ``points`` networks side by side: (N, points * width)."""
    channels = points * config.width
    if config.normalization == "batch":
        return BatchNorm(channels, momentum=config.bn_momentum, dtype=dtype)
    groups = config.norm_groups if config.normalization == "group" else 1  # LayerNorm: one group per sample
    return GroupNorm(channels, points * groups, dtype=dtype)


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


class StackedMLP(MLP):
    """The ``MLP`` of every one of ``configs`` (which share a ``stack_key``), side by side.

    Shapes, for P = len(configs): inputs (N, P * in_features), hidden values (N, P * width), logits
    (N, P * classes); weights[i] (P, fan_in, fan_out); biases[i] (P * fan_out,) or None; every normalization layer
    over P * width channels. ``parameters()``, ``grads()`` and ``state()`` are (P, ...) views, point first.
    """

    def __init__(self, configs: list[TrainConfig], in_features: int, classes: int, dtype: type = np.float32):
        points = [MLP(config, in_features, classes, dtype) for config in configs]
        vars(self).update(vars(points[0]))  # the architecture and the (empty) per-pass state all points share
        self.configs, self.points = list(configs), len(points)
        self.weights = [np.stack(layer) for layer in zip(*(point.weights for point in points))]
        self.biases = [None if b[0] is None else np.concatenate(b) for b in zip(*(point.biases for point in points))]
        self.norms = [stacked_norm_layer(configs[0], self.points, dtype) for _ in points[0].norms]
        self.noise = StackedNoise([point.noise for point in points]) if self.noise is not None else None

    def _matmul(self, h: np.ndarray, layer: int) -> np.ndarray:
        return block_matmul(h, self.weights[layer])

    def _weight_grad(self, layer: int, dz: np.ndarray) -> np.ndarray:
        """(P, fan_in, fan_out): block p is h_p.T @ dz_p."""
        return np.matmul(by_point(self._inputs[layer], self.points).transpose(0, 2, 1), by_point(dz, self.points))

    def _input_grad(self, layer: int, dz: np.ndarray) -> np.ndarray:
        return block_matmul(dz, self.weights[layer].transpose(0, 2, 1))

    def _point_first(self, a: np.ndarray) -> np.ndarray:
        """A (P, ...) view: weights as they are, a (P * C,) vector as (P, 1, C)."""
        return a if a.ndim == 3 else a.reshape(self.points, 1, -1)

    def parameters(self) -> list[np.ndarray]:
        return [self._point_first(p) for p in super().parameters()]

    def grads(self) -> list[np.ndarray]:
        return [self._point_first(g) for g in super().grads()]

    def state(self) -> list[np.ndarray]:
        """Everything training changes, as (P, ...) views: the parameters, then each BN layer's running statistics."""
        buffers = [buffer for norm in self.batch_norms for buffer in (norm.running_mean, norm.running_var)]
        return self.parameters() + [self._point_first(b) for b in buffers]

    def network_of(self, points: np.ndarray, state: list[np.ndarray]) -> StackedMLP:
        """The network of the points at indices ``points`` as they were in ``state`` (a copy of ``state()``)."""
        _, in_features, _ = self.weights[0].shape
        _, _, classes = self.weights[-1].shape
        network = StackedMLP([self.configs[k] for k in points], in_features, classes, self.weights[0].dtype)
        for target, source in zip(network.state(), state):
            target[...] = source[points]
        return network

    def select(self, points: np.ndarray) -> StackedMLP:
        """The network of the points at indices ``points`` as they are now, noise streams included."""
        network = self.network_of(points, self.state())
        for new, old in zip(network.batch_norms, self.batch_norms):
            new.num_batches_tracked = old.num_batches_tracked
        if self.noise is not None:
            network.noise = StackedNoise([self.noise.noises[k] for k in points])
        return network
