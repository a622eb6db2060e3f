"""Predict first in a real browser: a walkthrough guess, its feedback and the step reached survive a reload (the home
page's "continue where you left off" leads back to it); the Training Lab's question before Play is committed."""

import re

from playwright.sync_api import expect

from tests.e2e.tab import screenshot, wait_for_app
from tests.e2e.test_record import open_page, wait_until_stored


def check_a_guess(page, symbol: str, guess: str, confidence: str = "3 · fairly sure") -> None:
    """Type a guess for the walkthrough step's number, pick a confidence, press Check my guess (the caller waits:
    the page reruns after it)."""
    main = page.get_by_test_id("stMain")
    main.get_by_label(f"Your guess for {symbol}").fill(guess)
    main.get_by_label(f"Your guess for {symbol}").press("Enter")
    wait_for_app(page)
    main.get_by_text(confidence).click()
    wait_for_app(page)
    main.get_by_role("button", name="Check my guess").click()


def open_the_mean_guess(page, app_url):
    """A fresh learner (a beginner: predict first is on) at the walkthrough's step 1, asked for μ; returns the main
    area."""
    open_page(page, f"{app_url}/Walkthrough")
    main = page.get_by_test_id("stMain")
    main.get_by_role("button", name="Next ▶").click()
    wait_for_app(page)
    expect(main.get_by_text("What is the batch mean μ of F0?")).to_be_visible()
    return main


def test_a_walkthrough_guess_and_the_step_reached_come_back_after_a_reload(page, app_url):
    main = open_the_mean_guess(page, app_url)
    screenshot(page, "predict_walkthrough_question")
    check_a_guess(page, "μ", "-1.1")
    wait_for_app(page)
    expect(main.get_by_text(re.compile(r"You guessed -1\.100; μ = -?\d\.\d{3}\. Off by"))).to_be_visible()
    screenshot(page, "predict_walkthrough_feedback")
    for _ in range(2):
        main.get_by_role("button", name="Next ▶").click()
        wait_for_app(page)
    wait_until_stored(page, "r.predictions.length === 1 && r.place.step === 3")
    page.reload()
    open_page(page, app_url)
    link = page.get_by_role("link", name="Continue where you left off: Walkthrough, step 3 of 5 (Normalize)")
    expect(link).to_be_visible()
    link.click()
    wait_for_app(page)
    expect(page.get_by_text("Step 3 of 5")).to_be_visible()
    page.get_by_role("button", name="◀ Previous").click()
    wait_for_app(page)
    page.get_by_role("button", name="◀ Previous").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"You guessed -1\.100"))).to_be_visible()  # the guess is kept, not asked again


def test_the_training_lab_asks_before_play(page, app_url):
    open_page(page, f"{app_url}/Training_Lab?depth=2&width=16&epochs=3")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Before you press Play:")).to_be_visible()
    main.get_by_text("With batch norm", exact=True).click()
    wait_for_app(page)
    main.get_by_text("4 · confident").click()
    wait_for_app(page)
    main.get_by_role("button", name="Commit prediction").click()
    wait_for_app(page)
    expect(main.get_by_text("You predicted “With batch norm” (4 · confident). The result will tell.")).to_be_visible()
    screenshot(page, "predict_training_lab_committed")
    main.get_by_role("button", name="▶ Play").click()
    expect(main.get_by_text(re.compile("It (held|did not hold): the result is"))).to_be_visible(timeout=120_000)
    wait_for_app(page)
    wait_until_stored(page, "r.predictions.length === 1 && r.predictions[0].held !== null")
    screenshot(page, "predict_training_lab_resolved")
