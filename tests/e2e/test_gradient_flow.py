"""The gradient-flow page in a real browser: formulas render, breaking the backward pass is caught, charts draw."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, wait_for_app


def test_gradient_flow_walkthrough_and_broken_backward(page, app_url):
    page.goto(f"{app_url}/Gradient_Flow")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Gradient flow through batch norm")).to_be_visible()
    expect(page.locator(".katex").first).to_be_visible()
    expect(page.get_by_text(re.compile("^Pass: every relative error"))).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(3)
    screenshot(page, "gradient_flow")

    page.get_by_text("drop the variance path (dσ²)").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile("^Caught: dx's relative error"))).to_be_visible()
    page.get_by_text("float32", exact=True).click()
    wait_for_app(page)
    screenshot(page, "gradient_flow_broken_float32")
