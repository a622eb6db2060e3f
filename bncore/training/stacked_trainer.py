"""Training many configurations at once, as stacked networks (``bncore.training.stacked``): the engine of the sweeps
and the batch-size plans.

``train_points(configs)`` trains every group of configurations that share a ``stack_key`` as one ``StackedMLP`` and
returns each configuration's ``PointScores``: the numbers a lone ``Trainer`` run of it records (the test set after
every epoch, every step's loss, the step that diverged), except that the training set is measured once, after the
last completed epoch, since no sweep or plan shows it per epoch.

The groups train in this thread or in worker processes, several at once (``processes``,
``bncore.training.worker_processes``); progress is reported from the calling thread either way, as a Streamlit page
needs for its progress bar.

Each point keeps the rules of ``bncore.training.trainer``: its own weight, bias and shuffle streams from its seed,
and a step whose loss or running statistics are not finite ends it with nothing of that step applied. A point that
ends leaves the stack (``StackedMLP.select``); the others redo that step without it and go on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from bncore.data.datasets import load_dataset, num_classes
from bncore.training.config import TrainConfig
from bncore.training.loss import accuracy, softmax_cross_entropy
from bncore.training.optim import make_optimizer
from bncore.training.stacked import StackedMLP, stack_key, take
from bncore.training.stacked_layers import by_point, side_by_side
from bncore.training.trainer import batch_slices, class_batches
from bncore.training.worker_processes import train_in_processes


@dataclass(frozen=True)
class PointScores:
    """What a sweep keeps of one configuration's run."""

    steps_per_epoch: int
    test_loss: np.ndarray  # (E+1,) index 0 the untrained network, k after epoch k; inference mode
    test_acc: np.ndarray  # (E+1,)
    train_loss: float  # on the whole training set after the last completed epoch (or untrained), inference mode
    train_acc: float
    step_loss: np.ndarray  # (steps,) training-mode loss of every finite step
    diverged_at: int | None  # 1-based step whose loss (or running statistics) became non-finite

    @property
    def epochs_completed(self) -> int:
        return len(self.test_acc) - 1


@dataclass
class _Record:
    test_loss: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    step_loss: list[float] = field(default_factory=list)
    train_loss: float = float("nan")
    train_acc: float = float("nan")
    diverged_at: int | None = None


def _keep_points(optimizer, params: list[np.ndarray], points: np.ndarray) -> None:
    """Point ``optimizer`` at ``params``, the kept points' arrays, keeping only those points' rates and state."""
    optimizer.params, optimizer.lr = params, optimizer.lr[points]
    for slot in optimizer.SLOTS:
        setattr(optimizer, slot, [state[points] for state in getattr(optimizer, slot)])


