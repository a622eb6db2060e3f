"""Predict, then reveal: the opening of every section, with the practice loops' mechanics (ui.practice.loop) on this
page's own records (``WhyKeys``), which the calibration summary counts (ui.practice.state.OTHER_PREDICTIONS)."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from quizzes.practice_calibration import calibrate, describe
from ui.practice import loop as practice_loop
from ui.practice import state
from ui.why.cache import run_section
from ui.why.keys import WhyKeys
from ui.why.predictions import PREDICTIONS
from ui.why.settings import WhySettings


def prediction(section: str, settings: WhySettings) -> bool:
    """The section's question, the prediction form and hints, and the Reveal button. True once revealed."""
    question = PREDICTIONS[section]
    with st.container(border=True):
        st.markdown(f"**Predict first.** {question.prompt}")
        predict, help_column = st.columns([3, 2], gap="large")
        with predict:
            practice_loop.prediction_step(question, WhyKeys)
        with help_column:
            st.markdown("**Stuck? Hints, one tier at a time**")
            practice_loop.hints(question, WhyKeys)
        if practice_loop.reveal_button(section, lambda: run_section(section, settings).outcome, WhyKeys):
            verdict(section)
            st.caption("Recorded at your first reveal; the measurements below follow your current settings.")
            return True
        return False


def verdict(section: str) -> None:
    """Whether the first reveal's measurement matched the prediction."""
    record = state.table(WhyKeys.REVEALED)[section]
    question = PREDICTIONS[section]
    shown = question.choice_text(record["outcome"])
    if record["held"]:
        st.success(f"Your prediction held. The measurement shows: “{shown}”")
    else:
        st.warning(
            f"Your prediction did not hold. You predicted “{question.choice_text(record['choice'])}”; "
            f"the measurement showed “{shown}”."
        )


def page_summary(slot: DeltaGenerator) -> None:
    """How this page's predictions went, and where they are counted, drawn into ``slot`` (an st.empty, whose content
    this replaces). Every section's fragment draws it, from outside the fragment, so it holds no widget."""
    records = state.table(WhyKeys.REVEALED)
    with slot.container():
        if not records:
            st.caption("Your predictions on this page will be summarised here and counted in your calibration.")
            return
        calibration = calibrate([state.as_attempt(record) for record in records.values()])
        st.markdown(f"**{len(records)} of {len(PREDICTIONS)} sections revealed.** {describe(calibration)}")
        st.caption(
            "These predictions count in your calibration summary on the Practice page, with the practice loops'."
        )
