"""A class on several replicas: N app processes on this machine behind Debian's nginx with the affinity rules of
deploy/compose.yaml (bench/balancer.py), the load test's learners through the balancer, then one replica lost.

1. Load: 2 x N x 10 learners (``--learners-per-replica``, default 20) run bench/learner.py's script through the
   balancer, arriving 3 s apart, after a warm-up visit of every page on every replica. Reported per replica: the
   learners and websocket sessions it held (from nginx's access log), the server's time per rerun (its p95), its RSS
   (after the warm-up, at the peak, after ``--cooldown`` s), tracebacks in its log; and the learners' errors.
2. A replica lost: ``--failover-learners-per-replica`` x N learners write a note and step into the walkthrough; the
   replica holding most of them is killed; what they see and what comes back is reported (bench/failover.py).

Every replica starts as the Docker image starts one (scripts/serve.py: the Training Lab's default runs trained
first), through bench/instrumented_server.py, which logs the server's time per rerun. Learners' browsers run at the
lowest CPU priority, as in the load test (``--same-priority`` turns this off).

Needs root once, to install Debian's nginx when it is missing (``apt-get install -y nginx``); it says so and stops
if it cannot. Not part of ``make bench``; run it by hand (about 20 minutes with N = 2 on 2 busy cores):

    .venv/bin/python -m bench.replicas --replicas 2
    .venv/bin/python -m bench.replicas --replicas 2 --learners-per-replica 2 --cooldown 5   # a quick look
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from playwright.async_api import async_playwright

from bench.balancer import Balancer, NginxUnavailable, ensure_nginx
from bench.failover import lose_a_replica, report
from bench.learner import CHROMIUM_ARGS, Timings, learner, warm_up
from bench.load_test import MemorySampler, free_port, loopback_options, percentile, rss_mb, wait_until_healthy

ROOT = Path(__file__).resolve().parents[1]
WARM_START_TIMEOUT = 600  # seconds for a replica to train its warm runs and answer, on a busy machine


class Replica:
    """One app process on 127.0.0.1:``port``, started warm, logging its reruns' server time to ``folder``."""

    def __init__(self, folder: Path, port: int):
        self.port, self.address = port, f"127.0.0.1:{port}"
        self.rerun_log, self.output = folder / f"reruns-{port}.log", folder / f"server-{port}.log"
        self.rerun_log.touch()
        with open(self.output, "w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bench.instrumented_server", str(self.rerun_log), "--warm"]
                + loopback_options(port),
                cwd=ROOT,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self.sampler = MemorySampler(self.process.pid)

    def wait_until_healthy(self) -> None:
        try:
            wait_until_healthy(self.process, self.port, WARM_START_TIMEOUT)
        except RuntimeError as error:
            raise RuntimeError(f"{error}: {self.output.read_text()[-500:]}") from None
        self.sampler.start()

    def rerun_seconds(self) -> list[float]:
        return [float(line.split()[0]) for line in self.rerun_log.read_text().splitlines()]

    def faults(self) -> int:
        """Tracebacks and warnings in the server's output."""
        return sum(1 for line in self.output.read_text().splitlines() if "Traceback" in line or "Warning" in line)

    def kill(self) -> float:
        """SIGKILL, as a crash would; returns the time it happened."""
        self.process.send_signal(signal.SIGKILL)
        return time.time()

    def stop(self) -> None:
        self.sampler.stop.set()
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def load_report(replicas: list[Replica], balancer: Balancer, timings: Timings, log_start: int, marks: dict) -> list:
    """Lines for phase 1: the learners' errors, then one line per replica."""
    lines = balancer.log_lines()[log_start:]
    websockets = Counter(line.upstream for line in lines if line.is_websocket)
    cookies = [line for line in lines if "." not in line.affinity]  # a learner's key, not a cookie-less address
    learners = Counter()
    for upstream, _ in {(line.upstream, line.affinity) for line in cookies}:
        learners[upstream] += 1
    actions = sum(map(len, timings.actions.values()))
    out = [f"  learners' errors: {len(timings.errors)} in {actions} timed actions"]
    out += [f"    error: {error}" for error in timings.errors]
    out.append(f"  nginx error-log lines (error or worse): {balancer.error_count()}")
    out.append(
        f"  {'replica':<17}{'learners':>9}{'sessions':>9}{'reruns':>7}{'p50':>7}{'p95':>7}{'max':>7}"
        f"{'RSS before':>11}{'peak':>6}{'after':>6}{'faults':>7}   (server s per rerun; MB)"
    )
    for replica in replicas:
        seconds = replica.rerun_seconds()[marks["reruns"][replica.address] :] or [float("nan")]
        samples = [mb for t, mb in replica.sampler.samples if marks["warm"] <= t <= marks["closed"] + 5]
        out.append(
            f"  {replica.address:<17}{learners[replica.address]:>9}{websockets[replica.address]:>9}"
            f"{len(seconds):>7}{percentile(seconds, 50):>7.2f}{percentile(seconds, 95):>7.2f}{max(seconds):>7.2f}"
            f"{marks['rss_before'][replica.address]:>11.0f}{max(samples):>6.0f}"
            f"{marks['rss_after'][replica.address]:>6.0f}{replica.faults():>7}"
        )
    return out


