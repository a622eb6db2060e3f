"""Optimizers, in PyTorch's formulation. Each updates its parameter arrays in place from matching gradient arrays."""

from __future__ import annotations

import numpy as np


class SGD:
    """p <- p - lr * g"""

    def __init__(self, params: list[np.ndarray], lr: float):
        self.params, self.lr = params, lr

    def step(self, grads: list[np.ndarray]) -> None:
        for p, g in zip(self.params, grads):
            p -= self.lr * g


class Momentum:
    """v <- mu * v + g; p <- p - lr * v (torch.optim.SGD with momentum, no dampening)."""

    def __init__(self, params: list[np.ndarray], lr: float, momentum: float = 0.9):
        self.params, self.lr, self.momentum = params, lr, momentum
        self.velocity = [np.zeros_like(p) for p in params]

    def step(self, grads: list[np.ndarray]) -> None:
        for p, g, v in zip(self.params, grads, self.velocity):
            v *= self.momentum
            v += g
            p -= self.lr * v


class Adam:
    """Adam (Kingma & Ba, 2015) with bias correction, as torch.optim.Adam."""

    def __init__(
        self, params: list[np.ndarray], lr: float, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8
    ):
        self.params, self.lr, self.betas, self.eps = params, lr, betas, eps
        self.first = [np.zeros_like(p) for p in params]
        self.second = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, grads: list[np.ndarray]) -> None:
        self.t += 1
        beta1, beta2 = self.betas
        step_size = self.lr / (1 - beta1**self.t)
        correction2 = np.sqrt(1 - beta2**self.t)
        for p, g, m, v in zip(self.params, grads, self.first, self.second):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            p -= step_size * m / (np.sqrt(v) / correction2 + self.eps)


def make_optimizer(name: str, params: list[np.ndarray], lr: float):
    """ "sgd", "momentum" or "adam" over ``params``."""
    return {"sgd": SGD, "momentum": Momentum, "adam": Adam}[name](params, lr)
