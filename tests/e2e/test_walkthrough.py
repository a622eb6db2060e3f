"""The walkthrough in a real browser: deep link, every step, the μ shown equals bncore's, inference mode."""

import re

from playwright.sync_api import expect

from bncore import batch_norm_forward, make_feature_batch
from tests.e2e.tab import screenshot, wait_for_app

# The headings of a table's columns that have a shaded cell.
SHADED_HEADINGS = """box => [...new Set([...box.querySelectorAll("tbody td")]
  .filter((cell) => getComputedStyle(cell).backgroundColor !== "rgba(0, 0, 0, 0)")
  .map((cell) => box.querySelector("thead tr").cells[cell.cellIndex].textContent))]"""


def test_walkthrough_steps_and_inference_mode(page, app_url):
    page.goto(f"{app_url}/Walkthrough")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=re.compile("Walkthrough"))).to_be_visible()
    expect(page.get_by_text("Step 0 of 5")).to_be_visible()
    page.get_by_text("Predict first").click()  # on for beginners; this test reads each step's own numbers
    wait_for_app(page)
    epsilon_chart = page.locator(".st-key-walk-eps_chart")  # drawn by the page itself (ui/walkthrough/charts.py)
    expect(epsilon_chart.locator("svg path.series")).to_have_count(4)  # one line per feature, F0's too now
    expect(epsilon_chart.get_by_role("img")).to_have_attribute("aria-label", re.compile(r"At the chosen ε = 1e-05 it"))
    for step in range(1, 6):
        page.get_by_role("button", name="Next ▶").click()
        wait_for_app(page)
        expect(page.get_by_text(f"Step {step} of 5")).to_be_visible()
        if step == 1:
            screenshot(page, "walkthrough_step1")
            _, cache = batch_norm_forward(make_feature_batch())
            source = page.locator("annotation[encoding='application/x-tex']").filter(has_text=r"\mu &=").first
            shown = float(re.findall(r"&= (-?[0-9.]+)", source.text_content())[-1])  # the chain's last line: "&= -1.15"
            assert shown == float(f"{cache.mean[0]:.2f}")  # bncore's value to the precision the page shows
    expect(page.get_by_role("button", name="Next ▶")).to_be_disabled()
    # the tables are plain HTML shaded by CSS of their own (ui/walkthrough/tables.py): the followed feature's column,
    # and in the worked column the one the step added
    assert page.locator(".st-key-walk-shown_table-x").evaluate(SHADED_HEADINGS) == ["F0"]
    assert page.locator(".st-key-walk-shown_table-worked").evaluate(SHADED_HEADINGS) == ["y = γx̂ + β"]
    page.get_by_role("radiogroup", name="Mode").get_by_text("Inference").click()
    wait_for_app(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="Largest difference")).to_be_visible()
    screenshot(page, "walkthrough_inference")


def focused_label(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement; "
        "return e ? (e.getAttribute('aria-label') || e.innerText || '').trim() : ''; }"
    )


def test_keyboard_only_a_learner_tabs_from_the_batch_size_to_next_and_presses_it(page, app_url):
    """No mouse: arrows change the focused slider; Tab moves on through the page in order to Next; Enter presses it."""
    page.goto(f"{app_url}/Walkthrough")
    wait_for_app(page)
    slider = page.get_by_role("slider", name="Batch size m")
    slider.focus()
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    expect(slider).to_have_value("9")
    expect(slider).to_be_focused()
    seen = []
    for _ in range(120):  # the data editors' cells take a few stops each
        page.keyboard.press("Tab")
        seen.append(focused_label(page))
        if seen[-1] == "Next ▶":
            break
    assert seen[-1] == "Next ▶", f"Tab never reached Next; it visited {seen}"
    assert "Features" in seen and "ε (epsilon)" in seen  # the controls on the way, in page order
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("Step 1 of 5")).to_be_visible()
