"""The "Why does it work?" page's figures as the data its charts draw (ui.why.figures): each arm and layer in its
colors, plain JSON with every point inside its panel's axes, and panels that share their axes as the page shows them."""

import json

import pytest

from tests.why_results import SEEDS, results
from ui.why import figures


def all_figures(result) -> list[dict]:
    return [
        figures.drift_figure(result["ics"], layer=1),
        figures.shift_figure(result["ics"]),
        figures.noisy_figure(result["noisy"]),
        figures.smoothness_figure(result["smoothness"]),
        figures.gap_figure(result["regularization"]),
        figures.weight_norm_figure(result["scale"]),
    ]


def lines(figure: dict) -> list[dict]:
    return [line for panel in figure["panels"] for line in panel["lines"]]


def test_every_figure_draws_each_arm_or_layer_in_its_colors_and_names_them_in_the_legend():
    drift, shift, noisy, smooth, gap, norms = all_figures(results(0))
    assert len(lines(drift)) == 2 * 3 and {line["color"] for line in lines(drift)} == set(figures.ARM_COLORS.values())
    assert [line["width"] for line in lines(drift)[:3]] == [1.0, 2.5, 1.0]  # the median thick
    assert len(lines(shift)) == 2 * 4 and [entry["name"] for entry in shift["legend"]] == [
        f"layer {k}" for k in (1, 2, 3, 4)
    ]
    assert {entry["name"] for entry in noisy["legend"]} == {"With BN", "Without BN", "Noisy BN"}
    assert len(lines(smooth)) == 3 * 2 and len(lines(norms)) == 3 * 4
    assert [label for _, label in gap["panels"][1]["xTicks"]] == ["32", "64", "128"]
    assert lines(gap)[2]["hover"][0].startswith("With BN, batch size 32: ")  # the gap in percent


@pytest.mark.parametrize("seed", SEEDS)
def test_every_figure_is_plain_json_with_each_point_inside_its_panels_axes(seed):
    for figure in all_figures(results(seed)):
        json.dumps(figure, allow_nan=False)
        assert figure["title"] and figure["summary"].startswith(figure["title"])
        for panel in figure["panels"]:
            (x_low, x_high), (y_low, y_high) = panel["xRange"], panel["yRange"]
            assert all(y_low - 1e-9 <= position <= y_high + 1e-9 for position, _ in panel["yTicks"])
            assert len(panel["yTicks"]) >= 2, (figure["title"], panel["title"])
            for line in panel["lines"]:
                assert len(line["x"]) == len(line["y"]) == len(line["hover"]) > 0
                assert all(x_low <= x <= x_high for x in line["x"])
                assert all(y_low - 1e-9 <= y <= y_high + 1e-9 for y in line["y"] if y is not None)


def test_side_by_side_panels_share_one_y_axis_and_stacked_ones_one_epoch_axis_titled_once():
    """Issue 14 (390 px): side by side, a second panel's tick labels fell into its neighbour's plot. Side by side,
    panels now share the first one's y axis (the chart labels it once); stacked, each has its own y axis, and the x
    title stands under the lowest panel of those sharing it."""
    drift, shift, noisy, smooth, gap, norms = all_figures(results(0))
    for figure in (drift, shift):
        assert figure["sideBySide"] and figure["yTitle"]
        assert figure["panels"][0]["yTicks"] == figure["panels"][1]["yTicks"]
    for figure in (noisy, smooth, norms):
        assert not figure["sideBySide"]
        assert [panel["xTitle"] for panel in figure["panels"]][:-1] == [""] * (len(figure["panels"]) - 1)
        assert len({tuple(panel["xRange"]) for panel in figure["panels"]}) == 1
    assert [panel["xTitle"] for panel in gap["panels"]] == ["epoch", "batch size"]  # two x axes, each titled
    assert noisy["panels"][0]["yTicks"][-1] == [1.0, "100%"] and noisy["panels"][0]["yTicks"][0] == [0.0, "0%"]
