"""A replica lost in the middle of a class: what its learners see, and whether anything they wrote is lost.

Each learner (one browser context, as in bench/load_test.py) writes a note on the Notes page, checks that the
browser stored it, and moves on to the walkthrough, two steps in. Then the benchmark kills one replica (SIGKILL, as a
crash or an out-of-memory kill would) while they read. Every learner's tab is watched: what it shows (Streamlit's
connection status, any dialog) and when its websocket opens again. Then each learner goes on as a person would: the
next walkthrough step, then the Notes page, where their note must be back, without a reload if the app restores it
from the browser in the new session, else after one. Finally they write a second note on their new replica and
reload: both notes must be there, i.e. what they wrote after the move was saved in their browser too.

The check reads what the browser stores in its own terms: the note's text must be in one of the app's localStorage
entries (any key starting with ``STORAGE_PREFIX``), whatever the entry's name or format.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field

from bench.load_test import STARVED_TAB_TIMEOUT_MS, settle, sidebar_link
from bench.rerun_counter import COUNT_FINISHED_RERUNS, FINISHED_SO_FAR

STORAGE_PREFIX = "batch-norm-lab."
WATCH_SECONDS = 10.0  # how long each tab is watched after the kill, before its learner clicks again
NOTE_BACK_SECONDS = 20.0  # how long a learner looks for their note on the Notes page before reloading
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


@dataclass
class Failover:
    """One learner's story around the kill."""

    number: int
    note: str
    replica: str | None = None  # the replica the learner was on before the kill
    step_before: str = ""
    seen: dict[str, float] = field(default_factory=dict)  # what the tab showed -> seconds after the kill
    reconnected_after: float | None = None  # seconds from the kill to a new websocket being open
    next_click_seconds: float | None = None  # the first click after the kill: click -> rerun ended
    step_after: str = ""
    note_back: str = "no"  # "without reload" | "after a reload" | "no"
    note_back_after: float | None = None  # seconds from the kill
    replica_after: str | None = None
    later_note_kept: bool = False  # the note written after the kill is there after a reload
    error: str | None = None


async def _stored(page) -> str:
    return await page.evaluate(STORED_TEXT)


