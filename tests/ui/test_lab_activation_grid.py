"""The Training Lab's activation grid as data for the browser: every layer of both arms, each panel on [-6, 6] with the
fractions of the test set, the off-axis share written, rows of at most four."""

import json

import numpy as np
import pytest

from bncore import TrainConfig, train
from ui.common.palette import ARM_COLORS
from ui.training_lab.activation_grid import AXIS_RANGE, activation_grid, axis, grid_columns, layer_fractions, y_ticks

CONFIG = TrainConfig(depth=3, width=16, epochs=3)


@pytest.fixture(scope="module")
def histories():
    return {"with_bn": train(CONFIG), "without_bn": train(CONFIG.replace(batch_norm=False))}


def test_one_block_per_arm_one_panel_per_layer_in_the_arms_colors(histories):
    grid = activation_grid(histories, 1)
    assert [arm["label"] for arm in grid["arms"]] == ["With BN", "Without BN"]
    assert [arm["color"] for arm in grid["arms"]] == [ARM_COLORS["with_bn"], ARM_COLORS["without_bn"]]
    assert grid["title"] == "Inputs to each layer's nonlinearity at epoch 1"
    for arm in grid["arms"]:
        assert [panel["title"] for panel in arm["panels"]] == ["layer 1", "layer 2", "layer 3"]
    json.dumps(grid, allow_nan=False)  # what the browser receives is plain JSON


def test_every_panel_shares_the_axis_of_the_historys_bins(histories):
    shared = axis(histories["with_bn"])
    assert shared["range"] == AXIS_RANGE and shared["edges"][0] == -AXIS_RANGE and shared["edges"][-1] == AXIS_RANGE
    for arm in activation_grid(histories, 2)["arms"]:
        assert all(len(panel["fractions"]) == len(shared["edges"]) - 1 for panel in arm["panels"])


def test_every_panel_shows_the_fractions_of_the_test_set_under_its_arms_scale(histories):
    grid = activation_grid(histories, 2)
    for arm, h in zip(grid["arms"], histories.values()):
        fractions, off_axis = layer_fractions(h, 2)
        np.testing.assert_allclose(fractions.sum(axis=1) + off_axis, 1.0)
        sent = np.array([panel["fractions"] for panel in arm["panels"]])
        np.testing.assert_allclose(sent, fractions, atol=5e-5)  # rounded to 4 decimals for the browser
        assert arm["top"] > sent.max()  # every bar fits its panel
        assert arm["ticks"][0] == [0.0, "0%"]


def test_off_axis_mass_is_written_under_the_layer_name(histories):
    h = histories["without_bn"]
    wide = type(h)(**{**h.__dict__, "hist_above": h.hist_above + 100})
    grid = activation_grid({"with_bn": histories["with_bn"], "without_bn": wide}, 1)
    assert [panel["offAxis"] for panel in grid["arms"][0]["panels"]] == ["", "", ""]  # With BN: nothing off-axis
    assert all(panel["offAxis"].endswith("% off-axis") for panel in grid["arms"][1]["panels"])


def test_an_arm_that_stopped_early_shows_its_last_epoch(histories):
    short = histories["without_bn"].up_to_epoch(1)
    fractions, _ = layer_fractions(short, 3)
    np.testing.assert_array_equal(fractions, layer_fractions(histories["without_bn"], 1)[0])


@pytest.mark.parametrize("depth, columns", [(1, 1), (3, 3), (4, 4), (5, 3), (8, 4), (12, 4)])
def test_deep_grids_wrap_into_balanced_rows_of_at_most_four(depth, columns):
    """Issue 14: at depth 12 the panels' "100% off-axis" labels ran into each other in a row of twelve."""
    assert grid_columns(depth) == columns


@pytest.mark.parametrize(
    "largest, ticks",
    [(0.104, [0.0, 0.05, 0.1]), (0.45, [0.0, 0.2, 0.4]), (0.009, [0.0, 0.005]), (1.0, [0.0, 0.5, 1.0])],
)
def test_y_ticks_are_at_most_three_steps_of_one_two_or_five(largest, ticks):
    top, values = y_ticks(largest)
    assert top > largest and values == pytest.approx(ticks)


def test_an_arm_with_every_value_off_axis_gets_an_empty_panel_scale():
    assert y_ticks(0.0) == (1.0, [0.0, 0.5, 1.0])
