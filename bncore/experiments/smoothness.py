"""The smoothness of the loss landscape along the training path (Santurkar et al., 2018, section 3.1, Figure 4).

At regular points of training, stand at the current parameters theta with gradient g = dL/dtheta on one fixed
training batch, step along the gradient by several step sizes eta, and measure at every theta - eta * g:

    loss_range       max - min of L over the start and the steps           (Figure 4a, "loss landscape")
    grad_change      max over eta of ||g(theta - eta g) - g(theta)||        (Figure 4b, "gradient predictiveness")
    beta_smoothness  max over eta of ||g(theta - eta g) - g(theta)|| / ||eta g(theta)||
                     the largest gradient change per distance moved     (Figure 4c, "effective beta-smoothness")

Small values mean a smooth landscape: the gradient stays predictive over a step, so larger steps are safe. theta is
every learnable array (weights, biases, gamma, beta); the loss is in training mode (batch statistics), without
the injected noise of a noisy network, so the landscape measured is the network's own. Each measurement works on a
copy of the network, so measuring never changes training.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bncore.data.datasets import load_dataset
from bncore.experiments.common import WHY_CONFIG, larger_arm
from bncore.training.comparison import ARMS, arm_config
from bncore.training.config import TrainConfig
from bncore.training.loss import softmax_cross_entropy
from bncore.training.mlp import MLP
from bncore.training.trainer import Trainer, batch_slices

DEFAULT_EVERY = 10  # steps between measurements
DEFAULT_STEP_SIZES = (0.15, 0.3, 0.6, 1.2)  # half to four times the page network's learning rate, 0.3
SMOOTHER_FACTOR = 1.5  # one arm's measure is "larger" when it is more than 1.5 times the other's (medians)
MEASURES = ("loss_range", "grad_change", "beta_smoothness")


@dataclass(frozen=True)
class SmoothnessProfile:
    """The three measures at every measured step of one run (arrays of the same length)."""

    steps: np.ndarray  # (M,) optimizer steps done when measured: 0, every, 2 every, ...
    loss_range: np.ndarray  # (M,)
    grad_change: np.ndarray  # (M,)
    beta_smoothness: np.ndarray  # (M,)

    def median(self, measure: str) -> float:
        """The median of one of MEASURES over training (nan if nothing was measured)."""
        values = getattr(self, measure)
        return float(np.median(values)) if values.size else float("nan")


def check_smoothness_settings(every, step_sizes) -> None:
    """ValueError unless ``every`` is a positive integer and ``step_sizes`` a non-empty tuple of positive numbers."""
    if isinstance(every, bool) or not isinstance(every, int) or every < 1:
        raise ValueError(f"every must be a positive whole number of steps, got {every!r}")
    if not isinstance(step_sizes, tuple) or not step_sizes:
        raise ValueError(f"step_sizes must be a non-empty tuple of numbers, got {step_sizes!r}")
    for eta in step_sizes:
        if isinstance(eta, bool) or not isinstance(eta, (int, float)) or not (0 < eta < math.inf):
            raise ValueError(f"every step size must be a positive number, got {eta!r}")


def loss_and_gradient(model: MLP, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """The training-mode loss on (x, y) and its gradient, every parameter flattened into one float64 vector."""
    loss, dlogits = softmax_cross_entropy(model.forward(x, training=True), y)
    model.backward(dlogits)
    return loss, np.concatenate([g.ravel() for g in model.grads()]).astype(np.float64)


def measure_along_gradient(model: MLP, x: np.ndarray, y: np.ndarray, step_sizes: tuple[float, ...]) -> np.ndarray:
    """(loss_range, grad_change, beta_smoothness) at the model's current parameters, on a copy of the model."""
    probe = copy.deepcopy(model)
    probe.noise = None  # the landscape of the network itself, not of one noise draw
    params = probe.parameters()
    start = [p.copy() for p in params]
    loss, grad = loss_and_gradient(probe, x, y)
    grads = [g.copy() for g in probe.grads()]  # per parameter, to move along
    grad_norm = float(np.linalg.norm(grad))
    losses, changes, betas = [loss], [], []
    for eta in step_sizes:
        for p, p0, g in zip(params, start, grads):
            p[...] = p0 - eta * g
        moved_loss, moved_grad = loss_and_gradient(probe, x, y)
        change = float(np.linalg.norm(moved_grad - grad))
        losses.append(moved_loss)
        changes.append(change)
        betas.append(change / (eta * grad_norm) if grad_norm > 0 else 0.0)
    return np.array([max(losses) - min(losses), max(changes), max(betas)])