async def load(args, replicas: list[Replica], balancer: Balancer, browser, url: str) -> list[str]:
    """Phase 1: the load test's learners through the balancer; its report lines."""
    learners = args.learners_per_replica * len(replicas)
    timings = Timings(think_seconds=args.think)
    marks: dict = {"reruns": {}, "rss_before": {}, "rss_after": {}}
    await asyncio.sleep(2)
    log_start = len(balancer.log_lines())
    for replica in replicas:
        marks["reruns"][replica.address] = len(replica.rerun_seconds())
        marks["rss_before"][replica.address] = rss_mb(replica.process.pid)
    marks["warm"] = time.monotonic()
    started = time.monotonic()
    await asyncio.gather(*(learner(browser, url, number, timings) for number in range(learners)))
    marks["closed"] = time.monotonic()
    await asyncio.sleep(args.cooldown)
    marks["rss_after"] = {replica.address: rss_mb(replica.process.pid) for replica in replicas}
    out = [
        f"1. Load: {learners} learners through the balancer onto {len(replicas)} replicas "
        f"({time.monotonic() - started:.0f} s; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f})"
    ]
    out += load_report(replicas, balancer, timings, log_start, marks)
    everything = [s for samples in timings.actions.values() for s in samples]
    out.append(
        f"  in the learners' starved tabs, click -> rerun ended, every action: "
        f"p50 {percentile(everything, 50):.1f} s, p95 {percentile(everything, 95):.1f} s; "
        f"Training Lab Play to the end p50 "
        f"{percentile(timings.training, 50) if timings.training else float('nan'):.0f} s"
    )
    return out


async def run(args, replicas: list[Replica], balancer: Balancer) -> list[str]:
    url = f"http://127.0.0.1:{balancer.port}"
    out = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for replica in replicas:  # straight to each replica: the one-time imports are no learner's cost
            await warm_up(browser, f"http://{replica.address}")
        if not args.failover_only:
            out += await load(args, replicas, balancer, browser, url)
        by_address = {replica.address: replica for replica in replicas}
        stories, victim = await lose_a_replica(
            browser,
            url,
            balancer,
            args.failover_learners_per_replica * len(replicas),
            stagger=2.0,
            kill=lambda address: by_address[address].kill(),
        )
        out.append("2. A replica lost in the middle of the learners' work")
        out += report(stories, victim)
        await browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="app processes (N)")
    parser.add_argument("--learners-per-replica", type=int, default=20, help="2 x 10: the issue's 2 x N x 10")
    parser.add_argument("--failover-learners-per-replica", type=int, default=3)
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds a learner pauses before each action")
    parser.add_argument("--cooldown", type=float, default=30.0, help="seconds before the RSS after the load")
    parser.add_argument("--failover-only", action="store_true", help="skip the load, only lose a replica")
    parser.add_argument("--same-priority", action="store_true", help="browsers at the servers' CPU priority")
    args = parser.parse_args()
    try:
        ensure_nginx()
    except NginxUnavailable as error:
        sys.exit(f"bench.replicas cannot run: {error}")

    folder = Path(tempfile.mkdtemp(prefix="bench-replicas-"))
    replicas = [Replica(folder, free_port()) for _ in range(args.replicas)]
    balancer = Balancer(free_port(), [replica.port for replica in replicas])
    try:
        start = time.monotonic()
        for replica in replicas:
            replica.wait_until_healthy()
        print(
            f"{len(replicas)} replicas warm and healthy after {time.monotonic() - start:.0f} s; logs in {folder} "
            f"and {balancer.folder}",
            flush=True,
        )
        balancer.start()
        if not args.same_priority:  # as in bench/load_test.py: the browsers get only the CPU the servers leave
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        lines = asyncio.run(run(args, replicas, balancer))
    finally:
        balancer.stop()
        for replica in replicas:
            replica.stop()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
