"""One simulated learner of the load tests (bench/load_test.py, bench/replicas.py), and how its actions are timed.

Every learner does the same fixed script: load the app on the walkthrough and step through it, run the default
Training Lab comparison to the end, answer three quiz questions, and save a note, moving between pages by the sidebar
as a person does, pausing before each action as a person reading the screen would (``Timings.think_seconds``, 2 s on
average), and arriving ``Timings.stagger`` seconds after the previous learner. For every action we time the wait from
the click until the page has received the end of the rerun it caused (a "script finished" message on its websocket,
counted in the page) and marked itself idle; the Training Lab's whole run is timed separately as a training action,
and the first load of the app in a fresh browser separately as the arrival.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field

import numpy as np
from playwright.async_api import expect

from bench.rerun_counter import COUNT_FINISHED_RERUNS, FINISHED_SO_FAR, IDLE
from quizzes.model import KIND_LABELS

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
STARVED_TAB_TIMEOUT_MS = 300_000
ARRIVAL = "arrive: load the walkthrough"  # a fresh browser loads the app itself (its code, fonts, a websocket)
TRAINING_ACTIONS = {"press Play"}  # starts the live run: its reruns train (timed with the run, not with the clicks)


@dataclass
class Timings:
    think_seconds: float = 2.0  # mean pause before each action
    stagger: float = 3.0  # seconds between two learners' arrivals
    actions: dict[str, list[float]] = field(default_factory=dict)
    training: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))

    def think(self) -> float:
        """A pause drawn uniformly from half to one and a half times the mean."""
        return float(self.rng.uniform(0.5, 1.5) * self.think_seconds)

    def add(self, action: str, seconds: float) -> None:
        self.actions.setdefault(action, []).append(seconds)


async def finished_so_far(page) -> int:
    """How many reruns the server has finished for this learner's tab (counted in the tab, see COUNT_FINISHED_RERUNS).

    Counting in the tab keeps the chart-sized messages out of the test driver, which shares the server's two cores:
    before, every websocket frame went through Playwright's driver to Python to be decoded.
    """
    return await page.evaluate(FINISHED_SO_FAR)


async def settle(page, finished_before: int) -> None:
    """Wait for the rerun an action started to end: one more finished rerun, then the page marked 'notRunning'.

    Elements whose code the tab is still loading may be placeholders then; the locator of the next action waits for
    them, as a reader would.

    Waiting for one more finished message, not for the page's "notRunning" mark alone, keeps a CPU-starved tab from
    being read before its rerun has even started; and unlike the mark in the page, a message cannot be missed when a
    starved tab draws "running" and "notRunning" in a single frame.
    """
    await page.wait_for_function(
        f"n => ({FINISHED_SO_FAR})() > n", arg=finished_before, polling=100, timeout=STARVED_TAB_TIMEOUT_MS
    )
    await page.wait_for_selector(IDLE, timeout=STARVED_TAB_TIMEOUT_MS)
    if await page.locator("[data-testid=stException]").count():
        raise RuntimeError(await page.locator("[data-testid=stException]").first.inner_text())


async def timed(page, timings: Timings, action: str, do) -> None:
    """Think (a learner reads the screen before the next click), then act and time the rerun the action causes."""
    await asyncio.sleep(timings.think())
    before = await finished_so_far(page)
    start = time.perf_counter()
    await do()
    await settle(page, before)
    timings.add(action, time.perf_counter() - start)


def sidebar_link(page, title: str):
    """A page's link in the sidebar: how a learner moves between pages, without loading the app again."""
    return page.get_by_test_id("stSidebar").get_by_role("link", name=re.compile(title))


