"""Softmax cross-entropy, the loss of every classifier in bncore.

Both functions also take P stacked networks' scores at once (a leading axis of P), each scored on its own batch.
"""

from __future__ import annotations

import numpy as np


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float | np.ndarray, np.ndarray]:
    """Mean cross-entropy of softmax(logits) against integer labels, and its gradient.

    Args:
        logits: (N, K) scores, or (P, N, K) for P networks.
        labels: (N,) integers in [0, K), or (P, N).

    Returns:
        the loss (a Python float, or (P,) one per network; non-finite if the logits are) and
        dlogits with the shape of logits, (softmax - one_hot) / N.
    """
    shifted = logits - logits.max(axis=-1, keepdims=True)  # stable: the largest score becomes 0
    exp = np.exp(shifted)
    total = exp.sum(axis=-1, keepdims=True)
    n = labels.shape[-1]
    one_hot = labels[..., None] == np.arange(logits.shape[-1])  # (..., N, K) bool
    # means over the N rows as sums / N: what .mean() computes, without its Python-level overhead
    loss = np.log(total[..., 0]).sum(axis=-1) / n - shifted[one_hot].reshape(labels.shape).sum(axis=-1) / n
    dlogits = exp / total
    dlogits[one_hot] -= 1.0
    dlogits /= n
    return (float(loss) if loss.ndim == 0 else loss), dlogits


def accuracy(logits: np.ndarray, labels: np.ndarray) -> float | np.ndarray:
    """The fraction of rows whose largest score is at the true label: a float, or (P,) for (P, N, K) logits."""
    hits = (logits.argmax(axis=-1) == labels).mean(axis=-1)
    return float(hits) if hits.ndim == 0 else hits
