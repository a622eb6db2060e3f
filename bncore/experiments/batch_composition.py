"""Experiments on how batches are composed: predicting the test set in training mode with batches of several kinds
(the train/inference mismatch), and training on batches that each hold a single class (non-i.i.d. batches).

Each trains a small network on digits (about a second at its defaults) and returns plain data with an ``outcome``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from bncore.experiments.common import SMALL_NET, classify_drop
from bncore.training.config import TrainConfig, normalization_fields
from bncore.training.loss import accuracy
from bncore.training.trainer import Trainer

# The train/inference mismatch ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainInferenceMismatch:
    modes: tuple[str, ...]  # "running" (inference mode), "mixed_64", "mixed_16", "mixed_2", "one_class"
    accuracy: np.ndarray  # (len(modes),) test accuracy of each way of predicting
    single_sample_error: str | None  # what training mode says about a batch of one sample (None: it works)
    test_batches: str  # the mode the loop asks about
    outcome: str  # how its accuracy compares with inference mode's


MISMATCH_MODES = ("running", "mixed_64", "mixed_16", "mixed_2", "one_class")


def batch_statistics_accuracy(trainer: Trainer, batches: list[np.ndarray]) -> float:
    """Test accuracy when each batch of test rows is predicted in training mode (with its own batch statistics).

    A copy of the model predicts, so the trained model's running statistics stay untouched.
    """
    model = copy.deepcopy(trainer.model)
    X_test, y_test = trainer.data[2], trainer.data[3]
    correct = sum(
        int((model.forward(X_test[rows], training=True).argmax(axis=1) == y_test[rows]).sum()) for rows in batches
    )
    return correct / sum(len(rows) for rows in batches)


def batches_for_mode(mode: str, labels: np.ndarray) -> list[np.ndarray]:
    """Every test row in batches for a mode: "mixed_<m>" (in order, m per batch) or "one_class".

    A last batch of a single row joins the batch before it, since one row cannot be normalized on its own.
    """
    if mode == "one_class":
        return [np.flatnonzero(labels == label) for label in np.unique(labels)]
    size = int(mode.removeprefix("mixed_"))
    rows = np.arange(len(labels))
    batches = [rows[s : s + size] for s in range(0, len(rows), size)]
    if len(batches) > 1 and len(batches[-1]) == 1:
        batches[-2:] = [np.concatenate(batches[-2:])]
    return batches


def train_inference_mismatch(
    test_batches: str = "one_class", normalization: str = "batch", seed: int = 0
) -> TrainInferenceMismatch:
    """Train a small BN network, then predict the test set with running statistics and with batch statistics.

    Forgetting eval mode makes every prediction depend on the rest of its batch: mixed batches of 64 are close to
    the running statistics, batches of 2 are noisy, and a batch of a single class has its class-specific mean
    subtracted, which erases what the class has in common. A batch of one sample cannot be normalized at all.
    """
    if test_batches not in MISMATCH_MODES[1:]:
        raise ValueError(f"test_batches must be one of {', '.join(MISMATCH_MODES[1:])}; got {test_batches!r}")
    trainer = Trainer(
        TrainConfig(**SMALL_NET, **normalization_fields(normalization), batch_size=32, lr=0.1, seed=seed)
    ).run_to_end()
    X_test, y_test = trainer.data[2], trainer.data[3]
    running = accuracy(copy.deepcopy(trainer.model).forward(X_test, training=False), y_test)
    accs = [running] + [
        batch_statistics_accuracy(trainer, batches_for_mode(mode, y_test)) for mode in MISMATCH_MODES[1:]
    ]
    try:
        copy.deepcopy(trainer.model).forward(X_test[:1], training=True)
        single_sample_error = None
    except ValueError as error:
        single_sample_error = str(error)
    selected = accs[MISMATCH_MODES.index(test_batches)]
    return TrainInferenceMismatch(
        MISMATCH_MODES, np.array(accs), single_sample_error, test_batches, classify_drop(running, selected)
    )


# Non-i.i.d. batches hurt BN ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NonIidBatches:
    normalization: str
    shuffled_acc: np.ndarray  # (epochs + 1,) test accuracy with i.i.d. (shuffled) batches
    by_class_acc: np.ndarray  # (epochs + 1,) with batches that each hold a single class
    outcome: str  # how by_class's final accuracy compares with shuffled's


def non_iid_batches(normalization: str = "batch", seed: int = 0) -> NonIidBatches:
    """Train twice, identical but for the batch order: shuffled samples, or batches of a single class each.

    In a one-class batch BN subtracts that class's own mean, so training never sees the differences between
    classes that the test set's running statistics keep; LayerNorm and no normalization only suffer the milder
    harm of one-class gradient steps.
    """
    accs = {}
    for order in ("shuffled", "by_class"):
        config = TrainConfig(
            **SMALL_NET,
            **normalization_fields(normalization),
            batch_size=32,
            lr=0.03,
            init="he",
            batch_order=order,
            seed=seed,
        )
        accs[order] = Trainer(config).run_to_end().history().test_acc
    return NonIidBatches(
        normalization, accs["shuffled"], accs["by_class"], classify_drop(accs["shuffled"][-1], accs["by_class"][-1])
    )
