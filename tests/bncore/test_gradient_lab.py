"""The gradient-flow lab's engine: upstream gradients, the three paths of dx, broken backward passes caught by the
gradient check, float32 against float64, and the projection property of dx (exact, eps term included)."""

import numpy as np
import pytest

from bncore import batch_norm_backward_steps, batch_norm_forward, make_feature_batch
from bncore.experiments.gradient_flow import (
    FAIL_ABOVE,
    PASS_BELOW,
    broken_backward,
    check_gradients,
    dx_paths,
    projection_check,
    upstream_gradient,
    verdict,
)


def problem(m=8, d=3, seed=0):
    x = make_feature_batch(m, d, seed=seed)
    rng = np.random.default_rng(seed)
    gamma, beta = rng.uniform(0.5, 2.0, d), rng.normal(size=d)
    return x, gamma, beta, np.round(rng.standard_normal((m, d)), 2)


def test_upstream_gradients():
    y = np.arange(6.0).reshape(3, 2)
    random = upstream_gradient("random", y, seed=3)
    np.testing.assert_array_equal(random, upstream_gradient("random", y, seed=3))  # seeded
    assert random.shape == y.shape and not np.array_equal(random, upstream_gradient("random", y, seed=4))
    np.testing.assert_array_equal(random, np.round(random, 2))
    np.testing.assert_array_equal(upstream_gradient("sum_of_squares", y), 2 * y)
    one_hot = upstream_gradient("one_hot", y, position=(2, 1))
    assert one_hot[2, 1] == 1 and one_hot.sum() == 1
    with pytest.raises(ValueError, match="kind must be one of"):
        upstream_gradient("cubes", y)


@pytest.mark.parametrize("m, d", [(2, 1), (5, 2), (16, 4)])
def test_the_three_paths_add_up_to_dx(m, d):
    x, gamma, beta, dy = problem(m, d)
    _, cache = batch_norm_forward(x, gamma, beta)
    grads = batch_norm_backward_steps(dy, cache)
    paths = dx_paths(grads, cache)
    np.testing.assert_allclose(paths.direct + paths.through_variance + paths.through_mean, grads.dx, atol=1e-12)
    np.testing.assert_allclose(paths.through_mean, np.broadcast_to(grads.dmean / m, (m, d)))


def test_the_correct_backward_passes_the_float64_check():
    x, gamma, beta, dy = problem()
    check = check_gradients(x, gamma, beta, dy)
    assert [p.name for p in check.parameters] == ["x", "gamma", "beta"]
    assert all(p.error < PASS_BELOW and p.verdict == "pass" for p in check.parameters)
    assert check.parameters[0].entry_errors.shape == x.shape and check.parameters[1].analytic.shape == (3,)


@pytest.mark.parametrize("drop", ["variance", "mean"])
def test_a_broken_backward_fails_the_check_on_x_only(drop):
    x, gamma, beta, dy = problem()
    check = check_gradients(x, gamma, beta, dy, drop=drop)
    x_check, gamma_check, beta_check = check.parameters
    assert x_check.error > FAIL_ABOVE and x_check.verdict == "fail" and check.worst is x_check
    assert check.dropped_path > 0.01
    assert gamma_check.verdict == "pass" and beta_check.verdict == "pass"


def test_dropping_the_mean_path_is_invisible_when_dy_sums_to_zero():
    """A gradient check only catches what the chosen dy exercises: the mean path carries sum(dy) (= dbeta)."""
    x, gamma, beta, dy = problem()
    dy = dy - dy.mean(axis=0)
    _, cache = batch_norm_forward(x, gamma, beta)
    np.testing.assert_allclose(broken_backward(dy, cache, "mean")[0], broken_backward(dy, cache, "none")[0], atol=1e-12)
    check = check_gradients(x, gamma, beta, dy, drop="mean")
    assert check.dropped_path < 1e-12 and check.parameters[0].verdict == "pass"
    with pytest.raises(ValueError, match="drop must be one of"):
        broken_backward(dy, cache, "gamma")


def test_float32_check_is_inconclusive_where_float64_passes():
    x, gamma, beta, dy = problem()
    float32 = check_gradients(x, gamma, beta, dy, dtype="float32")
    assert float32.parameters[0].analytic.dtype == np.float32
    assert float32.worst.error > 1e3 * check_gradients(x, gamma, beta, dy).worst.error
    assert float32.worst.verdict != "pass"
    with pytest.raises(ValueError, match="dtype must be one of"):
        check_gradients(x, gamma, beta, dy, dtype="float16")


def test_the_step_trades_truncation_for_rounding():
    x, gamma, beta, dy = problem()
    errors = {h: check_gradients(x, gamma, beta, dy, step=h).parameters[0].error for h in (1e-1, 1e-5, 1e-9)}
    assert errors[1e-5] < errors[1e-1] and errors[1e-5] < errors[1e-9]


def test_verdict_bands():
    assert verdict(1e-9, 1.0) == "pass" and verdict(1e-4, 1e-3) == "inconclusive" and verdict(0.5, 0.1) == "fail"
    assert verdict(1.0, 1e-11) == "pass"  # both about zero: relative error is meaningless, the absolute one decides


def test_a_zero_gradient_passes_on_its_absolute_error():
    """With loss = sum(y**2) and beta = 0, dbeta = 2 sum(y) is zero: its relative error is ~1, its absolute ~1e-10."""
    x, gamma, _, _ = problem()
    beta = np.zeros(3)
    dy = upstream_gradient("sum_of_squares", batch_norm_forward(x, gamma, beta)[0])
    beta_check = check_gradients(x, gamma, beta, dy).parameters[2]
    assert beta_check.error > 0.1 and beta_check.max_abs_error < 1e-8 and beta_check.verdict == "pass"


@pytest.mark.parametrize("shape", [(2, 1), (8, 3), (4, 2, 3, 3)])
def test_projection_property_with_its_exact_eps_leftover(shape):
    rng = np.random.default_rng(5)
    x, dy = rng.normal(1.0, 2.0, shape), rng.normal(size=shape)
    gamma = rng.uniform(0.5, 2.0, shape[1])
    _, cache = batch_norm_forward(x, gamma, None)
    projection = projection_check(batch_norm_backward_steps(dy, cache), cache)
    np.testing.assert_allclose(projection.dx_sum, 0, atol=1e-12)
    np.testing.assert_allclose(projection.dx_dot_x_hat, projection.eps_leftover, rtol=1e-6, atol=1e-14)


def test_projection_leftover_is_large_for_a_nearly_constant_feature():
    x = np.array([[1.0], [1.0 + 1e-3], [1.0 - 1e-3]])  # variance ~7e-7, well below eps
    dy = np.array([[0.3], [-1.0], [0.5]])
    _, cache = batch_norm_forward(x)
    projection = projection_check(batch_norm_backward_steps(dy, cache), cache)
    assert abs(projection.eps_leftover[0]) > 1e-2
    np.testing.assert_allclose(projection.dx_dot_x_hat, projection.eps_leftover, rtol=1e-9)
