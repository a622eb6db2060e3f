"""The gradient-flow page in AppTest: every control changes what it should, and every bad input gets one clear
sentence while the page keeps computing on the last valid batch."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from bncore import batch_norm_forward, make_feature_batch
from tests.app.controls import assert_created_with_their_values
from tests.app.drawn_charts import sent_charts
from tests.conftest import ROOT
from ui.common.latex import number_text
from ui.gradient_flow.charts import COMPONENT

PAGE = str(ROOT / "pages" / "2_Gradient_Flow.py")
BASE = make_feature_batch(8, 3, seed=0)  # the page's default batch


@pytest.fixture
def at():
    app = AppTest.from_file(PAGE, default_timeout=30)
    app.run()
    assert not app.exception
    return app


def edit(app, edited_rows=None, deleted_rows=(), **state):
    """Run with these editor edits (AppTest forgets them on the next run, so they are set every time) and state."""
    app.session_state["grad.table"] = {
        "edited_rows": edited_rows or {},
        "added_rows": [],
        "deleted_rows": list(deleted_rows),
    }
    for key, value in state.items():
        app.session_state[f"grad.{key}"] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def texts(elements):
    return " | ".join(e.value for e in elements)


def frame(app, column):
    """The first st.dataframe holding ``column`` (the editor is a dataframe too, so positions would be fragile)."""
    return next(d.value for d in app.dataframe if column in d.value.columns)


def formulas(app):
    """The LaTeX sources of the page, without the $$ fences Streamlit adds."""
    return [element.value.strip("$\n") for element in app.latex]


def test_default_page_walks_the_backward_pass_and_passes_the_check(at):
    assert at.title[0].value == "Gradient flow through batch norm"
    _, cache = batch_norm_forward(BASE)
    assert at.metric[0].label == "μ of F0" and at.metric[0].value == number_text(cache.mean[0])
    latex = formulas(at)
    assert len(latex) == 6 * 2 + 2  # six steps (formula + numbers), the closed form, the projection derivation
    assert latex[1].startswith(r"\begin{aligned}d\beta &= \bigl(") and r"\dots" not in latex[1]  # m = 8: not elided
    assert "Pass: every relative error is below 1e-7" in texts(at.success)
    np.testing.assert_array_equal(at.session_state["grad.table.last_valid"], BASE)


def test_batch_size_features_and_seed_regenerate_the_batch(at):
    at.slider(key="grad.m").set_value(12).run()
    assert at.session_state["grad.table.last_valid"].shape == (12, 3)
    assert r"\dots" in formulas(at)[1]  # m = 12 > 8: the sum is elided
    at.slider(key="grad.d").set_value(1).run()
    assert at.session_state["grad.table.last_valid"].shape == (12, 1)
    assert "With one feature LayerNorm always outputs 0" in texts(at.caption)
    at.number_input(key="grad.seed").set_value(5).run()
    np.testing.assert_array_equal(at.session_state["grad.table.last_valid"], make_feature_batch(12, 1, seed=5))
    assert not at.exception


def test_feature_sample_gamma_and_beta(at):
    at.selectbox(key="grad.feature").set_value(2).run()
    assert at.metric[0].label == "μ of F2"
    at.selectbox(key="grad.sample").set_value(4).run()
    assert "shown for sample 5" in texts(at.markdown)
    assert formulas(at)[11].startswith(r"\begin{aligned}dx_{5} &=")
    at.number_input(key="grad.gamma").set_value(2.0).run()
    assert formulas(at)[5].startswith(r"\begin{aligned}d\hat{x} &= 2.00 \cdot")
    at.number_input(key="grad.beta").set_value(1.5).run()
    table = frame(at, "dyᵢ")
    np.testing.assert_allclose(table["yᵢ = γx̂ᵢ + β"], 2.0 * table["x̂ᵢ"] + 1.5)


def test_upstream_gradient_options(at):
    at.radio(key="grad.dy_kind").set_value("sum_of_squares").run()
    assert "it hardly depends on x at all" in texts(at.info)
    np.testing.assert_allclose(frame(at, "dyᵢ")["dyᵢ"], 2 * frame(at, "dyᵢ")["yᵢ = γx̂ᵢ + β"])
    assert "Pass" in texts(at.success)  # dx ~ 1e-4 and dbeta = 0 still pass on their absolute error
    at.selectbox(key="grad.sample").set_value(2).run()
    at.radio(key="grad.dy_kind").set_value("one_hot").run()
    assert "L = y[3, F0]" in texts(at.caption)
    assert list(frame(at, "dyᵢ")["dyᵢ"]) == [0, 0, 1, 0, 0, 0, 0, 0]


def worst_dx_error(app) -> float:
    """The largest log10 relative error of dx the page's error chart was sent."""
    (errors,) = sent_charts(app, COMPONENT, "errors")
    return max(max(series["y"]) for series in errors["series"] if series["name"].startswith("dx"))


