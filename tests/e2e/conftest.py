"""Real-browser harness: the app served by Streamlit on a free loopback port, driven by Playwright in Debian's Chromium.

- ``app_url``: session-scoped server, one per pytest-xdist worker (stdout/stderr kept in
  artifacts/streamlit-server-<worker>.log); when the session ends,
  any Traceback or warning (RuntimeWarning, DeprecationWarning, ...) in that log fails the run.
- ``page``: pytest-playwright's page, launched with /usr/bin/chromium and the flags this machine needs.
- ``new_page(browser, **context_args)``: a page in a fresh context (another learner), counting reruns like ``page``.
- ``start_server`` / ``stop_server`` / ``server_faults``: a server of a test's own (a replica lost and replaced).
- ``expect`` waits up to 15 s (see below).

What a learner does in a tab and how a test waits for the page (``wait_for_app``, ``edit_cell``, ...): tests/e2e/tab.py.

Without /usr/bin/chromium the browser tests skip with instructions, except in CI (CI=true), where they fail: CI must
run them (.ci/run installs Chromium first).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench.learner import CHROMIUM_ARGS  # the flags this machine needs, shared with the load tests
from bench.load_test import free_port, loopback_options, wait_until_healthy
from bench.rerun_counter import COUNT_FINISHED_RERUNS
from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
VIEWPORT = {"width": 1400, "height": 1000}

# A widget shows a placeholder until its code has loaded, which happens on its first use in a tab. In a fresh browser
# on a busy 2-core machine the first page's metrics and radios took longer than Playwright's default 5 s to appear.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("CI needs the browser tests but /usr/bin/chromium is missing (.ci/run installs it).")
    skip = pytest.mark.skip(
        reason="Chromium not found at /usr/bin/chromium; install it with "
        "`sudo apt-get install chromium` to run the browser tests."
    )
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(skip)


def start_server(port: int, log, *, as_replica: bool = False) -> subprocess.Popen:
    """`streamlit run app.py` on a loopback ``port``, its output to the open file ``log``, or with ``as_replica`` the
    way the Docker image starts a replica (scripts/serve.py); returns once its health check answers."""
    start = ["-m", "scripts.serve"] if as_replica else ["-m", "streamlit", "run", "app.py"]
    server = subprocess.Popen(
        [sys.executable, *start, *loopback_options(port)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONWARNINGS": "default"},
    )
    try:
        wait_until_healthy(server, port)
    except RuntimeError as error:
        raise RuntimeError(f"{error}; see {log.name}") from None
    return server


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture(scope="session")
def app_url(worker_id):
    """Start `streamlit run app.py` on a free port and wait for its health check; stop it afterwards."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    server_log = ARTIFACTS / f"streamlit-server-{worker_id}.log"  # one server per pytest-xdist worker
    log = server_log.open("w")
    server = start_server(port, log)
    yield f"http://127.0.0.1:{port}"
    stop_server(server)
    log.close()
    faults = server_faults(server_log)
    if faults:
        pytest.fail(
            f"the server logged {len(faults)} fault(s) during the browser tests (see {server_log}): "
            + " | ".join(faults[:5])
        )


def server_faults(server_log: Path) -> list[str]:
    """The lines of a server's log that report a fault: a Traceback or a warning."""
    return [line for line in server_log.read_text().splitlines() if "Traceback" in line or "Warning" in line]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": VIEWPORT}


@pytest.fixture
def context(context):
    """pytest-playwright's context, counting the reruns the server finishes for each of its tabs."""
    context.add_init_script(COUNT_FINISHED_RERUNS)
    return context


def new_page(browser, **context_args):
    """A tab in a fresh browser context: another learner, with a session of their own (``context_args`` for Playwright's
    new_context, e.g. a phone's viewport)."""
    context = browser.new_context(**{"viewport": VIEWPORT, **context_args})
    context.add_init_script(COUNT_FINISHED_RERUNS)
    return context.new_page()
