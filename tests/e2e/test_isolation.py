"""Two learners in two browser contexts on one server: what one does never shows up for the other."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import new_page
from tests.e2e.tab import edit_cell, open_from_sidebar, wait_for_app
from tests.e2e.test_notes import write_note

FIRST_INPUT_CELL = (110, 55)  # the walkthrough grid's row 1, F0: after the row-marker and index columns
STEP_0 = "annotation[encoding='application/x-tex']"  # the LaTeX of "Step 0": the followed column's values


def test_two_browsers_do_not_share_notes_quiz_table_or_lab_settings(browser, app_url):
    """Each learner opens the app once and moves on by the sidebar (Alice's lab settings come from a link, a second
    page load), so both sessions live side by side on the server the whole time."""
    alice, bob = new_page(browser), new_page(browser)

    alice.goto(f"{app_url}/Notes")
    wait_for_app(alice)
    expect(alice.get_by_text("Your notes and progress are saved in this browser.")).to_be_visible()
    write_note(alice, "Alice only: gamma undoes the normalization")
    open_from_sidebar(alice, "Quiz")
    alice.get_by_role("button", name="Start practice").click()
    wait_for_app(alice)
    expect(alice.get_by_text(re.compile(r"Question 1 of"))).to_be_visible()
    open_from_sidebar(alice, "Walkthrough")
    edit_cell(alice, alice.get_by_test_id("stDataFrame").first, FIRST_INPUT_CELL, "123")
    expect(alice.locator(STEP_0).filter(has_text="123.00")).to_have_count(1)
    alice.goto(f"{app_url}/Training_Lab?depth=3&width=40")
    wait_for_app(alice)
    expect(alice.get_by_role("slider", name="Hidden layers (depth)")).to_have_value("3")

    bob.goto(f"{app_url}/Notes")
    wait_for_app(bob)
    expect(bob.get_by_text("Your notes and progress are saved in this browser.")).to_be_visible()
    expect(bob.get_by_text("Alice only")).to_have_count(0)
    open_from_sidebar(bob, "Quiz")
    expect(bob.get_by_text(re.compile(r"Question 1 of"))).to_have_count(0)
    expect(bob.get_by_role("button", name="Start practice")).to_be_visible()
    open_from_sidebar(bob, "Walkthrough")
    expect(bob.locator(STEP_0).filter(has_text="0.31")).to_have_count(1)
    expect(bob.locator(STEP_0).filter(has_text="123.00")).to_have_count(0)
    open_from_sidebar(bob, "Training Lab")
    expect(bob.get_by_role("slider", name="Hidden layers (depth)")).to_have_value("8")
    alice.context.close()
    bob.context.close()
