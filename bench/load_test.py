"""Load test: many learners at once on one server, driven by Playwright (one Chromium, one context per learner).

Every learner does the same fixed script: open the walkthrough and step through it, run the default Training Lab
comparison to the end, answer three quiz questions, and save a note. For every action we time the wait from the
click to the end of the rerun it causes (the app's script state back to "notRunning"); the Training Lab's whole run
is timed separately as a training action. A thread samples the server's resident memory (RSS) before, during and for
``--cooldown`` seconds after the sessions close.

    .venv/bin/python -m bench.load_test --learners 20            # as in the README (takes about 6 minutes)
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
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


@dataclass
class Timings:
    actions: dict[str, list[float]] = field(default_factory=dict)
    training: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

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


async def settle(page) -> None:
    """Wait for the rerun an action started to end (Streamlit marks the app 'notRunning')."""
    await page.wait_for_timeout(100)
    await page.wait_for_selector(IDLE, timeout=120_000)
    if await page.locator("[data-testid=stException]").count():
        raise RuntimeError(await page.locator("[data-testid=stException]").first.inner_text())


async def timed(page, timings: Timings, action: str, do) -> None:
    start = time.perf_counter()
    await do()
    await settle(page)
    timings.add(action, time.perf_counter() - start)


async def learner(browser, url: str, number: int, timings: Timings) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    try:
        await timed(page, timings, "open the walkthrough", lambda: page.goto(f"{url}/Walkthrough"))
        for _ in range(5):
            await timed(page, timings, "next step", page.get_by_role("button", name="Next ▶").click)

        await timed(page, timings, "open the training lab", lambda: page.goto(f"{url}/Training_Lab"))
        await timed(page, timings, "choose a speed",
                    page.get_by_role("radiogroup", name="Speed").get_by_text("fast").click)
        start = time.perf_counter()
        await timed(page, timings, "press Play", page.get_by_role("button", name="▶ Play").click)
        await page.get_by_text(re.compile(r"^Without BN · epoch 20 / 20")).wait_for(timeout=600_000)
        await page.get_by_role("button", name="▶ Play").wait_for(timeout=60_000)
        await settle(page)
        timings.training.append(time.perf_counter() - start)
        await timed(page, timings, "scrub the epoch slider", lambda: page.get_by_role(
            "slider", name="Epoch shown").fill("10"))

        await timed(page, timings, "open the quiz", lambda: page.goto(f"{url}/Quiz"))
        await timed(page, timings, "start practice", page.get_by_role("button", name="Start practice").click)
        for _ in range(3):
            form = page.locator("[data-testid=stForm]")
            if await form.get_by_role("radiogroup").count():
                await form.get_by_role("radiogroup").first.locator("label").first.click()
            for box in await form.get_by_role("textbox").all():
                await box.fill("1")
            for box in (await form.get_by_role("checkbox").all())[:1]:
                await box.check()
            await timed(page, timings, "check an answer", form.get_by_role("button", name="Check answer").click)
            await timed(page, timings, "next question", page.get_by_role("button", name=re.compile(
                "Next question|Finish")).click)

        await timed(page, timings, "open the notes", lambda: page.goto(f"{url}/Notes"))
        main = page.get_by_test_id("stMain")
        await main.get_by_label("Note", exact=True).fill(f"Learner {number}: BN lets the deep net learn.")
        await timed(page, timings, "save a note", main.get_by_role("button", name="Save note").click)
    except Exception as error:  # noqa: BLE001 - every failure is counted and reported, none stops the others
        timings.errors.append(f"learner {number}: {type(error).__name__}: {str(error)[:200]}")
    finally:
        await context.close()


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.address",
         "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
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


async def drive(url: str, learners: int) -> Timings:
    timings = Timings()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        await asyncio.gather(*(learner(browser, url, k, timings) for k in range(learners)))
        await browser.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--cooldown", type=float, default=180.0, help="seconds to watch memory after the sessions close")
    parser.add_argument("--port", type=int, default=8599)
    args = parser.parse_args()

    server = start_server(args.port)
    sampler = MemorySampler(server.pid)
    sampler.start()
    time.sleep(2)
    before = rss_mb(server.pid)
    started = time.monotonic()
    timings = asyncio.run(drive(f"http://127.0.0.1:{args.port}", args.learners))
    closed = time.monotonic()
    time.sleep(args.cooldown)
    after = rss_mb(server.pid)
    sampler.stop.set()
    server.terminate()
    log = server.communicate(timeout=30)[1]
    peak = max(mb for t, mb in sampler.samples if started <= t <= closed + 5)

    everything = [s for samples in timings.actions.values() for s in samples]
    print(f"{args.learners} concurrent learners, {len(everything)} timed actions, {len(timings.errors)} errors "
          f"({os.cpu_count()} cores)")
    for error in timings.errors:
        print("  error:", error)
    print(f"  {'action':<26}{'n':>4}{'p50':>8}{'p95':>8}{'max':>8}  (seconds from click to end of rerun)")
    for action, samples in list(timings.actions.items()) + [("ALL non-training actions", everything)]:
        print(f"  {action:<26}{len(samples):>4}{percentile(samples, 50):>8.2f}{percentile(samples, 95):>8.2f}"
              f"{max(samples):>8.2f}")
    if timings.training:
        print(f"  {'Training Lab run (Play to end)':<30}{percentile(timings.training, 50):>6.1f} s p50, "
              f"{max(timings.training):.1f} s max")
    growth = (peak - before) / max(args.learners, 1)
    print(f"  server RSS: {before:.0f} MB before, {peak:.0f} MB at peak ({growth:.1f} MB per learner), "
          f"{after:.0f} MB {args.cooldown:.0f} s after the sessions closed")
    faults = [line for line in log.splitlines() if "Traceback" in line or "Warning" in line]
    print(f"  server log: {len(faults)} tracebacks or warnings")


if __name__ == "__main__":
    main()
