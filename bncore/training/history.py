"""``History``: everything a training run recorded, and ``HistoryRecorder``, which measures a model once per epoch.
(Sweeps keep less of each run: ``bncore.training.stacked_trainer.PointScores``.)

Index 0 of every per-epoch array is the untrained network, index k is after epoch k, so a finished run of E epochs
has E + 1 entries (``grad_norm``, measured during epochs, has E). A run that diverged or was stopped early is shorter.
All measurements of activations are taken on the test set in inference mode (running statistics for BN).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from bncore.training.config import TrainConfig
from bncore.training.loss import accuracy, softmax_cross_entropy
from bncore.training.mlp import MLP, activation_slope
from bncore.training.sorted_values import SortedValues

HIST_RANGE = 6.0  # histograms cover [-6, 6]
HIST_BINS = 48  # bins of width 0.25
HIST_EDGES = np.linspace(-HIST_RANGE, HIST_RANGE, HIST_BINS + 1)
PERCENTILES = (15.0, 50.0, 85.0)  # as Ioffe & Szegedy (2015), Figure 1 (b, c)
BY_LAYER = ("gamma", "beta", "running_mean", "running_var")
ACTIVATION_FIELDS = (  # measured on each hidden layer's nonlinearity input
    "preact_mean",
    "preact_var",
    "preact_percentiles",
    "hist_counts",
    "hist_below",
    "hist_above",
    "dead_fraction",
    "saturated_fraction",
)
EPOCH_FIELDS = ("train_loss", "test_loss", "train_acc", "test_acc", *ACTIVATION_FIELDS, "weight_norm")
SATURATION_SLOPE = 0.1  # an input is "saturated" where the nonlinearity's slope is below 10% of its maximum


@dataclass(frozen=True)
class History:
    config: TrainConfig
    steps_per_epoch: int
    train_loss: np.ndarray  # (E+1,) on the whole training set, inference mode
    test_loss: np.ndarray  # (E+1,)
    train_acc: np.ndarray  # (E+1,)
    test_acc: np.ndarray  # (E+1,)
    grad_norm: np.ndarray  # (E, depth) mean over the epoch's steps of ||dL/dW|| per hidden layer
    preact_mean: np.ndarray  # (E+1, depth) mean of each hidden layer's nonlinearity input, pooled over units
    preact_var: np.ndarray  # (E+1, depth)
    preact_percentiles: np.ndarray  # (E+1, depth, 3): 15th, 50th, 85th percentiles
    hist_edges: np.ndarray  # (HIST_BINS + 1,) fixed edges over [-6, 6]
    hist_counts: np.ndarray  # (E+1, depth, HIST_BINS)
    hist_below: np.ndarray  # (E+1, depth) values below -6
    hist_above: np.ndarray  # (E+1, depth) values above 6
    dead_fraction: np.ndarray  # (E+1, depth) units whose input is <= 0 on every test sample (dead if ReLU)
    saturated_fraction: np.ndarray  # (E+1, depth) inputs where the nonlinearity's slope < 10% of its maximum
    weight_norm: np.ndarray  # (E+1, depth) Frobenius norm ||W|| of each hidden layer's weight matrix
    gamma: np.ndarray | None  # (depth, E+1, width), None without normalization layers
    beta: np.ndarray | None
    running_mean: np.ndarray | None  # (depth, E+1, width), None without BatchNorm
    running_var: np.ndarray | None
    step_loss: np.ndarray  # (steps,) training-mode loss of every finite step
    diverged_at: int | None  # 1-based step whose loss was non-finite; training stopped there

    @property
    def epochs_completed(self) -> int:
        return len(self.train_loss) - 1

    def read_only(self) -> History:
        """Mark every array of this history read-only (for histories shared between readers); returns self."""
        for value in vars(self).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
        return self

    def up_to_epoch(self, epoch: int) -> History:
        """The history as it stood after ``epoch`` epochs. Past its last completed epoch the whole history is
        returned, with the divergence (which happens during the epoch after the last completed one, if at all)."""
        if epoch > self.epochs_completed or (epoch == self.epochs_completed and self.diverged_at is None):
            return self
        per_epoch = {name: getattr(self, name)[: epoch + 1] for name in EPOCH_FIELDS}
        by_layer = {
            name: None if getattr(self, name) is None else getattr(self, name)[:, : epoch + 1] for name in BY_LAYER
        }
        return replace(
            self,
            **per_epoch,
            **by_layer,
            grad_norm=self.grad_norm[:epoch],
            step_loss=self.step_loss[: epoch * self.steps_per_epoch],
            diverged_at=None,
        )


class HistoryRecorder:
    """Collects per-epoch measurements as lists and hands out ``History`` snapshots."""

    def __init__(self, config: TrainConfig, steps_per_epoch: int):
        self.config, self.steps_per_epoch = config, steps_per_epoch
        self.rows: dict[str, list] = {}
        self.step_loss: list[float] = []
        self.epoch_grad_norms: list[np.ndarray] = []  # (depth,) per step of the current epoch
        self.diverged_at: int | None = None

    def record_step(self, loss: float, model: MLP) -> None:
        """After a step's backward pass: its loss and each hidden layer's weight-gradient norm."""
        self.step_loss.append(loss)
        self.epoch_grad_norms.append(np.array([np.sqrt(np.vdot(g, g)) for g in model.hidden_weight_grads()]))

    def record_epoch(self, model: MLP, data: tuple[np.ndarray, ...]) -> None:
        """At the end of an epoch (or before the first): losses, accuracies, activation statistics, BN state."""
        X_train, y_train, X_test, y_test = data
        if self.epoch_grad_norms:
            self._append("grad_norm", np.mean(self.epoch_grad_norms, axis=0))
            self.epoch_grad_norms = []
        train_logits = model.predict(X_train)
        self._append("train_loss", softmax_cross_entropy(train_logits, y_train)[0])
        self._append("train_acc", accuracy(train_logits, y_train))
        test_logits = model.forward(X_test, training=False)  # leaves the test-set preactivations on the model
        self._append("test_loss", softmax_cross_entropy(test_logits, y_test)[0])
        self._append("test_acc", accuracy(test_logits, y_test))
        self._record_activations(model)
        self._append("weight_norm", np.array([np.sqrt(np.vdot(w, w)) for w in model.weights[:-1]]))
        names = ("gamma", "beta") + (("running_mean", "running_var") if model.batch_norms else ())
        for name in names if model.norms else ():
            self._append(name, np.array([getattr(norm, name) for norm in model.norms]))  # (depth, width)

    def _record_activations(self, model: MLP) -> None:
        means, variances, percentiles, counts, below, above, dead, saturated = ([] for _ in range(8))
        for z, a in zip(model.preactivations, model.activations):
            values = z.ravel()
            means.append(values.mean(dtype=np.float64))
            variances.append(values.var(dtype=np.float64))
            ranked = SortedValues(values, HIST_EDGES)
            percentiles.append(ranked.percentiles(PERCENTILES))
            counts.append(ranked.histogram)
            below.append(ranked.below)
            above.append(ranked.above)
            dead.append(np.mean(np.all(z <= 0, axis=0)))
            slope = activation_slope(model.activation, z, a)
            max_slope = 1.0 if model.activation in ("relu", "tanh") else 0.25
            saturated.append(np.mean(slope < SATURATION_SLOPE * max_slope))
        for name, value in zip(
            ACTIVATION_FIELDS, (means, variances, percentiles, counts, below, above, dead, saturated), strict=True
        ):
            self._append(name, np.array(value))

    def _append(self, name: str, value) -> None:
        self.rows.setdefault(name, []).append(value)

    def snapshot(self) -> History:
        """The measurements so far as a ``History`` of arrays."""
        depth = self.config.depth
        rows = {name: np.array(values) for name, values in self.rows.items()}
        by_layer = {name: rows[name].transpose(1, 0, 2) for name in BY_LAYER if name in rows}  # (depth, E+1, width)
        return History(
            config=self.config,
            steps_per_epoch=self.steps_per_epoch,
            train_loss=rows["train_loss"],
            test_loss=rows["test_loss"],
            train_acc=rows["train_acc"],
            test_acc=rows["test_acc"],
            grad_norm=rows.get("grad_norm", np.zeros((0, depth))),
            preact_mean=rows["preact_mean"],
            preact_var=rows["preact_var"],
            preact_percentiles=rows["preact_percentiles"],
            hist_edges=HIST_EDGES,
            hist_counts=rows["hist_counts"],
            hist_below=rows["hist_below"],
            hist_above=rows["hist_above"],
            dead_fraction=rows["dead_fraction"],
            saturated_fraction=rows["saturated_fraction"],
            weight_norm=rows["weight_norm"],
            gamma=by_layer.get("gamma"),
            beta=by_layer.get("beta"),
            running_mean=by_layer.get("running_mean"),
            running_var=by_layer.get("running_var"),
            step_loss=np.array(self.step_loss),
            diverged_at=self.diverged_at,
        )
