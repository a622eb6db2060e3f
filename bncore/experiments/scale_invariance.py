"""Scale invariance and the effective learning rate (Ioffe & Szegedy, 2015, section 3.3; van Laarhoven, 2017).

With BN right after a linear layer, scaling that layer's weights by a > 0 scales its outputs, their batch mean and
their spread by a, so the normalized output, and the loss, do not change: L(aW) = L(W) (exactly when eps = 0; with
eps the layer sees eps / a^2 in place of eps). Differentiating L(aW) = L(W) gives dL/dW at aW = (1/a) dL/dW at W.
So larger weights get smaller gradients, and since the gradient is orthogonal to W, plain SGD without weight decay
can only make ||W|| grow. A step of size lr moves the direction W / ||W|| by about lr / ||W||^2: the effective
learning rate falls as the weights grow.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bncore.data.datasets import load_dataset, num_classes
from bncore.experiments.common import WHY_CONFIG
from bncore.experiments.covariate_shift import ShiftRun, probe_rows, shift_run
from bncore.training.comparison import ARMS, arm_config
from bncore.training.config import TrainConfig
from bncore.training.history import History
from bncore.training.loss import softmax_cross_entropy
from bncore.training.mlp import MLP

SCALE_FACTORS = (0.1, 0.5, 2.0, 10.0, 100.0)  # the factors a the page offers
GROWTH_MARGIN = 0.05  # the weights "grew" when their norm rose by more than 5% over training (mean over layers)
GROWTH_OUTCOMES = ("grow", "shrink", "steady")  # what the BN network's hidden weight norms do during training


def scaled_loss_and_gradient(
    model: MLP, x: np.ndarray, y: np.ndarray, layer: int, factor: float
) -> tuple[float, np.ndarray]:
    """The training-mode loss on (x, y) with hidden layer ``layer``'s weights scaled by ``factor``, and dL/dW of that
    layer there. Works on a copy: the model is not changed."""
    scaled = copy.deepcopy(model)
    scaled.noise = None
    scaled.weights[layer] = scaled.weights[layer] * factor
    loss, dlogits = softmax_cross_entropy(scaled.forward(x, training=True), y)
    scaled.backward(dlogits)
    return loss, scaled.hidden_weight_grads()[layer]


@dataclass(frozen=True)
class ScaleCheck:
    """L(W) against L(aW) and the size of dL/dW at W and at aW, for one network."""

    factor: float  # a
    loss: float  # L(W)
    scaled_loss: float  # L(aW)
    grad_norm: float  # ||dL/dW|| at W
    scaled_grad_norm: float  # ||dL/dW|| at aW

    @property
    def grad_ratio(self) -> float:
        """||dL/dW at aW|| / ||dL/dW at W||: 1/a under scale invariance."""
        return self.scaled_grad_norm / self.grad_norm


def scale_check(factor: float, layer: int = 1, seed: int = 0) -> dict[str, ScaleCheck]:
    """Scale hidden layer ``layer``'s weights of the page's freshly initialized network (float64, both arms) by
    ``factor`` and compare the loss and that layer's gradient on the probe batch. Returns a ScaleCheck per arm."""
    if not 0 < factor < np.inf:
        raise ValueError(f"factor must be a positive number, got {factor!r}")
    if not 0 <= layer < WHY_CONFIG.depth:
        raise ValueError(f"layer must be a hidden layer from 0 to {WHY_CONFIG.depth - 1}, got {layer!r}")
    config = WHY_CONFIG.replace(seed=seed)
    X_train, y_train, _, _ = load_dataset(config.dataset, seed=seed)
    rows = probe_rows(len(y_train), seed)
    x, y = X_train[rows].astype(np.float64), y_train[rows]
    checks = {}
    for arm in ARMS:
        model = MLP(arm_config(config, arm), X_train.shape[1], num_classes(config.dataset), dtype=np.float64)
        loss, grad = scaled_loss_and_gradient(model, x, y, layer, 1.0)
        scaled_loss, scaled_grad = scaled_loss_and_gradient(model, x, y, layer, factor)
        checks[arm] = ScaleCheck(
            float(factor), loss, scaled_loss, float(np.linalg.norm(grad)), float(np.linalg.norm(scaled_grad))
        )
    return checks


def effective_learning_rate(history: History) -> np.ndarray:
    """lr / ||W||^2 of every hidden layer after every epoch, (E+1, depth)."""
    return history.config.lr / history.weight_norm**2


@dataclass(frozen=True)
class WeightGrowth:
    histories: dict[str, History]  # by arm, ARMS
    outcome: str  # GROWTH_OUTCOMES, for the BN network

    def growth(self, arm: str) -> np.ndarray:
        """(depth,) final ||W|| over initial ||W|| of every hidden layer."""
        norms = self.histories[arm].weight_norm
        return norms[-1] / norms[0]


def weight_norm_growth(
    seed: int = 0,
    run: Callable[[TrainConfig], ShiftRun] = shift_run,
    on_run: Callable[[int, int], None] | None = None,
) -> WeightGrowth:
    """The hidden layers' weight norms over the training of the page's network, with and without BN."""
    base = WHY_CONFIG.replace(seed=seed)
    histories = {}
    for done, arm in enumerate(ARMS, start=1):
        histories[arm] = run(arm_config(base, arm)).history
        if on_run is not None:
            on_run(done, len(ARMS))
    norms = histories["with_bn"].weight_norm
    growth = float((norms[-1] / norms[0]).mean())
    outcome = "grow" if growth > 1 + GROWTH_MARGIN else "shrink" if growth < 1 - GROWTH_MARGIN else "steady"
    return WeightGrowth(histories, outcome)
