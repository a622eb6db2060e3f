"""Counting, in a browser tab, the reruns the Streamlit server finishes for it: how the load test times an action and
how the browser tests wait for the rerun an action started, without fixed sleeps.

``COUNT_FINISHED_RERUNS`` is an init script (``context.add_init_script``): it counts the server's "script finished"
messages in the tab's sessionStorage, so the count goes on across page loads. A run that ends early for a rerun
(``st.rerun()``, or a newer widget change interrupting it) is not counted: the page is idle for a moment between it
and the run that follows, and only a completed run clears the previous run's stale elements. ``FINISHED_SO_FAR``
reads it. For the browser benchmark it also stamps, in ``window.batchNormLabTimes`` (``performance.now()``
milliseconds of this page load), every message the tab sends (``sent``), every "script finished" it receives
(``finished``) and the second animation frame after each of those (``painted``: the browser has drawn what the rerun
sent). ``PAGE_DRAWN`` is true once the page is idle with every element drawn and, after a page load, the browser's
saved learner record read (the browser tests wait for it after every action, the benchmark times it after a load).
"""

from __future__ import annotations

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"  # the page marks itself idle after a rerun
PLACEHOLDER = "[data-testid=stSkeleton]"  # an element whose code the tab is still loading
# The sidebar's storage line (ui.common.record.storage.status) until the browser's saved record has reached the session.
LOOKING_FOR_RECORD = "Looking for your progress saved in this browser"
RECORD_READ = f"""(() => {{
  const sidebar = document.querySelector("[data-testid=stSidebar]");
  return sidebar === null || !sidebar.textContent.includes("{LOOKING_FOR_RECORD}");
}})()"""
# The page is idle, every element drawn (none a placeholder) and, after a page load, the saved record read.
PAGE_DRAWN = f"""() => document.querySelector('{IDLE}') !== null && {RECORD_READ}
  && document.querySelector('{PLACEHOLDER}') === null"""
SCRIPT_FINISHED_FIELD = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].number
FINISHED_KEY = "batchNormLab.finishedReruns"  # the tab's sessionStorage entry holding its count
COUNT_FINISHED_RERUNS = (
    """(() => {
  // Count the 'script finished' messages the server sends this tab, in sessionStorage so that the count goes on
  // across page loads. Only the outer fields of each message are read, and only of short messages: a finished
  // message is a few bytes, a chart is kilobytes.
  const KEY = "FINISHED_KEY";
  const EARLY_FOR_RERUN = EARLY_STATUS;  // a run cut short by st.rerun() or a newer rerun: the next run finishes it
  const isScriptFinished = (data) => {
    if (!(data instanceof ArrayBuffer) || data.byteLength > 512) return false;
    const bytes = new Uint8Array(data);
    let at = 0;
    const varint = () => { let value = 0, shift = 0, byte;
      do { byte = bytes[at++]; value += (byte & 127) * 2 ** shift; shift += 7; }
      while (byte & 128 && at < bytes.length);
      return value; };
    while (at < bytes.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag % 8;
      if (field === FIELD) return varint() !== EARLY_FOR_RERUN;
      if (wire === 2) { const length = varint(); at += length; } else if (wire === 0) varint();
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4; else return false;
    }
    return false;
  };
  const times = (window.batchNormLabTimes = { sent: [], finished: [], painted: [] });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (isScriptFinished(event.data)) {
          sessionStorage.setItem(KEY, String(Number(sessionStorage.getItem(KEY) || 0) + 1));
          times.finished.push(performance.now());
          requestAnimationFrame(() => requestAnimationFrame(() => times.painted.push(performance.now())));
        }
      });
    }
    send(data) {
      times.sent.push(performance.now());
      return super.send(data);
    }
  };
})();""".replace("FINISHED_KEY", FINISHED_KEY)
    .replace("FIELD", str(SCRIPT_FINISHED_FIELD))
    .replace("EARLY_STATUS", str(ForwardMsg.FINISHED_EARLY_FOR_RERUN))
)
FINISHED_SO_FAR = """() => {  // 0 before the first page (about:blank has no sessionStorage)
  try { return Number(sessionStorage.getItem("FINISHED_KEY") || 0); } catch { return 0; }
}""".replace("FINISHED_KEY", FINISHED_KEY)
