"""The walkthrough page in AppTest: every step and control, running statistics, modes, ε, the charts and the code.
(Edits and each bad input: test_walkthrough_edits.py.)"""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from bncore import BatchNorm, batch_norm_forward, make_feature_batch
from tests.app.drawn_charts import sent_charts
from tests.app.walkthrough import DEFAULT, edit, latex_values, open_walkthrough, step_text
from ui.walkthrough.charts import COMPONENT
from ui.walkthrough.keys import WalkthroughKeys
from ui.walkthrough.reading import PARTS


@pytest.fixture
def at() -> AppTest:
    return open_walkthrough()


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
        return page_chart(at, "distribution")["title"]

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
    worked = at.table[0].value  # the tables hold the text they show: numbers to two decimals
    assert list(worked.columns) == ["x", "x − μ_run", "x̂", "y = γx̂ + β"]
    assert list(worked["y = γx̂ + β"].iloc[:8]) == [f"{value:.2f}" for value in y[:, 0]]
    stages = [t.value.to_numpy(dtype=float) for t in at.table if t.value.shape == (8, 4)]  # x, x̂, y in page order
    np.testing.assert_allclose(stages[0], DEFAULT, atol=0.005)
    x_hat_table, y_table = stages[1], stages[2]
    np.testing.assert_allclose(x_hat_table, x_hat, atol=0.005)
    np.testing.assert_allclose(y_table, gamma * x_hat + beta, atol=0.005)  # y = γx̂ + β, to the shown decimals
    assert any("Batch statistics** (training mode only" in m.value for m in at.markdown)
    at.session_state["walk.step"] = 1
    at.run()
    assert f"training mode would use this batch's μ = {DEFAULT[:, 0].mean():.2f}" in " ".join(
        m.value for m in at.markdown
    )
    assert latex_values(at)[0].rstrip("\n$").endswith(f"&= {layer.running_mean[0]:.2f}\\end{{aligned}}")


def page_chart(at: AppTest, kind: str) -> dict:
    """The data the page's chart of ``kind`` ("distribution" or "epsilon") was last sent."""
    (chart,) = sent_charts(at, COMPONENT, kind)
    return chart


def test_the_epsilon_chart_follows_the_batch_and_the_eps_chosen(at):
    chart = page_chart(at, "epsilon")
    variances = DEFAULT.var(axis=0)
    assert [line["name"] for line in chart["lines"]] == [f"F{j} (σ² = {v:.3g})" for j, v in enumerate(variances)]
    assert chart["marker"]["label"] == "ε = 1e-05"
    edit(at, {0: {"F1": 40.0}})
    edited = page_chart(at, "epsilon")["lines"][1]["name"]
    assert edited != chart["lines"][1]["name"] and edited.startswith("F1 (σ² = ")
    at.select_slider(key=WalkthroughKeys.EPS).set_value(1e-1).run()
    assert page_chart(at, "epsilon")["marker"] == {"at": -1.0, "label": "ε = 1e-01"}
