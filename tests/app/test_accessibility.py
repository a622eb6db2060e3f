"""Accessibility rules AppTest can check on every page: every chart is followed by a one-line caption saying what to
look for, and every input widget has a visible label."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui.family.charts import COMPONENT as FAMILY_BLOCK
from ui.gradient_flow.charts import COMPONENT as GRADIENT_FLOW_CHART
from ui.practice.keys import PracticeKeys
from ui.practice.runs import practice_loops
from ui.training_lab.charts import COMPONENT as TRAINING_CURVES
from ui.walkthrough.charts import COMPONENT as WALKTHROUGH_CHART
from ui.why.charts import COMPONENT as WHY_CHART

PAGES = ["app.py"] + [f"pages/{p.name}" for p in sorted((ROOT / "pages").glob("*.py"))]
INPUT_TYPES = (
    "slider",
    "select_slider",
    "selectbox",
    "radio",
    "number_input",
    "text_input",
    "text_area",
    "checkbox",
    "multiselect",
    "toggle",
)
# Inline components, one chart each.
DRAWN_CHARTS = {
    WALKTHROUGH_CHART,
    GRADIENT_FLOW_CHART,
    TRAINING_CURVES,
    WHY_CHART,
    FAMILY_BLOCK,
}


def children(block):
    return list(block.children.values()) if hasattr(block, "children") else []


def is_chart(node) -> bool:
    """A Plotly chart, or a chart the page draws itself (an inline component; the epoch view captions its own)."""
    kind = getattr(node, "type", None)
    return kind == "plotly_chart" or (kind == "bidi_component" and node.proto.component_name in DRAWN_CHARTS)


def charts_without_caption(block, path=()) -> list[str]:
    """Every chart whose next sibling in its container is not a caption."""
    missing = []
    items = children(block)
    for index, node in enumerate(items):
        if is_chart(node):
            following = items[index + 1] if index + 1 < len(items) else None
            if getattr(following, "type", None) != "caption":
                missing.append(" > ".join(path) or "main")
        missing += charts_without_caption(node, path + (str(getattr(node, "type", "block")),))
    return missing


def page_states():
    """Each page as it opens, plus the states that draw more charts: a finished lab run with its sweeps, and every
    practice loop revealed."""
    for page in PAGES:
        yield page, None
    yield "pages/3_Training_Lab.py", "played"
    for loop_id in practice_loops():
        yield "pages/6_Practice.py", f"revealed {loop_id}"


def open_page(page: str, state: str | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(page).run()
    if state == "played":
        for key, value in {"depth": "2", "width": "16", "epochs": "2"}.items():
            at.query_params[key] = value
        at.switch_page(page).run()
        at.button(key="lab.play").click().run()
        while any(b.key == "lab.pause" for b in at.button):
            at.run()
        at.radio(key="lab.lr_sweep_base").set_value("yours")  # the tiny run's sweep, not the 4-layer network's
        for name in ("lr_sweep", "init_sweep", "paper"):
            at.button(key=f"lab.{name}").click().run()
    if state and state.startswith("revealed"):
        loop_id = state.split()[1]
        at.session_state[PracticeKeys.CURRENT] = loop_id
        at.run()
        at.radio(key=PracticeKeys.widget("choice", loop_id)).set_value(practice_loops()[loop_id].choices[0].id)
        at.radio(key=PracticeKeys.widget("confidence", loop_id)).set_value(3)
        at.run()
        at.button(key=PracticeKeys.widget("commit", loop_id)).click().run()
        at.button(key=PracticeKeys.widget("reveal", loop_id)).click().run()
        assert at.get("plotly_chart"), "the reveal draws its experiment's chart"
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("page, state", list(page_states()), ids=[f"{p}-{s}" for p, s in page_states()])
def test_every_chart_has_a_caption(page, state):
    at = open_page(page, state)
    assert not charts_without_caption(at.main), charts_without_caption(at.main)


@pytest.mark.parametrize("page", PAGES)
def test_every_input_has_a_label(page):
    at = open_page(page, None)
    for kind in INPUT_TYPES:
        for widget in getattr(at, kind, []):
            assert widget.label and widget.label.strip(), (kind, widget.key)
