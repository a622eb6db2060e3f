"""The gradient-flow page in a real browser: formulas render, an edit survives following another feature, breaking
the backward pass is caught, and float32 is explained."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import CELL_EDITOR, screenshot, wait_for_app


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
    expect(page.locator(".js-plotly-plot")).to_have_count(3)
    screenshot(page, "gradient_flow")

    mean = page.locator("[data-testid=stMetric]").filter(has_text="μ of").locator("[data-testid=stMetricValue]")
    expect(mean).to_have_text("-0.31")
    editor = page.locator("[data-testid=stDataFrame]").first
    editor.scroll_into_view_if_needed()
    box = editor.bounding_box()
    page.mouse.dblclick(box["x"] + 200, box["y"] + 35 + 17)  # row 1 of F0 (the grid draws on a canvas)
    cell_editor = page.locator(CELL_EDITOR).first
    cell_editor.wait_for()
    cell_editor.fill("10")
    cell_editor.press("Enter")
    wait_for_app(page)
    expect(mean).to_have_text("0.90")  # (10 - 0.31 + 8 * -0.31) / 8
    choose_feature(page, "F1")
    choose_feature(page, "F0")
    expect(mean).to_have_text("0.90")  # the edit is still there

    page.get_by_text("drop the variance path (dσ²)").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile("^Caught: dx's relative error"))).to_be_visible()
    page.get_by_text("float32", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile("the check cannot tell a bug from rounding"))).to_be_visible()
    screenshot(page, "gradient_flow_broken_float32")
