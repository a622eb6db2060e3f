"""The engine behind the "Why does it work?" page: noisy BN, the layer-input shift, smoothness_profile, the
generalization gap and scale invariance. Runs of the page's network are shared with the page's tests
(tests/why_results.py)."""

import copy

import numpy as np
import pytest

from bncore import SmoothnessProfile, TrainConfig, Trainer, smoothness_profile, train
from bncore.data.datasets import load_dataset, num_classes
from bncore.experiments import covariate_shift, regularization, scale_invariance
from bncore.experiments.common import WHY_CONFIG
from bncore.norm.gradcheck import numerical_gradient, relative_error
from bncore.training.loss import softmax_cross_entropy
from bncore.training.mlp import MLP
from bncore.training.noise import BatchNormNoise
from tests.why_results import SEEDS, cached_run, results

TINY = TrainConfig(dataset="blobs", depth=2, width=8, epochs=2, batch_size=100, lr=0.1)


# Noisy BN -------------------------------------------------------------------------------------------------------------


def test_noise_of_magnitude_zero_is_plain_batch_norm_bit_for_bit():
    """Training through the noise path at magnitude 0 (forward and backward) gives plain BN's run bit for bit; the
    config's default 0 builds no noise at all."""
    assert TINY.bn_noise == 0.0 and Trainer(TINY).model.noise is None
    plain = train(TINY)
    trainer, noise = Trainer(TINY), BatchNormNoise(0.0, np.random.default_rng(1))
    trainer.model.noise = noise
    zero = trainer.run_to_end().history()
    assert sorted(noise.scales) == list(range(TINY.depth))  # every layer's output went through the noise
    for name in ("step_loss", "test_acc", "gamma", "running_var", "weight_norm"):
        np.testing.assert_array_equal(getattr(zero, name), getattr(plain, name), err_msg=name)
    y = np.random.default_rng(0).standard_normal((16, 8)).astype(np.float32)
    np.testing.assert_array_equal(BatchNormNoise(0.0, np.random.default_rng(1)).forward(y, 0), y)


def test_noise_changes_training_only_and_is_deterministic_by_seed():
    noisy = train(TINY.replace(bn_noise=1.0))
    again = train(TINY.replace(bn_noise=1.0))
    np.testing.assert_array_equal(noisy.step_loss, again.step_loss)
    assert not np.array_equal(noisy.step_loss, train(TINY).step_loss)
    model = MLP(TINY.replace(bn_noise=1.0), 2, 4)
    x = np.random.default_rng(2).standard_normal((10, 2)).astype(np.float32)
    np.testing.assert_array_equal(model.forward(x, training=False), model.forward(x, training=False))


@pytest.mark.parametrize("placement", ["before_activation", "after_activation"])
def test_backward_through_the_noise_matches_a_central_difference(placement):
    """With the noise draw held fixed, dL/dW of the noisy network is the derivative of its loss (float64)."""
    config = TINY.replace(bn_noise=1.5, bn_placement=placement, activation="tanh")
    model = MLP(config, 2, 4, dtype=np.float64)
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal((12, 2)), rng.integers(0, 4, 12)

    def loss(weights: np.ndarray) -> np.ndarray:
        model.weights[0] = weights
        model.noise.rng = np.random.default_rng(9)  # the same draw every time
        return np.array(softmax_cross_entropy(model.forward(x, training=True), y)[0])

    start = model.weights[0].copy()
    model.noise.rng = np.random.default_rng(9)
    _, dlogits = softmax_cross_entropy(model.forward(x, training=True), y)
    model.backward(dlogits)
    analytic = model.hidden_weight_grads()[0].copy()
    numeric = numerical_gradient(loss, start.copy(), np.array(1.0))
    assert relative_error(analytic, numeric) < 1e-7


def test_bad_noise_magnitudes_are_refused():
    for bad in (-0.1, 5.5, float("nan"), "1", True):
        with pytest.raises(ValueError, match="bn_noise"):
            TINY.replace(bn_noise=bad)


# The layer-input shift ------------------------------------------------------------------------------------------------


def test_shift_of_unchanged_moments_is_zero_and_is_measured_in_units_of_spread():
    before = np.stack([np.zeros((2, 3)), np.full((2, 3), 2.0)], axis=1)  # (depth 2, 2, width 3): mean 0, std 2
    np.testing.assert_array_equal(covariate_shift.layer_shift(before, before), [0.0, 0.0])
    after = before.copy()
    after[0, 0] += 1.0  # layer 0's means move by 1 = half a spread
    np.testing.assert_allclose(covariate_shift.layer_shift(before, after), [0.5, 0.0])


