"""When the tab's websocket opens again, the page runs once: a new session then answers clicks in its fragments.

A tab can come back to a session that has run no page: after a takeover, on the replica the balancer moved it to
(README, "When a replica dies"); after its session expired on a running server (a laptop asleep longer than
``server.disconnectedSessionTTL``); after a ``streamlit run`` server was started again under it (a redeploy on
Community Cloud). The tab still shows the page, but Streamlit 1.67 drops a click in any of the page's fragments
(the Walkthrough's batch and step panel, Gradient Flow's sections 1-5, each section of Why It Works, the Training
Lab's live view, the code panels) with "The fragment with id … does not exist anymore", since the new session holds
none of them; on Gradient Flow three batch-size steps in a row did nothing. A tiny inline component (Streamlit
components v2) in the sidebar of every page watches the tab's websockets: when Streamlit opens a new one (a
reconnection; the first is opened before any page code runs) it sends a trigger, and the page runs in the session it
reached. That run draws the page's fragments and reads the learner record back, so the next click is answered. A
reconnection to a session the server kept costs one page run. The component sends nothing else and draws nothing.
"""

from __future__ import annotations

import streamlit as st

from ui.common.keys import AppKeys

RECONNECTION_JS = """
let send = null;  // the latest mount's trigger: the module lives as long as the tab, a mount as long as its page

export default function ({ setTriggerValue }) {
  const watching = send !== null;
  send = setTriggerValue;
  if (watching) return;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      if (!String(args[0]).endsWith("/_stcore/stream")) return;
      // after Streamlit's own handler has marked the connection open, so that the rerun request is sent
      this.addEventListener("open", () => window.setTimeout(() => send("reopened", Date.now()), 0));
    }
  };
}
"""

_watch_reconnections = st.components.v2.component("batch_norm_lab_reconnection", js=RECONNECTION_JS)


def run_the_page_on_reconnection() -> None:
    """Mount the component (in the sidebar, outside every fragment, so that its trigger runs the whole page)."""
    _watch_reconnections(key=AppKeys.RECONNECTION)
