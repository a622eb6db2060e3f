"""The practice-loop experiments that train a small network on digits (about a second each at their defaults).

Each returns plain data and an ``outcome`` (see ``bncore.experiments``). The networks are small on purpose: 3 or 4
hidden layers of 64 units for 3 epochs, which is enough for the effects to be unmistakable.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from bncore.config import TrainConfig
from bncore.loss import accuracy
from bncore.trainer import Trainer

SMALL_NET = {"depth": 3, "width": 64, "epochs": 3}
DROP_OUTCOMES = ("collapses", "drops_some", "unchanged", "improves")
TRAINS = 0.5  # an arm "trains" when it did not diverge and reaches 50% test accuracy (chance is 10%)


def classify_drop(reference: float, other: float) -> str:
    """How much lower ``other`` accuracy is than ``reference``: by 40+ points, by 5-40, within 5, or higher."""
    drop = reference - other
    if drop >= 0.4:
        return "collapses"
    if drop >= 0.05:
        return "drops_some"
    if drop > -0.05:
        return "unchanged"
    return "improves"


def two_arm_outcome(first: bool, second: bool, second_only: str) -> str:
    """ "batch_norm_only" / "both" / "neither" / ``second_only``: which of two compared arms shows the effect."""
    return {
        (True, False): "batch_norm_only",
        (True, True): "both",
        (False, False): "neither",
        (False, True): second_only,
    }[(bool(first), bool(second))]


def normalization_fields(normalization: str) -> dict:
    """TrainConfig fields for "batch", "layer", "group" or "none" (no normalization layer)."""
    if normalization == "none":
        return {"batch_norm": False}
    return {"batch_norm": True, "normalization": normalization}


# 2. Small batches destabilize BN training ------------------------------------------------------------------------


@dataclass(frozen=True)
class SmallBatchTraining:
    batch_sizes: tuple[int, ...]
    test_acc: np.ndarray  # (B, epochs + 1) test accuracy in inference mode after each epoch
    loss_noise: np.ndarray  # (B,) std of the training-mode step loss over the last epoch
    outcome: str  # "batch_<m>": the batch size with the lowest final test accuracy


BATCH_SIZES = (2, 4, 16, 64)


def small_batch_training(normalization: str = "batch", lr: float = 0.1, seed: int = 0) -> SmallBatchTraining:
    """Train the same small network on digits with batches of 2, 4, 16 and 64 for the same number of epochs.

    With batches of two, BN maps every unit to about +-1 and its statistics are pure noise, so the running
    statistics used at test time match nothing the network trained on.
    """
    accs, noise = [], []
    for batch_size in BATCH_SIZES:
        config = TrainConfig(
            **SMALL_NET, **normalization_fields(normalization), batch_size=batch_size, lr=lr, seed=seed
        )
        history = Trainer(config).run_to_end().history()
        accs.append(history.test_acc)
        noise.append(float(np.std(history.step_loss[-history.steps_per_epoch :])))
    test_acc = np.array(accs)
    worst = BATCH_SIZES[int(np.argmin(test_acc[:, -1]))]
    return SmallBatchTraining(BATCH_SIZES, test_acc, np.array(noise), f"batch_{worst}")


# 4. The train/inference mismatch ---------------------------------------------------------------------------------


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


# 5. BN tolerates larger learning rates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LearningRateTolerance:
    learning_rates: np.ndarray  # (L,)
    with_bn_acc: np.ndarray  # (L,) final test accuracy (0 where the run diverged)
    without_bn_acc: np.ndarray  # (L,)
    with_bn_diverged: np.ndarray  # (L,) bool: the loss became non-finite
    without_bn_diverged: np.ndarray  # (L,)
    probe_lr: float  # the rate the loop asks about
    outcome: str  # which arms train at probe_lr: "batch_norm_only", "both", "neither", "plain_only"


LEARNING_RATES = (0.03, 0.1, 0.3, 1.0, 3.0)


def learning_rate_tolerance(depth: int = 4, probe_lr: float = 1.0, seed: int = 0) -> LearningRateTolerance:
    """Train with and without BN (He initialization, so both can train) over a sweep of learning rates.

    Without BN a large step overshoots and the activations grow layer after layer until the loss explodes; with BN
    every layer's input is renormalized each step, so the same rate still trains.
    """
    rates = sorted(set(LEARNING_RATES) | {float(probe_lr)})
    results = {}
    for batch_norm in (True, False):
        accs, diverged = [], []
        for lr in rates:
            history = (
                Trainer(
                    TrainConfig(
                        depth=depth,
                        width=64,
                        epochs=3,
                        batch_size=64,
                        init="he",
                        lr=lr,
                        batch_norm=batch_norm,
                        seed=seed,
                    )
                )
                .run_to_end()
                .history()
            )
            diverged.append(history.diverged_at is not None)
            accs.append(0.0 if diverged[-1] else float(history.test_acc[-1]))
        results[batch_norm] = (np.array(accs), np.array(diverged))
    probe = rates.index(float(probe_lr))
    with_trains, without_trains = (results[bn][0][probe] >= TRAINS for bn in (True, False))
    outcome = two_arm_outcome(with_trains, without_trains, "plain_only")
    return LearningRateTolerance(
        np.array(rates),
        results[True][0],
        results[False][0],
        results[True][1],
        results[False][1],
        float(probe_lr),
        outcome,
    )


# 7. Non-i.i.d. batches hurt BN -----------------------------------------------------------------------------------


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