def test_measuring_the_shift_does_not_change_training():
    config = TINY.replace(bn_noise=1.0)
    np.testing.assert_array_equal(covariate_shift.shift_run(config).history.step_loss, train(config).step_loss)
    assert covariate_shift.shift_run(config).shift.shape == (config.epochs, config.depth)


@pytest.mark.parametrize("seed", SEEDS)
def test_at_the_page_network_both_arms_train_without_bn_more_slowly(seed):
    """What the page states of its network (ui.why.narrative.network_description): both arms learn (chance is 10%),
    the one without BN more slowly."""
    runs = results(seed)["ics"].runs
    for arm in ("with_bn", "without_bn"):
        assert runs[arm].history.test_acc[-1] > 0.8, arm
    speed = {arm: covariate_shift.learning_speed(run.history) for arm, run in runs.items()}
    assert speed["without_bn"] < speed["with_bn"] - 0.05


@pytest.mark.parametrize("seed", SEEDS)
def test_without_bn_the_layer_inputs_shift_far_more(seed):
    result = results(seed)["ics"]
    assert result.outcome == "without_bn"
    assert result.runs["without_bn"].mean_shift > 10 * result.runs["with_bn"].mean_shift


@pytest.mark.parametrize("seed", SEEDS)
def test_noisy_bn_at_the_page_default_shifts_more_yet_learns_like_bn(seed):
    result = results(seed)["noisy"]
    shift = {arm: run.mean_shift for arm, run in result.runs.items()}
    assert shift["noisy_bn"] > shift["with_bn"] and shift["noisy_bn"] > shift["without_bn"]
    assert result.outcome == "like_bn"
    assert result.speed("noisy_bn") > result.speed("without_bn") + 0.05


def test_a_noisy_test_needs_noise():
    with pytest.raises(ValueError, match="noise must be positive"):
        covariate_shift.noisy_batch_norm(noise=0.0, run=cached_run)


# smoothness_profile ---------------------------------------------------------------------------------------------------


def test_smoothness_profile_on_a_tiny_config_by_hand():
    """Step 0 measured by hand: a fresh network of the config, the fixed batch, theta - eta g for every eta."""
    every, step_sizes = 5, (0.1, 0.5)
    profile = smoothness_profile(TINY, every, step_sizes)
    X_train, y_train, _, _ = load_dataset(TINY.dataset, seed=TINY.seed)
    rows = np.random.default_rng([TINY.seed, 8]).choice(len(X_train), size=TINY.batch_size, replace=False)
    x, y = X_train[rows], y_train[rows]
    model = MLP(TINY, X_train.shape[1], num_classes(TINY.dataset))

    def loss_and_flat_gradient(m):
        loss, dlogits = softmax_cross_entropy(m.forward(x, training=True), y)
        m.backward(dlogits)
        return loss, [g.copy() for g in m.grads()]

    loss0, grads0 = loss_and_flat_gradient(copy.deepcopy(model))
    flat0 = np.concatenate([g.ravel() for g in grads0]).astype(np.float64)
    losses, changes = [loss0], []
    for eta in step_sizes:
        moved = copy.deepcopy(model)
        for p, g in zip(moved.parameters(), grads0):
            p -= eta * g
        loss, grads = loss_and_flat_gradient(moved)
        losses.append(loss)
        changes.append(np.linalg.norm(np.concatenate([g.ravel() for g in grads]).astype(np.float64) - flat0))
    betas = [c / (eta * np.linalg.norm(flat0)) for c, eta in zip(changes, step_sizes)]
    steps_in_all = TINY.epochs * len(range(0, len(X_train), TINY.batch_size))
    np.testing.assert_array_equal(profile.steps, np.arange(0, steps_in_all + 1, every))
    assert profile.loss_range[0] == pytest.approx(max(losses) - min(losses), rel=1e-6)
    assert profile.grad_change[0] == pytest.approx(max(changes), rel=1e-6)
    assert profile.beta_smoothness[0] == pytest.approx(max(betas), rel=1e-6)
    assert isinstance(profile, SmoothnessProfile)
    assert len(profile.loss_range) == len(profile.grad_change) == len(profile.beta_smoothness) == len(profile.steps)