class StackedTrainer:
    """The configurations of one stack trained together, epoch by epoch (``run_epoch``)."""

    def __init__(self, configs: list[TrainConfig]):
        if len({stack_key(config) for config in configs}) != 1:
            raise ValueError(
                "stacked configurations may differ only in lr, init, init_scale, normalization and (shuffled) seed"
            )
        self.configs = list(configs)
        first = configs[0]
        self.X_train, self.y_train, self.X_test, self.y_test = (
            np.stack(arrays) for arrays in zip(*(load_dataset(c.dataset, seed=c.seed) for c in configs))
        )  # (P, n, D) and (P, n): each point's own data (the same for digits)
        self.model = StackedMLP(configs, self.X_train.shape[2], num_classes(first.dataset))
        rates = np.array([float(c.lr) for c in configs]).reshape(-1, 1, 1)  # (P, 1, 1), one per point
        self.optimizer = make_optimizer(first.optimizer, self.model.parameters(), rates)
        self.by_sample = first.batch_order == "shuffled"
        self.batches = epoch_batches(first, self.y_train[0])
        self.shuffle_rngs = [np.random.default_rng([c.seed, 3]) for c in configs]
        self.running = np.arange(len(configs))  # the configurations still training, in stack order
        self.records = [_Record() for _ in configs]
        self.epoch, self.steps_done = 0, 0
        with np.errstate(all="ignore"):  # divergence is an outcome here, reported per point, not a fault
            self._record_epoch()

    @property
    def steps_per_epoch(self) -> int:
        return len(self.batches)

    @property
    def total_steps(self) -> int:
        """The steps of a run that never diverges."""
        return self.configs[0].epochs * self.steps_per_epoch

    @property
    def done(self) -> bool:
        return self.epoch >= self.configs[0].epochs or not self.running.size

    @property
    def steps_counted(self) -> int:
        """The steps a progress bar counts: those done, or all of them once done (a stack may stop early)."""
        return self.total_steps if self.done else self.steps_done

    def run_epoch(self) -> None:
        """Train the points still running for one epoch (each stops where it diverges), then measure them."""
        with np.errstate(all="ignore"):
            self._run_epoch()

    def _run_epoch(self) -> None:
        shuffled = len(self.X_train[0]) if self.by_sample else len(self.batches)  # samples, or one-class batches
        self.orders = np.array([rng.permutation(shuffled) for rng in self.shuffle_rngs])  # (P, shuffled)
        for step in range(self.steps_per_epoch):
            while not self._step(self._rows(step)):  # some point diverged and left: the others retake the step
                if not self.running.size:
                    return
            self.steps_done += 1
        self.epoch += 1
        self._record_epoch()

    def _rows(self, step: int) -> np.ndarray:
        """(B, P) training-set rows of this epoch's step-th batch for every running point."""
        if self.by_sample:
            return self.orders[:, self.batches[step]].T
        rows = self.batches[self.orders[0, step]]  # one seed, so every point has the same batches
        return np.repeat(rows[:, None], len(self.running), axis=1)

    def _step(self, rows: np.ndarray) -> bool:
        """One step of every running point; False if some point diverged (it is removed; nothing is applied)."""
        points = self.running[None, :]
        x = self.X_train[points, rows].reshape(len(rows), -1)  # (B, P * D)
        norms = self.model.batch_norms
        buffers = [(n.running_mean, n.running_var, n.num_batches_tracked) for n in norms]
        loss, dlogits = self._loss(self.model.forward(x, training=True), self.y_train[points, rows].T)
        finite = np.isfinite(loss) & self.model.statistics_finite()
        if not finite.all():
            for norm, (mean, var, count) in zip(norms, buffers):
                norm.running_mean, norm.running_var, norm.num_batches_tracked = mean, var, count
            self._stop(~finite)
            return False
        self.model.backward(dlogits)
        for k, value in zip(self.running, loss.tolist()):
            self.records[k].step_loss.append(value)
        self.optimizer.step(self.model.grads())
        return True

    def _loss(self, logits: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each point's loss (P,) on logits (N, P * K) against labels (P, N), and dL/dlogits (N, P * K)."""
        loss, dlogits = softmax_cross_entropy(np.ascontiguousarray(by_point(logits, len(self.running))), labels)
        return loss, side_by_side(dlogits)

    def _stop(self, failed: np.ndarray) -> None:
        """End the running points where ``failed`` (P,) is True: they diverged at the next step."""
        stopped, kept = np.flatnonzero(failed), np.flatnonzero(~failed)
        for k in self.running[stopped]:
            self.records[k].diverged_at = self.steps_done + 1
        self._measure_train(self.model.network_of(stopped, self._epoch_state), self.running[stopped])
        self.running, self.orders = self.running[kept], self.orders[kept]
        self._epoch_state = take(self._epoch_state, kept)
        self.shuffle_rngs = [self.shuffle_rngs[k] for k in kept]
        if self.running.size:
            self.model = self.model.select(kept)
            _keep_points(self.optimizer, self.model.parameters(), kept)

    def _record_epoch(self) -> None:
        """After an epoch (or before the first): each running point's test loss and accuracy, and a copy of the
        state for the training-set measurement of points that diverge later."""
        loss, acc = self._scores(self.model, self.running, self.X_test, self.y_test)
        for k, point_loss, point_acc in zip(self.running, loss.tolist(), acc.tolist()):
            self.records[k].test_loss.append(point_loss)
            self.records[k].test_acc.append(point_acc)
        self._epoch_state = self.model.snapshot()
        if self.done:
            self._measure_train(self.model, self.running)

    def _measure_train(self, model: StackedMLP, points: np.ndarray) -> None:
        """The training-set loss and accuracy of ``model``, the network of the configurations at ``points``."""
        loss, acc = self._scores(model, points, self.X_train, self.y_train)
        for k, point_loss, point_acc in zip(points, loss.tolist(), acc.tolist()):
            self.records[k].train_loss, self.records[k].train_acc = point_loss, point_acc

    @staticmethod
    def _scores(model: StackedMLP, points: np.ndarray, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Loss and accuracy (P,) of ``model`` on the data sets of ``points`` (X (all, n, D), y (all, n))."""
        logits = by_point(model.predict(side_by_side(X[points])), len(points))  # (P, n, K)
        loss, _ = softmax_cross_entropy(np.ascontiguousarray(logits), y[points])
        return loss, accuracy(logits, y[points])

    def scores(self) -> list[PointScores]:
        """Each configuration's scores, in the order of ``configs``."""
        return [
            PointScores(
                self.steps_per_epoch,
                np.array(r.test_loss),
                np.array(r.test_acc),
                r.train_loss,
                r.train_acc,
                np.array(r.step_loss),
                r.diverged_at,
            )
            for r in self.records
        ]


def epoch_batches(config: TrainConfig, labels: np.ndarray) -> list[slice] | list[np.ndarray]:
    """The batches of one epoch of ``config`` on a training set with these labels (n,): slices of the shuffled
    samples, or (batches by class) index arrays of one class each."""
    if config.batch_order == "shuffled":
        return batch_slices(len(labels), config.batch_size)
    return class_batches(labels, config.batch_size)


def planned_steps(configs: list[TrainConfig]) -> int:
    """The steps the stack of ``configs`` takes if none of them diverges (its ``StackedTrainer.total_steps``)."""
    first = configs[0]
    return first.epochs * len(epoch_batches(first, load_dataset(first.dataset, seed=first.seed)[1]))


def train_points(
    configs: list[TrainConfig], on_progress: Callable[[int, int], None] | None = None, processes: int = 0
) -> list[PointScores]:
    """Train every configuration, each group that shares a ``stack_key`` as one stacked network.

    Args:
        configs: the runs, in any order.
        on_progress: called with (steps done, steps in total) after every epoch of every group, for a progress bar
            (a group that stops early counts all its steps); always from the calling thread.
        processes: 0 trains the groups here, one after another; more trains them in that many worker processes
            (``bncore.training.worker_processes``), the longest first, on as many cores. A worker costs about 0.3 s
            to start (importing NumPy), so the pages' sweeps and experiments use them and a practice loop's small
            sweep does not.

    Returns:
        each configuration's scores, in the order of ``configs``; the same numbers for any ``processes``.
    """
    members: dict[TrainConfig, list[int]] = {}
    for index, config in enumerate(configs):
        members.setdefault(stack_key(config), []).append(index)
    steps = {key: planned_steps([configs[i] for i in indices]) for key, indices in members.items()}
    longest_first = sorted(members, key=lambda key: -steps[key] * len(members[key]))
    stacks = [[configs[i] for i in members[key]] for key in longest_first]
    total = sum(steps.values())

    def report(done: int) -> None:
        if on_progress is not None:
            on_progress(done, total)

    trained = train_in_processes(stacks, processes, report) if processes else _train_here(stacks, report)
    scores: list[PointScores | None] = [None] * len(configs)
    for key, stack_scores in zip(longest_first, trained):
        for index, point in zip(members[key], stack_scores):
            scores[index] = point
    return scores


def _train_here(stacks: list[list[TrainConfig]], report: Callable[[int], None]) -> list[list[PointScores]]:
    """Train each stack of configurations in turn in this thread, calling ``report`` with the steps counted of all of
    them after each epoch of any; each stack's scores, in order."""
    scores, counted_before = [], 0
    for configs in stacks:
        trainer = StackedTrainer(configs)
        while not trainer.done:
            trainer.run_epoch()
            report(counted_before + trainer.steps_counted)
        counted_before += trainer.steps_counted
        scores.append(trainer.scores())
    return scores
