"""P networks as one: the stacked network that trains every point of a sweep or batch-size plan at once.

The points of a sweep differ only in numbers (learning rate, initial weights, data order) or in which normalization
their hidden layers hold, so their layers can sit side by side (``bncore.training.stacked_layers``): hidden layer i's
values for all P points form one (N, P * width) array, point p in columns p * width ... (p + 1) * width.

Each point computes what it would alone, with the same BLAS call and reductions of the same length, so a stacked
network equals P lone ``MLP``s bit for bit, while the Python work of a step is paid once instead of P times.
"""

from __future__ import annotations

import numpy as np

from bncore.norm.batch_norm_layer import BatchNorm
from bncore.training.config import TrainConfig
from bncore.training.mlp import MLP
from bncore.training.stacked_layers import (
    StackedNoise,
    batch_norm_parts,
    block_matmul,
    by_point,
    stacked_norm_layer,
)

Snapshot = dict[str, list[np.ndarray | None]]  # name -> per layer, point first: see StackedMLP.snapshot


def stack_key(config: TrainConfig) -> TrainConfig:
    """What configurations must share to be stacked: everything but the learning rate, the initial weights, which
    normalization the hidden layers hold and (with shuffled batches, whose sizes never depend on the order) the
    seed."""
    seed = 0 if config.batch_order == "shuffled" else config.seed
    return config.replace(lr=1.0, init="default", init_scale=1.0, seed=seed, normalization="batch", norm_groups=1)


