"""A rerun request naming a fragment the session does not know runs the whole page with the same widget changes,
unless a timer sent it; anything else reaches Streamlit unchanged."""

import pytest
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession

from ui.common import unknown_fragments


class Session:
    """The one thing the rule asks of an AppSession: which fragments it knows."""

    def has_fragment(self, fragment_id: str) -> bool:
        return fragment_id == "drawn here"


def a_click(fragment_id: str, *, timer: bool = False) -> ClientState:
    state = ClientState(fragment_id=fragment_id, is_auto_rerun=timer, page_script_hash="walkthrough")
    widget = state.widget_states.widgets.add()
    widget.id, widget.trigger_value = "next-step", True
    return state


@pytest.fixture
def passed_on(monkeypatch) -> list:
    """What the rule hands to Streamlit's own request_rerun."""
    calls = []
    monkeypatch.setattr(unknown_fragments, "_streamlit_request_rerun", lambda session, state: calls.append(state))
    return calls


def test_a_click_in_an_unknown_fragment_reruns_the_whole_page_with_the_click(passed_on):
    click = a_click("gone")
    unknown_fragments._whole_page_when_fragment_unknown(Session(), click)
    (sent,) = passed_on
    assert sent.fragment_id == "" and sent.page_script_hash == "walkthrough"
    assert sent.widget_states == click.widget_states
    assert click.fragment_id == "gone"  # the caller's message is left as it was


@pytest.mark.parametrize(
    "state",
    [a_click("gone", timer=True), a_click("drawn here"), a_click(""), None],
    ids=["timer", "known", "page", "none"],
)
def test_timers_known_fragments_and_whole_page_requests_pass_unchanged(passed_on, state):
    unknown_fragments._whole_page_when_fragment_unknown(Session(), state)
    assert passed_on == [state]


def test_installing_the_rule_twice_leaves_it_installed_once(monkeypatch):
    monkeypatch.setattr(AppSession, "request_rerun", unknown_fragments._streamlit_request_rerun)
    unknown_fragments.rerun_whole_page_for_unknown_fragments()
    unknown_fragments.rerun_whole_page_for_unknown_fragments()
    assert AppSession.request_rerun is unknown_fragments._whole_page_when_fragment_unknown
