"""A request from an st.fragment the server does not know runs the whole page instead of being dropped.

The browser sends a widget's change together with the id of the st.fragment the widget was drawn in (one id for a
batch of changes made in the same moment), and Streamlit 1.67 drops the whole request, a click with it, when the
session knows no fragment of that id (``AppSession.request_rerun``: "The fragment with id ... does not exist
anymore"). Learners met that after a reconnection to another replica, which had not run the page's fragments yet: in
earlier failover benchmarks the Walkthrough's step panel ignored their first click. It can also happen when the
change of an element drawn in a fragment of the page just left travels in the same batch as a click on the new page.
Such a request now reruns the whole page with the changes it carries, as any click outside a fragment does (on a new
session Streamlit still runs no callback for a widget it has not drawn, so that click itself does not step). A
timer's rerun (``run_every``) of a fragment that is gone is still dropped: running the whole page for it would repeat
at every tick.
"""

from __future__ import annotations

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession

_streamlit_request_rerun = AppSession.request_rerun


def _whole_page_when_fragment_unknown(self: AppSession, client_state: ClientState | None) -> None:
    if (
        client_state is not None
        and client_state.fragment_id
        and not client_state.is_auto_rerun
        and not self.has_fragment(client_state.fragment_id)
    ):
        whole_page = ClientState()
        whole_page.CopyFrom(client_state)
        whole_page.ClearField("fragment_id")
        client_state = whole_page
    _streamlit_request_rerun(self, client_state)


def rerun_whole_page_for_unknown_fragments() -> None:
    """Install the rule above in this server process (idempotent; every page calls it through ``setup_page``)."""
    AppSession.request_rerun = _whole_page_when_fragment_unknown
