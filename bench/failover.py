"""A replica lost in the middle of a class: what its learners see, and whether anything they wrote is lost.

Each learner (one browser context, as in bench/learner.py) writes a note on the Notes page, answers one quiz
question, checks that the browser stored both, moves on to the walkthrough, two steps in, and picks an expertise level
in the sidebar. Then the benchmark kills one replica (SIGKILL, as a crash or an out-of-memory kill would) while they
read. Every learner's tab is watched: what it shows (Streamlit's connection status, any dialog) and when its websocket
opens again. Then each learner goes on as a person would, not knowing they moved: the next walkthrough step, the home
page (is their quiz progress shown, without a reload?), then the Notes page (is their note shown?), where they write a
second note; then they reload. Both notes and the progress must be there: what they did before the kill came back
from their browser, and what they wrote after it was saved in their browser too.

The check reads what the browser stores in its own terms: the note's text, and a quiz answer's ``question_id`` field,
must be in one of the app's localStorage entries (bench.failover_tab, which also holds the tab's actions).
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field

from bench.failover_tab import (
    IGNORED_AFTER,
    RECORD_SOCKET_OPENS,
    answer_a_question,
    chosen_level,
    click,
    click_or_ignored,
    level_choices,
    reload,
    step_label,
    stored,
    visible,
    wait_for_stored,
    write_note,
)
from bench.learner import STARVED_TAB_TIMEOUT_MS, sidebar_link
from bench.rerun_counter import COUNT_FINISHED_RERUNS

WATCH_SECONDS = 10.0  # how long each tab is watched after the kill, before its learner clicks again
NOTE_BACK_SECONDS = 20.0  # how long a learner looks for a note on the Notes page, or their progress on the home page
CHOSEN_LEVEL = "Intermediate"  # the expertise level each learner picks in the sidebar before the kill
STORED_ANSWER = '"question_id"'  # a quiz answer in the stored record (the record holds no answer before the first)
QUIZ_PROGRESS = re.compile(r"Quiz: \d+ of 1 answers right")  # the home page's progress line after one answer


@dataclass
class Failover:
    """One learner's story around the kill."""

    number: int
    note: str
    replica: str | None = None  # the replica the learner was on before the kill
    step_before: str = ""
    level_stored: bool = False  # the chosen level was in the browser's storage just before the kill
    level_after: str = ""  # the sidebar's expertise level after the first click on the new replica
    seen: dict[str, list[float]] = field(default_factory=dict)  # what the tab showed -> [first, last] s after the kill
    reconnected_after: float | None = None  # seconds from the kill to a new websocket being open
    last_before: str = ""  # the learner's last action before the kill
    next_click_seconds: float | None = None  # the first click after the kill: click -> rerun ended; None: ignored
    step_after: str = ""
    note_back: str = "no"  # "without reload" | "after a reload" | "no"
    note_back_after: float | None = None  # seconds from the kill
    progress_back: str = "no"  # the quiz answer on the home page: "without reload" | "after a reload" | "no"
    progress_back_after: float | None = None  # seconds from the kill
    replica_after: str | None = None
    later_note_kept: bool = False  # the note written after the kill is there after a reload
    error: str | None = None


async def _watch(page, story: Failover, killed_at: float) -> None:
    """What the tab shows for WATCH_SECONDS after the kill, and when its websocket opens again."""
    opens_before = len(await page.evaluate("window.__batchNormLabSocketOpens"))
    while time.time() < killed_at + WATCH_SECONDS:
        now = time.time() - killed_at
        shown = await page.locator("[data-testid=stStatusWidget]").all_inner_texts()
        shown += [f"dialog: {text[:80]}" for text in await page.get_by_role("dialog").all_inner_texts()]
        for text in filter(None, (t.strip().replace("\n", " ") for t in shown)):
            story.seen.setdefault(text, [now, now])[1] = now
        opens = await page.evaluate("window.__batchNormLabSocketOpens")
        if story.reconnected_after is None and len(opens) > opens_before:
            story.reconnected_after = opens[opens_before] / 1000 - killed_at
        await asyncio.sleep(0.25)