def training_steps(config: TrainConfig) -> int:
    """How many optimizer steps a whole run of ``config`` takes."""
    n_train = len(load_dataset(config.dataset, seed=config.seed)[1])
    return config.epochs * len(batch_slices(n_train, config.batch_size))


def _advance(trainer: Trainer, steps: int) -> None:
    """Run ``steps`` optimizer steps across epoch ends (fewer if training ends or diverges)."""
    target = len(trainer.recorder.step_loss) + steps
    while not trainer.done and len(trainer.recorder.step_loss) < target:
        trainer.advance(target - len(trainer.recorder.step_loss))


def smoothness_profile(config: TrainConfig, every: int, step_sizes: tuple[float, ...]) -> SmoothnessProfile:
    """Train ``config``, measuring the landscape along the gradient every ``every`` steps (from step 0).

    The fixed batch is ``config.batch_size`` training rows drawn from ``config.seed``. A run that diverges is
    measured up to its last finite step.
    """
    check_smoothness_settings(every, step_sizes)
    trainer = Trainer(config)
    X_train, y_train = trainer.data[0], trainer.data[1]
    rows = np.random.default_rng([config.seed, 8]).choice(len(X_train), size=config.batch_size, replace=False)
    x, y = X_train[rows], y_train[rows]
    total = config.epochs * trainer.steps_per_epoch
    steps, measured = [], []
    for step in range(0, total + 1, every):
        _advance(trainer, step - len(trainer.recorder.step_loss))
        if len(trainer.recorder.step_loss) < step:  # stopped early: diverged
            break
        steps.append(step)
        measured.append(measure_along_gradient(trainer.model, x, y, tuple(float(s) for s in step_sizes)))
    values = np.array(measured).reshape(-1, len(MEASURES))
    return SmoothnessProfile(np.array(steps), values[:, 0], values[:, 1], values[:, 2])


# Section 2: the smoothness comparison --------------------------------------------------------------------------------

SMOOTHNESS_OUTCOMES = ("without_bn", "with_bn", "about_same")  # whose loss varies more along the gradient


@dataclass(frozen=True)
class LossSmoothness:
    every: int
    step_sizes: tuple[float, ...]
    profiles: dict[str, SmoothnessProfile]  # by arm, ARMS

    @property
    def outcome(self) -> str:
        """SMOOTHNESS_OUTCOMES: whose median loss range is larger (by more than SMOOTHER_FACTOR)."""
        return self.rougher("loss_range")

    def rougher(self, measure: str) -> str:
        """ "with_bn", "without_bn" or "about_same": whose median ``measure`` is larger by SMOOTHER_FACTOR."""
        medians = {arm: self.profiles[arm].median(measure) for arm in ARMS}
        return larger_arm(medians["with_bn"], medians["without_bn"], SMOOTHER_FACTOR)


def loss_smoothness(
    every: int = DEFAULT_EVERY,
    step_sizes: tuple[float, ...] = DEFAULT_STEP_SIZES,
    seed: int = 0,
    profile: Callable[[TrainConfig, int, tuple[float, ...]], SmoothnessProfile] = smoothness_profile,
    on_run: Callable[[int, int], None] | None = None,
) -> LossSmoothness:
    """The smoothness profile of the page's network with and without BN.

    Args:
        profile: (config, every, step_sizes) -> SmoothnessProfile (a page passes a cached version).
        on_run: called with (runs done, runs in total), for a progress bar.
    """
    check_smoothness_settings(every, step_sizes)
    base = WHY_CONFIG.replace(seed=seed)
    profiles = {}
    for done, arm in enumerate(ARMS, start=1):
        profiles[arm] = profile(arm_config(base, arm), every, step_sizes)
        if on_run is not None:
            on_run(done, len(ARMS))
    return LossSmoothness(every, tuple(step_sizes), profiles)
