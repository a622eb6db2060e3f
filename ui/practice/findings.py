"""What an experiment measured, in one sentence with its numbers: shown under every reveal and every "try another
setting", so no sentence a learner reads about a result is hard-coded for one setting.

Plain Python (no Streamlit), one function per experiment result, picked by ``finding(result)``. Percentages are
printed to one decimal and every difference in points is computed from the printed percentages, so it adds up as
printed. Qualitative words ("far below", "near chance") come from the thresholds named here, applied to the numbers.
"""

from __future__ import annotations

import numpy as np

from bncore.experiments.batch_composition import NonIidBatches, TrainInferenceMismatch
from bncore.experiments.batch_size import SmallBatchTraining
from bncore.experiments.layer_properties import OUTPUT_CHANGED, UndoNormalization, WeightScaleInvariance
from bncore.experiments.statistics import (
    COMPARED_SIZES,
    NEAR,
    BatchCoupling,
    BatchStatisticsNoise,
    RunningStatistics,
)
from bncore.experiments.sweeps import LearningRateTolerance
from ui.common.labels import NORMALIZATION_NAMES

CHANCE = 0.1  # the digits have 10 classes
NEAR_CHANCE = 0.2  # an accuracy below 20% is "near chance"
FAR_BELOW = 20.0  # points: "far below the others"
MODE_LABELS = {
    "running": "Inference mode (running statistics)",
    "mixed_64": "Training mode, mixed batches of 64",
    "mixed_16": "Training mode, mixed batches of 16",
    "mixed_2": "Training mode, mixed batches of 2",
    "one_class": "Training mode, one digit per batch",
}


def percent(fraction: float) -> tuple[str, float]:
    """A fraction as printed (one decimal) and the number of percent that print shows."""
    text = f"{fraction:.1%}"
    return text, float(text.rstrip("%"))


def points(higher: float, lower: float) -> str:
    """The gap between two printed percentages, in points, as a learner would subtract them."""
    return f"{percent(higher)[1] - percent(lower)[1]:.1f}"


def magnitude(value: float, digits: int = 4) -> str:
    """A measured magnitude without an exponent: '0.0039', 'less than 0.0001', or '0'."""
    if value == 0:
        return "0"
    if value < 10**-digits:
        return f"less than {10**-digits:.{digits}f}"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


def by_up_to(value: float) -> str:
    """'up to 0.0039' for a largest change, or 'less than 0.0001' when it is tiny."""
    text = magnitude(value)
    return text if text.startswith("less") or text == "0" else f"up to {text}"


def _drop(reference: float, other: float, other_label: str, reference_phrase: str) -> str:
    """'X: 40.4%, 56.5 points below the 96.9% in inference mode' (or above, or level), and where chance is."""
    text, value = percent(other)
    ref_text, ref_value = percent(reference)
    if value < ref_value:
        gap = f"{points(reference, other)} points below the {ref_text} {reference_phrase}"
    elif value > ref_value:
        gap = f"{points(other, reference)} points above the {ref_text} {reference_phrase}"
    else:
        gap = f"level with the {ref_text} {reference_phrase}"
    chance = f", near chance ({CHANCE:.0%})" if other < NEAR_CHANCE else f"; chance is {CHANCE:.0%}"
    return f"{other_label}: {text}, {gap}{chance}."


def noise_finding(r: BatchStatisticsNoise) -> str:
    small_m, large_m = COMPARED_SIZES
    spreads = dict(zip(r.sizes.tolist(), r.mean_spread))
    return (
        f"From m = {small_m} to m = {large_m} the spread of μ_B went from {spreads[small_m]:.3f} to "
        f"{spreads[large_m]:.3f}, {r.ratio:.2f} times smaller; the 1/√m law predicts "
        f"√({large_m}/{small_m}) = {np.sqrt(large_m / small_m):g}."
    )


def small_batches_finding(r: SmallBatchTraining) -> str:
    final = r.test_acc[:, -1]
    worst, best = int(np.argmin(final)), int(np.argmax(final))
    gap = float(points(final[best], final[worst]))
    verdict = (
        f"batch {r.batch_sizes[worst]} ends far below the others (more than {FAR_BELOW:.0f} points)"
        if gap > FAR_BELOW
        else f"all four batch sizes end within {gap:.1f} points of each other, so none of them fails"
    )
    return (
        f"Lowest final test accuracy: batch {r.batch_sizes[worst]}, {percent(final[worst])[0]}; highest: batch "
        f"{r.batch_sizes[best]}, {percent(final[best])[0]}; {gap:.1f} points apart: {verdict}."
    )


