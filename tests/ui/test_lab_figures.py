"""Training Lab figure builders: valid Plotly, both arms in their colors, the right axes, markers and panels (the live
curves' data: test_lab_curves.py)."""

import numpy as np
import plotly.graph_objects as go
import pytest

from bncore import TrainConfig, train
from bncore.experiments.sweeps import Sweep, SweepPoint
from ui.common.plot_style import PANEL_TITLE_CHARACTERS, PANEL_TITLE_LINE_HEIGHT, TITLE_LINE_HEIGHT, TOOLBAR_BAND
from ui.training_lab import experiment_figures, figures
from ui.training_lab.experiments import sweep_verdict

CONFIG = TrainConfig(depth=3, width=16, epochs=3)


@pytest.fixture(scope="module")
def histories():
    return {"with_bn": train(CONFIG), "without_bn": train(CONFIG.replace(batch_norm=False))}


def valid(fig: go.Figure) -> go.Figure:
    """Check the figure by building it again with Plotly's validation on (an invalid property raises); return it."""
    go.Figure(fig.to_dict())
    return fig


def test_gradient_norms_one_panel_per_layer(histories):
    fig = valid(figures.gradient_norm_figure(histories))
    assert len(fig.data) == 2 * CONFIG.depth
    assert [a.text for a in fig.layout.annotations] == ["layer 1", "layer 2", "layer 3"]
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis2.matches == "y"
    assert [fig.layout[f"xaxis{s}"].dtick for s in ("", "2", "3")] == [1, 1, 1]  # 3 epochs: no "epoch 1.5" tick


def test_bn_parameters_four_panels_start_at_pytorch_defaults(histories):
    fig = valid(figures.bn_parameters_figure(histories["with_bn"], 0))
    medians = [t for t in fig.data if t.fill != "toself"]
    assert len(medians) == 4 and [medians[k].y[0] for k in range(4)] == [1.0, 0.0, 0.0, 1.0]
    assert fig.layout.annotations[0].text == "γ (scale)"
    assert all(t.mode == "lines" for t in fig.data)  # a band is an outline, without stray markers at its corners
    columns = {tuple(fig.layout[f"xaxis{s}"].domain) for s in ("", "2", "3", "4")}
    assert len(columns) == 2  # two by two, so each panel's tick labels have room (issue 14: they crowded)


def test_learning_rate_sweep_marks_divergence_and_the_largest_training_rate():
    points = {
        "with_bn": (SweepPoint(0.9, 0.9, 0.1, None), SweepPoint(0.8, 0.9, 0.2, None)),
        "without_bn": (SweepPoint(0.9, 0.9, 0.1, None), SweepPoint(0.1, 0.1, np.nan, 5)),
    }
    fig = valid(experiment_figures.lr_sweep_figure(Sweep("lr", (0.1, 1.0), points)))
    assert fig.layout.xaxis.type == "log" and [s.x0 for s in fig.layout.shapes] == [1.0, 0.1]
    assert list(fig.data[1].marker.symbol) == ["circle", "x"]


def test_the_largest_training_rates_are_labelled_above_the_plot_one_row_per_arm():
    """Issue 14 (390 px): inside the plot the labels stood where the curves run near 100%, crossed out on a phone."""
    points = {
        "with_bn": (SweepPoint(0.9, 0.9, 0.1, None), SweepPoint(0.9, 0.9, 0.2, None)),
        "without_bn": (SweepPoint(0.9, 0.9, 0.1, None), SweepPoint(0.1, 0.1, np.nan, 5)),
    }
    fig = valid(experiment_figures.lr_sweep_figure(Sweep("lr", (0.1, 1.0), points)))
    with_bn, without_bn = fig.layout.annotations
    assert with_bn.text.startswith("With BN: η = 1") and without_bn.text == "Without BN: η = 0.1"
    for label in (with_bn, without_bn):
        assert (label.yref, label.y, label.yanchor) == ("y domain", 1.0, "bottom")  # on top of the plot area
    assert with_bn.text.count("<br>") == 1  # a blank row under it: the arms' labels never share a row
    assert fig.layout.margin.t >= TOOLBAR_BAND + TITLE_LINE_HEIGHT + 2 * PANEL_TITLE_LINE_HEIGHT


def test_init_sweep_has_accuracy_and_loss_panels():
    points = {name: (SweepPoint(0.5, 0.6, 1.0, None),) * 3 for name in ("with_bn", "without_bn")}
    fig = valid(experiment_figures.init_sweep_figure(Sweep("init_scale", (1e-3, 1e-2, 1e-1), points)))
    assert len(fig.data) == 4 and fig.layout.xaxis.type == "log" and fig.layout.yaxis2.type == "log"
    # one above the other, each the full width (issue 14: side by side on a phone their axis titles ran together)
    assert tuple(fig.layout.xaxis.domain) == tuple(fig.layout.xaxis2.domain) == (0.0, 1.0)
    assert fig.layout.yaxis2.domain[1] < fig.layout.yaxis.domain[0] and fig.layout.xaxis2.matches == "x"
    assert not fig.layout.xaxis.title.text and fig.layout.xaxis2.title.text == "weight scale (std, log scale)"


def test_paper_figure_three_panels_with_percentiles(histories):
    fig = valid(experiment_figures.paper_figure(histories))
    assert len(fig.data) == 2 + 3 + 3
    titles = [a.text for a in fig.layout.annotations]
    assert [title.replace("<br>", " ") for title in titles] == [
        "(a) test accuracy",
        "(b) without BN: sigmoid input",
        "(c) with BN: sigmoid input",
    ]
    # short lines, so the three titles side by side never run together (issue 14), and the legend under the plot
    assert all(len(line) <= PANEL_TITLE_CHARACTERS for title in titles for line in title.split("<br>"))
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0
    assert fig.data[0].x[1] == histories["with_bn"].steps_per_epoch  # x counts training steps


TRAINS, FAILS = SweepPoint(0.9, 0.9, 0.1, None), SweepPoint(0.1, 0.1, np.nan, 5)


@pytest.mark.parametrize(
    "with_bn, without_bn, words",
    [
        ((TRAINS, TRAINS), (TRAINS, FAILS), "up to η = 0.1: **10 times larger** with BN."),
        ((TRAINS, FAILS), (TRAINS, FAILS), "Here BN bought no extra room"),
        ((FAILS, FAILS), (TRAINS, FAILS), "With BN did not train at any rate here. Without BN trains up to η = 0.1."),
        ((TRAINS, TRAINS), (FAILS, FAILS), "Without BN did not train at any rate in this sweep: sweep the 4-layer"),
    ],
)
def test_the_sweep_verdict_names_the_largest_rate_of_each_arm(with_bn, without_bn, words):
    assert words in sweep_verdict(Sweep("lr", (0.1, 1.0), {"with_bn": with_bn, "without_bn": without_bn}))
