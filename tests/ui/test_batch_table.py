"""check_table: every bad input the walkthrough and gradient-flow pages name gets one clear sentence."""

import numpy as np
import pandas as pd
import pytest

from ui.common.tables import as_table, check_table

GOOD = np.array([[1.0, 10.0], [2.0, 20.0], [4.0, 25.0], [5.0, 30.0]])


def with_cell(row: int, column: str, value) -> pd.DataFrame:
    table = as_table(GOOD).astype(object)
    table.loc[row, column] = value
    return table


def test_a_good_table_passes_unchanged():
    check = check_table(as_table(GOOD))
    assert check.problem is None and check.notes == ()
    np.testing.assert_array_equal(check.values, GOOD)


@pytest.mark.parametrize(
    "value, words",
    [
        (None, "is empty"),
        ("", "is empty"),
        (np.nan, "is empty or not a number (NaN)"),
        ("abc", "(`abc`) is not a number"),
        ("NaN", "(`NaN`) is not a number (NaN)"),
        ("-inf", "(`-inf`) is infinite"),
        ("1e308", "(`1e308`) is too large"),
        ("[x](http://a.b) **bold**", "(`[x](http://a.b) **bold**`) is not a number"),
        ("`a`\nb", "(`'a' b`) is not a number"),
        (np.inf, "is infinite"),
        (-np.inf, "is infinite"),
        (1e308, "is too large"),
    ],
)
def test_a_bad_cell_drops_its_row_and_says_so(value, words):
    check = check_table(with_cell(2, "F1", value))
    assert check.problem.startswith("Row 2, F1 ") and words in check.problem
    assert "computing on the other 3 rows" in check.problem
    np.testing.assert_array_equal(check.values, GOOD[[0, 2, 3]])


def test_numeric_text_is_accepted():
    check = check_table(with_cell(1, "F0", "1.5"))
    assert check.problem is None and check.values[0, 0] == 1.5


def test_too_few_valid_rows_keeps_nothing():
    table = as_table(GOOD[:2]).astype(object)
    table.loc[1, "F0"] = "x"
    check = check_table(table)
    assert check.values is None and "last valid table" in check.problem


def test_a_single_row_is_refused():
    check = check_table(as_table(GOOD[:1]))
    assert check.values is None and "single row" in check.problem


@pytest.mark.parametrize("table", [as_table(GOOD).iloc[0:0], pd.DataFrame()])
def test_an_empty_table_is_refused(table):
    check = check_table(table)
    assert check.values is None and "empty" in check.problem


def test_a_constant_column_is_a_note_not_an_error():
    values = GOOD.copy()
    values[:, 0] = 3.0
    check = check_table(as_table(values))
    assert check.problem is None and len(check.notes) == 1 and check.notes[0].startswith("F0 is constant")


def test_an_all_zero_table_notes_every_column():
    check = check_table(as_table(np.zeros((4, 3))))
    assert check.problem is None and len(check.notes) == 3
