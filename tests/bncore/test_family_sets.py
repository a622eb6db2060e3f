"""Which elements of an (N, C, H, W) tensor share a statistic, and that set's statistics against each bncore layer."""

import numpy as np
import pytest

from bncore.norm.family import NORMALIZATIONS, normalize, shared_set, shared_statistic

SHAPE = (3, 4, 2, 2)
ELEMENT = (1, 2, 0, 1)


@pytest.mark.parametrize(
    "normalization, count",
    [
        ("batch", 3 * 2 * 2),
        ("layer", 4 * 2 * 2),
        ("instance", 2 * 2),
        ("group", 2 * 2 * 2),
        ("rms", 4 * 2 * 2),
    ],
)
def test_shared_set_sizes_and_membership(normalization, count):
    mask = shared_set(SHAPE, normalization, ELEMENT, groups=2)
    assert mask.shape == SHAPE and mask.sum() == count and mask[ELEMENT]


def test_groups_are_consecutive_channels():
    mask = shared_set(SHAPE, "group", ELEMENT, groups=2)  # channel 2 is in the group {2, 3}
    assert mask[1, 2:].all() and not mask[1, :2].any() and not mask[0].any()
    np.testing.assert_array_equal(shared_set(SHAPE, "group", ELEMENT, groups=1), shared_set(SHAPE, "layer", ELEMENT))
    np.testing.assert_array_equal(shared_set(SHAPE, "group", ELEMENT, groups=4), shared_set(SHAPE, "instance", ELEMENT))


@pytest.mark.parametrize("normalization", NORMALIZATIONS)
def test_set_statistics_reproduce_the_bncore_layer_on_every_element(rng, normalization):
    x = rng.normal(5.0, 3.0, SHAPE)
    x_hat = normalize(x, normalization, groups=2)
    for element in np.ndindex(*SHAPE):
        stat = shared_statistic(x, normalization, element, groups=2)
        assert stat.by_layer == pytest.approx(stat.by_formula, abs=1e-12)
        assert stat.by_layer == x_hat[element]


def test_groups_that_do_not_divide_channels_are_refused():
    with pytest.raises(ValueError, match="3 groups cannot split 4 channels"):
        shared_set(SHAPE, "group", ELEMENT, groups=3)
    with pytest.raises(ValueError, match="must divide"):
        normalize(np.ones(SHAPE), "group", groups=3)


def test_batch_norm_with_one_value_per_channel_is_refused_but_layer_norm_works():
    x = np.arange(4.0).reshape(1, 4, 1, 1)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        shared_statistic(x, "batch", (0, 0, 0, 0))
    assert shared_statistic(x, "layer", (0, 0, 0, 0)).count == 4


def test_a_constant_set_normalizes_to_zero():
    x = np.ones(SHAPE)
    stat = shared_statistic(x, "instance", ELEMENT)
    assert stat.constant and stat.by_layer == 0.0 and stat.variance == 0.0
