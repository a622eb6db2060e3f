"""The walkthrough page in AppTest: every step and control, running statistics, modes, ε, and each bad input."""

import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from bncore import BatchNorm, batch_norm_forward, make_feature_batch
from tests.app.controls import assert_created_with_their_values
from tests.conftest import ROOT
from ui.walkthrough.keys import WalkthroughKeys
from ui.walkthrough.reading import PARTS

PAGE = str(ROOT / "pages" / "1_Walkthrough.py")
DEFAULT = make_feature_batch()


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=30)
    app.session_state["walk.predict_first"] = False  # the steps' own content; predict-first: tests/app/test_predictions
    app.run()
    assert not app.exception
    return app


def edit(at: AppTest, edited_rows=None, deleted_rows=(), added_rows=()) -> AppTest:
    at.session_state["walk.table"] = {
        "edited_rows": edited_rows or {},
        "added_rows": list(added_rows),
        "deleted_rows": list(deleted_rows),
    }
    at.run()
    assert not at.exception, at.exception
    return at


def step_text(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Step "))


def latex_values(at: AppTest) -> list[str]:
    return [x.value for x in at.latex]


def test_default_batch_is_8_by_4_and_step_0(at):
    np.testing.assert_array_equal(at.session_state["walk.table.last_valid"], DEFAULT)
    assert step_text(at).startswith("**Step 0 of 5**")
    assert at.button(key="walk.prev").disabled


def test_every_step_shows_its_formula_with_the_real_numbers(at):
    _, cache = batch_norm_forward(DEFAULT)
    expected = {1: f"{cache.mean[0]:.2f}", 2: f"{cache.var[0]:.2f}", 3: f"{cache.x_hat[0, 0]:.2f}"}
    titles = ["Batch mean", "Batch variance", "Normalize", "Scale and shift", "Update the running statistics"]
    for step, title in enumerate(titles, start=1):
        at.button(key="walk.next").click().run()
        assert step_text(at) == f"**Step {step} of 5** · {title}"
        formula = latex_values(at)[0]
        if step in expected:
            assert formula.rstrip("\n$").endswith(f"&= {expected[step]}\\end{{aligned}}"), formula
    assert at.button(key="walk.next").disabled
    at.button(key="walk.prev").click().run()
    assert step_text(at).startswith("**Step 4 of 5**")


def test_running_update_formula_matches_a_bncore_layer(at):
    at.session_state["walk.step"] = 5
    at.run()
    layer = BatchNorm(4)
    layer.forward(DEFAULT, training=True)
    formula = latex_values(at)[0]
    assert f"= {layer.running_mean[0]:.2f}" in formula and f"= {layer.running_var[0]:.2f}" in formula


def test_following_another_feature_changes_the_numbers(at):
    at.session_state["walk.step"] = 1
    at.radio(key="walk.feature_widget").set_value("F3").run()
    _, cache = batch_norm_forward(DEFAULT)
    assert latex_values(at)[0].rstrip("\n$").endswith(f"&= {cache.mean[3]:.2f}\\end{{aligned}}")


def test_training_step_and_reset_update_the_running_statistics(at):
    at.button(key="walk.train_step").click().run()
    at.button(key="walk.train_step").click().run()
    layer = BatchNorm(4)
    layer.forward(DEFAULT, training=True)
    layer.forward(DEFAULT, training=True)
    running = at.session_state["walk.running"]
    np.testing.assert_allclose(running.mean, layer.running_mean)
    np.testing.assert_allclose(running.var, layer.running_var)
    assert running.batches_tracked == 2
    assert any("(2 batches tracked)" in m.value for m in at.markdown)
    at.button(key="walk.reset_running").click().run()
    running = at.session_state["walk.running"]
    assert running.batches_tracked == 0 and np.all(running.mean == 0) and np.all(running.var == 1)


def test_momentum_changes_the_update(at):
    at.number_input(key="walk.momentum").set_value(0.5).run()
    at.button(key="walk.train_step").click().run()
    np.testing.assert_allclose(at.session_state["walk.running"].mean, 0.5 * DEFAULT.mean(axis=0))


def test_inference_mode_shows_both_outputs_and_their_gap(at):
    at.radio(key="walk.mode").set_value("Inference").run()
    metric = at.metric[0]
    y_train, _ = batch_norm_forward(DEFAULT)
    y_inference = DEFAULT / np.sqrt(1 + 1e-5)  # running statistics still 0 and 1
    assert metric.value == f"{np.abs(y_train - y_inference).max():.3f}"
    assert any("starting values 0 and 1" in m.value for m in at.markdown)


def test_epsilon_control_reaches_the_formulas(at):
    at.select_slider(key="walk.eps").set_value(1e-2).run()
    at.session_state["walk.step"] = 3
    at.run()
    assert "10^{-2}" in latex_values(at)[0]


def test_batch_controls_and_new_batch_start_over(at):
    at.slider(key="walk.m").set_value(20).run()
    assert at.session_state["walk.table.last_valid"].shape == (20, 4)
    at.slider(key="walk.features").set_value(6).run()
    assert at.session_state["walk.table.last_valid"].shape == (20, 6)
    at.selectbox(key="walk.kind").set_value("outliers").run()
    np.testing.assert_array_equal(at.session_state["walk.table.last_valid"], make_feature_batch(20, 6, "outliers", 0))
    at.button(key="walk.new_batch").click().run()
    assert at.number_input(key="walk.seed").value == 1
    np.testing.assert_array_equal(at.session_state["walk.table.last_valid"], make_feature_batch(20, 6, "outliers", 1))
    at.number_input(key="walk.seed").set_value(7).run()
    np.testing.assert_array_equal(at.session_state["walk.table.last_valid"], make_feature_batch(20, 6, "outliers", 7))


def test_the_distribution_chart_follows_its_own_feature_choice(at):
    def distribution_title() -> str:
        titles = [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in at.get("plotly_chart")]
        return next(title for title in titles if "before and after batch norm" in title)

    assert at.selectbox(key="walk.dist_feature").value == "F0" and "F0" in distribution_title()
    at.selectbox(key="walk.dist_feature").set_value("F2").run()
    assert distribution_title().startswith("F2 ")


def test_large_batches_elide_the_middle_terms(at):
    at.slider(key="walk.m").set_value(30).run()
    at.session_state["walk.step"] = 1
    at.run()
    assert r"\dots" in latex_values(at)[0]


def test_editing_gamma_and_beta_changes_the_output(at):
    at.session_state["walk.affine"] = {
        "edited_rows": {0: {"F0": 2.0}, 1: {"F0": 5.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.session_state["walk.step"] = 4
    at.run()
    y, _ = batch_norm_forward(DEFAULT, np.array([2.0, 1, 1, 1]), np.array([5.0, 0, 0, 0]))
    assert latex_values(at)[0].rstrip("\n$").endswith(f"&= {y[0, 0]:.2f}\\end{{aligned}}")


@pytest.mark.parametrize(
    "row, value, words",
    [
        (0, None, "γ (scale) for F1 is empty"),
        (0, "", "γ (scale) for F1 is empty"),
        (0, "NaN", "γ (scale) for F1 (`NaN`) is not a number (NaN)"),
        (1, "-inf", "β (shift) for F1 (`-inf`) is infinite"),
        (1, "abc", "β (shift) for F1 (`abc`) is not a number"),
        (0, "1e308", "γ (scale) for F1 (`1e308`) is too large"),
    ],
)
def test_bad_gamma_or_beta_keeps_the_last_valid_values(at, row, value, words):
    at.session_state["walk.affine"] = {"edited_rows": {row: {"F1": value}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert any(w.value.startswith(words) and "keeping the last valid values" in w.value for w in at.warning)
    np.testing.assert_array_equal(at.session_state["walk.affine.last_valid"], [np.ones(4), np.zeros(4)])


@pytest.mark.parametrize(
    "value, words",
    [
        (None, "is empty"),
        ("abc", "(`abc`) is not a number"),
        ("NaN", "(`NaN`) is not a number (NaN)"),
        ("-inf", "(`-inf`) is infinite"),
        ("1e308", "(`1e308`) is too large"),
    ],
)
def test_a_bad_cell_is_explained_and_the_valid_rows_are_used(at, value, words):
    edit(at, edited_rows={2: {"F1": value}})
    warning = at.warning[0].value
    assert warning.startswith("Row 3, F1") and words in warning and "other 7 rows" in warning
    np.testing.assert_array_equal(at.session_state["walk.table.last_valid"], np.delete(DEFAULT, 2, axis=0))


def test_a_single_row_keeps_the_last_valid_table(at):
    edit(at, deleted_rows=range(1, 8))
    assert "single row" in at.warning[0].value
    np.testing.assert_array_equal(at.session_state["walk.table.last_valid"], DEFAULT)


def test_deleting_every_row_keeps_the_last_valid_table(at):
    edit(at, deleted_rows=range(8))
    assert "table is empty" in at.warning[0].value
    np.testing.assert_array_equal(at.session_state["walk.table.last_valid"], DEFAULT)


def test_too_few_valid_rows_keep_the_last_valid_table(at):
    edit(at, edited_rows={0: {"F0": float("inf")}}, deleted_rows=range(2, 8))
    assert "last valid table" in at.warning[0].value
    np.testing.assert_array_equal(at.session_state["walk.table.last_valid"], DEFAULT)


def test_a_constant_column_is_explained_and_computed(at):
    at.session_state["walk.step"] = 4
    at.radio(key="walk.feature_widget").set_value("F2").run()
    # (AppTest forgets data_editor edits at the next widget interaction, so the edit comes last)
    edit(at, edited_rows={i: {"F2": 7.0} for i in range(8)})
    assert not at.warning
    assert at.info[0].value.startswith("F2 is constant")
    assert latex_values(at)[0].rstrip("\n$").endswith("&= 0.00\\end{aligned}")  # y = beta


def test_an_all_zero_table_is_explained_per_feature(at):
    edit(at, edited_rows={i: {f"F{j}": 0.0 for j in range(4)} for i in range(8)})
    assert len(at.info) == 4 and not at.exception


def test_added_rows_join_the_batch(at):
    edit(at, added_rows=[{"F0": 1.0, "F1": 2.0, "F2": 3.0, "F3": 4.0}])
    assert at.session_state["walk.table.last_valid"].shape == (9, 4)


def test_key_insights_quote_the_current_numbers(at):
    _, cache = batch_norm_forward(DEFAULT)
    insights = [m.value for m in at.markdown if m.value.startswith("- **")]
    assert 5 <= len(insights) <= 7
    assert any(f"μ = {cache.mean[0]:.2f}" in text for text in insights)


def test_read_the_code_draws_only_the_open_part(at):
    assert not at.code and not at.tabs  # nothing until "Show the code" is opened
    at.session_state[WalkthroughKeys.READING] = True
    at.run()
    assert [tab.label for tab in at.tabs] == [part.title for part in PARTS]
    code = [block.value for block in at.code]
    assert code[0].startswith("def batch_norm_forward(") and code[1].startswith("import torch") and len(code) == 2
    at.session_state[WalkthroughKeys.CODE_PART] = "Running statistics"
    at.run()
    assert not at.exception
    code = [block.value for block in at.code]
    assert "def _update_running_stats(" in "".join(code) and "def batch_norm_forward(" not in "".join(code)


def test_edits_and_settings_survive_a_visit_to_another_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    at.switch_page("pages/1_Walkthrough.py").run()
    at.slider(key="walk.m").set_value(10).run()
    at.session_state["walk.table"] = {"edited_rows": {0: {"F0": 99.0}}, "added_rows": [], "deleted_rows": []}
    at.session_state["walk.affine"] = {"edited_rows": {0: {"F1": 3.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert at.session_state["walk.table.last_valid"][0, 0] == 99.0
    at.switch_page("pages/7_Quiz.py").run()
    at.switch_page("pages/1_Walkthrough.py").run()
    assert at.slider(key="walk.m").value == 10
    assert (
        at.session_state["walk.table.last_valid"][0, 0] == 99.0
    )  # rebuilt from the last valid table, not the fresh one
    assert at.session_state["walk.table.base"][0, 0] == 99.0
    assert at.session_state["walk.affine.last_valid"][0, 1] == 3.0


def test_every_control_is_created_with_its_value_also_after_another_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    at.switch_page("pages/1_Walkthrough.py").run()
    assert assert_created_with_their_values(at) == 11  # with the exercise picker
    at.slider(key="walk.m").set_value(12).run()
    at.number_input(key="walk.momentum").set_value(0.3).run()
    at.radio(key="walk.mode").set_value("Inference").run()
    at.switch_page("pages/7_Quiz.py").run()
    at.switch_page("pages/1_Walkthrough.py").run()
    assert at.slider(key="walk.m").value == 12 and at.number_input(key="walk.momentum").value == 0.3
    assert at.radio(key="walk.mode").value == "Inference"
    assert_created_with_their_values(at)


@pytest.mark.parametrize(
    "key, entered, message",
    [
        ("walk.momentum", -0.5, "Momentum: -0.5 is outside 0 to 1, so it was not applied; it stays 0.1."),
        ("walk.momentum", 1.5, "Momentum: 1.5 is outside 0 to 1, so it was not applied; it stays 0.1."),
        ("walk.seed", 10_001, "Seed: 10001 is outside 0 to 10000, so it was not applied; it stays 0."),
        ("walk.seed", -3, "Seed: -3 is outside 0 to 10000, so it was not applied; it stays 0."),
    ],
)
def test_an_out_of_range_number_is_rejected_with_a_message(at, key, entered, message):
    before = at.session_state["walk.table.last_valid"].copy()
    at.number_input(key=key).set_value(entered).run()
    assert message in [w.value for w in at.warning]
    assert at.number_input(key=key).value == {"walk.momentum": 0.1, "walk.seed": 0}[key]
    np.testing.assert_array_equal(at.session_state["walk.table.last_valid"], before)
    assert "momentum 0.1" in next(c.value for c in at.caption if c.value.startswith("PyTorch convention"))


def test_inference_mode_shows_every_number_from_the_running_statistics(at):
    """Issue 14: in Inference mode the step panel said y = 0.68 (batch statistics) while the output table said 0.42,
    and x̂ still used the batch statistics, so y ≠ γx̂ + β on screen."""
    for _ in range(2):
        at.button(key="walk.train_step").click().run()
    at.radio(key="walk.mode").set_value("Inference").run()
    at.session_state["walk.step"] = 4
    at.session_state["walk.affine"] = {
        "edited_rows": {0: {"F0": "2"}, 1: {"F0": "0.5"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    layer = BatchNorm(4)
    for _ in range(2):
        layer.forward(DEFAULT, training=True)
    gamma, beta = np.array([2.0, 1, 1, 1]), np.array([0.5, 0, 0, 0])
    x_hat = (DEFAULT - layer.running_mean) / np.sqrt(layer.running_var + 1e-5)
    y = gamma * x_hat + beta
    assert "Scale and shift" in step_text(at)
    assert latex_values(at)[0].rstrip("\n$").endswith(f"&= {y[0, 0]:.2f}\\end{{aligned}}")
    worked = at.table[0].value
    assert list(worked.columns) == ["x", "x − μ_run", "x̂", "y = γx̂ + β"]
    np.testing.assert_allclose(worked["y = γx̂ + β"].iloc[:8], y[:, 0])
    stages = [t.value.to_numpy(dtype=float) for t in at.table if t.value.shape == (8, 4)]  # x, x̂, y in page order
    np.testing.assert_array_equal(stages[0], DEFAULT)
    x_hat_table, y_table = stages[1], stages[2]
    np.testing.assert_allclose(x_hat_table, x_hat)
    np.testing.assert_allclose(y_table, gamma * x_hat_table + beta)  # y = γx̂ + β holds on screen
    assert any("Batch statistics** (training mode only" in m.value for m in at.markdown)
    at.session_state["walk.step"] = 1
    at.run()
    assert f"training mode would use this batch's μ = {DEFAULT[:, 0].mean():.2f}" in " ".join(
        m.value for m in at.markdown
    )
    assert latex_values(at)[0].rstrip("\n$").endswith(f"&= {layer.running_mean[0]:.2f}\\end{{aligned}}")
