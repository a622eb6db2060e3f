"""What changes on a narrow screen (a phone: at most 640 px, where Streamlit stacks columns), as CSS.

On every page Plotly's toolbar is hidden there: it appears over the top of a chart when the chart is touched and
covers its title (pinching still zooms, and Streamlit's full-screen button stays). A table's toolbar (search,
download, full screen, add row), which a touch screen shows all the time in a band just above the table, gets that
band to itself: it covered the end of the line above (a radio button's label on Gradient Flow). Pages add rules of
their own with ``narrow_screen_rules``. Only app-made CSS goes through ``st.html``, never learner text.
"""

from __future__ import annotations

import streamlit as st

NARROW_SCREEN = "@media (max-width: 640px)"  # Streamlit's own breakpoint for stacking columns
TOOLBAR_HIDDEN = ".js-plotly-plot .modebar-container { display: none !important; }"
TABLE_TOOLBAR_BAND = "[data-testid=stElementContainer]:has([data-testid=stDataFrame]) { margin-top: 2.25rem; }"
PAGE_RULES = TOOLBAR_HIDDEN + " " + TABLE_TOOLBAR_BAND


def narrow_screen_rules(rules: str = PAGE_RULES) -> None:
    """Apply the CSS ``rules`` on narrow screens only (the page-wide rules by default)."""
    st.html(f"<style>{NARROW_SCREEN} {{ {rules} }}</style>")
