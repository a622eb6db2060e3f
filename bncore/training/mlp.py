"""A fully connected classifier with optional batch normalization in every hidden layer.

    x -> [Linear -> BN -> act] * depth -> Linear -> logits     (bn_placement="before_activation", Ioffe & Szegedy)
    x -> [Linear -> act -> BN] * depth -> Linear -> logits     (bn_placement="after_activation")

A Linear layer directly followed by BN has no bias: BN subtracts the batch mean, which would cancel it, and beta
takes its role. (GroupNorm and LayerNorm subtract a mean across a sample's units instead, which does not cancel a
per-unit bias, so their Linear layers keep it; config.normalization picks which of the three sits in the hidden
layers.) Weights are (fan_in, fan_out), so a layer computes h @ W + b on (N, fan_in) inputs.

Initial weights come from one seeded stream and biases from another, so a network with BN and one without start
from identical weights whenever their shapes match. With ``config.bn_noise`` > 0 a third stream injects "noisy BN"
after every normalization layer in training mode (``bncore.training.noise``).
"""

from __future__ import annotations

import itertools

import numpy as np

from bncore.norm.batch_norm_layer import BatchNorm
from bncore.norm.layers import GroupNorm, LayerNorm
from bncore.training.config import TrainConfig
from bncore.training.noise import BatchNormNoise


