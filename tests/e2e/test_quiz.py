"""The quiz in a real browser: one 5-question exam from start to score and review, then a review of the misses; a
click in the middle of any option chooses that option."""

import re

from playwright.sync_api import expect

from tests.e2e.tab import (
    answer_every_question,
    screenshot,
    start_five_question_exam,
    start_written_questions_of,
    wait_for_app,
)


def test_exam_from_start_to_review(page, app_url):
    page.goto(f"{app_url}/Quiz")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Quiz")).to_be_visible()
    expect(page.get_by_text("Mastery per topic")).to_be_visible()
    screenshot(page, "quiz_start")

    form = start_five_question_exam(page)
    expect(form.get_by_text(re.compile(r"Question 5 of 5"))).to_be_visible()
    answer_every_question(page, form)
    screenshot(page, "quiz_exam_answered")
    form.get_by_role("button", name="Submit exam").click()
    wait_for_app(page)

    expect(page.get_by_test_id("stMetricLabel").get_by_text("Score")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^\d / 5$"))).to_be_visible()
    expect(page.locator("[data-testid=stExpander]").filter(has_text=re.compile(r"Question \d"))).to_have_count(5)
    expect(page.locator("[data-testid=stForm]")).to_have_count(0)  # answers are locked
    screenshot(page, "quiz_exam_review")

    review = page.get_by_role("button", name=re.compile(r"Review missed \((\d+)\)"))
    if review.is_enabled():
        review.click()
        wait_for_app(page)
        expect(page.get_by_text(re.compile("Review of missed questions"))).to_be_visible()
        screenshot(page, "quiz_review_missed")


# The options of a form whose middle belongs to another element (by their text).
OPTIONS_NOT_HIT_IN_THE_MIDDLE = """form =>
  [...form.querySelectorAll("[data-testid=stRadioOption], [data-testid=stCheckbox] label")].filter(option => {
    option.scrollIntoView({block: "center"});
    const box = option.getBoundingClientRect();
    return !option.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
  })
  .map(option => option.innerText.replace(/\\s+/g, " ").slice(0, 80))"""


def test_a_click_in_the_middle_of_an_option_chooses_that_option(page, app_url):
    """The γ and β questions put square roots in their options (gb-identity): KaTeX lifts a root's upper part above
    its line, over the middle of the option above, which then took the click for itself."""
    page.goto(f"{app_url}/Quiz")
    wait_for_app(page)
    page.get_by_text("Exam", exact=True).click()
    wait_for_app(page)
    start_written_questions_of(page, "gamma_beta", "exam")
    form = page.locator("[data-testid=stForm]")
    expect(form.get_by_test_id("stRadioOption").filter(has=page.locator(".katex .sqrt")).first).to_be_visible()
    assert form.evaluate(OPTIONS_NOT_HIT_IN_THE_MIDDLE) == []