def small_batches_caption(r: SmallBatchTraining) -> str:
    final = r.test_acc[:, -1]
    if float(points(final.max(), final.min())) > FAR_BELOW:
        return "Look for the batch size whose accuracy stays far below the others."
    return "Compare where the lines end: how far apart are the batch sizes here?"


def coupling_finding(r: BatchCoupling) -> str:
    layer = "did not move at all" if r.layer_norm_shift == 0 else f"moved by {by_up_to(r.layer_norm_shift)}"
    batch = "did not move at all" if r.batch_norm_shift == 0 else f"moved by {by_up_to(r.batch_norm_shift)}"
    return f"Sample 0's BatchNorm output {batch}; its LayerNorm output {layer}."


def mismatch_finding(r: TrainInferenceMismatch) -> str:
    accuracy = dict(zip(r.modes, r.accuracy))
    return _drop(accuracy["running"], accuracy[r.test_batches], MODE_LABELS[r.test_batches], "in inference mode")


def learning_rates_finding(r: LearningRateTolerance) -> str:
    probe = int(np.flatnonzero(r.learning_rates == r.probe_lr)[0])
    arms = []
    for label, accs, diverged in (
        ("with BN", r.with_bn_acc, r.with_bn_diverged),
        ("without BN", r.without_bn_acc, r.without_bn_diverged),
    ):
        state = "its loss diverged" if diverged[probe] else percent(accs[probe])[0]
        trains = not diverged[probe] and accs[probe] >= r.threshold
        arms.append(f"{label} {state} ({'trains' if trains else 'does not train'})")
    return f"At lr = {r.probe_lr:g}: {' and '.join(arms)}; an arm trains above {percent(r.threshold)[0]}."


def undo_finding(r: UndoNormalization) -> str:
    steps, error = len(r.error) - 1, float(r.error[-1])
    state = "the output reproduces the input (under 1%)" if error < 0.01 else "not within 1% of the input yet"
    return (
        f"After {steps} gradient steps the largest |y − x| is {magnitude(error)} spreads σ_B: "
        f"{state}. "
        f"The first step shrank it from {r.error[0]:.3f} to {r.error[1]:.3f}, by a factor of "
        f"{r.error[1] / r.error[0]:.2f}."
    )


def non_iid_finding(r: NonIidBatches) -> str:
    name = NORMALIZATION_NAMES[r.normalization]
    return _drop(r.shuffled_acc[-1], r.by_class_acc[-1], f"{name}, one digit per batch", "with shuffled batches")


def weight_scale_finding(r: WeightScaleInvariance) -> str:
    at, one = int(np.flatnonzero(r.scales == r.scale)[0]), int(np.flatnonzero(r.scales == 1.0)[0])
    change = r.output_change[at]
    output = (
        f"BN's output changed by {by_up_to(change)}, below the {OUTPUT_CHANGED:g} that counts as visible"
        if change <= OUTPUT_CHANGED
        else f"BN's output changed by {by_up_to(change)}: its spread is {r.output_spread[at]:.2f} instead of "
        f"{r.output_spread[one]:.2f}"
    )
    ratio = r.weight_grad_norm[at] / r.weight_grad_norm[one]
    return f"At a = {r.scale:g}: {output}, and ‖∂L/∂W‖ was multiplied by {ratio:.4g} (1/a = {1 / r.scale:g})."


def running_finding(r: RunningStatistics) -> str:
    steps = r.running_mean.shape[1] - 1
    parts = []
    for momentum in (0.5, 0.01):
        i = r.momenta.index(momentum)
        arrived = f"after {r.lag[i]} steps" if r.lag[i] <= steps else f"not within {steps} steps"
        parts.append(
            f"momentum {momentum:g} came within {NEAR:.0%} of the population mean {arrived} and then wobbled with "
            f"a standard deviation of {r.noise[i]:.3f}"
        )
    return f"M{parts[0][1:]}; {parts[1]}."


FINDINGS = {
    BatchStatisticsNoise: noise_finding,
    SmallBatchTraining: small_batches_finding,
    BatchCoupling: coupling_finding,
    TrainInferenceMismatch: mismatch_finding,
    LearningRateTolerance: learning_rates_finding,
    UndoNormalization: undo_finding,
    NonIidBatches: non_iid_finding,
    WeightScaleInvariance: weight_scale_finding,
    RunningStatistics: running_finding,
}


def finding(result) -> str:
    """The measured result of any practice experiment in one sentence with its numbers."""
    return FINDINGS[type(result)](result)
