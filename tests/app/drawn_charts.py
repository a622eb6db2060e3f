"""What an AppTest page sent to a chart it draws itself (an inline component such as ui.walkthrough.charts)."""

import json

from streamlit.testing.v1 import AppTest


def sent_charts(at: AppTest, component: str, kind: str | None = None) -> list[dict]:
    """The data each chart drawn by ``component`` (of ``kind``, if its charts have kinds) was last sent, in page
    order."""
    sent = [json.loads(e.proto.json) for e in at.get("bidi_component") if e.proto.component_name == component]
    return [data for data in sent if kind is None or data["kind"] == kind]
