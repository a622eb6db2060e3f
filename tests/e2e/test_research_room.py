"""The research room in a real browser: a Training Lab prediction, then on the Notes page a note started from a claim
card (its citation kept in the browser's record), and a question scaffold with hostile text whose tutor prompt, in a
code block with a copy button, carries the lab's share link and the prediction while nothing in it runs; the page
seen at 1400 px and at a phone's 390 px without sideways scrolling."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.tab import NEXT_FRAMES, commit_prediction, open_expander, screenshot, wait_for_app
from tests.e2e.test_record import open_page, wait_until_stored
from tests.e2e.test_why import no_horizontal_overflow

HOSTILE = "Smoothness? <img src=x onerror=\"window.__pwned='img'\"> [go](javascript:window.__pwned='link') **bold**"


def commit_a_training_lab_prediction(page, app_url) -> None:
    open_page(page, f"{app_url}/Training_Lab?depth=2&width=16&epochs=3")
    commit_prediction(page, "With batch norm")
    expect(page.get_by_test_id("stMain").get_by_text("You predicted “With batch norm”")).to_be_visible()


def test_a_claim_note_and_a_question_with_the_lab_state_and_the_last_prediction(page, app_url):
    commit_a_training_lab_prediction(page, app_url)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Notes").click()  # same session: the lab state is kept
    wait_for_app(page)
    main = page.get_by_test_id("stMain")

    card = main.get_by_test_id("stExpander").filter(has_text="Not covariate shift: a smoother loss landscape")
    open_expander(card, "Not covariate shift: a smoother loss landscape")
    expect(card.get_by_text("What is debated.")).to_be_visible()
    expect(card.get_by_role("link", name=re.compile("Open Why It Works"))).to_have_count(2)
    card.get_by_role("button", name="Write a note citing this claim").click()
    wait_for_app(page)
    expect(main.get_by_text("Your next note cites STIM18.smoothness")).to_be_visible()
    main.get_by_label("Note", exact=True).fill("Noisy BN still trains: steadiness is not the point.")
    main.get_by_role("button", name="Save note").click()
    wait_for_app(page)
    expect(main.get_by_text("Note saved.")).to_be_visible()
    expect(main.get_by_text(re.compile(r"^STIM18\.smoothness · Santurkar"))).to_be_visible()
    wait_until_stored(page, "r.version === 3 && r.notes.some(n => n.cites === 'STIM18.smoothness')")

    main.get_by_label("The open question").fill(HOSTILE)
    main.get_by_label("The evidence so far").fill("Without BN the loss <b>jumps</b> at lr 0.5.")
    main.get_by_label("What would resolve it").click()  # leaves the text areas: their values are sent
    wait_for_app(page)
    prompt = main.get_by_test_id("stCode")
    expect(prompt).to_contain_text("OPEN QUESTION")
    expect(prompt).to_contain_text(HOSTILE)
    expect(prompt).to_contain_text("EVIDENCE SO FAR\nWithout BN the loss <b>jumps</b> at lr 0.5.")
    expect(prompt).to_contain_text(f"Link: {app_url}/Training_Lab?depth=2&width=16")
    expect(prompt).to_contain_text('I predicted "With batch norm" with confidence 4 of 5.')
    prompt.hover()
    expect(prompt.locator("button")).to_have_count(1)  # the copy button
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator('img[src="x"]').count() == 0 and page.locator('a[href^="javascript"]').count() == 0
    no_horizontal_overflow(page)
    screenshot(page, "research_room_1400")

    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate(NEXT_FRAMES)
    # On a phone the sidebar collapses: wait until it has slid out of view, as a learner would see the page.
    page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 1")
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 390, "height": min(int(height) + 40, 30000)})
    page.evaluate(NEXT_FRAMES)
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "research_room_390.png"), full_page=True)
    no_horizontal_overflow(page)
