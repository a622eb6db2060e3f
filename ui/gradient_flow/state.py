"""Session state of the gradient-flow page (keys ``grad.``): the learner's progress for the home page."""

from __future__ import annotations

import streamlit as st

from ui.gradient_flow.keys import GradientFlowKeys


def record_check(drop: str, dtype: str, caught: bool) -> None:
    """Remember what the learner has seen the gradient check do."""
    if caught and drop != "none":
        st.session_state[GradientFlowKeys.CAUGHT] = sorted(
            set(st.session_state.get(GradientFlowKeys.CAUGHT, [])) | {drop}
        )
    if dtype == "float32":
        st.session_state[GradientFlowKeys.FLOAT32_SEEN] = True


def progress_line() -> str | None:
    """One Markdown line for the home page, None before the learner has broken a backward pass or tried float32."""
    caught = st.session_state.get(GradientFlowKeys.CAUGHT, [])
    float32 = st.session_state.get(GradientFlowKeys.FLOAT32_SEEN, False)
    if not caught and not float32:
        return None
    parts = []
    if caught:
        parts.append(f"caught {len(caught)} of 2 broken backward passes with the gradient check")
    if float32:
        parts.append("saw why gradient checks run in float64")
    return "🔁 **Gradient Flow**: " + "; ".join(parts) + "."
