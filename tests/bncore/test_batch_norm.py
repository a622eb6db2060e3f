"""Batch-norm functions: float64 gradient checks, invariants, the two backward forms, and argument errors."""

import numpy as np
import pytest

from bncore import (
    batch_norm_backward,
    batch_norm_backward_compact,
    batch_norm_backward_steps,
    batch_norm_forward,
    batch_norm_inference,
    numerical_gradient,
    relative_error,
)

SHAPES = [(2, 3), (8, 4), (4, 3, 5, 5), (3, 2, 7)]
# With two samples per channel x_hat is +-1 whatever the input, so the gradient reaching x is only eps's doing and
# is tiny unless the spread of x is comparable to sqrt(eps): the (2, 3) case uses such a spread (and a step to match).
GRADCHECK_CASES = [((2, 3), 0.005), ((8, 4), 3.0), ((4, 3, 5, 5), 3.0), ((3, 2, 7), 3.0)]


def random_problem(rng, shape, spread=3.0):
    c = shape[1]
    x = rng.normal(2.0, spread, shape)
    gamma, beta = rng.uniform(0.5, 2.0, c), rng.normal(size=c)
    return x, gamma, beta, rng.normal(size=shape)


def per_channel_stats(a):
    axes = (0,) + tuple(range(2, a.ndim))
    return a.mean(axis=axes), a.var(axis=axes)


@pytest.mark.parametrize("shape, spread", GRADCHECK_CASES)
def test_gradients_match_central_differences(rng, shape, spread):
    x, gamma, beta, dy = random_problem(rng, shape, spread)
    _, cache = batch_norm_forward(x, gamma, beta)
    dx, dgamma, dbeta = batch_norm_backward(dy, cache)
    numeric_dx = numerical_gradient(lambda v: batch_norm_forward(v, gamma, beta)[0], x, dy, h=1e-5 * spread)
    assert relative_error(dx, numeric_dx) < 1e-7
    assert relative_error(dgamma, numerical_gradient(lambda g: batch_norm_forward(x, g, beta)[0], gamma, dy)) < 1e-7
    assert relative_error(dbeta, numerical_gradient(lambda b: batch_norm_forward(x, gamma, b)[0], beta, dy)) < 1e-7


@pytest.mark.parametrize("shape", SHAPES)
def test_step_by_step_and_closed_form_backward_agree(rng, shape):
    x, gamma, beta, dy = random_problem(rng, shape)
    _, cache = batch_norm_forward(x, gamma, beta)
    for steps, compact in zip(batch_norm_backward(dy, cache), batch_norm_backward_compact(dy, cache)):
        np.testing.assert_allclose(steps, compact, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("shape", SHAPES)
def test_dx_sums_to_zero_and_is_orthogonal_to_x_hat(rng, shape):
    x, gamma, beta, dy = random_problem(rng, shape)
    _, cache = batch_norm_forward(x, gamma, beta)
    grads = batch_norm_backward_steps(dy, cache)
    axes = cache.axes
    np.testing.assert_allclose(grads.dx.sum(axis=axes), 0, atol=1e-10)
    # Orthogonal up to eps: sum(x_hat**2) is m * var / (var + eps), not quite m.
    inv_std = 1 / np.sqrt(cache.var + cache.eps)
    leftover = gamma * inv_std * grads.dgamma * cache.eps / (cache.var + cache.eps)
    np.testing.assert_allclose((grads.dx * cache.x_hat).sum(axis=axes), leftover, atol=1e-12)
    _, cache_no_eps = batch_norm_forward(x, gamma, beta, eps=1e-300)
    dx_no_eps = batch_norm_backward_steps(dy, cache_no_eps).dx
    np.testing.assert_allclose((dx_no_eps * cache_no_eps.x_hat).sum(axis=axes), 0, atol=1e-10)
    np.testing.assert_allclose(grads.dx_hat, dy * gamma.reshape(cache.gamma.shape))


@pytest.mark.parametrize("shape", SHAPES)
def test_normalized_output_has_zero_mean_unit_variance_per_channel(rng, shape):
    x, _, _, _ = random_problem(rng, shape)
    y, cache = batch_norm_forward(x)
    mean, var = per_channel_stats(y)
    np.testing.assert_allclose(mean, 0, atol=1e-12)
    np.testing.assert_allclose(var, cache.var / (cache.var + 1e-5), rtol=1e-12)  # 1 up to eps
    np.testing.assert_allclose(var, 1, atol=1e-5)


@pytest.mark.parametrize("shape", SHAPES)
def test_gamma_and_beta_set_any_mean_and_std(rng, shape):
    x, _, _, _ = random_problem(rng, shape)
    target_mean, target_std = rng.normal(size=shape[1]) * 10, rng.uniform(0.1, 5, shape[1])
    y, _ = batch_norm_forward(x, target_std, target_mean, eps=1e-12)
    mean, var = per_channel_stats(y)
    np.testing.assert_allclose(mean, target_mean, atol=1e-10)
    np.testing.assert_allclose(np.sqrt(var), target_std, rtol=1e-9)


def test_gamma_sigma_beta_mu_recovers_the_input(rng):
    x = rng.normal(5.0, 3.0, (16, 3))
    _, cache = batch_norm_forward(x)
    y, _ = batch_norm_forward(x, np.sqrt(cache.var + 1e-5), cache.mean)
    np.testing.assert_allclose(y, x, rtol=1e-12)


def test_statistics_are_biased_and_per_channel_over_batch_and_space(rng):
    x = rng.normal(size=(4, 3, 5, 5))
    _, cache = batch_norm_forward(x)
    np.testing.assert_allclose(cache.mean, x.mean(axis=(0, 2, 3)))
    np.testing.assert_allclose(cache.var, x.var(axis=(0, 2, 3), ddof=0))
    assert cache.count == 4 * 25


def test_constant_feature_gives_finite_output_equal_to_beta():
    x = np.column_stack([np.full(8, 0.1), np.arange(8.0)])
    beta = np.array([0.7, -0.2])
    y, cache = batch_norm_forward(x, np.array([3.0, 1.0]), beta)
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y[:, 0], 0.7, atol=1e-9)
    assert cache.var[0] < 1e-30


