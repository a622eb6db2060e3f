"""The Why It Works page in a real browser: every section predicted, revealed and drawn, each by its own fragment,
which redraws the page's summary and writes the learner record kept over a reload; a bad typed setting says what is
wrong; nothing overflows at 1400 px or at a phone's 390 px, and no chart's tick labels fall into another of its
panels."""

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.tab import LABELS_IN_ANOTHER_PANEL, NEXT_FRAMES, screenshot, wait_for_app, wait_for_element_code
from ui.common.keys import key_class

CHOICES = {  # a prediction per section (the text of one of its choices)
    "ics": "Without BN: its layer inputs drift more",
    "noisy": "About as well as plain BN",
    "smoothness": "Without BN: its loss varies more (a rougher landscape)",
    "regularization": "About the same (within 1.5 points)",
    "scale": "They grow, so the effective learning rate η/‖W‖² falls",
}


def keyed(page, key: str):
    """The element Streamlit drew for the widget with ``key`` (its container carries the key's class)."""
    return page.locator(f".{key_class(key)}").first


def commit(page, section: str) -> None:
    keyed(page, f"why.choice.{section}").get_by_text(CHOICES[section], exact=True).click()
    wait_for_app(page)
    keyed(page, f"why.confidence.{section}").get_by_text("3 · fairly sure").click()
    wait_for_app(page)
    keyed(page, f"why.commit.{section}").get_by_role("button").click()
    wait_for_app(page)


def reveal(page, section: str) -> None:
    keyed(page, f"why.reveal.{section}").get_by_role("button").click()
    wait_for_app(page, timeout=120_000)


def no_horizontal_overflow(page) -> None:
    """The learner never has to scroll the page sideways (a wide table scrolls inside its own frame)."""
    widths = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stMain], [data-testid=stMainBlockContainer]')]"
        ".map(e => [e.scrollWidth, e.clientWidth])"
    )
    assert widths and all(scroll <= client + 1 for scroll, client in widths), widths


def test_every_section_predicted_revealed_and_drawn(page, app_url):
    page.goto(f"{app_url}/Why_It_Works")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(keyed(page, "why.reveal.ics").get_by_role("button")).to_be_disabled()
    charts = main.locator(f"[class*={key_class('why.chart.')}]")  # each chart's container: why.chart.<section>.<name>
    expect(charts).to_have_count(0)
    wait_for_element_code(page, "DataFrame")  # the scale section's table, the first grid of a tab opened here

    noise = keyed(page, "why.noise").locator("input")
    noise.fill("loud")
    noise.press("Enter")
    wait_for_app(page)
    expect(main.get_by_text("Noise magnitude: 'loud' is not a number. Still using 2.")).to_be_visible()
    noise.fill("2")
    noise.press("Enter")
    wait_for_app(page)
    expect(main.get_by_text("is not a number")).to_have_count(0)

    commit(page, "ics")
    reveal(page, "ics")
    expect(main.get_by_text("1 of 5 sections revealed.")).to_be_visible()  # the section's fragment redrew the summary
    page.reload()
    wait_for_app(page)
    expect(main.get_by_text("Your prediction held.")).to_be_visible()  # the reveal (a fragment's run) wrote the record
    expect(main.get_by_text("1 of 5 sections revealed.")).to_be_visible()
    for section in ("noisy", "smoothness", "regularization", "scale"):
        commit(page, section)
        reveal(page, section)
    expect(charts).to_have_count(6)
    for chart in charts.all():  # drawn by the page: every panel's lines (Playwright's locators see its shadow root)
        expect(chart.locator("g.panel").first.locator("path.series").first).to_be_visible()
    expect(main.locator(".page-chart g.panel")).to_have_count(2 + 2 + 2 + 3 + 2 + 3)
    expect(main.get_by_text("What it shows.")).to_have_count(5)
    expect(main.get_by_text("5 of 5 sections revealed.")).to_be_visible()
    expect(main.get_by_text("sections revealed.")).to_have_count(1)  # five fragments draw it, into one place
    no_horizontal_overflow(page)
    assert page.evaluate(LABELS_IN_ANOTHER_PANEL) == []
    screenshot(page, "why_1400")

    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate(NEXT_FRAMES)
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 390, "height": min(int(height) + 40, 30000)})
    page.evaluate(NEXT_FRAMES)
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "why_390.png"), full_page=True)
    no_horizontal_overflow(page)
    assert page.evaluate(LABELS_IN_ANOTHER_PANEL) == []  # side by side, a panel's labels fell into its neighbour
