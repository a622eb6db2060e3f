"""Training an ``MLP`` on a data set, recording a ``History``.

``train(config)`` runs a whole configuration; ``Trainer`` does the same a few steps at a time, so a page can draw
between chunks. Deterministic: no global RNG; weights, data order and generated data all come from ``config.seed``,
so two runs of one config agree bit for bit, and the two arms of a with/without-BN comparison see the same batches
in the same order from the same initial weights.

A step whose loss is not finite ends the run: ``History.diverged_at`` names it, its update is not applied and the
running statistics keep their last finite values. Floating-point warnings are silenced inside the trainer because
divergence is an expected outcome here, reported through the History, not a fault.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bncore.data.datasets import load_dataset, num_classes
from bncore.training.config import TrainConfig
from bncore.training.history import History, HistoryRecorder
from bncore.training.loss import softmax_cross_entropy
from bncore.training.mlp import MLP
from bncore.training.optim import make_optimizer


def batch_slices(n: int, batch_size: int) -> list[slice]:
    """Slices of one epoch over n shuffled samples; a final batch of one sample is dropped (BN cannot train on it)."""
    starts = range(0, n, batch_size)
    return [slice(s, min(s + batch_size, n)) for s in starts if min(s + batch_size, n) - s >= 2]


def class_batches(labels: np.ndarray, batch_size: int) -> list[np.ndarray]:
    """Non-i.i.d. batches: the sample indices of each class cut into batches, so every batch holds a single class.

    Returns:
        a list of index arrays, each of 2..batch_size samples of one class, classes in order (shuffle the list).
    """
    batches = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        batches += [members[s] for s in batch_slices(len(members), batch_size)]
    return batches


class Trainer:
    """One training run, advanced in chunks of steps.

    Attributes:
        epoch: epochs completed; step_in_epoch: steps done in the current epoch.
        done: all epochs ran, or the loss diverged.
    """

    def __init__(self, config: TrainConfig):
        self.config = config
        self.data = load_dataset(config.dataset, seed=config.seed)
        X_train = self.data[0]
        self.model = MLP(config, in_features=X_train.shape[1], classes=num_classes(config.dataset))
        self.optimizer = make_optimizer(config.optimizer, self.model.parameters(), config.lr)
        if config.batch_order == "by_class":
            self.batches = class_batches(self.data[1], config.batch_size)
        else:
            self.batches = batch_slices(len(X_train), config.batch_size)
        self.shuffle_rng = np.random.default_rng([config.seed, 3])
        self.recorder = HistoryRecorder(config, steps_per_epoch=len(self.batches))
        self.epoch, self.step_in_epoch, self.order = 0, 0, None
        with np.errstate(all="ignore"):
            self.recorder.record_epoch(self.model, self.data)

    @property
    def done(self) -> bool:
        return self.epoch >= self.config.epochs or self.recorder.diverged_at is not None

    @property
    def steps_per_epoch(self) -> int:
        return len(self.batches)

    def advance(self, max_steps: int | None = None) -> None:
        """Run up to ``max_steps`` steps (default: to the end of the current epoch), never past an epoch's end."""
        if self.done:
            return
        remaining = self.steps_per_epoch - self.step_in_epoch
        steps = remaining if max_steps is None else min(max_steps, remaining)
        X_train, y_train = self.data[0], self.data[1]
        with np.errstate(all="ignore"):
            for _ in range(steps):
                if self.step_in_epoch == 0:
                    self.order = self.shuffle_rng.permutation(len(X_train if self.by_sample else self.batches))
                rows = self._batch_rows(self.step_in_epoch)
                if not self._step(X_train[rows], y_train[rows]):
                    return
                self.step_in_epoch += 1
            if self.step_in_epoch == self.steps_per_epoch:
                self.epoch += 1
                self.step_in_epoch = 0
                self.recorder.record_epoch(self.model, self.data)

    @property
    def by_sample(self) -> bool:
        """Shuffled samples (i.i.d. batches) rather than a shuffled list of one-class batches."""
        return self.config.batch_order == "shuffled"

    def _batch_rows(self, step: int) -> np.ndarray:
        """The training-set rows of this epoch's step-th batch."""
        if self.by_sample:
            return self.order[self.batches[step]]
        return self.batches[self.order[step]]

    def _step(self, x: np.ndarray, y: np.ndarray) -> bool:
        """One optimization step; False (and nothing applied) when the loss or the running statistics blow up."""
        norms = self.model.batch_norms
        buffers = [(n.running_mean, n.running_var, n.num_batches_tracked) for n in norms]
        loss, dlogits = softmax_cross_entropy(self.model.forward(x, training=True), y)
        if not np.isfinite(loss) or not all(np.isfinite(n.running_var).all() for n in norms):
            for norm, (mean, var, count) in zip(norms, buffers):
                norm.running_mean, norm.running_var, norm.num_batches_tracked = mean, var, count
            self.recorder.diverged_at = len(self.recorder.step_loss) + 1
            return False
        self.model.backward(dlogits)
        self.recorder.record_step(loss, self.model)
        self.optimizer.step(self.model.grads())
        return True

    def run_to_end(self) -> Trainer:
        """Train every remaining epoch (or until the loss diverges); returns self."""
        while not self.done:
            self.advance()
        return self

    def history(self) -> History:
        return self.recorder.snapshot()


def train(config: TrainConfig, on_epoch: Callable[[History], bool | None] | None = None) -> History:
    """Train ``config`` to the end (or until the loss diverges, or ``on_epoch`` returns False).

    Args:
        config: the run.
        on_epoch: called with the history so far after every epoch (and after a diverged partial one).

    Returns:
        the History of the run.
    """
    trainer = Trainer(config)
    if on_epoch is None:
        return trainer.run_to_end().history()
    while not trainer.done:
        trainer.advance()
        if on_epoch(trainer.history()) is False:
            break
    return trainer.history()