async def answer_first_option(question) -> None:
    """Answer as a reader does: see the question's kind in its header line, then give the first option (or the
    number 1) once its widget is on screen.

    The kind is read, not guessed from which widgets are present: a starved tab can draw the Check answer button
    before the code of a widget it has not shown yet has loaded, and a question without its widgets looked like one
    of another kind (this was the "ticked box that arrived unticked" of earlier runs).
    """
    header = await question.get_by_text(re.compile(r"^Question \d+ · ")).inner_text()
    kind = next(label for label in KIND_LABELS.values() if f" · {label}" in header)
    if kind == KIND_LABELS["numeric"]:
        box = question.get_by_role("textbox", name="Your answer")
        await box.fill("1")
        await box.press("Tab")  # leave the box: its value is sent
    elif kind == KIND_LABELS["multiple"]:
        await question.locator("[data-testid=stCheckbox] label").first.click()
        await expect(question.get_by_role("checkbox").first).to_be_checked(timeout=STARVED_TAB_TIMEOUT_MS)
    else:
        group = question.get_by_role("radiogroup", name=re.compile("Choose one answer|True or false"))
        await group.locator("label").first.click()
        await expect(group.get_by_role("radio").first).to_be_checked(timeout=STARVED_TAB_TIMEOUT_MS)


async def learner(browser, url: str, number: int, timings: Timings) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(STARVED_TAB_TIMEOUT_MS)  # a starved tab is slow, not broken: the latencies say how slow
    await context.add_init_script(COUNT_FINISHED_RERUNS)
    page = await context.new_page()
    await asyncio.sleep(number * timings.stagger)  # learners arrive over a few seconds, not in the same millisecond
    try:
        await timed(page, timings, ARRIVAL, lambda: page.goto(f"{url}/Walkthrough"))
        for _ in range(5):
            await timed(page, timings, "next step", page.get_by_role("button", name="Next ▶").click)

        await timed(page, timings, "open the training lab", sidebar_link(page, "Training Lab").click)
        await timed(
            page, timings, "choose a speed", page.get_by_role("radiogroup", name="Speed").get_by_text("fast").click
        )
        start = time.perf_counter()
        await timed(page, timings, "press Play", page.get_by_role("button", name="▶ Play").click)
        await page.get_by_text(re.compile(r"^Without BN · epoch 20 / 20")).wait_for(timeout=600_000)
        await page.get_by_role("button", name="▶ Play").wait_for()
        await page.wait_for_selector(IDLE)
        timings.training.append(time.perf_counter() - start)
        await timed(
            page,
            timings,
            "scrub the epoch slider",
            lambda: page.get_by_role("slider", name="Epoch shown").press("ArrowLeft"),
        )

        await timed(page, timings, "open the quiz", sidebar_link(page, "Quiz").click)
        await timed(page, timings, "start practice", page.get_by_role("button", name="Start practice").click)
        for position in range(3):
            await page.get_by_text(re.compile(rf"^Question {position + 1} of \d+")).wait_for()  # as a reader waits
            question = page.get_by_test_id("stMain")
            await question.get_by_role("button", name="Check answer").wait_for()  # the last thing the question draws
            await answer_first_option(question)
            check = question.get_by_role("button", name="Check answer")
            await timed(page, timings, "check an answer", check.click)
            next_button = page.get_by_role("button", name=re.compile("Next question|Finish"))
            try:
                await next_button.wait_for()
            except Exception:
                alerts = await page.locator("[data-testid=stAlert]").all_inner_texts()
                raise RuntimeError(f"no Next button after checking an answer; the page says: {alerts}") from None
            await timed(page, timings, "next question", next_button.click)

        await timed(page, timings, "open the notes", sidebar_link(page, "Notes").click)
        main = page.get_by_test_id("stMain")
        await main.get_by_label("Note", exact=True).fill(f"Learner {number}: BN lets the deep net learn.")
        await timed(page, timings, "save a note", main.get_by_role("button", name="Save note").click)
    except Exception as error:
        timings.errors.append(f"learner {number}: {type(error).__name__}: {str(error)[:200]}")
    finally:
        await context.close()


async def warm_up(browser, url: str) -> None:
    """Open every page once, so the first learners do not pay for the server's one-time imports."""
    context = await browser.new_context()
    await context.add_init_script(COUNT_FINISHED_RERUNS)
    page = await context.new_page()
    for path in ("", "Walkthrough", "Training_Lab", "Quiz", "Notes"):
        before = await finished_so_far(page)
        await page.goto(f"{url}/{path}")
        await settle(page, before)
    await context.close()