@pytest.mark.parametrize(
    "every, step_sizes, message",
    [
        (0, (0.1,), "every must be a positive whole number"),
        (2.5, (0.1,), "every must be a positive whole number"),
        (5, (), "non-empty tuple"),
        (5, [0.1], "non-empty tuple"),
        (5, (0.1, -1.0), "positive number"),
        (5, (float("inf"),), "positive number"),
        (5, ("0.1",), "positive number"),
    ],
)
def test_smoothness_profile_refuses_bad_settings(every, step_sizes, message):
    with pytest.raises(ValueError, match=message):
        smoothness_profile(TINY, every, step_sizes)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_loss_varies_more_along_the_gradient_without_bn(seed):
    result = results(seed)["smoothness"]
    assert result.outcome == "without_bn"
    assert result.rougher("grad_change") in ("without_bn", "about_same")


# The generalization gap and scale invariance --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_the_gap_is_measured_at_every_batch_size(seed):
    result = results(seed)["regularization"]
    for arm in ("with_bn", "without_bn"):
        gaps = result.final(arm)
        assert gaps.shape == (len(result.batch_sizes),) and np.all(np.abs(gaps) < 0.2)
    bn, plain = (regularization.final_gap(result.at_reference(arm)) for arm in ("with_bn", "without_bn"))
    expected = "with_bn" if bn > plain + 0.015 else "without_bn" if plain > bn + 0.015 else "about_same"
    assert result.outcome == expected


def test_the_gap_needs_the_reference_batch_size():
    with pytest.raises(ValueError, match="must include"):
        regularization.generalization_gap(batch_sizes=(16, 32), run=cached_run)


@pytest.mark.parametrize("factor", [0.25, 4.0, 10.0, 1000.0])
def test_scaling_the_weights_before_bn_keeps_the_loss_and_divides_the_gradient(factor):
    """L(aW) = L(W) to float64 precision (eps made negligible) and dL/dW at aW = (1/a) dL/dW at W."""
    config = WHY_CONFIG
    X_train, y_train, _, _ = load_dataset(config.dataset)
    rows = covariate_shift.probe_rows(len(y_train), 0)
    x, y = X_train[rows].astype(np.float64), y_train[rows]
    model = MLP(config, X_train.shape[1], 10, dtype=np.float64)
    for norm in model.norms:
        norm.eps = 1e-300  # var + eps == var in float64: the invariance is then exact up to rounding
    for layer in range(config.depth):
        loss, grad = scale_invariance.scaled_loss_and_gradient(model, x, y, layer, 1.0)
        scaled_loss, scaled_grad = scale_invariance.scaled_loss_and_gradient(model, x, y, layer, factor)
        assert abs(scaled_loss - loss) < 1e-12
        np.testing.assert_allclose(scaled_grad, grad / factor, rtol=1e-9, atol=1e-14)


def test_the_live_check_shows_invariance_with_bn_only():
    checks = scale_invariance.scale_check(10.0)
    assert abs(checks["with_bn"].scaled_loss - checks["with_bn"].loss) < 1e-5  # up to eps
    assert checks["with_bn"].grad_ratio == pytest.approx(0.1, rel=1e-4)
    assert abs(checks["without_bn"].scaled_loss - checks["without_bn"].loss) > 1e-3
    with pytest.raises(ValueError, match="factor"):
        scale_invariance.scale_check(0.0)
    with pytest.raises(ValueError, match="layer"):
        scale_invariance.scale_check(2.0, layer=4)


@pytest.mark.parametrize("seed", SEEDS)
def test_bn_weights_grow_under_plain_sgd_so_the_effective_learning_rate_falls(seed):
    result = results(seed)["scale"]
    assert result.outcome == "grow"
    assert np.all(result.growth("with_bn") > 1.0)
    effective = scale_invariance.effective_learning_rate(result.histories["with_bn"])
    assert np.all(effective[-1] < effective[0])


def test_history_records_each_hidden_layers_weight_norm():
    history = cached_run(WHY_CONFIG).history
    model = MLP(WHY_CONFIG, 64, 10)
    np.testing.assert_allclose(history.weight_norm[0], [np.linalg.norm(w) for w in model.weights[:-1]], rtol=1e-6)
    assert history.weight_norm.shape == (WHY_CONFIG.epochs + 1, WHY_CONFIG.depth)
