"""The learner record in a real browser: quiz answers and a practice loop survive a reload (every page load here is a
new session, restored from localStorage); two tabs of one browser keep each other's work; old saved notes move into
the record; with storage disabled the app works, says so and offers the download."""

import json
import re

from playwright.sync_api import expect

from bench.rerun_counter import COUNT_FINISHED_RERUNS
from tests.e2e.conftest import VIEWPORT
from tests.e2e.tab import (
    answer_every_question,
    commit_prediction,
    open_expander,
    screenshot,
    start_five_question_exam,
    wait_for_app,
)
from ui.common.record.storage import LEGACY_NOTES_KEY, STORAGE_KEY
from ui.notes.io import export_json
from ui.notes.model import Attachment, Note

SAVED = "Your notes and progress are saved in this browser."


def stored(page) -> dict:
    text = page.evaluate(f"() => window.localStorage.getItem('{STORAGE_KEY}')")
    return json.loads(text) if text else {}


def wait_until_stored(page, condition: str) -> None:
    """Wait until the saved record satisfies a JavaScript condition on ``r`` (the parsed record)."""
    page.wait_for_function(
        f"() => {{ const t = window.localStorage.getItem('{STORAGE_KEY}'); if (!t) return false; "
        f"const r = JSON.parse(t); return {condition}; }}"
    )


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar").get_by_text(SAVED)).to_be_visible()


def practice_one_loop(page, app_url) -> None:
    open_page(page, f"{app_url}/Practice")
    commit_prediction(page, "… halves")
    main = page.get_by_test_id("stMain")
    main.get_by_role("button", name="Reveal: run the experiment").click()
    wait_for_app(page)
    expect(main.get_by_text("Your prediction held. The experiment shows")).to_be_visible()
    wait_until_stored(page, "r.practice.length === 1")


def five_question_exam(page, app_url) -> None:
    open_page(page, f"{app_url}/Quiz")
    form = start_five_question_exam(page)
    answer_every_question(page, form)
    form.get_by_role("button", name="Submit exam").click()
    wait_for_app(page)
    wait_until_stored(page, "r.quiz_answers.length >= 5")


def test_quiz_answers_and_a_practice_loop_survive_a_reload(page, app_url):
    practice_one_loop(page, app_url)
    five_question_exam(page, app_url)
    answers = stored(page)["quiz_answers"]
    right = sum(a["correct"] for a in answers)
    page.reload()
    open_page(page, app_url)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(f"Quiz: {right} of 5 answers right")).to_be_visible()
    expect(main.get_by_text(re.compile(r"Practice: 1 of \d+ loops done, 1 prediction held"))).to_be_visible()
    expect(main.get_by_role("link", name=re.compile("Continue where you left off: Quiz"))).to_be_visible()
    screenshot(page, "record_home_after_reload")
    open_page(page, f"{app_url}/Practice")
    expect(main.get_by_test_id("stMetricValue").get_by_text(re.compile(r"^1 of \d+$"))).to_be_visible()
    expect(main.get_by_text("So far your confidence averaged 80%")).to_be_visible()


def test_two_tabs_of_one_browser_keep_each_others_work(context, app_url):
    notes_tab, quiz_tab = context.new_page(), context.new_page()
    open_page(notes_tab, f"{app_url}/Notes")  # loaded before the other tab answers anything
    five_question_exam(quiz_tab, app_url)
    main = notes_tab.get_by_test_id("stMain")
    main.get_by_label("Note", exact=True).fill("written in the other tab")
    main.get_by_role("button", name="Save note").click()
    wait_for_app(notes_tab)
    wait_until_stored(notes_tab, "r.notes.length === 1 && r.quiz_answers.length === 5")  # merged, not overwritten
    quiz_tab.reload()
    open_page(quiz_tab, f"{app_url}/Notes")
    expect(quiz_tab.get_by_test_id("stMain").get_by_text("written in the other tab")).to_be_visible()
    open_page(notes_tab, app_url)
    expect(notes_tab.get_by_test_id("stMain").get_by_text(re.compile(r"Quiz: \d of 5 answers right"))).to_be_visible()
    screenshot(notes_tab, "record_two_tabs_home")


def test_notes_saved_by_the_old_notes_key_move_into_the_record(page, app_url):
    old = {
        "old1": Note(
            "old1",
            Attachment("page", "Notes", "Notes"),
            "Notes",
            "saved before the record",
            "",
            *["2025-01-01T10:00:00Z"] * 2,
        )
    }
    open_page(page, app_url)
    page.evaluate(
        "([key, legacy, text]) => { localStorage.removeItem(key); localStorage.setItem(legacy, text); }",
        [STORAGE_KEY, LEGACY_NOTES_KEY, export_json(old)],
    )
    open_page(page, f"{app_url}/Notes")
    expect(page.get_by_test_id("stMain").get_by_text("saved before the record")).to_be_visible()
    wait_until_stored(page, "r.notes.length === 1")
    page.wait_for_function(f"() => localStorage.getItem('{LEGACY_NOTES_KEY}') === null")


DENY_STORAGE = """Object.defineProperty(window, "localStorage", {
  get() { throw new DOMException("The user denied storage", "SecurityError"); }
});"""


def test_with_storage_disabled_the_app_works_says_so_and_offers_the_download(browser, app_url):
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(DENY_STORAGE)
    context.add_init_script(COUNT_FINISHED_RERUNS)
    page = context.new_page()
    page.goto(app_url)
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(
        sidebar.get_by_text(re.compile("does not let the app keep your progress \\(SecurityError\\)"))
    ).to_be_visible()
    expect(sidebar.get_by_role("button", name="Download your record (JSON)")).to_be_visible()
    open_expander(sidebar.get_by_test_id("stExpander").filter(has_text="Add a note"), "Add a note about this page")
    sidebar.get_by_label("Note about this page").fill("kept for this tab only")
    sidebar.get_by_role("button", name="Add note").click()
    wait_for_app(page)
    expect(sidebar.get_by_text("Note added.")).to_be_visible()
    with page.expect_download() as download:
        sidebar.get_by_role("button", name="Download your record (JSON)").click()
    saved = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert [n["text"] for n in saved["notes"]] == ["kept for this tab only"]
    screenshot(page, "record_storage_disabled")
    context.close()
