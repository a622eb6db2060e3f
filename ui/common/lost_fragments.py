"""After a takeover or an expired session, a click in a fragment runs the page instead of doing nothing.

A learner whose replica dies is moved to another (README, "When a replica dies"), whose new session has run no page
yet, so it knows none of the page's fragments (the Walkthrough's batch and step panel, Gradient Flow's sections 1-5
and its gradient check, each section of Why It Works, the Training Lab's live view, the code panels). Streamlit 1.67
drops a rerun request from a widget in a fragment it does not hold (``AppSession.request_rerun``: "The fragment with
id … does not exist anymore"), so the learner's first click there did nothing. ``answer_clicks_in_unknown_fragments``
makes such a request run the whole page: the request carries the widget's new value, so the click is answered, and
the run draws the page's fragments for the next click. ``scripts/serve.py`` installs it before the server starts,
since the click can be the new process's first request. A server started by ``streamlit run`` gets it with its first
page run (``ui.common.shell``), which covers a learner whose session expired on that server (a laptop asleep longer
than ``server.disconnectedSessionTTL``): the tab reconnects to a new session, which holds no fragments either.
"""

from __future__ import annotations

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession


def as_page_run(client_state: ClientState) -> ClientState:
    """The same request (widget values, page, query string) for a run of the whole page."""
    page_run = ClientState()
    page_run.CopyFrom(client_state)
    page_run.ClearField("fragment_id")
    return page_run


def answer_clicks_in_unknown_fragments() -> None:
    """Patch ``AppSession.request_rerun``, once per process (a second call changes nothing): a rerun of a fragment the
    session does not hold runs the page."""
    drops_them = AppSession.request_rerun
    if getattr(drops_them, "answers_unknown_fragments", False):
        return

    def request_rerun(session: AppSession, client_state: ClientState | None) -> None:
        if client_state is not None and client_state.fragment_id and not session.has_fragment(client_state.fragment_id):
            client_state = as_page_run(client_state)
        drops_them(session, client_state)

    request_rerun.answers_unknown_fragments = True
    AppSession.request_rerun = request_rerun
