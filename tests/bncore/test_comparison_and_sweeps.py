"""The with/without-BN comparison, the sweeps and the paper configuration."""

import numpy as np
import pytest

from bncore import TrainConfig, train
from bncore.experiments.paper import paper_config
from bncore.experiments.sweeps import (
    SWEEP_LEARNING_RATES,
    SWEEP_STEP_BUDGET,
    Sweep,
    SweepPoint,
    run_sweep,
    sweep_config,
    sweep_points,
)
from bncore.training.comparison import ARMS, Comparison, arm_config

SMALL = TrainConfig(depth=3, width=32, epochs=3)


def test_comparison_runs_both_arms_to_the_end_and_matches_whole_runs():
    comparison = Comparison(SMALL)
    while not comparison.done:
        comparison.advance(seconds=0.01)
    histories = comparison.histories()
    assert list(histories) == list(ARMS)
    np.testing.assert_array_equal(histories["with_bn"].step_loss, train(SMALL.replace(batch_norm=True)).step_loss)
    np.testing.assert_array_equal(histories["without_bn"].test_acc, train(SMALL.replace(batch_norm=False)).test_acc)


def test_comparison_stops_at_the_requested_epoch():
    comparison = Comparison(SMALL)
    comparison.advance(seconds=60, until_epoch=1)
    assert comparison.epochs_done() == 1 and not comparison.done
    assert all(h.epochs_completed == 1 for h in comparison.histories().values())


def test_a_diverging_arm_stops_and_the_other_goes_on():
    comparison = Comparison(TrainConfig(init="he", lr=1.0, epochs=3))
    comparison.advance(seconds=60)
    histories = comparison.histories()
    assert histories["without_bn"].diverged_at is not None
    assert histories["with_bn"].diverged_at is None and histories["with_bn"].epochs_completed == 3
    assert comparison.done and comparison.epochs_done() == 3


def test_sweep_config_caps_the_steps_but_keeps_one_epoch():
    assert sweep_config(TrainConfig(epochs=100)).epochs == SWEEP_STEP_BUDGET // 23  # 23 steps per epoch at batch 64
    assert sweep_config(TrainConfig(epochs=5)).epochs == 5
    assert sweep_config(TrainConfig(batch_size=2, epochs=100)).epochs == 1


def test_sweep_points_report_divergence_and_the_last_completed_epochs_loss():
    diverges = TrainConfig(depth=3, width=16, epochs=4, init="he", batch_size=256, lr=70.0)  # 6 steps per epoch
    configs = (diverges.replace(lr=0.1), diverges)
    trained, diverging = sweep_points(configs), train(configs[1])
    assert trained[0].diverged_at is None and trained[0].final_train_loss == train(configs[0]).train_loss[-1]
    assert trained[1].diverged_at == diverging.diverged_at == 13  # in epoch 3 of 6 steps each
    assert trained[1].final_train_loss == diverging.train_loss[2]
    assert trained[1].best_test_acc == diverging.test_acc.max() and trained[1].final_test_acc == diverging.test_acc[2]


def test_a_point_that_diverges_in_its_first_epoch_has_no_final_loss():
    (point,) = sweep_points((TrainConfig(batch_norm=False, lr=50.0, epochs=2),))
    assert point.diverged_at is not None and point.final_test_acc < 0.2 and np.isnan(point.final_train_loss)


def test_largest_training_value_skips_diverged_and_weak_runs():
    points = (
        SweepPoint(0.9, 0.9, 0.1, None),
        SweepPoint(0.95, 0.95, 0.1, None),
        SweepPoint(0.5, 0.9, 1.0, None),
        SweepPoint(0.1, 0.1, np.nan, 3),
    )
    weak = (SweepPoint(0.1, 0.1, 2.0, 4),) * 4
    sweep = Sweep("lr", (0.01, 0.1, 1.0, 10.0), {"with_bn": points, "without_bn": weak})
    assert sweep.best == 0.95
    assert sweep.largest_training_value("with_bn") == 0.1
    assert sweep.largest_training_value("without_bn") is None


def test_a_sweep_trains_both_arms_at_every_value_in_order():
    seen = []

    def points(configs):
        seen.extend((config.batch_norm, config.lr) for config in configs)
        return tuple(SweepPoint(config.lr, config.lr, 1.0, None) for config in configs)

    sweep = run_sweep(SMALL, "lr", (1.0, 0.1, 1.0), points=points)
    assert sweep.values == (0.1, 1.0)
    assert seen == [(True, 0.1), (True, 1.0), (False, 0.1), (False, 1.0)]
    assert [p.final_test_acc for p in sweep.points["without_bn"]] == [0.1, 1.0]


def test_a_sweep_reports_its_progress_in_steps():
    progress = []
    sweep_points((SMALL, SMALL.replace(lr=1.0)), on_progress=lambda done, total: progress.append((done, total)))
    assert progress == [(23 * epoch, 23 * 3) for epoch in (1, 2, 3)]  # one stack, 23 steps per epoch


def test_arm_config_sets_batch_norm_and_refuses_other_arms():
    assert [arm_config(SMALL, arm).batch_norm for arm in ARMS] == [True, False]
    with pytest.raises(ValueError, match="arm must be one of"):
        arm_config(SMALL, "With BN")


def test_learning_rates_span_a_thousandth_to_ten():
    rates = SWEEP_LEARNING_RATES
    assert len(rates) == 8 and np.isclose(rates[0], 1e-3) and np.isclose(rates[-1], 10)


def test_paper_config_is_ioffe_and_szegedy_figure_1():
    config = paper_config("with_bn")
    assert (config.depth, config.width, config.activation, config.init, config.init_scale, config.batch_size) == (
        3,
        100,
        "sigmoid",
        "gaussian",
        0.1,
        60,
    )
    assert config.optimizer == "sgd" and not paper_config("without_bn").batch_norm
