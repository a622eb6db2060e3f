"""The normalization-family page in a real browser: the block draws and names a cell on hover, GroupNorm's groups (a
bad count keeps the last valid one), and the batch-size experiment."""

import re

from playwright.sync_api import expect

from tests.e2e.tab import screenshot, wait_for_app
from ui.common.keys import key_class
from ui.family.keys import FamilyKeys

BLOCK = f".{key_class(FamilyKeys.BLOCK)}"  # the tensor block, drawn by the page (an inline component)


def test_family_block_groupnorm_and_batch_size_experiment(page, app_url):
    page.goto(f"{app_url}/Normalization_Family")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="The normalization family")).to_be_visible()
    shared = (
        page.get_by_test_id("stMetric")
        .filter(has=page.get_by_test_id("stMetricLabel").get_by_text("values sharing it", exact=True))
        .get_by_test_id("stMetricValue")
    )
    expect(shared).to_have_text("12")
    block = page.locator(BLOCK)
    expect(block.locator("g.cell")).to_have_count(3 * 6 * 4)  # N x C x H x W cells
    expect(block.locator("g.cell[data-group='shares the statistic']")).to_have_count(12 - 1)
    selected = block.locator("g.cell[data-group='selected cell']")
    selected.scroll_into_view_if_needed()
    readout = block.locator(".readout")
    expect(readout).to_have_text("Hover over a cell, or tap it, to read its value.")
    selected.hover()  # its faces outlined, its value written under the block and in its title (the browser's tooltip)
    expect(readout).to_have_text(re.compile(r"^n=0, c=0, h=0, w=0 · x = -?\d+\.\d\d$"))
    expect(selected.locator("title")).to_have_text(re.compile(r"^n=0, c=0, h=0, w=0\nx = -?\d+\.\d\d$"))
    screenshot(page, "family")

    page.get_by_role("radiogroup", name="Normalization").locator("label").filter(has_text="GroupNorm").click()
    wait_for_app(page)
    groups = page.get_by_role("spinbutton", name="Groups G (GroupNorm)")
    groups.fill("4")
    groups.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text(re.compile("^4 groups cannot split 6 channels"))).to_be_visible()
    expect(shared).to_have_text("12")  # G = 2 kept: 3 channels x 4 positions
    screenshot(page, "family_bad_groups")
    groups.fill("3")
    groups.press("Enter")
    wait_for_app(page)
    expect(shared).to_have_text("8")
    expect(block.locator("g.cell[data-group='shares the statistic']")).to_have_count(8 - 1)

    page.get_by_role("button", name="Run the experiment").click()
    expect(page.get_by_text(re.compile("^Mean test accuracy at batch size 2"))).to_be_visible(timeout=120_000)
    wait_for_app(page, rerun=False)
    expect(page.locator(".js-plotly-plot")).to_have_count(1)  # the experiment's chart; the block is SVG
    screenshot(page, "family_groupnorm_experiment")
