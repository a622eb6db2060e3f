"""What each section's measurement shows, in sentences built from the measured numbers, and what it does not show.

Plain Python (no Streamlit). Every direction word ("more", "about the same", "as in the paper") is decided by the
same numbers the sentence quotes, so the page can never claim what its own chart contradicts.
"""

from __future__ import annotations

import numpy as np

from bncore.experiments.covariate_shift import InternalCovariateShift, NoisyBatchNorm
from bncore.experiments.regularization import GAP_MARGIN, GeneralizationGap
from bncore.experiments.scale_invariance import ScaleCheck, WeightGrowth, effective_learning_rate
from bncore.experiments.smoothness import MEASURES, SMOOTHER_FACTOR, LossSmoothness
from bncore.training.config import TrainConfig

MEASURE_NAMES = {
    "loss_range": "loss range",
    "grad_change": "gradient change",
    "beta_smoothness": "effective β-smoothness",
}

LIMITS = {  # what each measurement does not show
    "ics": "With BN before the activation, a unit's input has mean β and spread γ on every batch by construction, "
    "so a small shift with BN is no discovery. It shows that BN steadies the layer inputs, not that steady inputs "
    "are why it trains faster: that takes an experiment that separates the two, the next one. Santurkar et al. "
    "(§2.2) also measured the shift another way, as how much a layer's gradient changes when the layers below it "
    "update, and found BN networks need not have less of it.",
    "noisy": "One small network on one data set, with noise of our own design (scale and shift per unit and step); "
    "Santurkar et al. used deep convolutional networks on CIFAR-10. It shows that this much shift did not stop "
    "this network from learning, not that shift never matters.",
    "smoothness": "These are measurements along one direction (the gradient) on one fixed batch, at a few points "
    "of training: evidence of smoothness along the path the optimizer takes, not a map of the whole landscape. "
    "The numbers depend on the step sizes; try others.",
    "regularization": "Digits is small and both networks nearly memorize its training set, so a gap of a point or "
    "two is within the noise of 360 test images. The regularization effect reported for BN is a side effect in "
    "large image models; this does not test that.",
    "scale": "Scale invariance holds for the weights right before a BN layer and up to ε (eps / a² replaces eps); "
    "the last layer, γ and β are not scale-invariant. Weight decay would pull ‖W‖ back and raise the effective "
    "learning rate again: there is none here.",
}


def times(larger: float, smaller: float) -> str:
    """ "12 times" / "1.8 times": how many times ``larger`` is ``smaller`` (an "infinitely" large ratio if 0)."""
    if smaller <= 0:
        return "infinitely many times"
    ratio = larger / smaller
    return f"{ratio:.0f} times" if ratio >= 10 else f"{ratio:.1f} times"


def ics_finding(result: InternalCovariateShift) -> str:
    bn, plain = (result.runs[arm].mean_shift for arm in ("with_bn", "without_bn"))
    first = result.runs["without_bn"].shift[0].mean() if result.runs["without_bn"].shift.size else float("nan")
    numbers = (
        f"Without BN the layer inputs moved {plain:.2f} of their own spread per epoch on average ({first:.2f} "
        f"in the first epoch); with BN {bn:.3f}."
    )
    verdict = {
        "without_bn": f" Without BN they moved {times(plain, bn)} as much: BN keeps each unit's distribution in "
        "place, as Ioffe & Szegedy intended.",
        "with_bn": f" Here they moved more with BN ({times(bn, plain)} as much), not what Ioffe & Szegedy intended.",
        "about_same": " About the same: BN made no clear difference to the shift here.",
    }[result.outcome]
    return numbers + verdict


def noisy_finding(result: NoisyBatchNorm) -> str:
    noisy, bn, plain = (result.runs[arm].mean_shift for arm in ("noisy_bn", "with_bn", "without_bn"))
    speed = {arm: result.speed(arm) for arm in result.runs}
    compared = "more than" if noisy > plain else "less than"
    shift = (
        f"With noise of magnitude {result.noise:g}, the noisy network's layer inputs moved {noisy:.2f} of their "
        f"spread per epoch: {times(noisy, bn)} plain BN's ({bn:.3f}) and {compared} without BN ({plain:.2f})."
    )
    accuracies = (
        f"mean test accuracy {speed['noisy_bn']:.1%}, against {speed['with_bn']:.1%} with plain BN and "
        f"{speed['without_bn']:.1%} without BN"
    )
    learning = {
        "like_bn": f" Yet it learned about as well as plain BN ({accuracies}): the shift did not take BN's benefit "
        "away.",
        "in_between": f" It learned worse than plain BN but better than without BN ({accuracies}): the noise cost "
        "something, not everything.",
        "like_no_bn": f" And it learned no better than without BN ({accuracies}): at this magnitude the noise "
        "drowns what the layers compute.",
    }[result.outcome]
    return shift + learning


