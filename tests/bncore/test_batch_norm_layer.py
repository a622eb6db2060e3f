"""The BatchNorm layer: PyTorch's running-statistic conventions, modes, options and argument errors."""

import numpy as np
import pytest

from bncore import BatchNorm, numerical_gradient, relative_error


def test_starts_like_pytorch():
    layer = BatchNorm(3)
    np.testing.assert_array_equal(layer.gamma, 1)
    np.testing.assert_array_equal(layer.beta, 0)
    np.testing.assert_array_equal(layer.running_mean, 0)
    np.testing.assert_array_equal(layer.running_var, 1)
    assert layer.num_batches_tracked == 0 and layer.momentum == 0.1 and layer.eps == 1e-5


def test_running_update_uses_momentum_and_the_unbiased_variance(rng):
    layer = BatchNorm(2, momentum=0.1)
    x = rng.normal([1.0, -3.0], [2.0, 0.5], (5, 2))
    layer.forward(x, training=True)
    np.testing.assert_allclose(layer.running_mean, 0.9 * 0 + 0.1 * x.mean(axis=0))
    np.testing.assert_allclose(layer.running_var, 0.9 * 1 + 0.1 * x.var(axis=0, ddof=1))
    assert layer.num_batches_tracked == 1


def test_momentum_none_is_a_cumulative_average(rng):
    layer = BatchNorm(3, momentum=None)
    batches = [rng.normal(size=(4, 3)) + k for k in range(5)]
    for b in batches:
        layer.forward(b, training=True)
    np.testing.assert_allclose(layer.running_mean, np.mean([b.mean(axis=0) for b in batches], axis=0))
    np.testing.assert_allclose(layer.running_var, np.mean([b.var(axis=0, ddof=1) for b in batches], axis=0))


def test_running_statistics_converge_to_the_population(rng):
    layer = BatchNorm(1, momentum=0.1)
    for _ in range(300):
        layer.forward(rng.normal(4.0, 2.0, (64, 1)), training=True)
    assert abs(layer.running_mean[0] - 4.0) < 0.15
    assert abs(layer.running_var[0] - 4.0) < 0.4


def test_inference_mode_uses_running_statistics_and_leaves_them_alone(rng):
    layer = BatchNorm(2)
    layer.forward(rng.normal(size=(8, 2)), training=True)
    before = (layer.running_mean.copy(), layer.running_var.copy(), layer.num_batches_tracked)
    x = rng.normal(size=(1, 2))  # one sample is fine in inference
    y = layer.forward(x, training=False)
    np.testing.assert_allclose(y, (x - before[0]) / np.sqrt(before[1] + 1e-5))
    np.testing.assert_array_equal(layer.running_mean, before[0])
    assert layer.num_batches_tracked == before[2]


def test_inference_output_differs_from_training_output_early_on(rng):
    layer = BatchNorm(2)
    x = rng.normal(10.0, 3.0, (16, 2))
    train_y = layer.forward(x, training=True)
    eval_y = layer.forward(x, training=False)
    assert np.abs(train_y - eval_y).max() > 1.0  # running stats have moved only 10% of the way


def test_without_running_statistics_inference_uses_the_batch(rng):
    layer = BatchNorm(3, track_running_stats=False)
    x = rng.normal(size=(6, 3))
    np.testing.assert_allclose(layer.forward(x, training=False), layer.forward(x, training=True))
    assert layer.running_mean is None and layer.num_batches_tracked == 0
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        layer.forward(x[:1], training=False)


def test_affine_false_has_no_learnable_parameters(rng):
    layer = BatchNorm(3, affine=False)
    assert layer.gamma is None and layer.beta is None and layer.parameters() == []
    y = layer.forward(rng.normal(2, 3, (6, 3)), training=True)
    layer.backward(np.ones_like(y))
    assert layer.dgamma is None
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=1e-12)


@pytest.mark.parametrize("shape", [(1, 3), (1, 3, 1, 1)])
def test_training_on_one_value_per_channel_raises(shape):
    layer = BatchNorm(3)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        layer.forward(np.ones(shape), training=True)
    assert layer.num_batches_tracked == 0


def test_one_image_with_several_pixels_trains(rng):
    layer = BatchNorm(3)
    layer.forward(rng.normal(size=(1, 3, 4, 4)), training=True)
    assert layer.num_batches_tracked == 1


@pytest.mark.parametrize("shape", [(2, 3), (8, 3), (4, 3, 5, 5)])
@pytest.mark.parametrize("training", [True, False])
def test_backward_in_both_modes_matches_central_differences(rng, training, shape):
    layer = BatchNorm(3)
    layer.gamma[:] = [0.5, 2.0, 1.5]
    layer.forward(rng.normal(size=(6, 3)), training=True)  # move the running statistics away from 0 / 1
    # With two samples the output is +-1 whatever x is and only eps keeps dx from zero: draw them close together.
    spread = 0.01 if shape[0] == 2 else 2.0
    x, dy = rng.normal(1.0, spread, shape), rng.normal(size=shape)

    def f(v):
        probe = BatchNorm(3, momentum=0.0)
        probe.gamma, probe.beta = layer.gamma, layer.beta
        probe.running_mean, probe.running_var = layer.running_mean, layer.running_var
        return probe.forward(v, training=training)

    layer.forward(x, training=training)
    dx = layer.backward(dy)
    assert relative_error(dx, numerical_gradient(f, x.copy(), dy, h=1e-5 * spread)) < 1e-7
    gamma, beta = layer.gamma.copy(), layer.beta.copy()

    def with_gamma(g):
        layer.gamma = g
        return f(x)

    def with_beta(b):
        layer.beta = b
        return f(x)

    assert relative_error(layer.dgamma, numerical_gradient(with_gamma, gamma.copy(), dy)) < 1e-7
    assert relative_error(layer.dbeta, numerical_gradient(with_beta, beta.copy(), dy)) < 1e-7


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"num_features": 0}, "num_features"),
        ({"eps": 0.0}, "eps"),
        ({"momentum": 1.5}, "momentum"),
        ({"momentum": -0.1}, "momentum"),
        ({"eps": True}, "eps"),
        ({"momentum": "0.1"}, "momentum"),
    ],
)
def test_bad_constructor_arguments_name_the_argument(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        BatchNorm(**({"num_features": 3} | kwargs))


def test_numpy_scalars_are_accepted_like_python_numbers():
    layer = BatchNorm(3, eps=np.float32(1e-3), momentum=np.float64(0.2))
    assert (layer.eps, layer.momentum) == (pytest.approx(1e-3), 0.2)
    assert type(layer.eps) is float and type(layer.momentum) is float


def test_wrong_channel_count_is_rejected():
    with pytest.raises(ValueError, match=r"shape \(N, 3"):
        BatchNorm(3).forward(np.ones((4, 2)), training=True)