def relu(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    return np.maximum(z, 0, out=out)


def sigmoid(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """1 / (1 + exp(-z)) as 0.5 + 0.5 tanh(z / 2), without overflow for very negative z; into ``out`` if given."""
    y = np.multiply(z, 0.5, out=out)
    np.tanh(y, out=y)
    y *= 0.5
    y += 0.5
    return y


ACTIVATION_FUNCTIONS = {"relu": relu, "tanh": np.tanh, "sigmoid": sigmoid}  # each f(z, out=None)


def activation_slope(name: str, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """d act(z) / dz from the input z and the output a = act(z); for ReLU the 0/1 slope as a bool mask."""
    if name == "relu":
        return z > 0
    if name == "tanh":
        return 1 - a * a
    return a * (1 - a)


def initial_weights(init: str, fan_in: int, fan_out: int, rng: np.random.Generator, scale: float) -> np.ndarray:
    """A (fan_in, fan_out) weight matrix.

    "default": PyTorch nn.Linear, U(-1/sqrt(fan_in), 1/sqrt(fan_in)); "he": N(0, 2 / fan_in);
    "xavier": N(0, 2 / (fan_in + fan_out)); "gaussian": N(0, scale**2).
    """
    if init == "default":
        bound = 1.0 / np.sqrt(fan_in)
        return rng.uniform(-bound, bound, (fan_in, fan_out))
    std = {"he": np.sqrt(2.0 / fan_in), "xavier": np.sqrt(2.0 / (fan_in + fan_out)), "gaussian": scale}[init]
    return rng.normal(0.0, std, (fan_in, fan_out))


def initial_bias(init: str, fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """PyTorch's default draws biases like the weights, U(-1/sqrt(fan_in), ...); the other schemes start them at 0."""
    if init == "default":
        bound = 1.0 / np.sqrt(fan_in)
        return rng.uniform(-bound, bound, fan_out)
    return np.zeros(fan_out)


def make_norm_layer(config: TrainConfig, dtype: type) -> BatchNorm | GroupNorm | LayerNorm:
    """The normalization layer of one hidden layer, as the config asks."""
    if config.normalization == "layer":
        return LayerNorm(config.width, dtype=dtype)
    if config.normalization == "group":
        return GroupNorm(config.width, config.norm_groups, dtype=dtype)
    return BatchNorm(config.width, momentum=config.bn_momentum, dtype=dtype)


class MLP:
    """The classifier of a ``TrainConfig``: ``in_features`` inputs, ``classes`` outputs.

    After a forward pass, ``preactivations[i]`` (N, width) holds the input to hidden layer i's nonlinearity and
    ``activations[i]`` its output.
    After a backward pass, ``grads()`` lines up with ``parameters()``.
    """

    def __init__(self, config: TrainConfig, in_features: int, classes: int, dtype: type = np.float32):
        self.activation = config.activation
        self.act = ACTIVATION_FUNCTIONS[config.activation]
        self.norm_before = config.batch_norm and config.bn_placement == "before_activation"
        drop_bias = self.norm_before and config.normalization == "batch"  # BN's mean subtraction cancels the bias
        weight_rng = np.random.default_rng([config.seed, 1])
        bias_rng = np.random.default_rng([config.seed, 2])
        sizes = [in_features] + [config.width] * config.depth + [classes]
        self.weights, self.biases = [], []
        for layer, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
            self.weights.append(
                initial_weights(config.init, fan_in, fan_out, weight_rng, config.init_scale).astype(dtype)
            )
            bias = initial_bias(config.init, fan_in, fan_out, bias_rng).astype(dtype)
            is_hidden = layer < config.depth
            self.biases.append(None if (drop_bias and is_hidden) else bias)
        self.norms = [make_norm_layer(config, dtype) for _ in range(config.depth)] if config.batch_norm else []
        noisy = config.batch_norm and config.bn_noise > 0
        self.noise = BatchNormNoise(config.bn_noise, np.random.default_rng([config.seed, 4])) if noisy else None
        self._noisy_forward = False  # whether the last forward pass injected noise (its backward must undo it)
        self.preactivations: list[np.ndarray] = []
        self._inputs: list[np.ndarray] = []  # the input of every Linear layer, for dW
        self.activations: list[np.ndarray] = []
        self._weight_grads: list[np.ndarray] = []
        self._bias_grads: list[np.ndarray | None] = []

    @property
    def batch_norms(self) -> list[BatchNorm]:
        """The hidden layers' BatchNorm layers (those with running statistics); [] for other normalizations."""
        return [norm for norm in self.norms if isinstance(norm, BatchNorm)]

    @property
    def depth(self) -> int:
        return len(self.weights) - 1

    def forward(self, x: np.ndarray, training: bool) -> np.ndarray:
        """Logits (N, classes) for inputs (N, in_features). BN uses batch statistics when training."""
        self._inputs, self.activations, self.preactivations = [], [], []
        self._noisy_forward = training and self.noise is not None
        h = x
        for i in range(self.depth):
            self._inputs.append(h)
            z = self._affine(i, h)
            if self.norm_before:
                z = self._normalize(i, z, training)
            a = self.act(z)
            self.preactivations.append(z)
            self.activations.append(a)
            h = self._normalize(i, a, training) if (self.norms and not self.norm_before) else a
        self._inputs.append(h)
        return self._affine(self.depth, h)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Logits (N, classes) in inference mode, the same values as ``forward(x, training=False)``, computed in place
        and keeping no layer's values: the fast path for measuring a whole data split."""
        h = x
        for i in range(self.depth):
            z = self._affine(i, h)
            if self.norm_before:
                z = self._infer_norm(i, z)
            h = self.act(z, out=z)
            if self.norms and not self.norm_before:
                h = self._infer_norm(i, h)
        return self._affine(self.depth, h)

    def _affine(self, layer: int, h: np.ndarray) -> np.ndarray:
        """Linear layer ``layer`` of inputs h (N, fan_in): h @ W + b, (N, fan_out), a new array."""
        z = self._matmul(h, layer)
        if self.biases[layer] is not None:
            z += self.biases[layer]
        return z

    def _matmul(self, h: np.ndarray, layer: int) -> np.ndarray:
        """h @ W of layer ``layer``: (N, fan_in) -> (N, fan_out)."""
        return h @ self.weights[layer]

    def _weight_grad(self, layer: int, dz: np.ndarray) -> np.ndarray:
        """dL/dW (fan_in, fan_out) of layer ``layer`` from dL/dz (N, fan_out) and the layer's input."""
        return self._inputs[layer].T @ dz

    def _input_grad(self, layer: int, dz: np.ndarray) -> np.ndarray:
        """dL/dh (N, fan_in) of layer ``layer``'s input from dL/dz (N, fan_out)."""
        return dz @ self.weights[layer].T

    def _infer_norm(self, layer: int, z: np.ndarray) -> np.ndarray:
        norm = self.norms[layer]
        if isinstance(norm, BatchNorm) and norm.track_running_stats:
            return norm.infer(z, out=z)
        return norm.forward(z, training=False)

    def backward(self, dlogits: np.ndarray) -> None:
        """Back-propagate dL/dlogits (N, classes) through the last forward pass (a training-mode one)."""
        weight_grads, bias_grads = [None] * len(self.weights), [None] * len(self.weights)
        weight_grads[-1] = self._weight_grad(self.depth, dlogits)
        bias_grads[-1] = dlogits.sum(axis=0)
        dh = self._input_grad(self.depth, dlogits)
        for i in reversed(range(self.depth)):
            if self.norms and not self.norm_before:
                dh = self._normalize_backward(i, dh)
            dz = dh * activation_slope(self.activation, self.preactivations[i], self.activations[i])
            if self.norm_before:
                dz = self._normalize_backward(i, dz)
            weight_grads[i] = self._weight_grad(i, dz)
            if self.biases[i] is not None:
                bias_grads[i] = dz.sum(axis=0)
            if i > 0:
                dh = self._input_grad(i, dz)
        self._weight_grads, self._bias_grads = weight_grads, bias_grads

    def _normalize(self, i: int, x: np.ndarray, training: bool) -> np.ndarray:
        """Hidden layer i's normalization of x (N, width), plus the injected noise when the forward pass is noisy."""
        y = self.norms[i].forward(x, training)
        return self.noise.forward(y, i) if self._noisy_forward else y

    def _normalize_backward(self, i: int, dy: np.ndarray) -> np.ndarray:
        """Back through the noise (if any) and hidden layer i's normalization."""
        if self._noisy_forward:
            dy = self.noise.backward(dy, i)
        return self.norms[i].backward(dy)

    def parameters(self) -> list[np.ndarray]:
        """Every learnable array: weights, then biases that exist, then gamma and beta of each BN layer."""
        params = list(self.weights) + [b for b in self.biases if b is not None]
        for norm in self.norms:
            params += norm.parameters()
        return params

    def grads(self) -> list[np.ndarray]:
        """The gradients of the last backward pass, in the order of ``parameters()``."""
        grads = list(self._weight_grads) + [g for g, b in zip(self._bias_grads, self.biases) if b is not None]
        for norm in self.norms:
            grads += [norm.dgamma, norm.dbeta]
        return grads

    def hidden_weight_grads(self) -> list[np.ndarray]:
        """dL/dW of each hidden layer from the last backward pass (the output layer excluded)."""
        return self._weight_grads[:-1]
