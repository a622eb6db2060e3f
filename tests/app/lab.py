"""The Training Lab page in AppTest: open it (from a link's query, or through a harness that plays the epoch view's
trigger, since AppTest runs no JavaScript), play it, and read what it shows."""

import json

from streamlit.testing.v1 import AppTest

from tests.app.drawn_charts import sent_charts
from tests.conftest import ROOT
from ui.training_lab.charts import COMPONENT as CURVES

PAGE = str(ROOT / "pages" / "3_Training_Lab.py")
TINY = {"depth": "2", "width": "16", "epochs": "3"}


# The page run after the epoch view's "epoch" trigger fired with the value in "test.epoch" (AppTest runs no JavaScript).
HARNESS = f"""
import runpy

import streamlit as st

from ui.training_lab.views import receive_epoch

if "test.epoch" in st.session_state:
    receive_epoch(st.session_state.pop("test.epoch"), st.session_state.get("lab.revealed") or 0)
runpy.run_path({PAGE!r})
"""


def open_lab(query: dict | None = None, *, harness: bool = False) -> AppTest:
    at = AppTest.from_string(HARNESS, default_timeout=60) if harness else AppTest.from_file(PAGE, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def counters(at: AppTest) -> dict[str, str]:
    return {
        m.value.split("**")[1]: m.value.split(" · ", 1)[1]
        for m in at.markdown
        if m.value.startswith(("**With BN** · ", "**Without BN** · "))
    }


def playing(at: AppTest) -> bool:
    return any(b.key == "lab.pause" for b in at.button)


def run_until_paused(at: AppTest, limit: int = 200) -> AppTest:
    for _ in range(limit):
        if not playing(at):
            return at
        at.run()  # one tick per rerun
    raise AssertionError("the run did not stop")


def play_to_the_end(at: AppTest) -> AppTest:
    at.button(key="lab.play").click().run()
    return run_until_paused(at)


def let_go_at(at: AppTest, epoch, seq=1) -> None:
    """The learner lets go of the epoch view's slider at ``epoch`` (its ``seq``-th pick): its trigger, then the rerun
    it starts."""
    at.session_state["test.epoch"] = {"epoch": epoch, "seq": seq}
    at.run()


def epoch_view(at: AppTest) -> dict:
    """The data the epoch view (slider, narrative, histograms, table) was last sent."""
    (view,) = [e.proto.json for e in at.get("bidi_component") if e.proto.component_name == "batch_norm_lab_epoch_view"]
    return json.loads(view)


def shown_frame(at: AppTest) -> dict:
    view = epoch_view(at)
    return view["frames"][str(view["shown"])]


def curves(at: AppTest) -> list[dict]:
    """The data the live curves (training loss, test accuracy) were last sent."""
    return sent_charts(at, CURVES)


def chart_specs(at: AppTest) -> list[str]:
    return [chart.proto.spec for chart in at.get("plotly_chart")]


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(spec)["layout"]["title"]["text"] for spec in chart_specs(at)]
