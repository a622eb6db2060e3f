"""One full practice loop in a real browser: predict, hint, reveal (unavailable before), self-check, try again."""

from playwright.sync_api import expect

from tests.e2e.tab import screenshot, wait_for_app, wait_for_element_code


def test_one_full_practice_loop(page, app_url):
    page.goto(f"{app_url}/Practice")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    reveal = main.get_by_role("button", name="Reveal: run the experiment")
    expect(reveal).to_be_disabled()
    expect(main.locator(".js-plotly-plot")).to_have_count(0)  # no chart before the reveal, yet its code loads now
    wait_for_element_code(page, "PlotlyChart")
    screenshot(page, "practice_before")

    main.get_by_role("button", name="Show a nudge").click()
    wait_for_app(page)
    expect(main.get_by_text("Hint · a nudge")).to_be_visible()
    main.get_by_text("… halves", exact=True).click()
    wait_for_app(page)
    main.get_by_text("4 · confident").click()
    wait_for_app(page)
    main.get_by_label("Your reasoning (optional)").fill("The spread of an average is σ/√m.")
    main.get_by_role("button", name="Commit prediction").click()
    wait_for_app(page)
    expect(reveal).to_be_enabled()

    reveal.click()
    wait_for_app(page)
    expect(main.get_by_text("Your prediction held. The experiment shows")).to_be_visible()
    expect(main.get_by_text("From m = 4 to m = 16 the spread of μ_B went from").first).to_be_visible()  # measured
    expect(main.locator(".js-plotly-plot").first).to_be_visible()
    main.get_by_text("Concrete: I named the factor").click()
    wait_for_app(page)
    expect(main.get_by_text("1 of 9", exact=True)).to_be_visible()

    main.get_by_role("button", name="Run with this setting").click()
    wait_for_app(page)
    expect(main.get_by_text("the experiment shows:").last).to_be_visible()
    screenshot(page, "practice_revealed")


def test_a_later_loop_stays_on_screen_after_its_reveal(page, app_url):
    """Issue 14: after the reveal of loop 3, ticking a rubric box jumped back to loop 1."""
    page.goto(f"{app_url}/Practice")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    main.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="3. LayerNorm avoids batch coupling").click()
    wait_for_app(page)
    expect(main.get_by_role("heading", name="LayerNorm avoids batch coupling")).to_be_visible()
    main.get_by_role("radiogroup", name="Your prediction").locator("label").first.click()
    wait_for_app(page)
    main.get_by_text("4 · confident").click()
    wait_for_app(page)
    main.get_by_role("button", name="Commit prediction").click()
    wait_for_app(page)
    main.get_by_role("button", name="Reveal: run the experiment").click()
    wait_for_app(page)
    main.get_by_test_id("stCheckbox").first.click()
    wait_for_app(page)
    expect(main.get_by_role("heading", name="LayerNorm avoids batch coupling")).to_be_visible()
    expect(main.get_by_text("1 of 3 ticked.", exact=False)).to_be_visible()
    expect(main.get_by_text("Done: 1 of 9 loops (loop 3).")).to_be_visible()