def test_without_eps_a_constant_feature_would_divide_by_zero():
    """The reason eps exists: eps must be positive, and any positive eps keeps the constant feature finite."""
    with pytest.raises(ValueError, match="eps"):
        batch_norm_forward(np.ones((4, 1)), eps=0.0)
    for eps in (1e-8, 1e-5, 1e-1):
        y, _ = batch_norm_forward(np.ones((4, 1)), eps=eps)
        assert np.all(y == 0)


def test_inference_uses_running_statistics_and_accepts_one_sample(rng):
    x = rng.normal(size=(1, 3))
    mean, var = np.array([1.0, -2.0, 0.5]), np.array([4.0, 0.25, 1.0])
    gamma, beta = np.array([2.0, 1.0, 0.5]), np.array([0.0, 1.0, -1.0])
    y = batch_norm_inference(x, gamma, beta, mean, var, eps=1e-5)
    np.testing.assert_allclose(y, gamma * (x - mean) / np.sqrt(var + 1e-5) + beta, rtol=1e-14)


@pytest.mark.parametrize("shape", [(1, 4), (1, 3, 1, 1), (1, 2, 1)])
def test_training_with_one_value_per_channel_raises(shape):
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        batch_norm_forward(np.ones(shape))


def test_one_sample_with_spatial_extent_trains(rng):
    y, cache = batch_norm_forward(rng.normal(size=(1, 3, 2, 2)))
    assert cache.count == 4 and np.all(np.isfinite(y))


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"x": np.ones(5)}, "x"),
        ({"x": np.ones((0, 3))}, "x"),
        ({"x": np.array([["a", "b"]])}, "x"),
        ({"gamma": np.ones(3)}, "gamma"),
        ({"beta": np.ones((4, 1))}, "beta"),
        ({"eps": -1e-5}, "eps"),
        ({"eps": float("nan")}, "eps"),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_argument(kwargs, argument):
    args = {"x": np.arange(8.0).reshape(2, 4), "gamma": None, "beta": None, "eps": 1e-5} | kwargs
    with pytest.raises(ValueError, match=argument):
        batch_norm_forward(args["x"], args["gamma"], args["beta"], args["eps"])


def test_inference_needs_running_statistics_of_the_right_shape():
    with pytest.raises(ValueError, match="running_var"):
        batch_norm_inference(np.ones((2, 3)), None, None, np.zeros(3), np.ones(2))


def test_float32_stays_float32(rng):
    x = rng.normal(size=(8, 4)).astype(np.float32)
    y, cache = batch_norm_forward(x, np.ones(4, np.float32), np.zeros(4, np.float32))
    dx, dgamma, _ = batch_norm_backward_compact(np.ones_like(y), cache)
    assert y.dtype == dx.dtype == dgamma.dtype == np.float32


def test_numerical_gradient_works_on_a_non_contiguous_input(rng):
    x = rng.normal(size=(4, 3)).T  # (3, 4), a transposed view
    assert not x.flags.c_contiguous
    np.testing.assert_allclose(numerical_gradient(lambda v: v**2, x, np.ones_like(x)), 2 * x, rtol=1e-8)
