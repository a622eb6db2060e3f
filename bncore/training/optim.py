"""Optimizers, in PyTorch's formulation. Each updates its parameter arrays in place from matching gradient arrays.

The learning rate is a float, or for P stacked networks (``bncore.training.stacked``) a float64 array of shape
(P, 1, 1), one rate per network, against parameters of shape (P, ...). Either way a rate reaches a parameter as a
number of the parameter's dtype, so a stacked network's update equals a lone network's bit for bit.
"""

from __future__ import annotations

import numpy as np


def _rate_for(rate: float | np.ndarray, p: np.ndarray) -> float | np.ndarray:
    """A rate (or step size) as the update of ``p`` (and of every parameter, which share its dtype) uses it: a number
    as it is (NumPy casts it to p's dtype), an array cast to p's dtype the same way."""
    return rate.astype(p.dtype) if isinstance(rate, np.ndarray) else rate


class SGD:
    """p <- p - lr * g"""

    SLOTS: tuple[str, ...] = ()  # names of the per-parameter state lists (none)

    def __init__(self, params: list[np.ndarray], lr: float | np.ndarray):
        self.params, self.lr = params, lr

    def step(self, grads: list[np.ndarray]) -> None:
        lr = _rate_for(self.lr, self.params[0])
        for p, g in zip(self.params, grads):
            p -= lr * g


class Momentum:
    """v <- mu * v + g; p <- p - lr * v (torch.optim.SGD with momentum, no dampening)."""

    SLOTS = ("velocity",)

    def __init__(self, params: list[np.ndarray], lr: float | np.ndarray, momentum: float = 0.9):
        self.params, self.lr, self.momentum = params, lr, momentum
        self.velocity = [np.zeros_like(p) for p in params]

    def step(self, grads: list[np.ndarray]) -> None:
        lr = _rate_for(self.lr, self.params[0])
        for p, g, v in zip(self.params, grads, self.velocity):
            v *= self.momentum
            v += g
            p -= lr * v


class Adam:
    """Adam (Kingma & Ba, 2015) with bias correction, as torch.optim.Adam."""

    SLOTS = ("first", "second")

    def __init__(
        self,
        params: list[np.ndarray],
        lr: float | np.ndarray,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ):
        self.params, self.lr, self.betas, self.eps = params, lr, betas, eps
        self.first = [np.zeros_like(p) for p in params]
        self.second = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, grads: list[np.ndarray]) -> None:
        self.t += 1
        beta1, beta2 = self.betas
        step_size = _rate_for(self.lr / (1 - beta1**self.t), self.params[0])
        correction2 = np.sqrt(1 - beta2**self.t)
        for p, g, m, v in zip(self.params, grads, self.first, self.second):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            p -= step_size * m / (np.sqrt(v) / correction2 + self.eps)


def make_optimizer(name: str, params: list[np.ndarray], lr: float | np.ndarray):
    """ "sgd", "momentum" or "adam" over ``params``."""
    return {"sgd": SGD, "momentum": Momentum, "adam": Adam}[name](params, lr)
