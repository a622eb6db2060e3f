"""The normalization-family page in a real browser: the 3-D block draws, GroupNorm's set and the experiment."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, wait_for_app


def test_family_block_groupnorm_and_batch_size_experiment(page, app_url):
    page.goto(f"{app_url}/Normalization_Family")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="The normalization family")).to_be_visible()
    expect(page.get_by_text("BatchNorm: the 12 cells sharing a statistic")).to_be_visible()
    screenshot(page, "family")

    page.locator("[data-testid=stRadio] label").filter(has_text="GroupNorm").click()
    wait_for_app(page)
    expect(page.get_by_text("GroupNorm: the 12 cells sharing a statistic")).to_be_visible()
    page.get_by_role("button", name="Run the experiment").click()
    wait_for_app(page, timeout=90_000)
    expect(page.get_by_text(re.compile("^Mean test accuracy at batch size 2"))).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(2)
    screenshot(page, "family_groupnorm_experiment")
