"""Every sample is counted in every histogram on every page (issue 14: the walkthrough's bars added up to 7 of 8)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bncore import KINDS, TrainConfig, make_feature_batch, train
from ui.common.histogram import equal_width_bins
from ui.training_lab.activation_grid import activation_grid
from ui.walkthrough.compute import RunningStats, compute
from ui.walkthrough.figures import bin_count, distribution_chart_data

FINITE = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@given(arrays(np.float64, st.integers(1, 64), elements=FINITE), st.integers(1, 12))
def test_the_bins_count_every_value_once(values, bins):
    edges, counts = equal_width_bins(values, bins)
    assert counts.sum() == len(values) and len(edges) == len(counts) + 1
    assert edges[0] <= values.min() and values.max() <= edges[-1]


def test_the_largest_value_lands_in_the_last_bar():
    values = np.array([0.0, 1.0, 2.0, 3.0])  # bins [0, 1), [1, 2), [2, 3]: 3 is on the last edge
    edges, counts = equal_width_bins(values, 3)
    assert list(counts) == [1, 1, 2] and list(edges) == [0.0, 1.0, 2.0, 3.0]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("m", [2, 3, 7, 8, 16, 33, 64])
@pytest.mark.parametrize("seed", range(5))
def test_every_walkthrough_histogram_adds_up_to_the_batch(kind, m, seed):
    x = make_feature_batch(m, 4, kind=kind, seed=seed)
    d = x.shape[1]
    n = compute(x, np.full(d, -1.5), np.full(d, 0.3), 1e-5, 0.1, RunningStats.fresh(d))
    for j in range(d):
        chart = distribution_chart_data(n.x[:, j], n.x_hat[:, j], n.y_train[:, j], f"F{j}")
        assert [sum(panel["counts"]) for panel in chart["panels"]] == [m, m, m]
        assert all(len(p["counts"]) == bin_count(m) for p in chart["panels"] if len(p["edges"]) > 2)


def test_every_activation_histogram_counts_the_whole_test_set_with_its_off_axis_share():
    config = TrainConfig(depth=3, width=16, epochs=1, init="gaussian", init_scale=1.0)  # wide: values off [-6, 6]
    histories = {"with_bn": train(config), "without_bn": train(config.replace(batch_norm=False))}
    grid = activation_grid(histories, 1)
    for arm, h in zip(grid["arms"], histories.values()):
        for layer, panel in enumerate(arm["panels"]):
            counted = h.hist_counts[1, layer].sum() + h.hist_below[1, layer] + h.hist_above[1, layer]
            assert counted == h.hist_counts[1, 0].sum() + h.hist_below[1, 0] + h.hist_above[1, 0]  # same total
            off_axis = (h.hist_below[1, layer] + h.hist_above[1, layer]) / counted
            assert sum(panel["fractions"]) + off_axis == pytest.approx(1.0, abs=5e-5 * len(panel["fractions"]))
