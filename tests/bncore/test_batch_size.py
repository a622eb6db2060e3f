"""The batch-size experiment: a plan's runs in order, its result's axes, the practice loop built on it."""

import numpy as np

from bncore import TrainConfig
from bncore.experiments.batch_size import BatchSizePlan, BatchSizeRun, run_batch_sizes, small_batch_training

TINY = TrainConfig(depth=1, width=8, epochs=1, norm_groups=2)


def test_a_plan_runs_every_config_in_order():
    plan = BatchSizePlan(batch_sizes=(2, 8), normalizations=("batch", "layer"), seeds=(0, 1), base=TINY)
    seen = []

    def runs(configs):
        seen.extend(configs)
        return tuple(BatchSizeRun(np.array([0.1, c.batch_size / 10 + c.seed]), float(c.seed)) for c in configs)

    result = run_batch_sizes(plan, runs)
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
    assert result.test_acc.shape == (2, 2, 2, 2) and result.loss_noise.shape == (2, 2, 2)
    np.testing.assert_allclose(result.mean, [[0.7, 1.3], [0.7, 1.3]])
    np.testing.assert_allclose(result.low, [[0.2, 0.8], [0.2, 0.8]])


def test_none_means_no_normalization_layer():
    plan = BatchSizePlan(batch_sizes=(4,), normalizations=("none", "group"), seeds=(0,), base=TINY)
    assert [(c.batch_norm, c.normalization) for c in plan.configs()] == [(False, "batch"), (True, "group")]


def test_a_tiny_plan_trains_for_real_and_reproducibly():
    plan = BatchSizePlan(batch_sizes=(4, 32), normalizations=("batch", "group"), seeds=(0,), base=TINY)
    result = run_batch_sizes(plan)
    assert np.all((result.final > 0.1) & (result.final <= 1.0))
    np.testing.assert_array_equal(result.test_acc, run_batch_sizes(plan).test_acc)  # reproducible bit for bit


def test_the_small_batch_loop_reads_the_plan_it_ran():
    result = small_batch_training(normalization="layer", lr=0.1, seed=0)
    assert result.batch_sizes == (2, 4, 16, 64) and result.test_acc.shape == (4, 4)
    assert result.outcome == f"batch_{result.batch_sizes[int(np.argmin(result.test_acc[:, -1]))]}"