def smoothness_finding(result: LossSmoothness) -> str:
    """Each measure's medians with and without BN, and whether its direction is the paper's (smoother with BN)."""
    parts, reproduced = [], []
    for measure in MEASURES:
        bn, plain = (result.profiles[arm].median(measure) for arm in ("with_bn", "without_bn"))
        rougher = result.rougher(measure)
        if rougher == "without_bn":
            verdict = f"{times(plain, bn)} larger without BN, as in the paper"
        elif rougher == "with_bn":
            verdict = f"{times(bn, plain)} larger with BN, the opposite of the paper"
        else:
            verdict = f"within {SMOOTHER_FACTOR:g} times of each other, so not the paper's difference"
        parts.append(f"{MEASURE_NAMES[measure]} {bn:.3g} with BN vs {plain:.3g} without ({verdict})")
        reproduced.append(rougher == "without_bn")
    text = "Medians over training: " + "; ".join(parts) + "."
    if all(reproduced):
        return text + " All three say the landscape is smoother with BN."
    missing = [MEASURE_NAMES[m] for m, ok in zip(MEASURES, reproduced) if not ok]
    return text + (
        f" The {' and the '.join(missing)} {'does' if len(missing) == 1 else 'do'} not reproduce the paper's "
        "direction on this small network at these settings."
    )


def gap_finding(result: GeneralizationGap) -> str:
    bn_gaps, plain_gaps = result.final("with_bn"), result.final("without_bn")
    at = result.batch_sizes.index(result.reference_batch)
    verdict = {
        "with_bn": "larger with BN",
        "without_bn": "larger without BN",
        "about_same": "about the same",
    }[result.outcome]
    text = (
        f"At batch size {result.reference_batch} the final gap is {bn_gaps[at]:.1%} with BN and "
        f"{plain_gaps[at]:.1%} without: {verdict}."
    )
    sizes = ", ".join(str(m) for m in result.batch_sizes)
    bn_list, plain_list = (", ".join(f"{g:.1%}" for g in gaps) for gaps in (bn_gaps, plain_gaps))
    change = bn_gaps[0] - bn_gaps[-1]  # smallest batch minus largest
    if change < -GAP_MARGIN:
        trend = "with BN the smallest batches gave the smallest gap, as the noise story predicts"
    elif change > GAP_MARGIN:
        trend = "with BN the smallest batches gave the largest gap, the opposite of the noise story"
    else:
        trend = f"with BN the gap shows no trend with batch size beyond {GAP_MARGIN:.1%}"
    return text + f" Across batch sizes {sizes}: with BN {bn_list}, without BN {plain_list}; {trend}."


def growth_finding(result: WeightGrowth) -> str:
    bn, plain = result.growth("with_bn"), result.growth("without_bn")
    effective = effective_learning_rate(result.histories["with_bn"])
    fell_to = float(np.mean(effective[-1] / effective[0]))
    verdict = {"grow": "grew", "shrink": "shrank", "steady": "stayed about the same"}[result.outcome]
    return (
        f"With BN the hidden weight norms {verdict}: by a factor of {bn.mean():.2f} on average (layer by layer "
        f"{', '.join(f'{g:.2f}' for g in bn)}), so the effective learning rate η/‖W‖² ended at {fell_to:.0%} of "
        f"its start. Without BN they changed by a factor of {plain.mean():.2f}, but there no invariance holds: a "
        "larger W changes what the network computes."
    )


def scale_finding(checks: dict[str, ScaleCheck], layer: int) -> str:
    bn, plain = checks["with_bn"], checks["without_bn"]
    a = bn.factor
    return (
        f"Hidden layer {layer + 1} scaled by a = {a:g}. With BN: L(aW) − L(W) = {bn.scaled_loss - bn.loss:+.1e} and "
        f"the gradient changed by a factor of {bn.grad_ratio:.4g} (1/a = {1 / a:.4g}). Without BN: the loss changed "
        f"by {plain.scaled_loss - plain.loss:+.1e} and the gradient by a factor of {plain.grad_ratio:.4g}."
    )


def network_description(config: TrainConfig) -> str:
    """The page's network in one sentence, from its configuration."""
    return (
        f"**The network on this page:** {config.depth} hidden layers of {config.width} {config.activation} units "
        f"({config.init} initialization), plain {config.optimizer.upper()} at η = {config.lr:g}, batches of "
        f"{config.batch_size}, {config.epochs} epochs on the digits set; with BN, a BatchNorm layer before every "
        "activation. It is chosen so that both networks train (without BN more slowly): comparing a network that "
        "does not learn with one that does would say nothing about why BN helps."
    )
