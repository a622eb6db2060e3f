"""The Training Lab in a real browser: the default comparison runs live to the end, Step and scrub, shared links."""

import re

from playwright.sync_api import expect

from bench.rerun_counter import FINISHED_SO_FAR
from tests.e2e.tab import NEXT_FRAMES, open_from_sidebar, screenshot, step_one_epoch, wait_for_app

# Move the epoch view's slider to an epoch and read the histograms' title at once, in one task of the page.
SCRUB_IN_THE_BROWSER = """(slider, epoch) => {
  slider.value = String(epoch);
  slider.dispatchEvent(new Event("input"));
  return slider.getRootNode().querySelector("figcaption").textContent;
}"""


def counter(page, arm: str):
    return page.get_by_text(re.compile(rf"^{arm} · "))


def test_default_comparison_runs_live_then_steps_and_scrubs(page, app_url):
    page.goto(f"{app_url}/Training_Lab")
    wait_for_app(page)
    page.get_by_role("radiogroup", name="Speed").get_by_text("fast").click()
    wait_for_app(page)
    page.get_by_role("button", name="▶ Play").click()
    expect(counter(page, "With BN")).to_contain_text(re.compile(r"epoch [1-9]"), timeout=5_000)  # live, not at the end
    expect(counter(page, "With BN")).to_contain_text("epoch 20 / 20", timeout=90_000)
    expect(counter(page, "Without BN")).to_contain_text("epoch 20 / 20")
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible(timeout=10_000)
    wait_for_app(page)
    loss_chart = page.locator(".st-key-lab-loss_chart")  # drawn by the page itself (ui/training_lab/charts.py)
    expect(loss_chart.locator("path.series")).to_have_count(2)
    for arm in loss_chart.locator("path.series").all():  # both arms drawn over all 21 epochs
        expect(arm).to_have_attribute("data-points", "21")
    expect(page.get_by_text(re.compile("With BN is ahead by"))).to_be_visible()
    screenshot(page, "training_lab_finished")

    slider = page.get_by_role("slider", name="Epoch shown")
    # A scrub is drawn in the browser, in the same task as the slider's move: no server round trip in between.
    assert slider.evaluate(SCRUB_IN_THE_BROWSER, 3) == "Inputs to each layer's nonlinearity at epoch 3"
    slider.focus()  # by keyboard, as a learner without a mouse would
    page.keyboard.press("Home")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    wait_for_app(page)
    expect(slider).to_have_value("5")
    expect(page.get_by_text("Inputs to each layer's nonlinearity at epoch 5")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^After 5 epochs"))).to_be_visible()
    page.locator("figure .hover-area").first.hover()  # the first panel: With BN's layer 1, its middle bin
    expect(page.get_by_text(re.compile(r"^With BN, layer 1: \d+\.\d% of the values near"))).to_be_visible()
    screenshot(page, "training_lab_scrubbed")
    open_from_sidebar(page, "Notes")
    open_from_sidebar(page, "Training Lab")  # the epoch let go at was kept by the server
    expect(page.get_by_role("slider", name="Epoch shown")).to_have_value("5")
    expect(page.get_by_text("Inputs to each layer's nonlinearity at epoch 5")).to_be_visible()

    page.get_by_role("button", name="↺ Reset").click()
    wait_for_app(page)
    step_one_epoch(page)
    expect(counter(page, "With BN")).to_contain_text(re.compile(r"epoch 1 / 20\b"))  # Reset went back to 0

    page.get_by_role("radiogroup", name="Speed").get_by_text("slow").click()
    wait_for_app(page)
    page.get_by_role("button", name="▶ Play").click()
    expect(counter(page, "With BN")).to_contain_text(re.compile(r"epoch 3 / 20\b"))
    page.get_by_role("button", name="⏸ Pause").click()
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible()
    wait_for_app(page)
    reruns, shown = page.evaluate(FINISHED_SO_FAR), counter(page, "With BN").inner_text()
    page.wait_for_timeout(2_500)  # two and a half ticks of the slow speed: none may come once paused
    assert (page.evaluate(FINISHED_SO_FAR), counter(page, "With BN").inner_text()) == (reruns, shown)


def test_shared_link_restores_settings_and_bad_values_get_a_notice(page, app_url):
    page.goto(f"{app_url}/Training_Lab?depth=3&width=64&activation=tanh&lr=0.5&optimizer=adam&epochs=abc")
    wait_for_app(page)
    expect(page.get_by_role("slider", name="Hidden layers (depth)")).to_have_value("3")
    expect(page.get_by_role("slider", name="Units per layer (width)")).to_have_value("64")
    expect(page.get_by_role("radio", name="tanh")).to_be_checked()
    expect(page.get_by_text(re.compile(r"The link's epochs=abc was ignored"))).to_be_visible()
    expect(page.locator("code").filter(has_text="depth=3")).to_be_visible()
    assert "depth=3" in page.url and "epochs=20" in page.url
    screenshot(page, "training_lab_shared_link")


# Buttons of the page cut off by a box around them (a column, a bordered panel) that hides or scrolls what sticks out.
CUT_OFF_BUTTONS = """() => [...document.querySelectorAll('[data-testid=stMain] button')].filter((button) => {
  const box = button.getBoundingClientRect();
  if (box.width === 0) return false;
  for (let a = button.parentElement; a && a.dataset.testid !== 'stMain'; a = a.parentElement) {
    const frame = a.getBoundingClientRect();
    if (getComputedStyle(a).overflowX !== 'visible' && (box.right > frame.right + 1 || box.left < frame.left - 1)) {
      return true;
    }
  }
  return false;
}).map((button) => button.innerText)"""


def test_every_settings_button_is_whole_on_a_wide_screen_and_a_phone(page, app_url):
    """Issue 14 (1400 px and 390 px): the Shallow/Deep buttons, kept side by side for the phone, ran out of the
    narrow settings panel at 1400 px and "Deep (8)" was cut off."""
    page.goto(f"{app_url}/Training_Lab")
    wait_for_app(page)
    for width in (1400, 1000, 390):
        page.set_viewport_size({"width": width, "height": 1000})
        page.evaluate(NEXT_FRAMES)
        expect(page.get_by_role("button", name="Deep (8)")).to_be_visible()
        assert page.evaluate(CUT_OFF_BUTTONS) == [], width


def test_after_a_pick_the_server_never_heard_the_view_still_follows_the_run(page, app_url):
    """The epoch view keeps its slider where the learner let go until the server's data has seen that pick; a pick
    that never arrived (its message lost) must not keep the slider from following the next run."""
    lost = {"next": False}

    def relay(socket):
        server = socket.connect_to_server()

        def from_page(message):
            if lost["next"]:
                lost["next"] = False  # this one message never reaches the server
                return
            server.send(message)

        socket.on_message(from_page)
        server.on_message(socket.send)

    page.route_web_socket(re.compile(r"_stcore/stream"), relay)
    page.goto(f"{app_url}/Training_Lab?depth=2&width=16&epochs=3")
    wait_for_app(page)
    page.get_by_role("radiogroup", name="Speed").get_by_text("fast").click()
    wait_for_app(page)
    page.get_by_role("button", name="▶ Play").click()
    expect(counter(page, "With BN")).to_contain_text("epoch 3 / 3")
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible()
    wait_for_app(page)
    slider = page.get_by_role("slider", name="Epoch shown")
    slider.focus()
    lost["next"] = True
    page.keyboard.press("ArrowLeft")  # drawn in the page; its "epoch" trigger is lost on the way
    expect(page.get_by_text("Inputs to each layer's nonlinearity at epoch 2")).to_be_visible()
    page.get_by_role("button", name="▶ Play").click()  # replays the run from epoch 0
    expect(counter(page, "With BN")).to_contain_text("epoch 3 / 3")
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible()
    wait_for_app(page)
    expect(slider).to_have_value("3")
    expect(page.get_by_text("Inputs to each layer's nonlinearity at epoch 3")).to_be_visible()
