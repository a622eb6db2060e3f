"""Load test: many learners at once on one server, driven by Playwright (one Chromium, one context per learner).

Every learner does the same fixed script (bench/learner.py): the walkthrough, a Training Lab run, three quiz questions
and a note, pausing before each action as a person reading the screen would (``--think``, 2 s on average), each action
timed from the click to the end of the rerun it caused. The server logs how long each rerun took on its side
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
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from playwright.async_api import async_playwright

from bench.learner import ARRIVAL, CHROMIUM_ARGS, TRAINING_ACTIONS, Timings, learner, warm_up

ROOT = Path(__file__).resolve().parents[1]


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


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def loopback_options(port: int) -> list[str]:
    """Streamlit's options for a server on 127.0.0.1:``port`` that opens no browser, watches no file and sends no
    usage statistics."""
    return [
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
    ]


def wait_until_healthy(server: subprocess.Popen, port: int, timeout: float = 60.0) -> None:
    """Return once ``server`` answers its health check on ``port``; kill it and raise RuntimeError if it ends first or
    ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while server.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError(f"the server on port {port} did not start")


def start_server(port: int, rerun_log: Path, *, warm: bool = False) -> subprocess.Popen:
    """The instrumented server on ``port``, its reruns logged to ``rerun_log``; with ``warm`` started as the Docker
    image starts a replica (the Training Lab's default runs trained first, scripts/serve.py)."""
    start = ["--warm"] if warm else ["run", "app.py"]
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.instrumented_server", str(rerun_log), *start, *loopback_options(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_until_healthy(server, port)
    return server


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


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
