"""The walkthrough's read-only tables: the CSS that shades a column of one table (ui.walkthrough.tables)."""

from ui.common.keys import key_class
from ui.walkthrough.keys import WalkthroughKeys
from ui.walkthrough.tables import SHADE, table_rules


def test_a_key_becomes_the_class_streamlit_gives_its_element():
    assert key_class(WalkthroughKeys.shown_table("x_hat")) == "st-key-walk-shown_table-x_hat"
    assert key_class(" a.b c/d ") == "st-key-a-b-c-d"


def test_the_rules_reach_only_the_keyed_table_and_shade_one_data_column():
    rules = table_rules(WalkthroughKeys.shown_table("x"), 2, bold_last_row=False)
    assert all(rule.startswith(".st-key-walk-shown_table-x tbody ") for rule in rules.split("} ")[:-1])
    assert f"td:nth-of-type(3) {{ {SHADE}; }}" in rules  # a row's label is a th, so the third td is column 2
    assert "font-weight" not in rules


def test_the_worked_column_also_has_its_mean_row_bold():
    rules = table_rules(WalkthroughKeys.shown_table("worked"), 0, bold_last_row=True)
    assert "tr:last-child td { font-weight: bold; }" in rules and "td:nth-of-type(1)" in rules
