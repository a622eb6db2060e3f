"""Two learners in two browser contexts on one server: what one does never shows up for the other."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import edit_cell, new_page, wait_for_app
from tests.e2e.test_notes import write_note

FIRST_INPUT_CELL = (110, 55)  # the walkthrough grid's row 1, F0: after the row-marker and index columns
STEP_0 = "annotation[encoding='application/x-tex']"  # the LaTeX of "Step 0": the followed column's values


def test_two_browsers_do_not_share_notes_quiz_table_or_lab_settings(browser, app_url):
    alice, bob = new_page(browser), new_page(browser)

    alice.goto(f"{app_url}/Notes")
    wait_for_app(alice)
    expect(alice.get_by_text("Your notes and progress are saved in this browser.")).to_be_visible(timeout=15_000)
    write_note(alice, "Alice only: gamma undoes the normalization")
    alice.goto(f"{app_url}/Quiz")
    wait_for_app(alice)
    alice.get_by_role("button", name="Start practice").click()
    wait_for_app(alice)
    expect(alice.get_by_text(re.compile(r"Question 1 of"))).to_be_visible()
    alice.goto(f"{app_url}/Walkthrough")
    wait_for_app(alice)
    edit_cell(alice, alice.get_by_test_id("stDataFrame").first, FIRST_INPUT_CELL, "123")
    expect(alice.locator(STEP_0).filter(has_text="123.00")).to_have_count(1)
    alice.goto(f"{app_url}/Training_Lab?depth=3&width=40")
    wait_for_app(alice)
    expect(alice.get_by_role("slider", name="Hidden layers (depth)")).to_have_value("3")

    bob.goto(f"{app_url}/Notes")
    wait_for_app(bob)
    expect(bob.get_by_text("Your notes and progress are saved in this browser.")).to_be_visible(timeout=15_000)
    expect(bob.get_by_text("Alice only")).to_have_count(0)
    bob.goto(f"{app_url}/Quiz")
    wait_for_app(bob)
    expect(bob.get_by_text(re.compile(r"Question 1 of"))).to_have_count(0)
    expect(bob.get_by_role("button", name="Start practice")).to_be_visible()
    bob.goto(f"{app_url}/Walkthrough")
    wait_for_app(bob)
    expect(bob.locator(STEP_0).filter(has_text="0.31")).to_have_count(1)
    expect(bob.locator(STEP_0).filter(has_text="123.00")).to_have_count(0)
    bob.goto(f"{app_url}/Training_Lab")
    wait_for_app(bob)
    expect(bob.get_by_role("slider", name="Hidden layers (depth)")).to_have_value("8")
    alice.context.close()
    bob.context.close()
