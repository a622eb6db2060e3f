"""Softmax cross-entropy, the loss of every classifier in bncore."""

from __future__ import annotations

import numpy as np


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of softmax(logits) against integer labels, and its gradient.

    Args:
        logits: (N, K) scores.
        labels: (N,) integers in [0, K).

    Returns:
        the loss (a Python float, non-finite if the logits are) and dlogits (N, K) = (softmax - one_hot) / N.
    """
    shifted = logits - logits.max(axis=1, keepdims=True)  # stable: the largest score becomes 0
    exp = np.exp(shifted)
    total = exp.sum(axis=1, keepdims=True)
    rows = np.arange(len(labels))
    loss = float(np.log(total[:, 0]).mean() - shifted[rows, labels].mean())
    dlogits = exp / total
    dlogits[rows, labels] -= 1.0
    dlogits /= len(labels)
    return loss, dlogits


def accuracy(logits: np.ndarray, labels: np.ndarray) -> float:
    """The fraction of rows whose largest score is at the true label."""
    return float((logits.argmax(axis=1) == labels).mean())
