"""The normalization-family page's pure parts: the tensor table, its check, the group fallback, figures, summary."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from bncore import TrainConfig
from bncore.experiments.batch_size import BatchSizePlan, BatchSizeResult
from bncore.norm.family import shared_set
from ui.common.palette import NEUTRAL, NORM_COLORS
from ui.common.tables import MAX_ABS
from ui.family import state as family_state
from ui.family.block import CELL, projected, tensor_block_data
from ui.family.experiment import describe, summary
from ui.family.figures import batch_size_figure
from ui.family.keys import FamilyKeys
from ui.family.state import fallback_groups
from ui.family.tensor import check_tensor_table, make_tensor, table_to_tensor, tensor_to_table


def test_tensor_is_seeded_with_distinct_channel_means():
    x = make_tensor(3, 4, 2, seed=1)
    assert x.shape == (3, 4, 2, 2)
    np.testing.assert_array_equal(x, make_tensor(3, 4, 2, seed=1))
    means = x.mean(axis=(0, 2, 3))
    assert np.ptp(means) > 10  # channel 3 sits near 30, channel 1 near -5


def test_table_round_trip_and_labels():
    x = make_tensor(2, 3, 2, seed=0)
    table = tensor_to_table(x)
    assert table.shape == (2 * 2 * 2, 3) and list(table.columns) == ["C0", "C1", "C2"]
    assert table.index[5] == "6: n1, h0, w1"
    assert table.loc["6: n1, h0, w1", "C2"] == repr(float(x[1, 2, 0, 1]))  # text cells, exactly the number
    np.testing.assert_array_equal(table_to_tensor(table.to_numpy(dtype=float), x.shape), x)


@pytest.mark.parametrize(
    "value, words",
    [
        (np.nan, "is empty or not a number (NaN)"),
        (None, "is empty"),
        (np.inf, "is infinite"),
        ("abc", "is not a number"),
        (10 * MAX_ABS, "is too large"),
    ],
)
def test_a_bad_cell_keeps_nothing_and_says_so(value, words):
    x = make_tensor(2, 3, 1, seed=0)
    table = tensor_to_table(x).astype(object)
    table.iloc[1, 2] = value
    check = check_tensor_table(table, x.shape)
    assert check.tensor is None
    assert check.problem.startswith("Row 2, C2 ") and words in check.problem
    assert check.problem.endswith("every cell of the tensor is needed, so it keeps its last valid values.")


def test_a_good_table_gives_the_tensor():
    x = make_tensor(1, 2, 1, seed=0)  # a single row is fine for a tensor
    check = check_tensor_table(tensor_to_table(x), x.shape)
    assert check.problem is None
    np.testing.assert_array_equal(check.tensor, x)


@pytest.mark.parametrize(
    "channels, requested, last, expected", [(6, 4, 2, 2), (6, 4, None, 3), (6, 5, 4, 3), (7, 3, None, 1), (8, 3, 4, 4)]
)
def test_fallback_groups(channels, requested, last, expected):
    assert fallback_groups(channels, requested, last) == expected


def group(data: dict, name: str) -> dict:
    return next(g for g in data["groups"] if g["name"] == name)


def rgba_prefix(color: str) -> str:
    """ "rgba(r,g,b," of a palette color."""
    return "rgba(" + ",".join(str(int(color[k : k + 2], 16)) for k in (1, 3, 5)) + ","


def test_tensor_block_data():
    x = make_tensor(3, 4, 2, seed=0)
    element = (1, 2, 0, 1)
    mask = shared_set(x.shape, "group", element, groups=2)
    data = tensor_block_data(x, mask, element, "group", title="GroupNorm: 8 cells")
    names = [g["name"] for g in data["groups"]]
    assert names == ["other cells", "shares the statistic", "selected cell"]  # drawn in this order, the set in front
    for name, cells in (("other cells", 48 - 8), ("shares the statistic", 7), ("selected cell", 1)):
        drawn = group(data, name)["cells"]
        assert len(drawn) == cells
        assert all(len(cell["faces"]) == 3 and all(len(face) == 8 for face in cell["faces"]) for cell in drawn)
    tops = {name: group(data, name)["fills"][2] for name in names}  # the top faces keep the color itself
    assert tops["other cells"].startswith(rgba_prefix(NEUTRAL))
    assert tops["shares the statistic"].startswith(rgba_prefix(NORM_COLORS["group"]))
    assert tops["selected cell"] == rgba_prefix(NORM_COLORS["group"]) + "1.0)"
    alpha = {name: float(group(data, name)["fills"][0].split(",")[-1][:-1]) for name in names}
    assert alpha["other cells"] < alpha["shares the statistic"] < alpha["selected cell"] == 1.0

    (selected,) = group(data, "selected cell")["cells"]
    assert selected["text"] == "n=1, c=2, h=0, w=1\nx = " + f"{x[element]:.2f}"
    top = np.array(selected["faces"][2]).reshape(4, 2)
    np.testing.assert_allclose(top.mean(axis=0), projected(np.array([1.0, 2.0, 1.0 + CELL / 2])), atol=1e-3)
    assert data["outline"] == selected["faces"]  # the selected cell's three faces, outlined

    labels = [tick["text"] for tick in data["ticks"]]
    assert set(labels) == {"n0", "n1", "n2", "c0", "c1", "c2", "c3", "0,0", "0,1", "1,0", "1,1"}
    assert [t["text"] for t in data["axisTitles"]] == ["N (samples)", "C (channels)", "H × W (positions)"]
    assert data["title"] == "GroupNorm: 8 cells" and data["summary"].startswith("GroupNorm: 8 cells: ")
    (x0, x1), (y0, y1) = data["xRange"], data["yRange"]
    points = np.array(
        [p for cell in selected["faces"] for p in np.reshape(cell, (4, 2))] + [t["at"] for t in data["ticks"]]
    )
    assert (x0 < points[:, 0]).all() and (points[:, 0] < x1).all() and (y0 < points[:, 1]).all()
    assert (points[:, 1] < y1).all()
    json.dumps(data)  # sent to the browser as it is


def test_the_block_is_seen_from_the_front_right_and_above_and_drawn_farthest_first():
    right, up = projected(np.eye(3)).T  # where a step along N, C and the positions goes on the page
    assert right[0] > 0 and up[0] < 0  # N: to the right and towards the learner (down the page)
    assert right[1] > 0 and up[1] > 0  # C: to the right and away (up the page)
    assert right[2] == 0 and up[2] > 0  # the positions: straight up
    x = make_tensor(2, 3, 1, seed=0)
    mask = np.zeros(x.shape, dtype=bool)
    data = tensor_block_data(x, mask, (0, 0, 0, 0), "batch", title="t")
    tops = [np.array(cell["faces"][2]).reshape(4, 2) for cell in group(data, "other cells")["cells"]]
    centres = [top[:, 1].mean() for top in tops]
    # on a flat block the farther cells (higher on the page) come first, so the nearer ones are drawn over them
    assert centres == sorted(centres, reverse=True)


def fake_result():
    plan = BatchSizePlan(
        batch_sizes=(2, 8, 32),
        normalizations=("batch", "layer"),
        seeds=(0, 1),
        base=TrainConfig(depth=1, width=8, epochs=1, norm_groups=2),
    )
    acc = np.array([[[0.3, 0.4], [0.9, 0.92], [0.95, 0.95]], [[0.9, 0.92], [0.9, 0.9], [0.88, 0.9]]])
    return BatchSizeResult(plan, acc[..., None], np.zeros(acc.shape))


def test_batch_size_figure():
    fig = batch_size_figure(fake_result())
    assert [t.name for t in fig.data] == ["BatchNorm", "LayerNorm"]
    batch = fig.data[0]
    assert batch.line.color == NORM_COLORS["batch"] and fig.data[1].line.color == NORM_COLORS["layer"]
    assert fig.data[0].line.dash != fig.data[1].line.dash
    np.testing.assert_allclose(batch.y, [0.35, 0.91, 0.95])
    np.testing.assert_allclose(batch.error_y.array, [0.05, 0.01, 0.0], atol=1e-12)
    np.testing.assert_allclose(batch.error_y.arrayminus, [0.05, 0.01, 0.0], atol=1e-12)
    assert fig.layout.xaxis.type == "log" and list(fig.layout.xaxis.ticktext) == ["2", "8", "32"]
    assert tuple(fig.layout.yaxis.range) == (0, 1.02) and fig.layout.yaxis.title.text == "test accuracy"
    assert "mean of 2 seeds" in fig.layout.title.text
    go.Figure(fig.to_dict())


def test_the_plan_is_described_from_its_settings():
    text = describe(fake_result().plan)
    assert (
        "1 hidden layer of 8 units" in text and "2 seeds per point" in text and "GroupNorm with 2 groups of 4" in text
    )


def test_summary_reports_the_measured_extremes():
    assert summary(fake_result()) == (
        "Mean test accuracy at batch size 2 → 32: BatchNorm 35% → 95%, LayerNorm 91% → 89%."
    )


def test_progress_line(monkeypatch):
    monkeypatch.setattr(family_state.st, "session_state", {FamilyKeys.SEEN: ["batch"]})
    assert family_state.progress_line() is None
    monkeypatch.setattr(
        family_state.st,
        "session_state",
        {FamilyKeys.SEEN: ["batch", "group"], FamilyKeys.EXPERIMENT: fake_result()},
    )
    line = family_state.progress_line()
    assert "explored 2 of 5 normalizations" in line and "ran the batch-size experiment" in line


@pytest.mark.parametrize(
    "normalization, words",
    [("rms", "about ±1"), ("layer", "x̂ = 0 / √ε = 0"), ("instance", "erases the input")],
)
def test_degenerate_sets_are_explained_per_normalization(normalization, words):
    from bncore.norm.family import shared_statistic
    from ui.family.statistic import degenerate_set_note

    x = np.full((1, 2, 1, 1), 0.1)  # one sample, 1 x 1 image: every set is one value, or constant 0.1s
    stat = shared_statistic(x, normalization, (0, 0, 0, 0), groups=2)
    note = degenerate_set_note(stat, normalization)
    assert note is not None and words in note


def test_a_set_of_equal_values_is_constant_despite_rounding():
    from bncore.norm.family import shared_statistic

    x = np.full((2, 3, 2, 2), 0.1)  # the variance of twelve 0.1s comes out as about 1e-34, not 0
    assert shared_statistic(x, "layer", (0, 0, 0, 0)).constant
