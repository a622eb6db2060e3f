"""LayerNorm, GroupNorm, InstanceNorm and RMSNorm: gradient checks, invariants, independence from the batch, errors."""

import numpy as np
import pytest

from bncore import (
    group_norm_backward,
    group_norm_forward,
    instance_norm_forward,
    layer_norm_backward,
    layer_norm_forward,
    numerical_gradient,
    relative_error,
    rms_norm_backward,
    rms_norm_forward,
)
from bncore.norm.family import shared_set
from bncore.norm.layers import GroupNorm
from bncore.training.config import TrainConfig

SHAPES = [(2, 3), (8, 4), (4, 3, 5, 5)]


def check_gradients(forward, backward, params, x, dy):
    """Compare the analytic gradients with central differences for x and every named parameter."""
    grads = backward(dy, forward(x, **params)[1])
    assert relative_error(grads[0], numerical_gradient(lambda v: forward(v, **params)[0], x, dy)) < 1e-7
    for grad, (name, value) in zip(grads[1:], params.items()):
        numeric = numerical_gradient(lambda v, n=name: forward(x, **(params | {n: v}))[0], value, dy)
        assert relative_error(grad, numeric) < 1e-7, name


@pytest.mark.parametrize("shape", SHAPES)
def test_layer_norm_gradients(rng, shape):
    x, dy = rng.normal(1, 3, shape), rng.normal(size=shape)
    params = {"gamma": rng.uniform(0.5, 2, shape[1:]), "beta": rng.normal(size=shape[1:])}
    check_gradients(layer_norm_forward, layer_norm_backward, params, x, dy)


@pytest.mark.parametrize("shape, groups", [((2, 3), 3), ((2, 6), 2), ((8, 4), 1), ((4, 6, 5, 5), 3), ((4, 3, 5, 5), 3)])
def test_group_norm_gradients(rng, shape, groups):
    x, dy = rng.normal(1, 3, shape), rng.normal(size=shape)
    params = {"gamma": rng.uniform(0.5, 2, shape[1]), "beta": rng.normal(size=shape[1])}

    def forward(v, gamma, beta):
        return group_norm_forward(v, groups, gamma, beta)

    check_gradients(forward, group_norm_backward, params, x, dy)


@pytest.mark.parametrize("shape", [(2, 3), (8, 4), (4, 3, 6), (4, 3, 5, 5)])
def test_rms_norm_gradients(rng, shape):
    x, dy = rng.normal(0.5, 2, shape), rng.normal(size=shape)
    check_gradients(rms_norm_forward, rms_norm_backward, {"gamma": rng.uniform(0.5, 2, shape[-1])}, x, dy)


def test_layer_norm_normalizes_each_sample_and_ignores_the_rest_of_the_batch(rng):
    x = rng.normal(4, 2, (6, 5))
    y, _ = layer_norm_forward(x)
    np.testing.assert_allclose(y.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=1), 1, atol=1e-4)
    x2 = x.copy()
    x2[3] *= 100.0
    np.testing.assert_array_equal(layer_norm_forward(x2)[0][0], y[0])


def test_group_norm_extremes_are_layer_norm_and_instance_norm(rng):
    x = rng.normal(size=(2, 4, 3, 3))
    gn1, _ = group_norm_forward(x, 1)
    ln, _ = layer_norm_forward(x)
    np.testing.assert_allclose(gn1, ln, atol=1e-12)
    gn_c, _ = group_norm_forward(x, 4)
    inorm, _ = instance_norm_forward(x)
    np.testing.assert_allclose(gn_c, inorm, atol=1e-12)
    np.testing.assert_allclose(inorm.mean(axis=(2, 3)), 0, atol=1e-12)


def test_rms_norm_keeps_the_mean_and_gives_unit_rms(rng):
    x = rng.normal(3, 1, (4, 8))
    y, _ = rms_norm_forward(x)
    np.testing.assert_allclose(np.sqrt((y**2).mean(axis=-1)), 1, atol=1e-6)
    assert np.all(y.mean(axis=-1) > 0.5)  # not centered


GROUPS_MESSAGE = "4 groups cannot split 6 channels into equal groups: the number of groups must divide the number"


@pytest.mark.parametrize(
    "make",
    [
        lambda: group_norm_forward(np.ones((2, 6)), 4),
        lambda: GroupNorm(6, 4),
        lambda: shared_set((2, 6, 1, 1), "group", (0, 0, 0, 0), groups=4),
        lambda: TrainConfig(width=6, normalization="group", norm_groups=4),
    ],
    ids=["function", "layer", "family set", "train config"],
)
def test_groups_that_do_not_divide_the_channels_get_one_message_everywhere(make):
    with pytest.raises(ValueError, match=GROUPS_MESSAGE):
        make()


def test_group_norm_needs_a_positive_group_count():
    with pytest.raises(ValueError, match="num_groups"):
        group_norm_forward(np.ones((2, 6)), 0)


def test_instance_norm_needs_a_spatial_axis():
    with pytest.raises(ValueError, match="at least 3 dimensions"):
        instance_norm_forward(np.ones((2, 3)))


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: layer_norm_forward(np.ones((2, 3)), gamma=np.ones(2)), "gamma"),
        (lambda: layer_norm_forward(np.ones((2, 3)), beta=np.ones((3, 1))), "beta"),
        (lambda: layer_norm_forward(np.ones((2, 3)), eps=0), "eps"),
        (lambda: group_norm_forward(np.ones((2, 4)), 2, gamma=np.ones(2)), "gamma"),
        (lambda: rms_norm_forward(np.ones((2, 3)), gamma=np.ones(4)), "gamma"),
        (lambda: rms_norm_forward(np.ones(3)), "x"),
    ],
)
def test_bad_arguments_name_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


@pytest.mark.parametrize(
    "x", [np.ones((2, 5)), np.ones((2, 6, 1)), np.ones((2, 6), np.float32)], ids=["5 channels", "3 axes", "float32"]
)
def test_a_group_norm_layer_refuses_inputs_that_do_not_fit_it(x):
    with pytest.raises(ValueError, match=r"x must be \(N, 6\) float64"):
        GroupNorm(6, 3).forward(x, training=True)


def test_a_group_norm_layer_computes_what_the_function_does(rng):
    x, layer = rng.standard_normal((4, 6)), GroupNorm(6, 3)
    layer.gamma[...], layer.beta[...] = rng.standard_normal(6), rng.standard_normal(6)
    np.testing.assert_array_equal(layer.forward(x, training=True), group_norm_forward(x, 3, layer.gamma, layer.beta)[0])
