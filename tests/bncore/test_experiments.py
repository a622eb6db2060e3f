"""Every practice experiment shows, at its default settings, the effect its loop teaches; and outcomes are measured."""

import numpy as np
import pytest

from bncore.experiments.batch_composition import batches_for_mode, train_inference_mismatch
from bncore.experiments.common import classify_drop
from bncore.experiments.layer_properties import undo_normalization, weight_scale_invariance
from bncore.experiments.registry import EXPERIMENTS, run_experiment
from bncore.experiments.statistics import batch_coupling, batch_statistics_noise, running_statistics
from tests.practice_results import default_result, varied_result


def test_every_experiment_declares_its_outcomes():
    assert all(len(set(experiment.outcomes)) == 4 for experiment in EXPERIMENTS.values())


def test_unknown_experiment_is_refused():
    with pytest.raises(ValueError, match="unknown experiment"):
        run_experiment("no_such_thing")


@pytest.mark.parametrize(
    "experiment",
    [batch_statistics_noise, batch_coupling, undo_normalization, weight_scale_invariance, running_statistics],
)
def test_same_seed_same_numbers_other_seed_other_numbers(experiment):
    arrays = lambda result: [v for v in vars(result).values() if isinstance(v, np.ndarray)]  # noqa: E731
    first, again, other = experiment(seed=0), experiment(seed=0), experiment(seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(arrays(first), arrays(again)))
    assert any(not np.array_equal(a, b) for a, b in zip(arrays(first), arrays(other)))


# 1. Batch size vs noise
@pytest.mark.parametrize("population", ["normal", "skewed", "uniform"])
def test_the_spread_of_the_batch_mean_halves_from_m4_to_m16(population):
    result = batch_statistics_noise(population=population)
    assert 1.8 < result.ratio < 2.2
    assert result.outcome == "halves"
    np.testing.assert_allclose(result.mean_spread, result.mean_spread_theory, rtol=0.1)  # the 1/sqrt(m) law
    assert np.all(np.diff(result.var_spread) < 0)


# 2. Small batches
def test_batch_of_two_ends_far_below_the_others_and_noise_falls_with_batch_size():
    result = default_result("small_batches")
    final = dict(zip(result.batch_sizes, result.test_acc[:, -1]))
    assert result.outcome == "batch_2"
    assert final[2] < 0.6 and min(final[4], final[16], final[64]) > 0.9
    assert result.loss_noise[1] > result.loss_noise[2] > result.loss_noise[3]  # batches 4 > 16 > 64


def test_layer_norm_does_not_break_at_batch_two():
    result = varied_result("small_batches", "layer")
    assert result.test_acc[0, -1] > 0.9


# 3. Batch coupling
@pytest.mark.parametrize("m", [4, 8, 64])
def test_changing_another_sample_moves_batch_norm_output_only(m):
    result = batch_coupling(m=m)
    assert result.layer_norm_shift == 0.0
    assert result.batch_norm_shift > 0.1
    assert result.outcome == "batch_norm_only"


def test_coupling_weakens_as_the_batch_grows():
    assert batch_coupling(m=4).batch_norm_shift > batch_coupling(m=64).batch_norm_shift


# 4. Train/inference mismatch
def test_one_class_batches_in_training_mode_collapse_accuracy():
    result = default_result("eval_mode")
    accuracy = dict(zip(result.modes, result.accuracy))
    assert accuracy["running"] > 0.9
    assert accuracy["one_class"] < accuracy["running"] - 0.4 and result.outcome == "collapses"
    assert abs(accuracy["mixed_64"] - accuracy["running"]) < 0.05
    assert accuracy["mixed_2"] < accuracy["mixed_16"] < accuracy["mixed_64"] + 0.01
    assert "batch of one sample" in result.single_sample_error


def test_layer_norm_has_no_mismatch():
    result = train_inference_mismatch(normalization="layer")
    assert np.allclose(result.accuracy, result.accuracy[0])
    assert result.outcome == "unchanged" and result.single_sample_error is None


def test_every_test_row_is_predicted_exactly_once_in_every_mode():
    labels = np.repeat(np.arange(10), 36)[:-1]  # 359 rows, like the digits test set
    for mode in ("one_class", "mixed_2", "mixed_16", "mixed_64"):
        batches = batches_for_mode(mode, labels)
        assert sorted(np.concatenate(batches)) == list(range(len(labels)))
        assert min(len(batch) for batch in batches) >= 2


