"""The load test (bench/load_test.py) times every action by counting, in the page, the 'script finished' messages
the server sends. Check that the count is exact: completed reruns counted, runs cut short for a rerun and other
messages not, and kept across reloads."""

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.rerun_counter import COUNT_FINISHED_RERUNS, FINISHED_SO_FAR
from tests.e2e.conftest import VIEWPORT
from tests.e2e.tab import wait_for_app

DISPATCH = """bytes => new WebSocket("ws://127.0.0.1:9").dispatchEvent(
  new MessageEvent("message", {data: new Uint8Array(bytes).buffer}))"""


def message(**fields) -> list[int]:
    """A ForwardMsg as the list of its bytes, e.g. message(script_finished=0)."""
    msg = ForwardMsg(hash="a1b2c3")
    msg.metadata.delta_path.extend([0, 4])
    for name, value in fields.items():
        setattr(msg, name, value)
    return list(msg.SerializeToString())


def test_the_page_counts_each_finished_rerun_once_and_nothing_else(browser, app_url):
    page = browser.new_context(viewport=VIEWPORT).new_page()
    page.context.add_init_script(COUNT_FINISHED_RERUNS)
    assert page.evaluate(FINISHED_SO_FAR) == 0  # about:blank: nothing yet, and no error
    page.goto(f"{app_url}/_stcore/health")  # the app's origin, without the app: only our messages arrive
    for length in range(1, 200, 3):  # small deltas of many shapes: each field skipped whole, none misread as a tag
        delta = ForwardMsg(hash=f"h{length}")
        delta.metadata.delta_path.extend([0, length % 7])
        delta.delta.new_element.markdown.body = "".join(chr(48 + (k * length) % 60) for k in range(length))
        page.evaluate(DISPATCH, list(delta.SerializeToString()))
    page.evaluate(DISPATCH, message(script_finished=ForwardMsg.FINISHED_SUCCESSFULLY))
    page.evaluate(DISPATCH, message(script_finished=ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY))
    page.evaluate(DISPATCH, message(script_finished=ForwardMsg.FINISHED_EARLY_FOR_RERUN))  # st.rerun(): not yet done
    chart = ForwardMsg()
    chart.delta.new_element.plotly_chart.spec = "{" + "0" * 2000 + "}"
    page.evaluate(DISPATCH, list(chart.SerializeToString()))
    assert page.evaluate(FINISHED_SO_FAR) == 2

    page.goto(f"{app_url}/Quiz")
    wait_for_app(page)
    assert page.evaluate(FINISHED_SO_FAR) >= 3  # the app's own runs, counted on from before the page load
    page.context.close()