async def learner(browser, url: str, story: Failover, ready: asyncio.Event, killed: asyncio.Future, balancer) -> None:
    """Write a note, step into the walkthrough, wait for the kill, then carry on, write a second note, reload, and
    check what came back."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(STARVED_TAB_TIMEOUT_MS)
    await context.add_init_script(COUNT_FINISHED_RERUNS)
    await context.add_init_script(RECORD_SOCKET_OPENS)
    page = await context.new_page()
    stage = "write a note"
    try:
        try:
            await click(page, lambda: page.goto(f"{url}/Notes"))
            await write_note(page, story.note)
            if not await wait_for_stored(page, story.note, 30):
                raise RuntimeError("the note was not stored in the browser before the kill")
            stage = "answer a quiz question"
            await answer_a_question(page)
            if not await wait_for_stored(page, STORED_ANSWER, 30):
                raise RuntimeError("the quiz answer was not stored in the browser before the kill")
            stage = "step into the walkthrough"
            await click(page, sidebar_link(page, "Walkthrough").click)
            steps = [lambda: page.get_by_role("button", name="Next ▶").click()] * 2
            pick_level = [lambda: level_choices(page).locator("label").filter(has_text=CHOSEN_LEVEL).click()]
            # Half of the learners last ran the whole page (the sidebar's level), half the walkthrough's step panel
            # (a fragment): Streamlit reruns a reconnected page by itself only after a fragment's run.
            story.last_before = "a walkthrough step" if story.number % 2 else "the expertise level"
            for action in pick_level + steps if story.number % 2 else steps + pick_level:
                await click(page, action)
            story.step_before = await step_label(page)
            await asyncio.sleep(1)  # what the browser stores a moment after the last rerun
            story.level_stored = CHOSEN_LEVEL in await stored(page)
            story.replica = balancer.replica_of(await _affinity(context))
        finally:
            ready.set()
        killed_at = await killed
        stage = "watch the tab"
        await _watch(page, story, killed_at)
        stage = "the next click"
        story.next_click_seconds = await click_or_ignored(page, page.get_by_role("button", name="Next ▶").click)
        if story.next_click_seconds is not None:
            story.step_after = await step_label(page)
        stage = "look for the quiz progress"
        await click(page, sidebar_link(page, "Home").click)  # a page of its own: a full rerun in any case
        if await visible(page, QUIZ_PROGRESS, NOTE_BACK_SECONDS):
            story.progress_back, story.progress_back_after = "without reload", time.time() - killed_at
        stage = "look for the note"
        await click(page, sidebar_link(page, "Notes").click)
        if await visible(page, story.note, NOTE_BACK_SECONDS):
            story.note_back, story.note_back_after = "without reload", time.time() - killed_at
        story.level_after = await chosen_level(page)  # once whatever the browser sends back has had its chance
        stage = "write a second note"
        later = f"{story.note} (written after the kill)"
        await write_note(page, later)  # before any reload: the learner does not know they moved
        await wait_for_stored(page, later, 10)
        stage = "reload"
        await reload(page)
        if story.note_back == "no" and await visible(page, story.note, NOTE_BACK_SECONDS):
            story.note_back, story.note_back_after = "after a reload", time.time() - killed_at
        story.later_note_kept = await visible(page, later, NOTE_BACK_SECONDS)
        if story.progress_back == "no":
            stage = "look for the quiz progress after the reload"
            await click(page, sidebar_link(page, "Home").click)
            if await visible(page, QUIZ_PROGRESS, NOTE_BACK_SECONDS):
                story.progress_back, story.progress_back_after = "after a reload", time.time() - killed_at
        story.replica_after = balancer.replica_of(await _affinity(context))
    except Exception as error:
        story.error = f"{stage}: {type(error).__name__}: {str(error)[:200]}"
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
        f"written, a quiz question answered, two walkthrough steps taken and the expertise level {CHOSEN_LEVEL!r} "
        "chosen:"
    ]
    for story in moved:
        if story.error:
            lines.append(f"  learner {story.number}: ERROR {story.error}")
            continue
        seen = ", ".join(f"{text!r} from {first:.1f} to {last:.1f} s" for text, (first, last) in story.seen.items())
        reconnected = "no" if story.reconnected_after is None else f"{story.reconnected_after:.1f} s"
        click = (
            f"did nothing for {IGNORED_AFTER:.0f} s (no rerun)"
            if story.next_click_seconds is None
            else f"{story.next_click_seconds:.1f} s, {story.step_before!r} -> {story.step_after!r}"
        )
        back = story.note_back + ("" if story.note_back_after is None else f" ({story.note_back_after:.0f} s after)")
        progress = story.progress_back + (
            "" if story.progress_back_after is None else f" ({story.progress_back_after:.0f} s after)"
        )
        lines += [
            f"  learner {story.number}: moved to {story.replica_after}; saw {seen or 'nothing'}; "
            f"websocket open again after {reconnected}",
            f"    last action before the kill: {story.last_before}; next click (walkthrough's Next): {click}; "
            f"expertise level {CHOSEN_LEVEL!r} (stored in the browser: {'yes' if story.level_stored else 'no'}) -> "
            f"{story.level_after!r} on the new replica;",
            f"    quiz progress back on the home page: {progress}; note back: {back}; note written after the move kept "
            f"after a reload: {'yes' if story.later_note_kept else 'NO'}",
        ]
    quiet = [story for story in stayed if not story.seen and story.reconnected_after is None and not story.error]
    kept = [
        story
        for story in stayed
        if story.note_back == "without reload" and story.progress_back == "without reload" and story.later_note_kept
    ]
    lines.append(
        f"  learners on the other replicas: {len(stayed)}; saw nothing and kept their connection: {len(quiet)}; "
        f"progress and notes shown and kept: {len(kept)}; errors: {sum(1 for story in stayed if story.error)}"
    )
    lines += [f"    learner {story.number}: ERROR {story.error}" for story in stayed if story.error]
    return lines