def test_unknown_test_batches_are_refused():
    with pytest.raises(ValueError, match="test_batches"):
        train_inference_mismatch(test_batches="mixed_3000000")


@pytest.mark.parametrize(
    ("reference", "other", "outcome"),
    [
        (0.97, 0.10, "collapses"),
        (0.97, 0.56, "collapses"),
        (0.97, 0.58, "drops_some"),
        (0.97, 0.91, "drops_some"),
        (0.97, 0.93, "unchanged"),
        (0.97, 1.01, "unchanged"),
        (0.90, 0.96, "improves"),
    ],
)
def test_accuracy_drops_are_classified_at_the_stated_thresholds(reference, other, outcome):
    assert classify_drop(reference, other) == outcome


# 5. Learning rates
def test_at_rate_one_only_the_batch_norm_network_trains():
    result = default_result("learning_rates")
    assert result.outcome == "batch_norm_only"
    assert np.all(result.with_bn_acc > 0.5) and not result.with_bn_diverged.any()
    assert result.without_bn_acc[result.learning_rates == 0.1][0] > 0.5  # it can train, at a small rate
    assert result.without_bn_diverged[-1]  # and the largest rate blows it up


# 6. gamma and beta undo the normalization
def test_gamma_and_beta_learn_the_batch_spread_and_mean():
    result = undo_normalization()
    np.testing.assert_allclose(result.gamma[-1], result.batch_std, rtol=1e-3)
    np.testing.assert_allclose(result.beta[-1], result.batch_mean, rtol=1e-3, atol=1e-3)
    assert result.error[-1] < 0.01 < result.error[0]
    assert result.outcome == "recovers"


@pytest.mark.parametrize(("steps", "outcome"), [(0, "stays_normalized"), (5, "partway"), (500, "recovers")])
def test_undo_outcome_follows_the_number_of_steps(steps, outcome):
    assert undo_normalization(steps=steps).outcome == outcome


# 7. Non-i.i.d. batches
def test_one_digit_batches_collapse_batch_norm_but_not_layer_norm():
    batch = default_result("non_iid")
    layer = varied_result("non_iid", "layer")
    assert batch.shuffled_acc[-1] > 0.9 and batch.outcome == "collapses"
    assert batch.by_class_acc[-1] < 0.2
    assert layer.by_class_acc[-1] > batch.by_class_acc[-1] + 0.3


# 8. Weight-scale invariance
@pytest.mark.parametrize("scale", [0.1, 10.0, 1000.0])
def test_scaling_the_weights_keeps_the_output_and_divides_the_weight_gradient(scale):
    result = weight_scale_invariance(scale=scale)
    at, one = list(result.scales).index(scale), list(result.scales).index(1.0)
    assert result.output_change[at] < 0.01
    np.testing.assert_allclose(result.weight_grad_norm[at] * scale, result.weight_grad_norm[one], rtol=1e-2)
    np.testing.assert_allclose(result.input_grad_norm[at], result.input_grad_norm[one], rtol=1e-2)
    assert result.outcome == "gradient_divided"


def test_epsilon_breaks_the_invariance_for_tiny_weights():
    result = weight_scale_invariance(scale=0.001)
    assert result.outcome == "output_changes"
    spread = dict(zip(result.scales.tolist(), result.output_spread))  # sqrt(var / (var + eps)) per unit
    assert spread[1.0] == pytest.approx(1.0, abs=1e-4) and spread[0.001] < 0.5 * spread[1.0]


# 9. Running statistics
@pytest.mark.parametrize("m", [4, 32, 256])
def test_large_momentum_arrives_sooner_and_wobbles_more(m):
    result = running_statistics(m=m)
    lag, noise = dict(zip(result.momenta, result.lag)), dict(zip(result.momenta, result.noise))
    assert lag[0.5] < lag[0.1] < lag[0.01] <= 400
    assert noise[0.5] > noise[0.1] and noise[0.5] > noise[0.01]
    assert result.outcome == "fast_and_noisy"
    assert abs(result.running_mean[-1, -1] - result.population_mean) < 0.05  # the cumulative average


def test_momentum_none_is_the_plain_average_of_the_batch_means():
    result = running_statistics(m=8, steps=50)
    rng = np.random.default_rng(0)
    batch_means = (3.0 + 2.0 * rng.standard_normal((50, 8, 1))).mean(axis=(1, 2))
    np.testing.assert_allclose(result.running_mean[-1, 1:], np.cumsum(batch_means) / np.arange(1, 51))
