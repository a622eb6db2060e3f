"""The gradient-flow page's charts as data (ui.gradient_flow.figures): the Jacobian heatmaps and the error chart."""

import json

import numpy as np

from bncore import make_feature_batch
from bncore.experiments.gradient_flow import check_gradients
from ui.common import palette
from ui.gradient_flow.figures import (
    COLOR_FLOOR,
    diverging_fill,
    error_chart_data,
    is_dark,
    jacobian_chart_data,
)


def jacobian_data(jacobian, labels):
    return jacobian_chart_data(jacobian, title="BN", labels=labels, x_title="input", y_title="output")


def check(m=4, d=2, **options):
    x = make_feature_batch(m, d, seed=0)
    dy = np.round(np.random.default_rng(0).standard_normal((m, d)), 2)
    return check_gradients(x, np.ones(d), np.zeros(d), dy, **options)


def test_the_diverging_scale_is_white_at_zero_and_the_arm_colors_at_the_limits():
    fills = diverging_fill(np.array([[-2.0, 0.0, 2.0, 5.0]]), limit=2.0)
    assert fills == [[palette.WITHOUT_BN, palette.PAPER, palette.WITH_BN, palette.WITH_BN]]  # beyond the limit: clipped
    (halfway,) = diverging_fill(np.array([[1.0]]), limit=2.0)[0]
    assert halfway == "#80B8D8"  # halfway from white (255, 255, 255) to blue (0, 114, 178)
    assert is_dark(palette.WITH_BN) and is_dark(palette.WITHOUT_BN) and not is_dark(palette.PAPER)


def test_a_jacobian_chart_names_every_cell_and_writes_small_matrices():
    jacobian = np.array([[0.3, -0.1], [-0.1, 0.3]])
    data = jacobian_data(jacobian, ["1", "2"])
    assert (data["title"], data["xTitle"], data["yTitle"], data["labels"]) == ("BN", "input", "output", ["1", "2"])
    assert data["fills"][0][0] == palette.WITH_BN and data["darkCells"] == [[True, False], [False, True]]
    assert data["text"] == [["0.30", "-0.10"], ["-0.10", "0.30"]]
    assert data["hover"][0][1] == "output 1, input 2: ∂y/∂x = -0.1000"  # row j is output j, column i input i
    assert [tick["label"] for tick in data["scale"]["ticks"]] == ["−0.3", "0", "0.3"]  # symmetric around zero
    assert "diagonal from 0.300 to 0.300, off the diagonal from -0.100 to -0.100" in data["summary"]
    assert jacobian_data(np.eye(9), list("abcdefghi"))["text"] is None  # above eight: values on hover only


def test_a_jacobian_about_zero_everywhere_stays_pale():
    data = jacobian_data(np.full((2, 2), 1e-7), ["a", "b"])
    assert data["scale"]["ticks"][-1]["label"] == f"{COLOR_FLOOR:.2g}"
    assert all(fill.startswith("#FF") for row in data["fills"] for fill in row)


def test_a_one_by_one_jacobian_has_no_off_diagonal_to_describe():
    data = jacobian_data(np.zeros((1, 1)), ["F0"])
    assert "off the diagonal" not in data["summary"] and data["fills"] == [[palette.PAPER]]


def test_the_error_chart_places_dx_then_dgamma_then_dbeta_on_a_log_axis():
    data = error_chart_data(check())
    assert [s["name"] for s in data["series"]] == ["dx", "dγ (gamma)", "dβ (beta)"]
    assert data["series"][0]["x"] == list(range(1, 9)) and data["series"][2]["x"] == [11, 12]
    assert data["entries"] == 12 and data["yRange"] == [-17.5, 0.5]
    assert min(min(s["y"]) for s in data["series"]) >= -17  # exact agreement is drawn at 1e-17
    assert [level["at"] for level in data["levels"]] == [-7, -2]
    assert "float64, h = 1e-05" in data["title"] and data["xTitle"].startswith("entry")
    assert data["series"][0]["hover"][0].startswith("dx entry 1: ")
    assert data["summary"].count(" from ") == 3


def test_entries_whose_true_gradient_is_about_zero_are_drawn_hollow():
    """With m = 2, x̂ = ±1 whatever the input, so dx is about zero: judged by its absolute error, drawn hollow."""
    data = error_chart_data(check(m=2, d=2))
    hollow = [s for s in data["series"] if s["hollow"]]
    assert [s["name"] for s in hollow] == ["dx (≈ 0: absolute error < 1e-8)"]
    assert {s["symbol"] for s in data["series"]} <= {"circle", "diamond", "square"}


def test_both_charts_of_a_constant_column_serialize_without_nan():
    """A constant feature has σ² = 0: its Jacobian is γ/√ε times a projection, large but finite."""
    x = np.ones((4, 1))
    sent = jacobian_data(np.full((4, 4), 1e3) * (np.eye(4) - 0.25), ["1", "2", "3", "4"])
    json.dumps(sent, allow_nan=False)
    json.dumps(error_chart_data(check_gradients(x, np.ones(1), np.zeros(1), np.ones((4, 1)))), allow_nan=False)
