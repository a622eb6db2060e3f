"""The axes of the charts the page draws itself (ui.common.chart_axes): values placed, log axes in log10 units, linear
axes with round ticks inside their range and labels a learner reads at a glance."""

import numpy as np
import pytest

from ui.common.chart_axes import linear_axis, log_axis, plotted


def test_values_are_placed_in_log10_on_a_log_axis_and_nothing_is_placed_for_what_cannot_be_drawn():
    assert plotted(np.array([100.0, 0.0, np.nan, 0.5]), log=True) == [2.0, None, None, round(np.log10(0.5), 5)]
    assert plotted(np.array([-1.5, np.inf]), log=False) == [-1.5, None]


def test_a_value_on_a_tick_of_its_own_still_gets_a_log_axis_around_it_and_no_value_gets_one_too():
    (low, high), ticks = log_axis(np.array([1.0]))  # the house's ticks give only a format here
    assert len(ticks) == 3 and low < 0 < high and [text for _, text in ticks][1] == "1"
    assert log_axis(np.array([np.nan, np.inf]))[0] == [-1.0, 1.0]


@pytest.mark.parametrize(
    "values, percent, labels",
    [
        ([0.0, 1.0], True, ["0%", "20%", "40%", "60%", "80%", "100%"]),
        ([-1.3, 2.2], False, ["−1", "0", "1", "2"]),
        ([0.0012, 0.031], True, ["0%", "0.5%", "1%", "1.5%", "2%", "2.5%", "3%"]),
        ([12.0, 31.0], False, ["15", "20", "25", "30"]),
        ([0.0002, 0.004], False, ["0.001", "0.002", "0.003", "0.004"]),
    ],
)
def test_a_linear_axis_has_round_ticks_inside_a_range_just_beyond_the_data(values, percent, labels):
    (low, high), ticks = linear_axis(np.array(values), percent=percent)
    assert low < min(values) and max(values) < high and high - low < 1.2 * (max(values) - min(values))
    assert [text for _, text in ticks] == labels
    assert all(low <= position <= high for position, _ in ticks)


def test_one_value_or_none_still_gets_a_linear_axis():
    (low, high), ticks = linear_axis(np.array([3.0, np.nan]))
    assert low < 3.0 < high and "3" in [text for _, text in ticks]
    assert linear_axis(np.array([np.nan]))[0] == pytest.approx([-0.05, 1.05])
