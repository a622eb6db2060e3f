"""What changes on a narrow screen (a phone: at most 640 px, where Streamlit stacks columns), as CSS.

On every page Plotly's toolbar is hidden there: it appears over the top of a chart when the chart is touched and
covers its title (pinching still zooms, and Streamlit's full-screen button stays). Pages add rules of their own with
``narrow_screen_rules``. Only app-made CSS goes through ``st.html``, never learner text.
"""

from __future__ import annotations

import streamlit as st

NARROW_SCREEN = "@media (max-width: 640px)"  # Streamlit's own breakpoint for stacking columns
TOOLBAR_HIDDEN = ".js-plotly-plot .modebar-container { display: none !important; }"


def narrow_screen_rules(rules: str = TOOLBAR_HIDDEN) -> None:
    """Apply the CSS ``rules`` on narrow screens only (the page-wide rules by default)."""
    st.html(f"<style>{NARROW_SCREEN} {{ {rules} }}</style>")
