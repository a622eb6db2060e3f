"""Internal covariate shift, measured: how far each hidden layer's input distribution moves while the layers below
learn (Ioffe & Szegedy, 2015, section 1), and the "noisy BN" test of that story (Santurkar et al., 2018, section 2.1,
Figure 2): inject noise after every BN layer so the inputs shift *more* than without BN, and see whether training
suffers.

The shift is measured where the next layer feels it: the input of each hidden layer's nonlinearity, in training mode
(batch statistics, and the injected noise of a noisy network, as every training step sees it), on one fixed probe
batch of training images after every epoch. For every unit j, mean_j and std_j are taken over the probe batch; the
shift of a layer from epoch k - 1 to epoch k is

    shift = mean over units j of (|mean_j(k) - mean_j(k-1)| + |std_j(k) - std_j(k-1)|) / std_j(k-1)

i.e. how far the distribution moved, in units of its own spread (so a network whose activations are tiny does not
look steady just because they are tiny). A network is measured on a copy, so the measurement never changes training.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bncore.experiments.common import WHY_CONFIG, larger_arm
from bncore.training.comparison import ARMS, arm_config
from bncore.training.config import TrainConfig
from bncore.training.history import History
from bncore.training.mlp import MLP
from bncore.training.trainer import Trainer

PROBE_SIZE = 256  # training images in the probe batch
SHIFT_FACTOR = 1.5  # one arm "shifts more" when its mean shift is more than 1.5 times the other's
NOISY_ARMS = (*ARMS, "noisy_bn")  # the noisy-BN test compares three networks
SPREAD_FLOOR = 1e-3  # a unit's spread counts as at least 0.1% of its layer's mean spread
SPEED_MARGIN = 0.03  # "trains like" another network: mean test accuracy over training within 3 points


@dataclass(frozen=True)
class ShiftRun:
    """One training run with its layer-input shift measured after every epoch."""

    history: History
    shift: np.ndarray  # (E, depth): shift of each hidden layer's input from epoch k - 1 to k (k = 1..E)

    @property
    def mean_shift(self) -> float:
        """The shift averaged over layers and epochs: one number per run."""
        return float(self.shift.mean()) if self.shift.size else 0.0


def probe_rows(n_train: int, seed: int) -> np.ndarray:
    """The rows of the fixed probe batch, (PROBE_SIZE,): training rows drawn once per seed."""
    return np.random.default_rng([seed, 6]).choice(n_train, size=min(PROBE_SIZE, n_train), replace=False)


def input_moments(model: MLP, probe: np.ndarray, noise_seed: list[int]) -> np.ndarray:
    """Each hidden layer's nonlinearity input on the probe batch, in training mode, measured on a copy of the model.

    Returns:
        (depth, 2, width): per layer, the mean (row 0) and standard deviation (row 1) of every unit over the batch.
    """
    copied = copy.deepcopy(model)  # a training-mode pass updates running statistics and draws noise
    if copied.noise is not None:
        copied.noise.rng = np.random.default_rng(noise_seed)  # the probe's own draw, not the training stream's
    copied.forward(probe, training=True)
    return np.array([[z.mean(axis=0), z.std(axis=0)] for z in copied.preactivations], dtype=np.float64)


def layer_shift(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """The shift of every layer between two measurements of ``input_moments`` (depth, 2, width) -> (depth,)."""
    floor = SPREAD_FLOOR * before[:, 1].mean(axis=1, keepdims=True) + np.finfo(np.float64).tiny  # (depth, 1)
    spread = np.maximum(before[:, 1], floor)  # (depth, width): a unit that is constant on the probe cannot divide by 0
    moved = np.abs(after[:, 0] - before[:, 0]) + np.abs(after[:, 1] - before[:, 1])
    return (moved / spread).mean(axis=1)


def shift_run(config: TrainConfig) -> ShiftRun:
    """Train ``config`` epoch by epoch, measuring the layer-input shift after each epoch.

    A run that diverges stops there; its shift has one row per completed epoch.
    """
    trainer = Trainer(config)
    probe = trainer.data[0][probe_rows(len(trainer.data[0]), config.seed)]
    moments = [input_moments(trainer.model, probe, [config.seed, 5, 0])]
    while not trainer.done:
        trainer.advance()
        if trainer.step_in_epoch == 0 and trainer.recorder.diverged_at is None:
            moments.append(input_moments(trainer.model, probe, [config.seed, 5, trainer.epoch]))
    shift = np.array([layer_shift(a, b) for a, b in itertools.pairwise(moments)]).reshape(-1, config.depth)
    return ShiftRun(trainer.history(), shift)


def _runs(
    configs: dict[str, TrainConfig],
    run: Callable[[TrainConfig], ShiftRun],
    on_run: Callable[[int, int], None] | None,
) -> dict[str, ShiftRun]:
    """``run`` every named config, reporting (runs done, runs in total) after each."""
    runs = {}
    for done, (name, config) in enumerate(configs.items(), start=1):
        runs[name] = run(config)
        if on_run is not None:
            on_run(done, len(configs))
    return runs


# Section 1: the original story ---------------------------------------------------------------------------------------

ICS_OUTCOMES = ("without_bn", "with_bn", "about_same")  # which arm's layer inputs shift more


@dataclass(frozen=True)
class InternalCovariateShift:
    runs: dict[str, ShiftRun]  # by arm, ARMS
    outcome: str  # ICS_OUTCOMES: whose layer inputs shift more (mean shift, by more than SHIFT_FACTOR)


def internal_covariate_shift(
    seed: int = 0,
    run: Callable[[TrainConfig], ShiftRun] = shift_run,
    on_run: Callable[[int, int], None] | None = None,
) -> InternalCovariateShift:
    """Train the page's network with and without BN and measure how far every layer's input moves per epoch.

    Args:
        seed: initial weights, data order, probe batch.
        run: config -> ShiftRun (a page passes a cached version).
        on_run: called with (runs done, runs in total), for a progress bar.
    """
    base = WHY_CONFIG.replace(seed=seed)
    runs = _runs({arm: arm_config(base, arm) for arm in ARMS}, run, on_run)
    outcome = larger_arm(runs["with_bn"].mean_shift, runs["without_bn"].mean_shift, SHIFT_FACTOR)
    return InternalCovariateShift(runs, outcome)


# Section 2: noisy BN --------------------------------------------------------------------------------------------------

NOISY_OUTCOMES = ("like_bn", "in_between", "like_no_bn")  # how the noisy network trains
DEFAULT_NOISE = 2.0  # the page default: the noisy inputs then shift more than without BN (tested at seeds 0, 1, 2)


@dataclass(frozen=True)
class NoisyBatchNorm:
    noise: float  # the magnitude n (TrainConfig.bn_noise) of the noisy arm
    runs: dict[str, ShiftRun]  # by arm, NOISY_ARMS
    outcome: str  # NOISY_OUTCOMES, from the mean test accuracy over training (how fast each learns)

    def speed(self, arm: str) -> float:
        return learning_speed(self.runs[arm].history)


def learning_speed(history: History) -> float:
    """Mean test accuracy over epochs 1..E: high when a network learns early and well (0 if no epoch completed)."""
    accuracy = history.test_acc[1:]
    return float(accuracy.mean()) if accuracy.size else 0.0


def noisy_arm_configs(noise: float, seed: int) -> dict[str, TrainConfig]:
    """The three networks of the noisy-BN test: plain BN, no BN, and BN with noise of magnitude ``noise``."""
    base = WHY_CONFIG.replace(seed=seed)
    return {**{arm: arm_config(base, arm) for arm in ARMS}, "noisy_bn": base.replace(bn_noise=noise)}


def noisy_batch_norm(
    noise: float = DEFAULT_NOISE,
    seed: int = 0,
    run: Callable[[TrainConfig], ShiftRun] = shift_run,
    on_run: Callable[[int, int], None] | None = None,
) -> NoisyBatchNorm:
    """Train BN, no BN and noisy BN (``noise`` > 0) and compare how their layer inputs shift and how they learn."""
    if not noise > 0:
        raise ValueError(f"noise must be positive for a noisy network, got {noise!r}")
    runs = _runs(noisy_arm_configs(noise, seed), run, on_run)
    noisy, plain_bn, no_bn = (learning_speed(runs[arm].history) for arm in ("noisy_bn", "with_bn", "without_bn"))
    if noisy >= plain_bn - SPEED_MARGIN:
        outcome = "like_bn"
    elif noisy <= no_bn + SPEED_MARGIN:
        outcome = "like_no_bn"
    else:
        outcome = "in_between"
    return NoisyBatchNorm(float(noise), runs, outcome)