def test_the_charts_follow_the_batch_the_sample_and_the_broken_pass(at):
    batch_norm, layer_norm = sent_charts(at, COMPONENT, "jacobian")
    assert batch_norm["title"] == "BatchNorm: F0 across the batch" and len(batch_norm["fills"]) == 8
    assert layer_norm["title"] == "LayerNorm: sample 1 across features" and layer_norm["labels"] == ["F0", "F1", "F2"]
    assert worst_dx_error(at) < -7  # the correct backward pass: every dx entry below 1e-7
    at.slider(key="grad.m").set_value(4).run()
    at.selectbox(key="grad.sample").set_value(2).run()
    batch_norm, layer_norm = sent_charts(at, COMPONENT, "jacobian")
    assert batch_norm["labels"] == ["1", "2", "3", "4"] and layer_norm["title"].startswith("LayerNorm: sample 3")
    at.radio(key="grad.break").set_value("variance").run()
    assert worst_dx_error(at) > -2  # above the "wrong" line


@pytest.mark.parametrize("drop, path", [("variance", "variance path (dσ²)"), ("mean", "mean path (dμ)")])
def test_breaking_the_backward_pass_is_caught(at, drop, path):
    at.radio(key="grad.break").set_value(drop).run()
    assert f"The {path} is missing from dx" in texts(at.error)
    assert at.session_state["grad.caught"] == [drop]
    assert list(frame(at, "verdict")["verdict"]) == ["❌ fail", "✅ pass", "✅ pass"]


def test_a_dy_that_never_uses_the_mean_path_hides_the_bug(at):
    at.radio(key="grad.dy_kind").set_value("sum_of_squares").run()  # beta = 0: sum(dy) = 2 sum(y) = 0
    at.radio(key="grad.break").set_value("mean").run()
    assert "The bug went unnoticed" in texts(at.warning) and not at.error
    assert "grad.caught" not in at.session_state


def test_float32_and_the_step(at):
    at.radio(key="grad.dtype").set_value("float32").run()
    assert "This is why gradient checks run in float64" in texts(at.warning)
    assert at.session_state["grad.float32_seen"] is True
    at.radio(key="grad.dtype").set_value("float64").run()
    at.select_slider(key="grad.step").set_value(1e-1).run()
    assert "Inconclusive" in texts(at.warning) and "truncation error" in texts(at.warning)


@pytest.mark.parametrize(
    "value, words",
    [
        ("NaN", "(`NaN`) is not a number (NaN)"),
        ("-inf", "(`-inf`) is infinite"),
        ("abc", "(`abc`) is not a number"),
        ("1e308", "(`1e308`) is too large"),
        ("", "is empty"),
        (None, "is empty"),
    ],
)
def test_a_bad_cell_is_named_and_its_row_left_out(at, value, words):
    edit(at, {1: {"F1": value}})
    warning = texts(at.warning)
    assert warning.startswith("Row 2, F1 ") and words in warning and "computing on the other 7 rows" in warning
    np.testing.assert_array_equal(at.session_state["grad.table.last_valid"], np.delete(BASE, 1, axis=0))
    assert "Pass" in texts(at.success)  # the page still computes on the valid rows


@pytest.mark.parametrize(
    "deleted, words", [(range(1, 8), "A single row has no spread"), (range(8), "The table is empty")]
)
def test_too_few_rows_keep_the_last_valid_batch(at, deleted, words):
    edit(at, {0: {"F0": 1.0}})  # a valid edit first: it becomes the last valid batch
    kept = at.session_state["grad.table.last_valid"].copy()
    edit(at, {0: {"F0": 1.0}}, deleted_rows=deleted)
    assert words in texts(at.warning)
    np.testing.assert_array_equal(at.session_state["grad.table.last_valid"], kept)
    assert kept[0, 0] == 1.0 and frame(at, "xᵢ")["xᵢ"].iloc[0] == 1.0


