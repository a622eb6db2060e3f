"""The Training Lab's activation grid: every layer of both arms on one pair of axes (cheap to redraw on a scrub), each
panel on [-6, 6] with the fractions of the test set, the off-axis share written, rows of at most four."""

import numpy as np
import plotly.graph_objects as go
import pytest

from bncore import TrainConfig, train
from ui.common.palette import ARM_COLORS
from ui.training_lab.activation_grid import AXIS_RANGE, activation_grid, layer_fractions, y_ticks

CONFIG = TrainConfig(depth=3, width=16, epochs=3)


@pytest.fixture(scope="module")
def histories():
    return {"with_bn": train(CONFIG), "without_bn": train(CONFIG.replace(batch_norm=False))}


def valid(fig: go.Figure) -> go.Figure:
    go.Figure(fig.to_dict())  # Plotly's validation on: an invalid property raises
    return fig


def panels(trace) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (x, y) outline of each panel of a gapped trace (the panels are separated by None)."""
    out, xs, ys = [], [], []
    for x, y in zip(trace.x, trace.y):
        if x is None:
            out.append((np.array(xs), np.array(ys)))
            xs, ys = [], []
        else:
            xs.append(x)
            ys.append(y)
    return out


def histogram_traces(fig: go.Figure) -> list:
    return [t for t in fig.data if t.showlegend is not False]


def with_depth(histories, depth: int) -> dict:
    """The 3-layer runs' histograms with each layer repeated: a deeper network's worth of panels."""
    repeat = depth // CONFIG.depth
    return {
        name: type(h)(
            **{
                **h.__dict__,
                "config": h.config.replace(depth=depth),
                **{f: np.repeat(getattr(h, f), repeat, axis=1) for f in ("hist_counts", "hist_below", "hist_above")},
            }
        )
        for name, h in histories.items()
    }


def test_one_pair_of_axes_one_histogram_trace_per_arm(histories):
    fig = valid(activation_grid(histories, 1))
    arms = histogram_traces(fig)
    assert [t.name for t in arms] == ["With BN", "Without BN"]
    assert [t.line.color for t in arms] == [ARM_COLORS["with_bn"], ARM_COLORS["without_bn"]]
    assert "xaxis2" not in fig.layout and not fig.layout.xaxis.visible  # no subplot per panel
    assert "epoch 1" in fig.layout.title.text
    for trace in arms:
        outlines = panels(trace)
        assert len(outlines) == CONFIG.depth
        for x, y in outlines:
            assert x.max() - x.min() == 2 * AXIS_RANGE  # every panel on [-6, 6]
            assert y.max() - y.min() <= 1 + 1e-12  # within its panel's height


def test_every_panel_shows_the_fractions_of_the_test_set(histories):
    fig = activation_grid(histories, 2)
    for trace, h in zip(histogram_traces(fig), histories.values()):
        fractions, off_axis = layer_fractions(h, 2)
        np.testing.assert_allclose(fractions.sum(axis=1) + off_axis, 1.0)
        shown = [row[2] for row in trace.customdata if row[0] is not None]  # the hover's fraction per point
        per_layer = len(shown) // CONFIG.depth
        for layer in range(CONFIG.depth):
            assert sum(shown[layer * per_layer : (layer + 1) * per_layer]) == pytest.approx(fractions[layer].sum())


def test_off_axis_mass_is_written_under_the_layer_name(histories):
    h = histories["without_bn"]
    wide = type(h)(**{**h.__dict__, "hist_above": h.hist_above + 100})
    fig = activation_grid({"with_bn": histories["with_bn"], "without_bn": wide}, 1)
    titles = next(t for t in fig.data if t.mode == "text" and any("layer" in s for s in t.text)).text
    assert titles[: CONFIG.depth] == ("layer 1", "layer 2", "layer 3")  # With BN: nothing off-axis
    assert all("off-axis" in title for title in titles[CONFIG.depth :])


def test_an_arm_that_stopped_early_shows_its_last_epoch(histories):
    short = histories["without_bn"].up_to_epoch(1)
    fractions, _ = layer_fractions(short, 3)
    np.testing.assert_array_equal(fractions, layer_fractions(histories["without_bn"], 1)[0])


def test_deep_grids_wrap_into_rows_of_four_so_labels_have_room(histories):
    """Issue 14: at depth 12 the panels' "100% off-axis" labels ran into each other in a row of twelve."""
    fig = valid(activation_grid(with_depth(histories, 12), 1))
    outlines = [outline for trace in histogram_traces(fig) for outline in panels(trace)]
    assert len(outlines) == 24
    assert len({x.min() for x, _ in outlines}) == 4  # four columns
    assert len({y.min() for _, y in outlines}) == 6  # three rows per arm


@pytest.mark.parametrize(
    "largest, ticks",
    [(0.104, [0.0, 0.05, 0.1]), (0.45, [0.0, 0.2, 0.4]), (0.009, [0.0, 0.005]), (1.0, [0.0, 0.5, 1.0])],
)
def test_y_ticks_are_at_most_three_steps_of_one_two_or_five(largest, ticks):
    top, values = y_ticks(largest)
    assert top > largest and values == pytest.approx(ticks)


def test_an_arm_with_every_value_off_axis_gets_an_empty_panel_scale():
    assert y_ticks(0.0) == (1.0, [0.0, 0.5, 1.0])