async def _wait_for_stored(page, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in await _stored(page):
            return True
        await asyncio.sleep(0.25)
    return False


async def _step_label(page) -> str:
    return await page.get_by_text(STEP_LABEL).first.inner_text()


async def _click(page, do) -> float:
    before = await page.evaluate(FINISHED_SO_FAR)
    start = time.perf_counter()
    await do()
    await settle(page, before)
    return time.perf_counter() - start


async def _write_note(page, text: str) -> None:
    main = page.get_by_test_id("stMain")
    await main.get_by_label("Note", exact=True).fill(text)
    await _click(page, main.get_by_role("button", name="Save note").click)
    await main.get_by_text(text, exact=True).first.wait_for()


async def _note_visible(page, text: str, seconds: float) -> bool:
    try:
        await page.get_by_test_id("stMain").get_by_text(text, exact=True).first.wait_for(timeout=seconds * 1000)
        return True
    except Exception:
        return False


async def _reload(page) -> None:
    before = await page.evaluate(FINISHED_SO_FAR)
    await page.reload()
    await settle(page, before)


async def _watch(page, story: Failover, killed_at: float) -> None:
    """What the tab shows for WATCH_SECONDS after the kill, and when its websocket opens again."""
    opens_before = len(await page.evaluate("window.__batchNormLabSocketOpens"))
    while time.time() < killed_at + WATCH_SECONDS:
        now = time.time() - killed_at
        shown = await page.locator("[data-testid=stStatusWidget]").all_inner_texts()
        shown += [f"dialog: {text[:80]}" for text in await page.get_by_role("dialog").all_inner_texts()]
        for text in filter(None, (t.strip().replace("\n", " ") for t in shown)):
            story.seen.setdefault(text, round(now, 1))
        opens = await page.evaluate("window.__batchNormLabSocketOpens")
        if story.reconnected_after is None and len(opens) > opens_before:
            story.reconnected_after = opens[opens_before] / 1000 - killed_at
        await asyncio.sleep(0.25)


async def learner(browser, url: str, story: Failover, ready: asyncio.Event, killed: asyncio.Future, balancer) -> None:
    """Write a note, step into the walkthrough, wait for the kill, then carry on and check what came back."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(STARVED_TAB_TIMEOUT_MS)
    await context.add_init_script(COUNT_FINISHED_RERUNS)
    await context.add_init_script(RECORD_SOCKET_OPENS)
    page = await context.new_page()
    try:
        try:
            await _click(page, lambda: page.goto(f"{url}/Notes"))
            await _write_note(page, story.note)
            if not await _wait_for_stored(page, story.note, 30):
                raise RuntimeError("the note was not stored in the browser before the kill")
            await _click(page, sidebar_link(page, "Walkthrough").click)
            for _ in range(2):
                await _click(page, page.get_by_role("button", name="Next ▶").click)
            story.step_before = await _step_label(page)
            story.replica = balancer.replica_of(await _affinity(context))
        finally:
            ready.set()
        killed_at = await killed
        await _watch(page, story, killed_at)
        story.next_click_seconds = await _click(page, page.get_by_role("button", name="Next ▶").click)
        story.step_after = await _step_label(page)
        await _click(page, sidebar_link(page, "Notes").click)
        if await _note_visible(page, story.note, NOTE_BACK_SECONDS):
            story.note_back = "without reload"
        else:
            await _reload(page)
            story.note_back = "after a reload" if await _note_visible(page, story.note, NOTE_BACK_SECONDS) else "no"
        story.note_back_after = time.time() - killed_at if story.note_back != "no" else None
        later = f"{story.note} (written after the kill)"
        await _write_note(page, later)
        await _wait_for_stored(page, later, 10)
        await _reload(page)
        shown = [await _note_visible(page, text, NOTE_BACK_SECONDS) for text in (story.note, later)]
        story.later_note_kept = all(shown)
        story.replica_after = balancer.replica_of(await _affinity(context))
    except Exception as error:
        story.error = f"{type(error).__name__}: {str(error)[:200]}"
    finally:
        await context.close()


async def _affinity(context) -> str:
    """The learner's affinity key: the balancer's cookie in their browser."""
    cookies = await context.cookies()
    return next((cookie["value"] for cookie in cookies if cookie["name"] == "bnlab_affinity"), "")


async def lose_a_replica(
    browser, url: str, balancer, learners: int, stagger: float, kill
) -> tuple[list[Failover], str]:
    """Run ``learners`` failover learners; once all have written their note and stepped in, ``kill(replica)`` the
    replica holding most of them (it returns the time of the kill). Returns the stories and the killed replica."""
    token = f"{time.time():.0f}"
    stories = [
        Failover(number, f"Learner {number}: BN keeps each layer's inputs steady ({token}).")
        for number in range(learners)
    ]
    ready = [asyncio.Event() for _ in stories]
    killed = asyncio.get_running_loop().create_future()

    async def arrive(story: Failover, event: asyncio.Event) -> None:
        await asyncio.sleep(story.number * stagger)
        await learner(browser, url, story, event, killed, balancer)

    tasks = [asyncio.create_task(arrive(story, event)) for story, event in zip(stories, ready)]
    await asyncio.gather(*(event.wait() for event in ready))
    on_replicas = [story.replica for story in stories if story.replica is not None and story.error is None]
    victim = max(sorted(set(on_replicas)), key=on_replicas.count)
    killed.set_result(kill(victim))
    await asyncio.gather(*tasks)
    return stories, victim


def report(stories: list[Failover], victim: str) -> list[str]:
    """Lines for the benchmark's output: each moved learner's story, then the others in one line."""
    moved = [story for story in stories if story.replica == victim]
    stayed = [story for story in stories if story.replica != victim]
    lines = [
        f"Replica {victim} killed (SIGKILL) with {len(moved)} of {len(stories)} learners on it, each with a note "
        "written and two walkthrough steps taken:"
    ]
    for story in moved:
        if story.error:
            lines.append(f"  learner {story.number}: ERROR {story.error}")
            continue
        seen = ", ".join(f"{text!r} at {when:.1f} s" for text, when in story.seen.items()) or "nothing"
        reconnected = "no" if story.reconnected_after is None else f"{story.reconnected_after:.1f} s"
        back = story.note_back + ("" if story.note_back_after is None else f" ({story.note_back_after:.0f} s after)")
        lines += [
            f"  learner {story.number}: moved to {story.replica_after}; saw {seen}; websocket open again after "
            f"{reconnected}",
            f"    next click {story.next_click_seconds:.1f} s; walkthrough {story.step_before!r} -> "
            f"{story.step_after!r} after that click; note back: {back}; note written after the move kept after a "
            f"reload: {'yes' if story.later_note_kept else 'NO'}",
        ]
    quiet = [story for story in stayed if not story.seen and story.reconnected_after is None and not story.error]
    kept = [story for story in stayed if story.note_back == "without reload" and story.later_note_kept]
    lines.append(
        f"  learners on the other replicas: {len(stayed)}; saw nothing and kept their connection: {len(quiet)}; "
        f"notes shown and kept: {len(kept)}; errors: {sum(1 for story in stayed if story.error)}"
    )
    lines += [f"    learner {story.number}: ERROR {story.error}" for story in stayed if story.error]
    return lines
