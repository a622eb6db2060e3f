"""The code layer in a real browser: the walkthrough's code view highlights the engine's lines for the current step;
a right solution passes; hostile code is refused with a clear message on a phone-sized screen; no exception shows."""

import re

from playwright.sync_api import expect

from quizzes.exercises import EXERCISES
from tests.e2e.conftest import ARTIFACTS, new_page
from tests.e2e.tab import open_expander, screenshot, wait_for_app
from ui.exercises.keys import ExerciseKeys

PHONE = {"width": 390, "height": 900}


def submit(page, code):
    editor = page.get_by_role("textbox", name="Your code")
    editor.scroll_into_view_if_needed()
    editor.fill(code)
    page.get_by_role("button", name="Submit").click()
    wait_for_app(page)


def test_code_view_and_exercise_at_desktop_width(page, app_url):
    page.goto(f"{app_url}/Walkthrough")
    wait_for_app(page)
    page.get_by_text("Predict first").click()  # on for beginners; the code view shows once a step's number is shown
    wait_for_app(page)
    show_the_code = "Show the code: the bncore lines behind this step"
    open_expander(page.get_by_test_id("stExpander").filter(has_text=show_the_code), show_the_code)
    wait_for_app(page)  # an open expander's code is drawn by a rerun of its fragment
    page.get_by_role("button", name="Next ▶").click()
    wait_for_app(page)
    code = page.get_by_test_id("bnlab-code")
    expect(code).to_contain_text("def batch_norm_forward(")
    expect(code.locator("[data-marked=true]")).to_have_text(
        ["102    # 1. the batch mean, per channel", re.compile(r"103    mean = x.sum\(axis=axes\) / count")]
    )
    screenshot(page, "code_view_walkthrough")

    reading = "Show the code: forward, backward"
    open_expander(page.get_by_test_id("stExpander").filter(has_text=reading), reading)
    wait_for_app(page)
    page.get_by_role("tab", name="Running statistics").click()
    wait_for_app(page)  # only the open tab is drawn: opening another reruns the code view
    expect(page.get_by_text("Keras 0.99 is PyTorch 0.01")).to_be_visible()
    submit(page, EXERCISES["bn_forward"].solution)
    expect(page.get_by_text("Right!", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile("^Right: `y` matches bncore on all 6 test inputs"))).to_be_visible()
    screenshot(page, "exercise_right")


def test_hostile_code_is_refused_on_a_phone(browser, app_url):
    page = new_page(browser)  # another learner, with a session (and a rate limit) of their own
    page.set_viewport_size(PHONE)
    page.goto(f"{app_url}/Gradient_Flow")
    wait_for_app(page)
    submit(page, "import os\nos.system('touch /tmp/pwned')")
    expect(page.get_by_text(re.compile("^Refused before running"))).to_be_visible()
    expect(page.get_by_text("Line 1: imports are not allowed here; `np` (NumPy) is already available.")).to_be_visible()
    card = page.locator(".st-key-" + ExerciseKeys.card("bn_backward").replace(".", "-"))
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": PHONE["width"], "height": min(height, 12000)})  # the app scrolls inside itself
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    card.screenshot(path=str(folder / "exercise_refused_390.png"))
    width = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px screen"
    font = page.get_by_role("textbox", name="Your code").evaluate("e => getComputedStyle(e).fontFamily")
    assert "monospace" in font
    page.get_by_text("Show the code: the bncore lines that computed this step").first.click()
    wait_for_app(page)
    code = page.get_by_test_id("bnlab-code").first
    expect(code.locator("[data-marked=true]").last).to_contain_text("dbeta = dy.sum(axis=c.axes)")
    code.screenshot(path=str(folder / "code_view_390.png"))
    page.context.close()
