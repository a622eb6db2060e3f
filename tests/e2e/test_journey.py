"""The learner's journey in a real browser (issue 17): predict first in the walkthrough hides the number being guessed
everywhere on the page until the guess is checked (the step panel is a fragment: the page around it is redrawn); an
exercise attempt survives a reload and shows in the home page's progress; a checked quiz question shows the claim it
tests, whose button opens the Notes editor citing it."""

import re

from playwright.sync_api import expect

from bncore import batch_norm_forward, make_feature_batch
from quizzes.exercises import EXERCISES
from tests.e2e.tab import screenshot, start_written_questions_of, wait_for_app
from tests.e2e.test_predict_first import check_a_guess, open_the_mean_guess
from tests.e2e.test_record import open_page, wait_until_stored

_, CACHE = batch_norm_forward(make_feature_batch())  # the walkthrough's default batch


def statistics_cell(page, row: str):
    """The followed feature's (F0's) cell of a row of the batch-statistics table."""
    return page.locator("[data-testid=stTable] tr").filter(has_text=row).locator("td").first


def test_the_walkthrough_hides_the_mean_until_the_guess_is_checked(page, app_url):
    main = open_the_mean_guess(page, app_url)
    expect(statistics_cell(page, "μ (mean)")).to_have_text("?")
    expect(main.get_by_text(re.compile(r"hides a number you have not guessed yet"))).to_be_visible()
    mean = f"{CACHE.mean[0]:.2f}"
    assert mean not in main.inner_text()
    screenshot(page, "journey_walkthrough_guess_open")
    check_a_guess(page, "μ", "-1.1")
    expect(main.get_by_text(re.compile(r"You guessed -1\.100; μ = -?\d\.\d{3}"))).to_be_visible()
    expect(statistics_cell(page, "μ (mean)")).to_have_text(mean)  # the page around the panel was redrawn
    expect(statistics_cell(page, "σ² (variance")).to_have_text("?")  # the next guess is still to come
    wait_for_app(page, rerun=False)
    screenshot(page, "journey_walkthrough_guess_checked")


def test_an_exercise_attempt_comes_back_after_a_reload(page, app_url):
    open_page(page, f"{app_url}/Walkthrough")
    main = page.get_by_test_id("stMain")
    main.get_by_role("textbox", name="Your code").fill(EXERCISES["bn_forward"].solution)
    main.get_by_role("button", name="Submit").click()
    wait_for_app(page)
    expect(main.get_by_text("Right!", exact=True)).to_be_visible(timeout=30_000)
    wait_until_stored(page, "r.version === 3 && r.exercises.length === 1 && r.exercises[0].correct")
    page.reload()
    open_page(page, app_url)
    line = "Exercises: 1 attempt at 1 of 5 exercises, 1 solved."
    expect(page.get_by_test_id("stMain").get_by_text(line)).to_be_visible()
    screenshot(page, "journey_home_exercise_progress")
    open_page(page, f"{app_url}/Walkthrough")
    expect(main.get_by_text("Your attempts at this exercise: 1, 1 right")).to_be_visible()


def test_a_checked_quiz_question_shows_its_claim_and_starts_a_note_citing_it(page, app_url):
    open_page(page, f"{app_url}/Quiz")
    main = page.get_by_test_id("stMain")
    start_written_questions_of(page, "alternatives", "practice")  # six of its nine questions test a claim
    research = main.get_by_text("The research behind it.")
    for _ in range(9):
        expect(research).to_have_count(0)  # never before the answer is checked
        choices = main.get_by_role("radiogroup", name=re.compile("Choose one answer|True or false")).locator("label")
        (choices if choices.count() else main.locator("[data-testid=stCheckbox] label")).first.click()
        wait_for_app(page)
        main.get_by_role("button", name="Check answer").click()
        wait_for_app(page)
        if research.count():
            break
        main.get_by_role("button", name=re.compile("Next question|Finish")).click()
        wait_for_app(page)
    expect(research).to_be_visible()
    expect(main.get_by_text(re.compile(r"^Claim id (BKH16\.layer-norm|WH18\.group-norm) · source id"))).to_be_visible()
    screenshot(page, "journey_quiz_claim")
    main.get_by_role("button", name="Write a note citing this claim").first.click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/Notes$"))
    expect(page.get_by_text(re.compile(r"^Your next note cites (BKH16\.layer-norm|WH18\.group-norm)"))).to_be_visible()
