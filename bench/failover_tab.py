"""One failover learner's tab (bench.failover): its actions, each waited for until the rerun it starts has ended, and
what it reads back from the page and from the browser's storage (the app's localStorage entries, any key starting
with ``STORAGE_PREFIX``, read as text whatever the entry's name)."""

from __future__ import annotations

import asyncio
import re
import time

from bench.learner import answer_first_option, settle, sidebar_link
from bench.rerun_counter import FINISHED_SO_FAR

STORAGE_PREFIX = "batch-norm-lab."
IGNORED_AFTER = 30.0  # a click with no rerun finished this long after it did nothing
RECORD_SOCKET_OPENS = """(() => {
  // When this tab's websockets open (ms since the epoch): a reconnection shows as a new entry.
  window.__batchNormLabSocketOpens = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("open", () => window.__batchNormLabSocketOpens.push(Date.now()));
    }
  };
})();"""
STORED_TEXT = f"""() => Object.keys(localStorage).filter(k => k.startsWith("{STORAGE_PREFIX}"))
    .map(k => localStorage.getItem(k)).join("\\n")"""
STEP_LABEL = re.compile(r"^Step \d+ of \d+")


async def stored(page) -> str:
    """The app's entries in the browser's localStorage, as one text."""
    return await page.evaluate(STORED_TEXT)


async def wait_for_stored(page, text: str, seconds: float) -> bool:
    """Whether ``text`` is in the app's stored entries within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in await stored(page):
            return True
        await asyncio.sleep(0.25)
    return False


async def step_label(page) -> str:
    """The step panel's "Step k of n"."""
    return await page.get_by_text(STEP_LABEL).first.inner_text()


def level_choices(page):
    return page.get_by_test_id("stSidebar").get_by_role("radiogroup", name="Expertise level")


async def chosen_level(page) -> str:
    """The expertise level the sidebar shows as chosen."""
    choices = level_choices(page)
    await choices.locator("label").first.wait_for()
    for label in await choices.locator("label").all():
        if await label.get_by_role("radio").is_checked():
            return (await label.inner_text()).strip()
    return ""


async def click(page, do) -> float:
    """Seconds from ``do()`` (a click, a page load) to the end of the rerun it starts."""
    before = await page.evaluate(FINISHED_SO_FAR)
    start = time.perf_counter()
    await do()
    await settle(page, before)
    return time.perf_counter() - start


async def click_or_ignored(page, do) -> float | None:
    """Seconds from the click to the end of its rerun, or None when no rerun finished within IGNORED_AFTER."""
    before = await page.evaluate(FINISHED_SO_FAR)
    start = time.perf_counter()
    await do()
    try:
        await page.wait_for_function(
            f"n => ({FINISHED_SO_FAR})() > n", arg=before, polling=100, timeout=IGNORED_AFTER * 1000
        )
    except Exception:
        return None
    await settle(page, before)
    return time.perf_counter() - start


async def write_note(page, text: str) -> None:
    main = page.get_by_test_id("stMain")
    await main.get_by_label("Note", exact=True).fill(text)
    await click(page, main.get_by_role("button", name="Save note").click)
    await main.get_by_text(text, exact=True).first.wait_for()


async def answer_a_question(page) -> None:
    """Start a practice run on the Quiz page and answer its first question (the first option, or the number 1)."""
    await click(page, sidebar_link(page, "Quiz").click)
    await click(page, page.get_by_role("button", name="Start practice").click)
    question = page.get_by_test_id("stMain")
    await question.get_by_role("button", name="Check answer").wait_for()  # the last thing the question draws
    await answer_first_option(question)
    await click(page, question.get_by_role("button", name="Check answer").click)


async def visible(page, text: str | re.Pattern, seconds: float) -> bool:
    """Whether the page's main area shows ``text`` (exactly, or matching a pattern) within ``seconds``."""
    found = page.get_by_test_id("stMain").get_by_text(text, exact=True if isinstance(text, str) else None)
    try:
        await found.first.wait_for(timeout=seconds * 1000)
        return True
    except Exception:
        return False


async def reload(page) -> None:
    """Reload the tab and wait until its first run has ended."""
    before = await page.evaluate(FINISHED_SO_FAR)
    await page.reload()
    await settle(page, before)
