"""The normalization-family page in AppTest: every control, every bad input (groups that do not divide the channels,
a batch of one, constant sets, bad cells) and the batch-size experiment on a tiny plan."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from bncore import TrainConfig
from bncore.experiments.batch_size import BatchSizePlan
from tests.app.controls import assert_created_with_their_values
from tests.conftest import ROOT
from ui.family import experiment as family_experiment
from ui.family.tensor import make_tensor

PAGE = str(ROOT / "pages" / "5_Normalization_Family.py")
BASE = make_tensor(3, 6, 2, seed=0)  # the page's default tensor


@pytest.fixture
def at():
    app = AppTest.from_file(PAGE, default_timeout=30)
    app.run()
    assert not app.exception
    return app


def run_with(app, edited_rows=None, **state):
    """Run with these tensor-table edits (set every time: AppTest forgets them) and ``family.`` state."""
    if edited_rows is not None:
        app.session_state["family.table"] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}
    for key, value in state.items():
        app.session_state[f"family.{key}"] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def metric(app, label):
    return next(m.value for m in app.metric if m.label.startswith(label))


def texts(elements):
    return " | ".join(e.value for e in elements)


SETS_OF_THE_FIRST_CELL = {  # the values normalized together with cell (0, 0, 0, 0), GroupNorm with its default G = 2
    "batch": BASE[:, 0],
    "layer": BASE[0],
    "instance": BASE[0, 0],
    "group": BASE[0, :3],
    "rms": BASE[0],
}


@pytest.mark.parametrize("normalization", SETS_OF_THE_FIRST_CELL)
def test_each_normalization_shares_its_own_set(at, normalization):
    values = SETS_OF_THE_FIRST_CELL[normalization]
    at.radio(key="family.normalization").set_value(normalization).run()
    assert metric(at, "values sharing it") == str(values.size)
    assert normalization in at.session_state["family.seen"]
    layer_value = float(texts(at.caption).split("gives ")[1].split(" for this cell")[0])
    formula = at.latex[0].value
    assert f"= {layer_value:.4f}" in formula  # the formula over the set and the bncore layer agree
    if normalization == "rms":
        assert float(metric(at, "mean of x²")) == pytest.approx(np.square(values).mean(), abs=5e-5)
        assert layer_value == pytest.approx(BASE[0, 0, 0, 0] / np.sqrt(np.square(values).mean() + 1e-5), abs=5e-5)
    else:
        assert float(metric(at, "mean μ")) == pytest.approx(values.mean(), abs=5e-5)
        assert float(metric(at, "variance σ²")) == pytest.approx(values.var(), abs=5e-5)


def test_the_selected_cell_moves_the_set(at):
    run_with(at, normalization="instance", sample=2, channel=3, position=1)
    assert float(metric(at, "mean μ")) == pytest.approx(BASE[2, 3].mean(), abs=5e-5)
    assert f"{BASE[2, 3, 0, 1]:.2f} - " in at.latex[0].value


def test_groups_control_and_groups_that_do_not_divide_the_channels(at):
    at.radio(key="family.normalization").set_value("group").run()
    at.number_input(key="family.groups").set_value(3).run()  # 6 channels, 3 groups of 2
    assert metric(at, "values sharing it") == str(2 * 4) and at.session_state["family.last_groups"] == 3
    at.number_input(key="family.groups").set_value(4).run()
    warning = texts(at.warning)
    assert "4 groups cannot split 6 channels into equal groups" in warning and "keeps G = 3" in warning
    assert metric(at, "values sharing it") == str(2 * 4) and at.session_state["family.last_groups"] == 3


def test_a_batch_of_one_stops_batch_norm_only(at):
    run_with(at, samples=1, size=1)
    assert "BatchNorm has one value per channel here" in texts(at.error)
    assert "Expected more than 1 value per channel" in texts(at.error)
    assert not [m for m in at.metric if m.label == "mean μ"]
    at.radio(key="family.normalization").set_value("layer").run()
    assert not at.error and metric(at, "values sharing it") == "6"


def test_a_set_of_one_value_is_explained(at):
    run_with(at, size=1, normalization="instance")
    assert "This set holds a single value" in texts(at.info)
    assert at.caption and "gives 0.0000 for this cell" in texts(at.caption)


def test_a_constant_set_is_explained(at):
    rows_of_sample_0 = {row: {"C0": 5.0} for row in range(4)}  # n0's four positions of channel 0
    run_with(at, rows_of_sample_0, normalization="instance")
    assert "This set holds equal values only" in texts(at.info)
    assert float(metric(at, "variance σ²")) == 0.0 and "gives 0.0000" in texts(at.caption)


def test_shape_and_seed_controls_regenerate_the_tensor(at):
    at.slider(key="family.samples").set_value(5).run()
    at.slider(key="family.channels").set_value(4).run()
    at.selectbox(key="family.size").set_value(3).run()
    assert at.session_state["family.table.last_valid"].shape == (5, 4, 3, 3)
    at.number_input(key="family.seed").set_value(9).run()
    np.testing.assert_array_equal(at.session_state["family.table.last_valid"], make_tensor(5, 4, 3, seed=9))
    assert metric(at, "values sharing it") == str(5 * 9)


def test_selections_out_of_range_fall_back_to_the_first(at):
    run_with(at, sample=2, channel=5)
    run_with(at, samples=2, channels=3)
    assert at.session_state["family.sample"] == 0 and at.session_state["family.channel"] == 0


@pytest.mark.parametrize(
    "value, words",
    [
        ("NaN", "(`NaN`) is not a number (NaN)"),
        ("-inf", "(`-inf`) is infinite"),
        ("abc", "(`abc`) is not a number"),
        ("1e308", "(`1e308`) is too large"),
        ("", "is empty"),
    ],
)
def test_a_bad_cell_keeps_the_last_valid_tensor(at, value, words):
    run_with(at, {0: {"C1": 7.5}})  # a valid edit: the last valid tensor
    kept = at.session_state["family.table.last_valid"].copy()
    assert kept[0, 1, 0, 0] == 7.5
    run_with(at, {0: {"C1": 7.5}, 2: {"C3": value}})
    warning = texts(at.warning)
    assert warning.startswith("Row 3, C3 ") and words in warning and "keeps its last valid values" in warning
    np.testing.assert_array_equal(at.session_state["family.table.last_valid"], kept)
    assert metric(at, "values sharing it") == "12"  # the page still computes on the kept tensor


def test_the_experiment_runs_a_tiny_plan_and_reports(at, monkeypatch):
    assert "Press the button to train the networks" in texts(at.info)
    tiny = BatchSizePlan(
        batch_sizes=(2, 16),
        normalizations=("batch", "layer"),
        seeds=(0,),
        base=TrainConfig(depth=1, width=8, epochs=1, norm_groups=2),
    )
    monkeypatch.setattr(family_experiment, "PLAN", tiny)
    at.button(key="family.run_experiment").click().run()
    assert not at.exception
    result = at.session_state["family.experiment"]
    assert result.plan == tiny and result.final.shape == (2, 2, 1)
    assert any(md.value.startswith("Mean test accuracy at batch size 2 → 16: BatchNorm") for md in at.markdown)
    at.run()  # the result stays on screen without pressing again
    assert any(md.value.startswith("Mean test accuracy") for md in at.markdown)


def test_settings_and_edits_survive_a_visit_to_another_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/5_Normalization_Family.py").run()
    at.slider(key="family.channels").set_value(4).run()
    at.radio(key="family.normalization").set_value("layer").run()
    at.session_state["family.table"] = {"edited_rows": {0: {"C1": 5.5}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.switch_page("app.py").run()
    at.switch_page("pages/5_Normalization_Family.py").run()
    assert at.slider(key="family.channels").value == 4 and at.radio(key="family.normalization").value == "layer"
    assert at.session_state["family.table.last_valid"][0, 1, 0, 0] == 5.5


def test_every_control_is_created_with_its_value_also_after_another_page():
    """Issue 14: the page drew 1 × 1 and G = 1 while it showed a 2 × 2 cube."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    at.switch_page("pages/5_Normalization_Family.py").run()
    assert assert_created_with_their_values(at) == 12  # with the exercise picker and the prediction
    at.radio(key="family.normalization").set_value("group").run()
    at.number_input(key="family.groups").set_value(3).run()
    at.selectbox(key="family.size").set_value(3).run()
    at.switch_page("pages/7_Quiz.py").run()
    at.switch_page("pages/5_Normalization_Family.py").run()
    assert at.number_input(key="family.groups").value == 3 and at.selectbox(key="family.size").value == 3
    assert_created_with_their_values(at)


@pytest.mark.parametrize(
    "key, entered, message",
    [
        ("family.groups", 0, "Groups G (GroupNorm): 0 is outside 1 to 8, so it was not applied; it stays 2."),
        ("family.groups", 9, "Groups G (GroupNorm): 9 is outside 1 to 8, so it was not applied; it stays 2."),
        ("family.seed", 10_001, "Seed: 10001 is outside 0 to 10000, so it was not applied; it stays 0."),
    ],
)
def test_an_out_of_range_number_is_rejected_with_a_message(at, key, entered, message):
    at.radio(key="family.normalization").set_value("group").run()
    shared = metric(at, "values sharing it")
    at.number_input(key=key).set_value(entered).run()
    assert message in texts(at.warning)
    assert at.number_input(key=key).value == {"family.groups": 2, "family.seed": 0}[key]
    assert metric(at, "values sharing it") == shared
    np.testing.assert_array_equal(at.session_state["family.table.last_valid"], BASE)
