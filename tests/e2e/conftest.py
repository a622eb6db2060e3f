"""Real-browser harness: the app served by Streamlit on a free loopback port, driven by Playwright in Debian's Chromium.

- ``app_url``: session-scoped server (stdout/stderr kept in artifacts/streamlit-server.log); when the session ends,
  any Traceback or warning (RuntimeWarning, DeprecationWarning, ...) in that log fails the run.
- ``page``: pytest-playwright's page, launched with /usr/bin/chromium and the flags this machine needs.
- ``wait_for_app(page)``: wait until the current rerun has finished, then assert no exception is shown.
- ``expect`` waits up to 15 s (see below).
- ``screenshot(page, name)``: a full-page PNG under artifacts/screenshots/ (git-ignored), to look at.

Without /usr/bin/chromium the browser tests skip with instructions, except in CI (CI=true), where they fail: CI must
run them (.ci/run installs Chromium first).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = ROOT / "artifacts"
SERVER_LOG = ARTIFACTS / "streamlit-server.log"
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url():
    """Start `streamlit run app.py` on a free port and wait for its health check; stop it afterwards."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    log = SERVER_LOG.open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
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
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONWARNINGS": "default"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise RuntimeError(f"Streamlit did not start; see {SERVER_LOG}")
        time.sleep(0.3)
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()
    faults = [line for line in SERVER_LOG.read_text().splitlines() if "Traceback" in line or "Warning" in line]
    if faults:
        pytest.fail(
            f"the server logged {len(faults)} fault(s) during the browser tests (see {SERVER_LOG}): "
            + " | ".join(faults[:5])
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": VIEWPORT}


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait for the running script to finish (Streamlit marks the app 'notRunning'), then check for exceptions."""
    page.wait_for_timeout(200)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout)
    exceptions = page.locator("[data-testid=stException]")
    assert exceptions.count() == 0, exceptions.first.inner_text()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot of the app under artifacts/screenshots/name.png.

    Streamlit scrolls inside its own container, so the viewport is stretched to the content's height first.
    """
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer],"
        " section.main')].map(e => e.scrollHeight), document.body.scrollHeight)"
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(int(height) + 40, 800), 12000)})
    page.wait_for_timeout(300)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)
    return path
