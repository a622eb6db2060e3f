""" "What's happening?": sentences generated from the two arms' Histories at the epoch shown, never canned.

Pure Python (no Streamlit): each rule reads measurements the History already holds (accuracy, gradient norms, dead
and saturated fractions, pre-activation variances, divergence) and speaks only when its condition holds.
"""

from __future__ import annotations

import numpy as np

from bncore import History, num_classes
from ui.common.labels import ARM_LABELS

LEVEL_GAP = 0.02  # accuracy differences below 2 points count as level
VANISHING_RATIO = 1e-2  # first-layer gradient norm below 1% of the last hidden layer's
EXPLODING_RATIO = 1e2
DEAD_FRACTION = 0.25
SATURATED_FRACTION = 0.3
WIDE_VARIANCE, NARROW_VARIANCE = 10.0, 0.01


def _at(history: History, epoch: int) -> int:
    """The index to read an arm at: the epoch shown, or the arm's last one if it stopped earlier."""
    return min(epoch, history.epochs_completed)


def _layer_extreme(values: np.ndarray) -> tuple[int, float]:
    """(1-based layer, value) of the largest entry of a per-layer vector."""
    layer = int(np.argmax(values))
    return layer + 1, float(values[layer])


def divergence(name: str, h: History) -> str | None:
    if h.diverged_at is None:
        return None
    epoch = (h.diverged_at - 1) // h.steps_per_epoch + 1
    return (
        f"**{name} diverged at step {h.diverged_at}** (epoch {epoch}): its loss became infinite or not a number, "
        f"so training stopped. With η = {h.config.lr:g} each update overshoots, the weights and activations grow "
        "with every step until they overflow."
    )


def who_is_ahead(histories: dict[str, History], epoch: int) -> str:
    accuracies = {name: float(h.test_acc[_at(h, epoch)]) for name, h in histories.items()}
    (first, a), (second, b) = sorted(accuracies.items(), key=lambda item: -item[1])
    if epoch == 0:
        return (
            f"Before training both arms guess: test accuracy {a:.0%} and {b:.0%}, about one in "
            f"{num_classes(next(iter(histories.values())).config.dataset)}."
        )
    after = f"After {epoch} epoch" + ("s" if epoch > 1 else "")
    if a - b < LEVEL_GAP:
        return f"{after} the arms are level on test accuracy ({first} {a:.1%}, {second} {b:.1%})."
    return f"{after} **{first} is ahead by {100 * (a - b):.1f} points** of test accuracy ({a:.1%} vs {b:.1%})."


def at_chance(name: str, h: History, epoch: int) -> str | None:
    classes = num_classes(h.config.dataset)
    accuracy = float(h.test_acc[_at(h, epoch)])
    if epoch < 3 or accuracy > 1.5 / classes:
        return None
    return (
        f"{name} is still at chance level ({accuracy:.0%}, one in {classes}): it has not started to learn. "
        "Look at its gradient norms and activations below for the reason."
    )


def gradient_flow(name: str, h: History, epoch: int) -> str | None:
    index = min(epoch, len(h.grad_norm)) - 1
    if index < 0 or h.config.depth < 2:
        return None
    first, last = float(h.grad_norm[index, 0]), float(h.grad_norm[index, -1])
    if last <= 0 or not np.isfinite(first / last):
        return None
    ratio = first / last
    if ratio < VANISHING_RATIO:
        return (
            f"**Vanishing gradients in {name}:** the weight-gradient norm falls from {last:.1e} at layer "
            f"{h.config.depth} to {first:.1e} at layer 1, {1 / ratio:,.0f} times smaller, so the first layers "
            "barely move."
        )
    if ratio > EXPLODING_RATIO:
        return (
            f"**Exploding gradients in {name}:** the weight-gradient norm grows from {last:.1e} at layer "
            f"{h.config.depth} to {first:.1e} at layer 1, {ratio:,.0f} times larger."
        )
    return None


def dead_or_saturated(name: str, h: History, epoch: int) -> str | None:
    i = _at(h, epoch)
    if h.config.activation == "relu":
        layer, fraction = _layer_extreme(h.dead_fraction[i])
        if fraction >= DEAD_FRACTION:
            return (
                f"**Dead ReLUs in {name}:** {fraction:.0%} of layer {layer}'s units receive a negative input for "
                "every test image, so they output 0 and get no gradient."
            )
        return None
    layer, fraction = _layer_extreme(h.saturated_fraction[i])
    if fraction >= SATURATED_FRACTION:
        return (
            f"**Saturated {h.config.activation} units in {name}:** {fraction:.0%} of layer {layer}'s inputs sit in "
            "the flat tails, where the slope is below 10% of its maximum, so little gradient gets through."
        )
    return None


def spread(name: str, h: History, epoch: int) -> str | None:
    variances = h.preact_var[_at(h, epoch)]
    layer, widest = _layer_extreme(variances)
    narrowest_layer = int(np.argmin(variances)) + 1
    if widest > WIDE_VARIANCE:
        sentence = (
            f"In {name}, layer {layer}'s pre-activations have variance {widest:.3g}: far wider than the unit "
            "spread batch norm would give them."
        )
    elif variances.min() < NARROW_VARIANCE:
        sentence = (
            f"In {name}, layer {narrowest_layer}'s pre-activations have variance {variances.min():.2g}: the "
            "signal has almost vanished on its way up."
        )
    else:
        return None
    if epoch == 0 and h.config.batch_norm:
        sentence += (
            " Its BN layers have not seen a batch yet: on the test set they divide by their starting running "
            "variance 1, so they do not rescale anything until training moves their running statistics."
        )
    return sentence


def narrative(histories: dict[str, History], epoch: int) -> list[str]:
    """A few Markdown sentences about the run at ``epoch`` (0 = before training), the most important first.

    Args:
        histories: arm id ("with_bn", "without_bn") -> its History; the sentences name each arm by its label.
    """
    histories = {ARM_LABELS[arm]: h for arm, h in histories.items()}
    sentences = [divergence(name, h) for name, h in histories.items()]
    sentences.append(who_is_ahead(histories, epoch))
    for rule in (at_chance, gradient_flow, dead_or_saturated, spread):
        sentences += [rule(name, h, epoch) for name, h in histories.items()]
    return [s for s in sentences if s]
