"""The normalization-family page in a real browser: the block draws and names a cell on hover, GroupNorm's groups (a
bad count keeps the last valid one), and the batch-size experiment."""

import re

from playwright.sync_api import expect

from tests.e2e.tab import screenshot, wait_for_app

# Where the selected cell's centre is on the screen: its hover marker's coordinates (as Plotly decoded them) through the
# chart's axes.
SELECTED_CELL_ON_SCREEN = """() => {
  const chart = document.querySelector(".stPlotlyChart .js-plotly-plot");
  const trace = chart._fullData.find((t) => t.name === "selected cell" && t.mode === "markers");
  const { xaxis, yaxis } = chart._fullLayout;
  const box = chart.getBoundingClientRect();
  return [box.left + xaxis._offset + xaxis.l2p(trace.x[0]), box.top + yaxis._offset + yaxis.l2p(trace.y[0])];
}"""


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
    block = page.locator(".stPlotlyChart").first
    expect(block.locator(".scatterlayer .trace").first).to_be_visible()
    block.scroll_into_view_if_needed()
    x, y = page.evaluate(SELECTED_CELL_ON_SCREEN)
    page.mouse.move(x, y)
    expect(block.locator(".hoverlayer")).to_contain_text("n=0, c=0, h=0, w=0")
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

    page.get_by_role("button", name="Run the experiment").click()
    expect(page.get_by_text(re.compile("^Mean test accuracy at batch size 2"))).to_be_visible(timeout=120_000)
    wait_for_app(page, rerun=False)
    expect(page.locator(".js-plotly-plot")).to_have_count(2)
    screenshot(page, "family_groupnorm_experiment")
