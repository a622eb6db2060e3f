"""A learner whose replica is lost and who is moved to another comes back where they were: the learner record comes
back from the browser with the Walkthrough's step (before, the new session's own first run put them back at step 0).
And their first click may be in a fragment of a session that has run no page, after a takeover, after their session
expired on its server, or after the server was started again, which Streamlit alone would drop: it is answered
(ui.common.reconnection; README, "When a replica dies")."""

import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

import pytest
from playwright.sync_api import expect

from bench.failover_tab import RECORD_SOCKET_OPENS
from bench.load_test import free_port
from tests.e2e.conftest import ARTIFACTS, server_faults, start_server, stop_server
from tests.e2e.tab import open_from_sidebar, wait_for_app

SOCKET_OPENS = "() => window.__batchNormLabSocketOpens.length"


@dataclass
class OwnServer:
    """A test's own app server: its port, its log, and the process serving now (a takeover replaces it)."""

    port: int
    log: TextIO
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def own_server(worker_id: str, name: str, *, as_replica: bool = False) -> Iterator[OwnServer]:
    """A server of the test's own on a free port (with ``as_replica``, started the way the Docker image starts one),
    logging to ARTIFACTS/streamlit-server-<worker>-<name>.log; stopped at the end, when its log must hold no fault."""
    port = free_port()
    server_log = ARTIFACTS / f"streamlit-server-{worker_id}-{name}.log"
    with server_log.open("w") as log:
        server = OwnServer(port, log, start_server(port, log, as_replica=as_replica))
        try:
            yield server
        finally:
            stop_server(server.process)
    assert server_faults(server_log) == []


def server_replaced(page, server: OwnServer, *, as_replica: bool) -> None:
    """Kill the tab's server at once and start another on its port: with ``as_replica``, the replica the balancer moves
    the tab to (started as the Docker image starts one), else the app started again by `streamlit run` (a redeploy on
    Community Cloud); returns once the tab is on it."""
    opened = page.evaluate(SOCKET_OPENS)
    server.process.kill()
    server.process.wait()
    server.process = start_server(server.port, server.log, as_replica=as_replica)
    page.wait_for_function(f"() => ({SOCKET_OPENS})() > {opened}", timeout=30_000)


def test_after_a_takeover_the_walkthrough_comes_back_at_its_step(context, worker_id):
    context.add_init_script(RECORD_SOCKET_OPENS)
    page = context.new_page()
    next_step = page.get_by_role("button", name="Next ▶")
    with own_server(worker_id, "replaced", as_replica=True) as server:
        page.goto(f"{server.url}/Walkthrough")
        wait_for_app(page)
        page.get_by_text("Predict first").click()
        wait_for_app(page)
        for _ in range(2):
            next_step.click()
            wait_for_app(page)
        expect(page.get_by_text("Step 2 of 5")).to_be_visible()
        server_replaced(page, server, as_replica=True)
        open_from_sidebar(page, "Walkthrough")
        expect(page.get_by_role("switch", name="Predict first")).not_to_be_checked()  # the record is back ...
        expect(page.get_by_text("Step 2 of 5")).to_be_visible()  # ... with the step
        next_step.click()
        wait_for_app(page)
        expect(page.get_by_text("Step 3 of 5")).to_be_visible()


def open_gradient_flow(page, server: OwnServer):
    """Gradient Flow from ``server``; its batch's grid (a header, m rows and an empty row), m = 8."""
    rows = page.get_by_test_id("stDataFrame").first.locator("[role=grid]")
    page.goto(f"{server.url}/Gradient_Flow")
    wait_for_app(page)
    expect(rows).to_have_attribute("aria-rowcount", "10")
    return rows


def step_the_batch_size(page, rows) -> None:
    """One step of the batch size, Gradient Flow's batch a fragment: answered, the batch gets its new row. The step is
    taken once the slider takes input: Streamlit disables every widget until the tab's new websocket is connected, and
    a key pressed before then changed nothing (seen once in a fresh clone's run: the slider stayed at 8)."""
    slider = page.get_by_role("slider", name="Batch size m")
    expect(slider).to_be_enabled()
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(rows).to_have_attribute("aria-rowcount", "11", timeout=30_000)  # a new process's first page run: imports


@pytest.mark.parametrize("as_replica", [True, False], ids=["takeover", "restart"])
def test_a_first_click_in_a_fragment_on_a_new_server_is_answered(context, worker_id, as_replica):
    """The tab's server is replaced under it: by the replica the balancer moves it to (a takeover), or by the app
    started again by `streamlit run` (a redeploy on Community Cloud). The new process has run no page, and a batch-size
    step on Gradient Flow is the learner's first action there."""
    context.add_init_script(RECORD_SOCKET_OPENS)
    page = context.new_page()
    with own_server(worker_id, "replaced-in-a-fragment" if as_replica else "restarted") as server:
        rows = open_gradient_flow(page, server)
        server_replaced(page, server, as_replica=as_replica)
        step_the_batch_size(page, rows)


def session_events(server: OwnServer) -> dict[str, int]:
    """How many times the server's websocket sessions were connected (new), reconnected (to a session the server
    still held) and disconnected, from its metrics endpoint (/_stcore/metrics)."""
    with urllib.request.urlopen(f"{server.url}/_stcore/metrics?families=session_events", timeout=10) as response:
        metrics = response.read().decode()
    return {kind: int(count) for kind, count in re.findall(r'session_events_total\{type="(\w+)"\} (\d+)', metrics)}


def until(page, condition, failure: str) -> None:
    """Poll ``condition`` every 0.1 s for up to 30 s, Playwright answering the tab's websocket routes meanwhile."""
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, failure
        page.wait_for_timeout(100)


def test_after_the_session_expired_a_first_click_in_a_fragment_is_answered(context, worker_id, monkeypatch):
    """The tab's websocket is cut, and the server keeps no disconnected session (a time to live of 0 s; 120 s by
    default, as a laptop left asleep outlasts): the tab reconnects to a new session on the same server, and a
    batch-size step on Gradient Flow is the learner's first action there."""
    monkeypatch.setenv("STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL", "0")
    page = context.new_page()
    sockets = {"cut": False, "open": [], "opened": 0}

    def pass_through_unless_cut(socket) -> None:
        if sockets["cut"]:
            socket.close()
            return
        sockets["opened"] += 1
        sockets["open"].append((socket, socket.connect_to_server()))

    page.route_web_socket(re.compile(r"/_stcore/stream$"), pass_through_unless_cut)
    with own_server(worker_id, "expired-session") as server:
        rows = open_gradient_flow(page, server)
        sockets["cut"] = True
        for socket, to_server in sockets["open"]:
            to_server.close()
            socket.close()
        until(page, lambda: session_events(server)["disconnect"] == 1, "the server did not see the tab go")
        opened, sockets["cut"] = sockets["opened"], False
        until(page, lambda: sockets["opened"] > opened, "the tab did not reconnect")
        step_the_batch_size(page, rows)
        assert session_events(server) == {"connect": 2, "reconnect": 0, "disconnect": 1}  # a new session answered
