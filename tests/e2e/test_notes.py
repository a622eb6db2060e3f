"""Notes in a real browser: a note survives a reload (localStorage), and markup in a note stays inert text."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.tab import open_expander, screenshot, wait_for_app
from ui.common.record.storage import STORAGE_KEY

MARKUP = (
    '<script>window.__pwned = "script"</script> <img src="x" onerror="window.__pwned = \'img\'"> '
    "[click me](javascript:window.__pwned='link')"
)


def saved_copy(page) -> str:
    return page.evaluate(f"() => window.localStorage.getItem('{STORAGE_KEY}') || ''")


def write_note(page, text: str, next_action: str = "") -> None:
    main = page.get_by_test_id("stMain")
    main.get_by_label("Note", exact=True).fill(text)
    if next_action:
        main.get_by_label("Next action (optional)", exact=True).fill(next_action)
    main.get_by_role("button", name="Save note").click()
    wait_for_app(page)
    expect(page.get_by_text("Note saved.")).to_be_visible()


def test_a_note_survives_a_reload(page, app_url):
    text = f"Running stats lag behind: {uuid.uuid4().hex[:8]}\nsecond line, ünïcödé ✓"
    page.goto(f"{app_url}/Notes")
    wait_for_app(page)
    expect(page.get_by_text("Your notes and progress are saved in this browser.")).to_be_visible(timeout=15_000)
    write_note(page, text, next_action="re-run with momentum 0.01")
    page.wait_for_function(f"() => (window.localStorage.getItem('{STORAGE_KEY}') || '').includes('{text[-20:]}')")
    page.reload()
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("second line, ünïcödé ✓")).to_be_visible(timeout=15_000)
    expect(main.get_by_text("re-run with momentum 0.01")).to_be_visible()
    screenshot(page, "notes_after_reload")


def test_markup_in_a_note_is_shown_as_text_and_nothing_runs(page, app_url):
    page.goto(f"{app_url}/Notes")
    wait_for_app(page)
    expect(page.get_by_text("Your notes and progress are saved in this browser.")).to_be_visible(timeout=15_000)
    write_note(page, MARKUP)
    for _ in range(2):  # as written, then as restored from localStorage after a reload
        main = page.get_by_test_id("stMain")
        shown = main.locator("span").filter(has_text=re.compile(re.escape("<script>window.__pwned")))  # not the editor
        expect(shown.first).to_be_visible(timeout=15_000)
        expect(main.get_by_text(re.compile(re.escape("[click me](javascript:")))).to_be_visible()
        assert page.evaluate("() => window.__pwned") is None
        assert page.locator('img[src="x"]').count() == 0
        assert page.locator('a[href^="javascript"]').count() == 0
        assert "__pwned" in saved_copy(page)
        screenshot(page, "notes_markup_inert")
        page.reload()
        wait_for_app(page)


def test_quick_note_from_another_page_reaches_the_notes_page(page, app_url):
    text = f"Quick note from the practice page {uuid.uuid4().hex[:8]}"
    page.goto(f"{app_url}/Practice")
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    open_expander(sidebar.get_by_test_id("stExpander").filter(has_text="Add a note"), "Add a note about this page")
    sidebar.get_by_label("Note about this page").fill(text)
    sidebar.get_by_role("button", name="Add note").click()
    wait_for_app(page)
    expect(sidebar.get_by_text("Note added.")).to_be_visible()
    screenshot(page, "sidebar_quick_note")
    page.goto(f"{app_url}/Notes")
    wait_for_app(page)
    expect(page.get_by_test_id("stMain").get_by_text(text)).to_be_visible(timeout=15_000)
