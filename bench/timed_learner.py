"""One learner's tab in a real browser, timing each action from the learner's input to the result drawn, split into
the server's script time, the transfer and the render (see bench.browser, which drives it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

from bench.learner import sidebar_link
from bench.rerun_counter import COUNT_FINISHED_RERUNS, FINISHED_SO_FAR, IDLE, PAGE_DRAWN

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1400, "height": 900}
# Stamps the learner's input (the click or key press that starts an action) and every text a progress bar shows.
WATCH_INPUT_AND_PROGRESS = """(() => {
  window.batchNormLabInput = 0;
  window.batchNormLabProgress = new Set();
  for (const type of ["pointerdown", "keydown"]) {
    document.addEventListener(type, () => { window.batchNormLabInput = performance.now(); }, true);
  }
  new MutationObserver(() => {
    for (const bar of document.querySelectorAll("[data-testid=stProgress]")) {
      window.batchNormLabProgress.add(bar.innerText);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();"""
# The Training Lab's epoch view (an inline component, in a shadow root) shows the histograms of the epoch ENDING.
EPOCH_VIEW_TITLE_ENDS = """() => [...document.querySelectorAll(".st-key-lab-epoch_view *")]
  .find((e) => e.shadowRoot)?.shadowRoot.querySelector("figcaption")?.textContent.endsWith("ENDING")"""
RERUN_DONE = f"""n => ({FINISHED_SO_FAR})() > n && document.querySelector("{IDLE}") !== null"""
DRAWN = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))))"


@dataclass(frozen=True)
class Wait:
    action: str
    total: float  # seconds from the input to the result drawn
    server: float
    render: float
    progress_updates: int = 0  # distinct texts a progress bar showed during the wait
    complete: float = 0.0  # a page load: seconds until every element was drawn and the saved record read

    @property
    def transfer(self) -> float:
        return max(0.0, self.total - self.server - self.render)


class Learner:
    """One browser tab on the app, timing its actions against the server's rerun log."""

    def __init__(self, browser, url: str, rerun_log: Path):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.add_init_script(COUNT_FINISHED_RERUNS)
        self.context.add_init_script(WATCH_INPUT_AND_PROGRESS)
        self.page: Page = self.context.new_page()
        self.url, self.rerun_log = url, rerun_log

    def server_seconds_since(self, lines_before: int) -> float:
        lines = self.rerun_log.read_text().splitlines()[lines_before:]
        return sum(float(line.split()[0]) for line in lines)

    def log_lines(self) -> int:
        return len(self.rerun_log.read_text().splitlines())

    def open(self, path: str, action: str) -> Wait:
        """Open a page by its link in this tab (a fresh tab has nothing cached): navigation start to drawn."""
        lines = self.log_lines()
        self.page.goto(f"{self.url}/{path}")
        return self._page_shown(action, 0, lines, start=0.0)

    def new_tab(self) -> None:
        """Close this tab and go on in a new one of the same browser context, whose HTTP cache keeps the code the
        closed tabs loaded (with Chromium's cache of the compiled code), as for a learner who has been here before."""
        self.page.close()
        self.page = self.context.new_page()

    def go_to(self, title: str) -> Wait:
        """Go to the page called ``title`` by its sidebar link, as a learner moves on (the tab keeps the code it has
        loaded): from the click to the page's first run drawn, and to the page complete."""
        before, lines = self.page.evaluate(FINISHED_SO_FAR), self.log_lines()
        sidebar_link(self.page, title).click()
        return self._page_shown(f"next page by its link: {title}", before, lines, start=None)

    def _page_shown(self, action: str, finished_before: int, lines: int, start: float | None) -> Wait:
        """Wait for a page's first run (after ``finished_before`` runs) to be drawn, then for the page to be complete;
        times from ``start`` (ms of this page load), or from the learner's input if None."""
        self.page.wait_for_function(RERUN_DONE, arg=finished_before, timeout=60_000)
        end = self.page.evaluate(DRAWN)
        started, finished = self.page.evaluate(
            "() => [window.batchNormLabInput, window.batchNormLabTimes.finished.at(-1)]"
        )
        start = started if start is None else start
        server = self.server_seconds_since(lines)  # the first run's (and any run finished by now)
        self.page.wait_for_function(PAGE_DRAWN, timeout=60_000)
        complete = self.page.evaluate(DRAWN)
        self.quiet()  # the saved record's run too: it must not be taken for the next action's
        return Wait(action, (end - start) / 1000, server, (end - finished) / 1000, complete=(complete - start) / 1000)

    def quiet(self, seconds: float = 1.5) -> None:
        """Wait until no rerun has finished for ``seconds`` and the page is idle: after a page load the learner
        record's browser storage answers and reruns the page once more, which must not be taken for the next
        action's rerun."""
        while True:
            before = self.page.evaluate(FINISHED_SO_FAR)
            self.page.wait_for_timeout(seconds * 1000)
            if self.page.evaluate(FINISHED_SO_FAR) == before and self.page.locator(IDLE).count():
                return

    def timed(self, action: str, do: Callable[[], object], shown: str | None = None, timeout: float = 120_000) -> Wait:
        """Do the action and wait for the rerun it starts to end (and for ``shown``, a JS condition, if given)."""
        before = self.page.evaluate(FINISHED_SO_FAR)
        self.page.evaluate("() => window.batchNormLabProgress.clear()")
        lines = self.log_lines()
        do()
        self.page.wait_for_function(RERUN_DONE, arg=before, timeout=timeout)
        if shown is not None:
            self.page.wait_for_function(shown, timeout=timeout)
        end = self.page.evaluate(DRAWN)
        started, finished, progress = self.page.evaluate(
            "() => [window.batchNormLabInput, window.batchNormLabTimes.finished.at(-1), "
            "window.batchNormLabProgress.size]"
        )
        return Wait(action, (end - started) / 1000, self.server_seconds_since(lines), (end - finished) / 1000, progress)

    def drawn_here(self, action: str, do: Callable[[], object], shown: str, timeout: float = 30_000) -> Wait:
        """Do an action the page answers by itself (no rerun first) and wait for ``shown``, a JS condition, drawn;
        then for the rerun it starts afterwards, if any, to end (not timed)."""
        before = self.page.evaluate(FINISHED_SO_FAR)
        do()
        self.page.wait_for_function(shown, timeout=timeout)
        end = self.page.evaluate(DRAWN)
        started = self.page.evaluate("() => window.batchNormLabInput")
        self.page.wait_for_function(RERUN_DONE, arg=before, timeout=timeout)
        return Wait(action, (end - started) / 1000, 0.0, 0.0)

    def button(self, name: str):
        return self.page.get_by_role("button", name=name)
