"""What a walkthrough guess keeps hidden while it is open: that step's number and every later one (a later number
gives an earlier one away), as "?" cells of the followed feature, and the ε chart without the feature's line."""

import numpy as np
import pandas as pd
import pytest

from ui.walkthrough import hidden as cells
from ui.walkthrough.figures import epsilon_chart_data
from ui.walkthrough.guess import hidden_from, hides


@pytest.mark.parametrize(
    ("step", "open_steps", "expected"),
    [
        (0, [1, 2, 3, 4], 1),  # before the first guess, its number is already protected
        (1, [1, 2, 3, 4], 1),
        (2, [2, 3, 4], 2),
        (2, [1, 3, 4], 3),  # step 1's guess was passed by: only what is ahead is kept back
        (4, [1, 2, 3], None),
        (5, [1, 2, 3, 4], None),
        (3, [], None),
    ],
)
def test_the_first_open_guess_from_the_current_step_on_is_what_is_hidden(step, open_steps, expected):
    assert hidden_from(step, open_steps) == expected


def test_a_hidden_step_hides_every_later_number_and_none_hides_nothing():
    assert [s for s in range(1, 5) if hides(2, s)] == [2, 3, 4]
    assert not any(hides(None, s) for s in range(1, 5))


@pytest.mark.parametrize(
    ("first_hidden", "rows"),
    [
        (None, []),
        (1, [cells.MEAN_ROW, cells.VARIANCE_ROW, cells.STD_ROW]),
        (2, [cells.VARIANCE_ROW, cells.STD_ROW]),
        (3, []),
    ],
)
def test_the_statistics_rows_hidden(first_hidden, rows):
    assert cells.hidden_statistics(first_hidden) == rows


def test_running_statistics_are_hidden_only_once_a_step_moved_them():
    assert cells.hidden_running(1, 0) == []
    assert cells.hidden_running(1, 2) == [cells.RUNNING_MEAN_ROW, cells.RUNNING_VARIANCE_ROW]
    assert cells.hidden_running(2, 1) == [cells.RUNNING_VARIANCE_ROW] and cells.hidden_running(3, 1) == []


def test_hidden_cells_are_question_marks_in_a_copy_and_the_rest_keeps_its_numbers():
    table = pd.DataFrame({"F0": [1.234, 5.0], "F1": [2.0, 3.0]}, index=["a", "b"])
    hidden = cells.hide_cells(table, ["a"], "F0")
    assert list(hidden["F0"]) == [cells.HIDDEN, "5.00"] and list(hidden["F1"]) == [2.0, 3.0]  # one type per column
    assert table.loc["a", "F0"] == 1.234 and cells.hide_cells(table, [], "F0") is table
    assert [cells.two_decimals(v) for v in (1.234, cells.HIDDEN)] == ["1.23", "?"]


def test_the_epsilon_chart_leaves_out_the_line_of_the_feature_whose_variance_is_to_be_guessed():
    variances = np.array([4.5813, 0.3046, 25.9565])
    shown = epsilon_chart_data(variances, 1e-5, hidden_feature=0)
    assert [line["name"] for line in shown["lines"]] == ["F1 (σ² = 0.305)", "F2 (σ² = 26)"]
    assert "F0" not in shown["summary"]
    assert len(epsilon_chart_data(variances, 1e-5)["lines"]) == 3
