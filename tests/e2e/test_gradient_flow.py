"""The gradient-flow page in a real browser: formulas render, an edit survives following another feature, breaking
the backward pass is caught (and answers the prediction committed before, at once and after a reload), and float32 is
explained."""

import re

from playwright.sync_api import expect

from bncore import make_feature_batch
from tests.e2e.tab import commit_prediction, edit_cell, screenshot, wait_for_app


def choose_feature(page, name):
    page.locator("[data-testid=stSelectbox]").filter(has_text="Feature to follow").click()
    page.get_by_role("option", name=name, exact=True).click()
    wait_for_app(page)


def test_gradient_flow_walkthrough_and_broken_backward(page, app_url):
    page.goto(f"{app_url}/Gradient_Flow")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Gradient flow through batch norm")).to_be_visible()
    expect(page.locator(".katex").first).to_be_visible()
    expect(page.get_by_text(re.compile("^Pass: every relative error"))).to_be_visible()
    error_chart = page.locator(".st-key-grad-error_chart")  # drawn by the page itself (ui/gradient_flow/charts.py)
    expect(error_chart.get_by_role("img")).to_have_attribute("aria-label", re.compile(r"dx from \S+ to \S+; dγ"))
    expect(page.locator(".st-key-grad-bn_jacobian svg rect.cell")).to_have_count(8 * 8)  # a cell per pair of samples
    expect(page.locator(".st-key-grad-ln_jacobian svg rect.cell")).to_have_count(3 * 3)  # per pair of features
    screenshot(page, "gradient_flow")

    mean = page.locator("[data-testid=stMetric]").filter(has_text="μ of").locator("[data-testid=stMetricValue]")
    expect(mean).to_have_text("-0.31")
    type_into_first_cell(page, "10")
    expect(mean).to_have_text("0.90")  # (10 - 0.31 + 8 * -0.31) / 8
    choose_feature(page, "F1")
    choose_feature(page, "F0")
    expect(mean).to_have_text("0.90")  # the edit is still there

    # The gradient check is a fragment: its prediction, its broken passes and its precision rerun it alone.
    commit_prediction(page, "Only dx")
    page.get_by_text("drop the mean path (dμ)").click()
    wait_for_app(page)
    held = page.get_by_text("It held: the result is “Only dx”.")
    expect(held).to_be_visible()  # in the run that resolved it
    page.get_by_text("drop the variance path (dσ²)").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile("^Caught: dx's relative error"))).to_be_visible()
    page.get_by_text("float32", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile("the check cannot tell a bug from rounding"))).to_be_visible()
    expect(error_chart.locator("figcaption")).to_contain_text("(float32, h = 1e-05)")
    screenshot(page, "gradient_flow_broken_float32")
    page.reload()
    wait_for_app(page)
    expect(held).to_be_visible()  # the fragment's runs wrote the record the browser keeps


def type_into_first_cell(page, text):
    edit_cell(page, page.get_by_test_id("stDataFrame").first, (200, 35 + 17), text)  # row 1 of F0


def test_rejected_cells_and_numbers_are_named_and_change_nothing(page, app_url):
    """Issue 14: "NaN", "-inf", "abc" became 0.00 and "1e308" 1308 without a word; γ out of range stayed red."""
    page.goto(f"{app_url}/Gradient_Flow")
    wait_for_app(page)
    mean = page.locator("[data-testid=stMetric]").filter(has_text="μ of").locator("[data-testid=stMetricValue]")
    without_row_1 = f"{make_feature_batch(8, 3, seed=0)[1:, 0].mean():.2f}"
    for typed, words in [
        ("NaN", "Row 1, F0 (NaN) is not a number (NaN)"),
        ("-inf", "Row 1, F0 (-inf) is infinite"),
        ("abc", "Row 1, F0 (abc) is not a number"),
        ("1e308", "Row 1, F0 (1e308) is too large"),
    ]:
        type_into_first_cell(page, typed)
        expect(page.get_by_test_id("stAlert").filter(has_text=words)).to_be_visible()
        expect(mean).to_have_text(without_row_1)  # computed on the other 7 rows, not on 0 or 1308

    gamma = page.get_by_label("γ (every feature)", exact=True)
    gamma.fill("2.5")
    gamma.press("Enter")
    wait_for_app(page)
    gamma.fill("9")
    gamma.press("Enter")
    wait_for_app(page)
    expect(
        page.get_by_text("γ (every feature): 9 is outside 0.1 to 5, so it was not applied; it stays 2.5.")
    ).to_be_visible()
    expect(gamma).to_have_value("2.50")
    expect(page.get_by_text("Press Enter to apply")).to_have_count(0)  # no box left red, waiting for Enter
    gamma.fill("")
    gamma.press("Enter")
    expect(gamma).to_have_value("2.50")  # cleared: the value in use comes back, not the minimum
    screenshot(page, "gradient_flow_rejected_inputs")
