"""The home page in a real browser: it renders, links the pages, and the expertise level can be changed by keyboard."""

import re

from playwright.sync_api import expect

from tests.e2e.tab import screenshot, wait_for_app, wait_for_element_code


def test_home_renders_with_equations_and_map(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Batch Norm Lab")).to_be_visible()
    expect(page.locator(".katex").first).to_be_visible()
    # No chart or grid here, yet the tab loads their code for the pages that follow (ui.common.prefetch).
    expect(page.locator(".stPlotlyChart, .stDataFrame")).to_have_count(0)
    for element in ("PlotlyChart", "DataFrame"):
        wait_for_element_code(page, element)
    screenshot(page, "home")


def test_expertise_level_by_keyboard(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    beginner = page.get_by_role("radio", name="Beginner")
    beginner.focus()
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    expect(page.get_by_role("radio", name="Intermediate")).to_be_checked()
    expect(page.get_by_text(re.compile("Basic terms are assumed"))).to_be_visible()
