"""Load test: many learners at once on one server, driven by Playwright (one Chromium, one context per learner).

Every learner does the same fixed script: load the app on the walkthrough and step through it, run the default
Training Lab comparison to the end, answer three quiz questions, and save a note, moving between pages by the sidebar
as a person does, pausing before each action as a person reading the screen would (``--think``, 2 s on average),
and arriving three seconds after the previous learner. For every action we time the wait from the click until the
page has received the end of the rerun it caused (a "script finished" message on its websocket, counted in the page)
and marked itself idle; the Training Lab's whole run is timed separately as a training action, and the first load
of the app in a fresh browser separately as the arrival. The server logs how long each rerun took on its side
(bench/instrumented_server.py). A thread samples the server's resident memory (RSS) after a warm-up visit of every
page (the one-time imports of Streamlit, pandas and Plotly are not a learner's cost), during the run, and for
``--cooldown`` seconds after the sessions close.

Learners' browsers do not run on the server; here they must share its two cores, so they run at the lowest CPU
priority (Linux's SCHED_IDLE) and get what the server leaves (``--same-priority`` turns this off). The browser-side
times are therefore those of starved tabs, an upper bound on what a learner with their own machine waits.

    .venv/bin/python -m bench.load_test --learners 20            # as in the README (takes about 15 minutes)
    .venv/bin/python -m bench.load_test --learners 3 --cooldown 10   # a quick look

Goals (issue: reliability): 0 errors; p95 under 1.5 s for non-training actions at 20 learners on 2 cores; RSS growth
under 20 MB per concurrent learner, and back near the start after the sessions close.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from playwright.async_api import async_playwright, expect

from bench.rerun_counter import COUNT_FINISHED_RERUNS, FINISHED_SO_FAR, IDLE
from quizzes.model import KIND_LABELS

ROOT = Path(__file__).resolve().parents[1]
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


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class MemorySampler(threading.Thread):
    def __init__(self, pid: int, every: float = 0.5):
        super().__init__(daemon=True)
        self.pid, self.every, self.samples, self.stop = pid, every, [], threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append((time.monotonic(), rss_mb(self.pid)))
            self.stop.wait(self.every)


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


def start_server(port: int, rerun_log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.instrumented_server",
            str(rerun_log),
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("the server did not start")


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


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


async def drive(url: str, learners: int, think: float, on_warm) -> Timings:
    timings = Timings(think_seconds=think)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        await warm_up(browser, url)
        on_warm()
        await asyncio.gather(*(learner(browser, url, k, timings) for k in range(learners)))
        await browser.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument(
        "--cooldown", type=float, default=180.0, help="seconds to watch memory after the sessions close"
    )
    parser.add_argument("--port", type=int, default=8599)
    parser.add_argument(
        "--same-priority",
        action="store_true",
        help="run the browsers at the server's CPU priority, not only on what CPU it leaves",
    )
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds a learner pauses before each action")
    args = parser.parse_args()

    rerun_log = Path(tempfile.mkdtemp()) / "reruns.log"
    server = start_server(args.port, rerun_log)
    if not args.same_priority:
        # Learners' browsers run on their own machines, not on the server's two cores. Here they must share them, so
        # this process and all it starts from now on (Playwright's driver, Chromium) get only the CPU the server
        # leaves. A scheduling class, not a nice value: Chromium, run as root, resets the niceness of its processes.
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    sampler = MemorySampler(server.pid)
    sampler.start()
    warm = {}

    def on_warm() -> None:
        time.sleep(2)
        warm["rss"], warm["time"] = rss_mb(server.pid), time.monotonic()

    timings = asyncio.run(drive(f"http://127.0.0.1:{args.port}", args.learners, args.think, on_warm))
    before, started = warm["rss"], warm["time"]
    closed = time.monotonic()
    time.sleep(args.cooldown)
    after = rss_mb(server.pid)
    sampler.stop.set()
    server.terminate()
    log = server.communicate(timeout=30)[1]
    peak = max(mb for t, mb in sampler.samples if started <= t <= closed + 5)

    everything = [
        s for action, samples in timings.actions.items() if action not in TRAINING_ACTIONS | {ARRIVAL} for s in samples
    ]
    print(
        f"{args.learners} concurrent learners, {sum(map(len, timings.actions.values()))} timed actions, "
        f"{len(timings.errors)} errors ({os.cpu_count()} cores; {args.think:g} s mean think time)"
    )
    for error in timings.errors:
        print("  error:", error)
    print(f"  {'action':<26}{'n':>4}{'p50':>8}{'p95':>8}{'max':>8}  (seconds from click to end of rerun)")
    for action, samples in list(timings.actions.items()) + [("ALL reruns (not arrival)", everything)]:
        print(
            f"  {action:<26}{len(samples):>4}{percentile(samples, 50):>8.2f}{percentile(samples, 95):>8.2f}"
            f"{max(samples):>8.2f}"
        )
    if timings.training:
        print(
            f"  {'Training Lab run (Play to end)':<30}{percentile(timings.training, 50):>6.1f} s p50, "
            f"{max(timings.training):.1f} s max"
        )
    growth = (peak - before) / max(args.learners, 1)
    print(
        f"  server RSS: {before:.0f} MB before (after a warm-up visit of every page), {peak:.0f} MB at peak "
        f"({growth:.1f} MB per learner), "
        f"{after:.0f} MB {args.cooldown:.0f} s after the sessions closed"
    )
    server_side = [float(line.split()[0]) for line in rerun_log.read_text().splitlines()]
    print(
        f"  server side, every rerun ({len(server_side)}: request received to script finished): "
        f"p50 {percentile(server_side, 50):.2f} s, p95 {percentile(server_side, 95):.2f} s, "
        f"max {max(server_side):.2f} s"
    )
    faults = [line for line in log.splitlines() if "Traceback" in line or "Warning" in line]
    print(f"  server log: {len(faults)} tracebacks or warnings")


if __name__ == "__main__":
    main()