def test_a_constant_feature_is_explained_and_checked_with_a_smaller_step(at):
    constant = {i: {"F2": 4.0} for i in range(8)}
    edit(at, constant, feature=2)
    assert "F2 is constant, so its variance is 0" in texts(at.info)
    assert at.metric[1].value == "0.00"  # sigma^2 of F2
    assert "A constant feature" in texts(at.warning)  # h = 1e-5 is coarse next to sigma = sqrt(eps)
    assert abs(frame(at, "Σᵢ dxᵢ").loc["F2", "Σᵢ dxᵢ"]) < 1e-9  # dx still sums to zero
    edit(at, constant, feature=2, step=1e-6)
    assert "Pass" in texts(at.success)


def test_a_tiny_variance_is_plain_text_in_its_metric(at):
    """Issue 14: with m = 2 the σ² box showed the LaTeX source `6.25 \\times 10^{-4}`."""
    edit(at, {0: {"F0": 1.0}, 1: {"F0": 1.05}}, deleted_rows=range(2, 8))
    assert at.metric[1].label == "σ² of F0 (biased)" and at.metric[1].value == "6.25 × 10⁻⁴"
    assert not any("\\" in metric.value or "{" in metric.value for metric in at.metric)


def test_edits_survive_a_change_of_the_followed_feature(at):
    edit(at, {0: {"F0": 10.0}})
    edit(at, {0: {"F0": 10.0}}, feature=1)
    assert at.session_state["grad.table.last_valid"][0, 0] == 10.0 and at.metric[0].label == "μ of F1"


def test_settings_and_edits_survive_a_visit_to_another_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/2_Gradient_Flow.py").run()
    at.slider(key="grad.m").set_value(12).run()
    at.radio(key="grad.dtype").set_value("float32").run()
    at.session_state["grad.table"] = {"edited_rows": {1: {"F0": 42.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.switch_page("app.py").run()
    at.switch_page("pages/2_Gradient_Flow.py").run()
    assert at.slider(key="grad.m").value == 12 and at.radio(key="grad.dtype").value == "float32"
    assert at.session_state["grad.table.last_valid"][1, 0] == 42.0


def test_every_control_is_created_with_its_value_also_after_another_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    at.switch_page("pages/2_Gradient_Flow.py").run()
    assert assert_created_with_their_values(at) == 14  # with the exercise picker and the prediction
    at.number_input(key="grad.gamma").set_value(2.5).run()
    at.selectbox(key="grad.sample").set_value(3).run()
    at.switch_page("pages/7_Quiz.py").run()
    at.switch_page("pages/2_Gradient_Flow.py").run()
    assert at.number_input(key="grad.gamma").value == 2.5 and at.selectbox(key="grad.sample").value == 3
    assert_created_with_their_values(at)


@pytest.mark.parametrize(
    "key, entered, message",
    [
        ("grad.gamma", 9.0, "γ (every feature): 9 is outside 0.1 to 5, so it was not applied; it stays 1."),
        ("grad.gamma", 0.0, "γ (every feature): 0 is outside 0.1 to 5, so it was not applied; it stays 1."),
        ("grad.gamma", 1e308, "γ (every feature): 1e+308 is outside 0.1 to 5, so it was not applied; it stays 1."),
        ("grad.beta", -6.0, "β (every feature): -6 is outside -5 to 5, so it was not applied; it stays 0."),
        ("grad.seed", 20_000, "Seed: 20000 is outside 0 to 10000, so it was not applied; it stays 0."),
    ],
)
def test_an_out_of_range_number_is_rejected_with_a_message(at, key, entered, message):
    y_before = frame(at, "yᵢ = γx̂ᵢ + β")["yᵢ = γx̂ᵢ + β"].copy()
    at.number_input(key=key).set_value(entered).run()
    assert message in [w.value for w in at.warning]
    assert at.number_input(key=key).value == {"grad.gamma": 1.0, "grad.beta": 0.0, "grad.seed": 0}[key]
    assert frame(at, "yᵢ = γx̂ᵢ + β")["yᵢ = γx̂ᵢ + β"].equals(y_before)  # the page computes as before
