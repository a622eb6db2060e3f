"""Every page on a 390 px phone (issue 14): nothing wider than the screen, no equation cut off at the screen's edge
(each fits its column, so nothing of it waits behind a sideways scroll), the page's key control on screen, Plotly's
toolbar hidden (it covered chart titles), no text under a table's toolbar, no chart's tick labels in another of its
panels, legends under their plots; the Training Lab's run bar stays on screen while the learner scrolls through its
charts. Screenshots: artifacts/screenshots/phone_<page>.png."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import new_page
from tests.e2e.tab import LABELS_IN_ANOTHER_PANEL, screenshot, step_one_epoch, wait_for_app

PHONE = {"width": 390, "height": 844}

# page path -> the control a learner needs first there (a role and its accessible name)
KEY_CONTROLS = {
    "": ("link", "Walkthrough"),
    "Walkthrough": ("button", "Next ▶"),
    "Gradient_Flow": ("heading", "1. A batch and an upstream gradient"),
    "Training_Lab": ("button", "▶ Play"),
    "Why_It_Works": ("spinbutton", "Seed"),
    "Normalization_Family": ("slider", "Samples N"),
    "Practice": ("button", "Show a nudge"),
    "Quiz": ("button", "Start practice"),
    "Notes": ("button", "Save note"),
}

# Elements reaching past the right edge of the screen without a scrolling (or clipping) frame of their own inside it.
OVERFLOWING = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const edge = window.innerWidth + 1;
  const framed = (element) => {
    for (let a = element.parentElement; a && a !== main; a = a.parentElement) {
      const overflow = getComputedStyle(a).overflowX;
      if (['auto', 'scroll', 'hidden', 'clip'].includes(overflow) && a.getBoundingClientRect().right <= edge) {
        return true;
      }
    }
    return false;
  };
  const wide = [...main.querySelectorAll('*')].filter((e) => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > edge && !framed(e);
  });
  return {main: [main.scrollWidth, main.clientWidth], wide: wide.slice(0, 5).map((e) => e.outerHTML.slice(0, 120))};
}"""

# Display equations wider than their column: KaTeX lets them scroll sideways, so on a phone the learner sees them cut
# off at the screen's edge (the walkthrough's ε equation, issue 14), often before their result. A few px are KaTeX's
# struts past the last glyph (a two-line chain that fits measures 2 px wider than its box).
WIDE_EQUATIONS = """() => [...document.querySelectorAll('[data-testid=stMain] .katex-display')]
  .filter((e) => e.scrollWidth > e.clientWidth + 4)
  .map((e) => e.querySelector('annotation')?.textContent.slice(0, 80))"""

# Text of the page under a table's toolbar: a touch screen shows the toolbar all the time, in a band above the table.
VISIBLE = "{checkOpacity: true, checkVisibilityCSS: true}"
UNDER_TOOLBARS = f"""() => {{
  const covered = [];
  for (const bar of document.querySelectorAll('[data-testid=stMain] [data-testid=stElementToolbar]')) {{
    const b = bar.getBoundingClientRect();
    if (!bar.checkVisibility({VISIBLE}) || b.width === 0) continue;
    const own = bar.closest('[data-testid=stElementContainer]');
    for (const text of document.querySelectorAll('[data-testid=stMain] :is(p, label, span)')) {{
      if (own.contains(text) || text.children.length || !text.textContent.trim() || !text.checkVisibility({VISIBLE})) {{
        continue;
      }}
      const t = text.getBoundingClientRect();
      if (t.right > b.left && t.left < b.right && t.bottom > b.top && t.top < b.bottom) covered.push(text.textContent);
    }}
  }}
  return covered;
}}"""


def within_the_screen(locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, box


@pytest.mark.parametrize("path", list(KEY_CONTROLS))
def test_every_page_fits_a_phone(browser, app_url, path):
    page = new_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    role, name = KEY_CONTROLS[path]
    control = main.get_by_role(role, name=name).first
    control.scroll_into_view_if_needed()
    expect(control).to_be_visible()
    within_the_screen(control)
    fit = page.evaluate(OVERFLOWING)
    assert fit["main"][0] <= fit["main"][1] and not fit["wide"], fit
    assert page.evaluate(WIDE_EQUATIONS) == []
    assert page.evaluate(UNDER_TOOLBARS) == []
    assert page.evaluate(LABELS_IN_ANOTHER_PANEL) == []
    for toolbar in page.locator(".js-plotly-plot .modebar-container").all():
        assert toolbar.evaluate("e => getComputedStyle(e).display") == "none"
    screenshot(page, f"phone_{path.lower() or 'home'}", width=PHONE["width"])
    page.context.close()


# The texts of the epoch view's histograms (panel titles, tick labels) that stick out of their figure's sides.
PANELS_OFF_THE_FIGURE = """(figure) => {
  const frame = figure.getBoundingClientRect();
  return [...figure.querySelectorAll("svg text")].filter((text) => {
    const box = text.getBoundingClientRect();
    return box.left < frame.left - 1 || box.right > frame.right + 1;
  }).map((text) => text.textContent);
}"""


def test_the_lab_run_bar_stays_on_screen_over_the_charts_and_legends_sit_under_them(browser, app_url):
    page = new_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{app_url}/Training_Lab?depth=8&width=16&epochs=2")
    wait_for_app(page)
    step_one_epoch(page)
    expect(page.get_by_text(re.compile(r"^With BN · epoch 1 / 2"))).to_be_visible()
    accuracy = page.locator(".st-key-lab-acc_chart")  # drawn by the page itself (ui/training_lab/charts.py)
    expect(accuracy.locator("figcaption")).to_have_text("Test accuracy vs epoch")
    accuracy.scroll_into_view_if_needed()
    page.get_by_text("What's happening?").scroll_into_view_if_needed()  # the charts are now above the screen top
    step = page.get_by_role("button", name="⏭ Step (1 epoch)")
    box = step.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    step_one_epoch(page)  # clicked where it is on screen: reachable without scrolling back up
    expect(page.get_by_text(re.compile(r"^With BN · epoch 2 / 2"))).to_be_visible()
    legend, plot = accuracy.locator(".legend"), accuracy.locator("svg[role=img]")
    assert legend.bounding_box()["y"] >= plot.bounding_box()["y"] + plot.bounding_box()["height"] - 1
    title = accuracy.locator("figcaption")
    assert title.bounding_box()["x"] + title.bounding_box()["width"] <= PHONE["width"]
    figure = page.locator("figure").filter(has_text="Inputs to each layer's nonlinearity")
    assert figure.evaluate(PANELS_OFF_THE_FIGURE) == []  # the 8 layers wrap into fewer columns, none cut off
    page.context.close()
