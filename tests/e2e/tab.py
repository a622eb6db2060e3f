"""A learner's actions in a browser tab, each waited for on the page's own state (no fixed sleeps).

- ``wait_for_app(page)``: wait until the rerun the last action started has finished (counted in the tab, see
  bench.rerun_counter), the page is idle and every element drawn (after a page load: until the browser's saved record
  has arrived and the run it starts has finished too), then assert no exception is shown.
- ``open_from_sidebar(page, title)``: another page by its sidebar link (the same session, no page load).
- ``start_written_questions_of(page, topic, mode)``: a quiz run of one topic's written questions.
- ``start_five_question_exam(page)`` and ``answer_every_question(page, form)``: a short exam, every question answered.
- ``commit_prediction(page, choice, confidence)``: a prediction's choice and confidence, committed.
- ``edit_cell(page, grid, at, text)``: type into a cell of a data editor (opened by a double click, retried once).
- ``step_one_epoch(page)``: the Training Lab's Step, waited for until the run has paused again.
- ``open_expander(expander, summary)``: open an expander and wait for its opening animation to end.
- ``screenshot(page, name)``: a full-page PNG under artifacts/screenshots/ (git-ignored), to look at.
- ``LABELS_IN_ANOTHER_PANEL``: a chart's tick labels that fall into another panel, in Plotly's charts and in those the
  page draws (a script to evaluate).
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from bench.rerun_counter import FINISHED_SO_FAR, IDLE, PAGE_DRAWN, PLACEHOLDER, RECORD_READ
from quizzes.model import TOPIC_SHORT
from tests.e2e.conftest import ARTIFACTS, VIEWPORT

SETTLED_KEY = "batchNormLab.settledReruns"  # sessionStorage: the finished-rerun count when wait_for_app last returned
RERUN_ENDED = f"""() => {{
  const finished = ({FINISHED_SO_FAR})();
  const settled = Number(sessionStorage.getItem("{SETTLED_KEY}") || 0);
  return finished > settled && document.querySelector("{IDLE}") !== null;
}}"""
PAGE_IDLE = f"() => document.querySelector('{IDLE}') !== null"
PAGE_STATE = f"""() => ({{
  finished: ({FINISHED_SO_FAR})(),
  settled: Number(sessionStorage.getItem("{SETTLED_KEY}") || 0),
  script: document.querySelector("[data-testid=stApp]")?.getAttribute("data-test-script-state"),
  recordRead: {RECORD_READ},
  placeholders: document.querySelectorAll('{PLACEHOLDER}').length,
}})"""
# A tab loads an element's code the first time it shows one (a chart page's code took 10 s on a busy 2-core machine);
# after a page load, the storage component's code runs last and sends the saved record, and a second run follows.
PAGE_DRAWN_MS = 30_000


def _wait_until(page, condition: str, timeout: float, what: str) -> None:
    try:
        page.wait_for_function(condition, timeout=timeout)
    except PlaywrightTimeoutError as timeout_error:
        raise AssertionError(f"{what} did not happen: {page.evaluate(PAGE_STATE)}") from timeout_error


def wait_for_app(page, timeout: float = 30_000, *, rerun: bool = True) -> None:
    """Wait for the rerun the last action (a click, a key, a page load) started: one more finished rerun than when
    this was last called, and the page idle; then check that no exception is shown. ``rerun=False`` after an action
    that must not rerun the script (Enter in a form): the page idle is enough.

    Counting finished reruns, not only reading the page's idle mark, keeps a test from reading the page before a
    debounced widget (a slider) has even sent its change. Then it waits until no element is a placeholder any more
    (its code loaded) and, after a page load, until the sidebar no longer says it is looking for the saved record:
    the storage component's reply starts a second run, which would otherwise cut into the test's next action (a click
    lost in the interrupted run, an element drawn twice while it moves, a callback meeting a half-reset widget).
    """
    _wait_until(page, RERUN_ENDED if rerun else PAGE_IDLE, timeout, "the rerun")
    _wait_until(page, PAGE_DRAWN, PAGE_DRAWN_MS, "drawing the page (and, after a page load, the saved record)")
    page.evaluate(f"() => sessionStorage.setItem('{SETTLED_KEY}', String(({FINISHED_SO_FAR})()))")
    exceptions = page.locator("[data-testid=stException]")
    assert exceptions.count() == 0, exceptions.first.inner_text()


def step_one_epoch(page) -> None:
    """Press the Training Lab's Step and wait until the run has paused again with its epoch shown: an epoch that takes
    more than one tick's training is finished by the live view's timed reruns, and the last of them reruns the page
    (until then the page shows Pause, and elements of the run before may still be on screen)."""
    page.get_by_role("button", name="⏭ Step (1 epoch)").click()
    wait_for_app(page)
    if page.get_by_role("button", name="⏸ Pause").count():
        expect(page.get_by_role("button", name="▶ Play")).to_be_visible()
        wait_for_app(page)


NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
# Resolves once an element's height has stayed the same for three animation frames (an expander's opening animation
# has ended).
HEIGHT_SETTLED = """(element) => new Promise((done) => {
  let last = -1, still = 0;
  const check = () => {
    const height = element.getBoundingClientRect().height;
    still = height === last ? still + 1 : 0;
    last = height;
    if (still >= 3) done(); else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})"""


def wait_for_element_code(page, element: str) -> None:
    """Wait until the tab has fetched Streamlit's code for ``element`` ("PlotlyChart", "DataFrame"): a page that shows
    none yet gets it from the prefetch (ui.common.prefetch)."""
    page.wait_for_function(
        "name => performance.getEntriesByType('resource').some(entry => entry.name.includes(`/${name}.`))", arg=element
    )


def open_expander(expander, summary: str) -> None:
    """Open an expander by its summary, as a learner does, and wait for its opening animation (about 0.25 s) to end:
    a click during it can miss a button inside, the pointer going down on the button and coming up on the text that
    the growing box slid under it (seen in tests/e2e/test_research_room.py, 1 run in 2-8 on a loaded machine)."""
    expander.get_by_text(summary).click()
    expander.evaluate(HEIGHT_SETTLED)


CELL_EDITOR = (
    "[data-testid=glide-cell-editor] input, .gdg-growing-entry textarea, #portal input, #portal textarea, "
    "textarea.gdg-input"  # the text cells' editor
)
GRID_CANVAS = "[data-testid=data-grid-canvas]"  # what the data editor draws its cells on, once its code has loaded
EDITOR_OPENS_MS = 5_000  # the cell editor opens in the browser alone, without a rerun


def edit_cell(page, grid, at: tuple[float, float], text: str) -> None:
    """Type ``text`` into a cell of the data editor ``grid`` (a Locator of [data-testid=stDataFrame]) and commit it with
    Enter; ``at``: the cell's (x, y) in px from the grid's top-left corner (the grid draws on a canvas).

    The double click waits until the grid has drawn and the page is idle. If the editor still did not open (the click
    fell on a redraw), the cell is double-clicked once more, as a person would."""
    expect(grid.locator(GRID_CANVAS).first).to_be_visible()
    grid.scroll_into_view_if_needed()
    cell_editor = page.locator(CELL_EDITOR).first
    for last_try in (False, True):
        page.wait_for_function(PAGE_IDLE)
        box = grid.bounding_box()
        page.mouse.dblclick(box["x"] + at[0], box["y"] + at[1])
        try:
            cell_editor.wait_for(timeout=EDITOR_OPENS_MS)
            break
        except PlaywrightTimeoutError:
            if last_try:
                raise
    cell_editor.fill(text)
    cell_editor.press("Enter")
    wait_for_app(page)


def screenshot(page, name: str, width: int = VIEWPORT["width"]) -> Path:
    """Save a full-page screenshot of the app under artifacts/screenshots/name.png, ``width`` px wide (a phone: 390).

    Streamlit scrolls inside its own container, so the viewport is stretched to the content's height first; then
    it goes back to the 1400 px default.
    """
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer],"
        " section.main')].map(e => e.scrollHeight), document.body.scrollHeight)"
    )
    page.set_viewport_size({"width": width, "height": min(max(int(height) + 40, 800), 12000)})
    page.evaluate(NEXT_FRAMES)  # let the page lay itself out at the new size before the picture
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)
    return path


# Tick labels of a chart's panel that fall into the plot of another panel of the same chart, or onto another panel's
# tick labels (side by side panels on a 390 px phone, issue 14): [chart title, panel, label, where].
LABELS_IN_ANOTHER_PANEL = """() => {
  const meet = (a, b) => a.right > b.left + 1 && a.left < b.right - 1 && a.bottom > b.top + 1 && a.top < b.bottom - 1;
  const found = [];
  for (const chart of document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')) {
    const title = chart.querySelector('.gtitle')?.textContent;
    const plots = [...chart.querySelectorAll('.draglayer > g')]
      .map((g) => [g.getAttribute('class'), g.querySelector('.nsewdrag')?.getBoundingClientRect()])
      .filter(([, box]) => box && box.width > 0);
    const labels = [];
    for (const panel of chart.querySelectorAll('.cartesianlayer > g.subplot')) {
      const id = [...panel.classList].find((name) => name !== 'subplot');
      for (const text of panel.querySelectorAll('.xaxislayer-above text, .yaxislayer-above text')) {
        const box = text.getBoundingClientRect();
        if (box.width > 0 && text.textContent.trim()) labels.push([id, text.textContent, box]);
      }
    }
    for (const [id, text, box] of labels) {
      for (const [other, plot] of plots) if (other !== id && meet(box, plot)) found.push([title, id, text, other]);
      for (const [other, text2, box2] of labels) if (other > id && meet(box, box2)) found.push([title, text, text2]);
    }
  }
  const drawn = [...document.querySelectorAll('[data-testid=stMain] *')].filter((e) => e.shadowRoot)
    .flatMap((host) => [...host.shadowRoot.querySelectorAll('.page-chart')]);  // charts the page draws (SVG panels)
  for (const chart of drawn) {
    const title = chart.querySelector('.title')?.textContent;
    const panels = [...chart.querySelectorAll('g.panel')];
    const plots = panels.map((panel) => panel.querySelector('.plot-area').getBoundingClientRect());
    panels.forEach((panel, id) => {
      for (const text of panel.querySelectorAll('text.tick')) {
        const box = text.getBoundingClientRect();
        if (box.width === 0 || !text.textContent.trim()) continue;
        plots.forEach((plot, other) => {
          if (other !== id && meet(box, plot)) found.push([title, id, text.textContent, other]);
        });
      }
    });
  }
  return found;
}"""


def open_from_sidebar(page, title: str) -> None:
    """Go to another page by its sidebar link, as a learner does: the same session, no page load."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()
    wait_for_app(page)


def start_written_questions_of(page, topic: str, mode: str) -> None:
    """On the Quiz page, in the mode chosen: leave out every topic but ``topic``, keep the written questions only,
    and press Start (``mode``: "practice" or "exam")."""
    main = page.get_by_test_id("stMain")
    for other, short in TOPIC_SHORT.items():
        if other != topic:
            main.get_by_role("button", name=short, exact=True).click()
            wait_for_app(page)
    main.get_by_role("radiogroup", name="Questions").get_by_text("Written questions").click()
    wait_for_app(page)
    main.get_by_role("button", name=f"Start {mode}").click()
    wait_for_app(page)


def start_five_question_exam(page):
    """On the Quiz page: the Exam mode, its number of questions moved from 10 to 5 by keyboard, and Start exam; returns
    the exam's form."""
    page.get_by_text("Exam", exact=True).click()
    wait_for_app(page)
    page.get_by_role("slider").focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    wait_for_app(page)
    page.get_by_role("button", name="Start exam").click()
    wait_for_app(page)
    return page.locator("[data-testid=stForm]")


def answer_every_question(page, form) -> None:
    """Answer every question of an exam's ``form``: the first option of each single-choice or true/false question, and
    1 (usually wrong) in each numeric one, committed with Enter, which must not submit the exam."""
    for group in form.get_by_role("radiogroup").all():
        group.locator("label").first.click()
    for box in form.get_by_role("textbox").all():
        box.fill("1")
        box.press("Enter")
        wait_for_app(page, rerun=False)
        expect(form.get_by_role("button", name="Submit exam")).to_be_visible()


def commit_prediction(page, choice: str, confidence: str = "4 · confident") -> None:
    """Pick a prediction's choice and confidence in the page's main area and commit it (practice loops and the lab
    pages draw the same controls)."""
    main = page.get_by_test_id("stMain")
    for label in (choice, confidence):
        main.get_by_text(label, exact=True).click()
        wait_for_app(page)
    main.get_by_role("button", name="Commit prediction").click()
    wait_for_app(page)
