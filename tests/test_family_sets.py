"""Which elements of an (N, C, H, W) tensor share a statistic, that set's statistics against each bncore layer, the
properties table's consistency with the sets, and the batch-size experiment on a tiny plan."""

import numpy as np
import pytest

from bncore import TrainConfig
from bncore.batch_size_experiment import SensitivityPlan, run_sensitivity
from bncore.family import FACTS, NORMALIZATIONS, normalize, shared_set, shared_statistic

SHAPE = (3, 4, 2, 2)
ELEMENT = (1, 2, 0, 1)


@pytest.mark.parametrize(
    "normalization, count",
    [
        ("BatchNorm", 3 * 2 * 2),
        ("LayerNorm", 4 * 2 * 2),
        ("InstanceNorm", 2 * 2),
        ("GroupNorm", 2 * 2 * 2),
        ("RMSNorm", 4 * 2 * 2),
    ],
)
def test_shared_set_sizes_and_membership(normalization, count):
    mask = shared_set(SHAPE, normalization, ELEMENT, groups=2)
    assert mask.shape == SHAPE and mask.sum() == count and mask[ELEMENT]


def test_groups_are_consecutive_channels():
    mask = shared_set(SHAPE, "GroupNorm", ELEMENT, groups=2)  # channel 2 is in the group {2, 3}
    assert mask[1, 2:].all() and not mask[1, :2].any() and not mask[0].any()
    np.testing.assert_array_equal(
        shared_set(SHAPE, "GroupNorm", ELEMENT, groups=1), shared_set(SHAPE, "LayerNorm", ELEMENT)
    )
    np.testing.assert_array_equal(
        shared_set(SHAPE, "GroupNorm", ELEMENT, groups=4), shared_set(SHAPE, "InstanceNorm", ELEMENT)
    )


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
        shared_set(SHAPE, "GroupNorm", ELEMENT, groups=3)
    with pytest.raises(ValueError, match="must divide"):
        normalize(np.ones(SHAPE), "GroupNorm", groups=3)


def test_batch_norm_with_one_value_per_channel_is_refused_but_layer_norm_works():
    x = np.arange(4.0).reshape(1, 4, 1, 1)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        shared_statistic(x, "BatchNorm", (0, 0, 0, 0))
    assert shared_statistic(x, "LayerNorm", (0, 0, 0, 0)).count == 4


def test_a_constant_set_normalizes_to_zero():
    x = np.ones(SHAPE)
    stat = shared_statistic(x, "InstanceNorm", ELEMENT)
    assert stat.constant and stat.by_layer == 0.0 and stat.variance == 0.0


@pytest.mark.parametrize("facts", FACTS, ids=[f.name for f in FACTS])
def test_properties_table_agrees_with_the_sets(facts):
    """Depends on the batch exactly when its set spans more than one sample; only BatchNorm keeps running stats."""
    mask = shared_set(SHAPE, facts.name, ELEMENT, groups=2)
    spans_samples = mask.any(axis=(1, 2, 3)).sum() > 1
    assert facts.depends_on_batch == spans_samples
    assert facts.running_statistics == facts.train_differs_from_inference == spans_samples


def test_sensitivity_runs_every_config_in_order():
    plan = SensitivityPlan(
        batch_sizes=(2, 8),
        normalizations=("batch", "layer"),
        seeds=(0, 1),
        base=TrainConfig(depth=1, width=8, epochs=1, norm_groups=2),
    )
    seen, progress = [], []
    result = run_sensitivity(
        plan,
        accuracy=lambda c: (seen.append(c), c.batch_size / 10 + c.seed)[1],
        on_run=lambda done, total: progress.append((done, total)),
    )
    assert [(c.normalization, c.batch_size, c.seed) for c in seen] == [
        ("batch", 2, 0),
        ("batch", 2, 1),
        ("batch", 8, 0),
        ("batch", 8, 1),
        ("layer", 2, 0),
        ("layer", 2, 1),
        ("layer", 8, 0),
        ("layer", 8, 1),
    ]
    assert progress[-1] == (8, 8) and len(progress) == 8
    assert result.test_acc.shape == (2, 2, 2)
    np.testing.assert_allclose(result.mean, [[0.7, 1.3], [0.7, 1.3]])
    np.testing.assert_allclose(result.low, [[0.2, 0.8], [0.2, 0.8]])
    assert "1 hidden layer of 8 units" in plan.describe() and "2 seeds per point" in plan.describe()


def test_sensitivity_trains_a_tiny_plan_for_real():
    plan = SensitivityPlan(
        batch_sizes=(4, 32),
        normalizations=("batch", "group"),
        seeds=(0,),
        base=TrainConfig(depth=1, width=8, epochs=1, norm_groups=2),
    )
    result = run_sensitivity(plan)
    assert np.all((result.test_acc > 0.1) & (result.test_acc <= 1.0))
    np.testing.assert_array_equal(result.test_acc, run_sensitivity(plan).test_acc)  # reproducible bit for bit
