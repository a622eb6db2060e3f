"""The with/without-BN comparison, the sweeps and the paper configuration."""

import numpy as np

from bncore import TrainConfig, train
from bncore.comparison import ARMS, Comparison
from bncore.sweeps import LEARNING_RATES, SweepPoint, largest_training_value, paper_config, sweep_config, sweep_point

SMALL = TrainConfig(depth=3, width=32, epochs=3)


def test_comparison_runs_both_arms_to_the_end_and_matches_whole_runs():
    comparison = Comparison(SMALL)
    while not comparison.done:
        comparison.advance(seconds=0.01)
    histories = comparison.histories()
    assert list(histories) == list(ARMS)
    np.testing.assert_array_equal(histories["With BN"].step_loss, train(SMALL.replace(batch_norm=True)).step_loss)
    np.testing.assert_array_equal(histories["Without BN"].test_acc, train(SMALL.replace(batch_norm=False)).test_acc)


def test_comparison_stops_at_the_requested_epoch():
    comparison = Comparison(SMALL)
    comparison.advance(seconds=60, until_epoch=1)
    assert comparison.epochs_done() == 1 and not comparison.done
    assert all(h.epochs_completed == 1 for h in comparison.histories().values())


def test_a_diverging_arm_stops_and_the_other_goes_on():
    comparison = Comparison(TrainConfig(init="he", lr=1.0, epochs=3))
    comparison.advance(seconds=60)
    histories = comparison.histories()
    assert histories["Without BN"].diverged_at is not None
    assert histories["With BN"].diverged_at is None and histories["With BN"].epochs_completed == 3
    assert comparison.done and comparison.epochs_done() == 3


def test_sweep_config_caps_the_steps_but_keeps_one_epoch():
    assert sweep_config(TrainConfig(epochs=100)).epochs == 500 // 23
    assert sweep_config(TrainConfig(epochs=5)).epochs == 5
    assert sweep_config(TrainConfig(batch_size=2, epochs=100)).epochs == 1


def test_sweep_point_reports_divergence():
    point = sweep_point(TrainConfig(batch_norm=False, lr=50.0, epochs=2))
    assert point.diverged_at is not None and point.final_test_acc < 0.2


def test_largest_training_value_skips_diverged_and_weak_runs():
    points = [
        SweepPoint(0.9, 0.9, 0.1, None),
        SweepPoint(0.95, 0.95, 0.1, None),
        SweepPoint(0.5, 0.9, 1.0, None),
        SweepPoint(0.1, 0.1, np.nan, 3),
    ]
    assert largest_training_value((0.01, 0.1, 1.0, 10.0), points, best=0.95) == 0.1
    assert largest_training_value((1.0,), [SweepPoint(0.1, 0.1, 2.0, 4)], best=0.9) is None


def test_learning_rates_span_a_thousandth_to_ten():
    assert len(LEARNING_RATES) == 8 and np.isclose(LEARNING_RATES[0], 1e-3) and np.isclose(LEARNING_RATES[-1], 10)


def test_paper_config_is_ioffe_and_szegedy_figure_1():
    config = paper_config(batch_norm=True)
    assert (config.depth, config.width, config.activation, config.init, config.init_scale, config.batch_size) == (
        3,
        100,
        "sigmoid",
        "gaussian",
        0.1,
        60,
    )
    assert config.optimizer == "sgd" and not paper_config(False).batch_norm
