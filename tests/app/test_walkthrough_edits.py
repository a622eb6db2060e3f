"""The walkthrough's edits in AppTest: each bad cell, γ, β or number is explained and leaves the last valid values in
use; rows added or deleted; edits and settings kept across a visit to another page."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.controls import assert_created_with_their_values
from tests.app.walkthrough import DEFAULT, edit, latex_values, open_walkthrough
from tests.conftest import ROOT


@pytest.fixture
def at() -> AppTest:
    return open_walkthrough()


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
