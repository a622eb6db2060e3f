"""A learner whose replica is lost and who is moved to another goes on clicking: the first click on the Walkthrough's
step panel, an st.fragment the new replica has not run yet, runs the page there (ui.common.unknown_fragments; before,
Streamlit dropped it and the page did nothing), the learner record comes back from the browser with the step they
were at (before, the new session's first run put them back at step 0), and the next click steps on."""

from playwright.sync_api import expect

from bench.failover import RECORD_SOCKET_OPENS
from tests.e2e.conftest import ARTIFACTS, free_port, start_server, stop_server, wait_for_app

SOCKET_OPENS = "() => window.__batchNormLabSocketOpens.length"


def test_after_a_takeover_the_first_click_runs_the_page_and_the_next_one_steps(context, worker_id):
    context.add_init_script(RECORD_SOCKET_OPENS)
    page = context.new_page()
    port = free_port()
    with (ARTIFACTS / f"streamlit-server-{worker_id}-replaced.log").open("w") as log:
        server = start_server(port, log, as_replica=True)
        try:
            page.goto(f"http://127.0.0.1:{port}/Walkthrough")
            wait_for_app(page)
            page.get_by_text("Predict first").click()  # the last run is the whole page's: no rerun on reconnecting
            wait_for_app(page)
            for _ in range(2):
                page.get_by_role("button", name="Next ▶").click()
                wait_for_app(page)
            expect(page.get_by_text("Step 2 of 5")).to_be_visible()
            opened = page.evaluate(SOCKET_OPENS)
            server.kill()  # the replica is lost at once
            server.wait()
            server = start_server(port, log, as_replica=True)  # the replica the balancer moves the learner to
            page.wait_for_function(f"() => ({SOCKET_OPENS})() > {opened}", timeout=30_000)
            next_step = page.get_by_role("button", name="Next ▶")
            next_step.click()  # a new session knows no widget yet, so Streamlit runs no callback for this click
            wait_for_app(page)  # ... but the page runs: before, nothing ran until a click outside the step panel
            expect(page.get_by_role("switch", name="Predict first")).not_to_be_checked()  # the record is back ...
            expect(page.get_by_text("Step 2 of 5")).to_be_visible()  # ... with the step
            next_step.click()
            wait_for_app(page)
            expect(page.get_by_text("Step 3 of 5")).to_be_visible()
        finally:
            stop_server(server)