def side_by_side_biases(
    biases: tuple[np.ndarray | None, ...], fan_out: int, dtype: type
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """One layer's biases of every point as one (P * fan_out,) vector, and (P * fan_out,) bool where a point has none
    (its entries stay 0), or None if every point has one; (None, None) if no point has one."""
    missing = [b is None for b in biases]
    if all(missing):
        return None, None
    side_by_side = np.concatenate([np.zeros(fan_out, dtype) if b is None else b for b in biases])
    return side_by_side, (np.repeat(missing, fan_out) if any(missing) else None)


def take(snapshot: Snapshot, points: np.ndarray) -> Snapshot:
    """The snapshot of the points at indices ``points``."""
    return {name: [None if a is None else a[points] for a in arrays] for name, arrays in snapshot.items()}


class StackedMLP(MLP):
    """The ``MLP`` of every one of ``configs`` (which share a ``stack_key``), side by side.

    Shapes, for P = len(configs): inputs (N, P * in_features), hidden values (N, P * width), logits
    (N, P * classes); weights[i] (P, fan_in, fan_out); biases[i] (P * fan_out,) or None; every normalization layer
    over P * width channels. ``parameters()`` and ``grads()`` are (P, ...) views, point first, for an optimizer
    with one learning rate per point.

    Where some points' hidden layers have a bias and others' not (GroupNorm next to BatchNorm), the others get a
    bias that stays 0: its gradient is zeroed, so z = h @ W + 0 is exactly what it would be without one.
    """

    def __init__(self, configs: list[TrainConfig], in_features: int, classes: int, dtype: type = np.float32):
        points = [MLP(config, in_features, classes, dtype) for config in configs]
        vars(self).update(vars(points[0]))  # the architecture and the (empty) per-pass state all points share
        self.configs, self.points = list(configs), len(points)
        self.weights = [np.stack(layer) for layer in zip(*(point.weights for point in points))]
        layers = [
            side_by_side_biases(biases, w.shape[2], dtype)
            for w, biases in zip(self.weights, zip(*(p.biases for p in points)))
        ]
        self.biases = [biases for biases, _ in layers]
        self._biasless = [biasless for _, biasless in layers]
        self.norms = [stacked_norm_layer(self.configs, dtype) for _ in points[0].norms]
        self.noise = StackedNoise([point.noise for point in points]) if self.noise is not None else None

    @property
    def batch_norms(self) -> list[BatchNorm]:
        """Every BatchNorm layer, those normalizing only some points included."""
        return [layer for norm in self.norms for _, layer in batch_norm_parts(norm, self.points)]

    def _matmul(self, h: np.ndarray, layer: int) -> np.ndarray:
        return block_matmul(h, self.weights[layer])

    def _weight_grad(self, layer: int, dz: np.ndarray) -> np.ndarray:
        """(P, fan_in, fan_out): block p is h_p.T @ dz_p."""
        return np.matmul(by_point(self._inputs[layer], self.points).transpose(0, 2, 1), by_point(dz, self.points))

    def _input_grad(self, layer: int, dz: np.ndarray) -> np.ndarray:
        return block_matmul(dz, self.weights[layer].transpose(0, 2, 1))

    def backward(self, dlogits: np.ndarray) -> None:
        super().backward(dlogits)
        for grad, biasless in zip(self._bias_grads, self._biasless):
            if biasless is not None:
                grad[biasless] = 0.0

    def _point_first(self, a: np.ndarray) -> np.ndarray:
        """A (P, ...) view: weights as they are, a (P * C,) vector as (P, 1, C)."""
        return a if a.ndim == 3 else a.reshape(self.points, 1, -1)

    def parameters(self) -> list[np.ndarray]:
        return [self._point_first(p) for p in super().parameters()]

    def grads(self) -> list[np.ndarray]:
        return [self._point_first(g) for g in super().grads()]

    def statistics_finite(self) -> np.ndarray:
        """(P,) bool: whether all of a point's running variances are finite (True for points without BatchNorm)."""
        finite = np.ones(self.points, bool)
        for norm in self.norms:
            for covered, layer in batch_norm_parts(norm, self.points):
                finite[covered] &= np.isfinite(layer.running_var.reshape(covered.stop - covered.start, -1)).all(axis=1)
        return finite

    def snapshot(self) -> Snapshot:
        """A copy of everything training changes, point first, by name and layer: "weights" (P, fan_in, fan_out),
        "biases" (P, fan_out) or None, and per hidden layer "gamma", "beta", "running_mean", "running_var"
        (P, width), the last two 0 and 1 where a point has no BatchNorm."""

        def by_points(a: np.ndarray) -> np.ndarray:
            return a.reshape(self.points, -1).copy()

        snapshot = {
            "weights": [w.copy() for w in self.weights],
            "biases": [None if b is None else by_points(b) for b in self.biases],
            "gamma": [by_points(norm.gamma) for norm in self.norms],
            "beta": [by_points(norm.beta) for norm in self.norms],
            "running_mean": [],
            "running_var": [],
        }
        for norm in self.norms:
            mean, var = np.zeros_like(norm.gamma), np.ones_like(norm.gamma)
            for covered, layer in batch_norm_parts(norm, self.points):
                columns = slice(covered.start * self.configs[0].width, covered.stop * self.configs[0].width)
                mean[columns], var[columns] = layer.running_mean, layer.running_var
            snapshot["running_mean"].append(by_points(mean))
            snapshot["running_var"].append(by_points(var))
        return snapshot

    def load(self, snapshot: Snapshot) -> StackedMLP:
        """Take every value from ``snapshot`` (of as many points as this network has); returns self."""
        for weights, saved in zip(self.weights, snapshot["weights"]):
            weights[...] = saved
        for biases, saved in zip(self.biases, snapshot["biases"]):
            if biases is not None:
                biases[...] = saved.ravel()
        for i, norm in enumerate(self.norms):
            norm.gamma[...], norm.beta[...] = snapshot["gamma"][i].ravel(), snapshot["beta"][i].ravel()
            for covered, layer in batch_norm_parts(norm, self.points):
                layer.running_mean = snapshot["running_mean"][i][covered].ravel()
                layer.running_var = snapshot["running_var"][i][covered].ravel()
        return self

    def network_of(self, points: np.ndarray, snapshot: Snapshot) -> StackedMLP:
        """The network of the points at indices ``points`` as they were in ``snapshot`` (of this network)."""
        _, in_features, _ = self.weights[0].shape
        _, _, classes = self.weights[-1].shape
        configs = [self.configs[k] for k in points]
        return StackedMLP(configs, in_features, classes, self.weights[0].dtype).load(take(snapshot, points))

    def select(self, points: np.ndarray) -> StackedMLP:
        """The network of the points at indices ``points`` as they are now, noise streams included."""
        network = self.network_of(points, self.snapshot())
        for layer in network.batch_norms:
            layer.num_batches_tracked = self.batch_norms[0].num_batches_tracked  # every point took every step
        if self.noise is not None:
            network.noise = StackedNoise([self.noise.noises[k] for k in points])
        return network
