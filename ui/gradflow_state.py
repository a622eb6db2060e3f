"""Session state of the gradient-flow page (keys ``grad.``): starting the batch over, keeping selections in range,
and the learner's progress for the home page."""

from __future__ import annotations

import streamlit as st

BATCH_SIGNATURE = "grad.batch_signature"  # (m, d, seed) the editor's table was generated from
CAUGHT = "grad.caught"  # non-widget: the broken backward passes ("variance", "mean") the check has caught
FLOAT32_SEEN = "grad.float32_seen"  # non-widget: the learner ran the check in float32


def restart_batch_if_changed(signature: tuple[int, int, int]) -> None:
    """A new m, d or seed starts the editor over from a freshly generated batch (edits of the old one are dropped)."""
    if st.session_state.get(BATCH_SIGNATURE) != signature:
        for key in ("grad.table", "grad.last_valid"):
            st.session_state.pop(key, None)
        st.session_state[BATCH_SIGNATURE] = signature


def keep_in_range(key: str, size: int) -> None:
    """An index selection that no longer exists (the batch lost rows) goes back to the first one."""
    if st.session_state.get(key, 0) >= size:
        st.session_state[key] = 0


def record_check(drop: str, dtype: str, caught: bool) -> None:
    """Remember what the learner has seen the gradient check do."""
    if caught and drop != "none":
        st.session_state[CAUGHT] = sorted(set(st.session_state.get(CAUGHT, [])) | {drop})
    if dtype == "float32":
        st.session_state[FLOAT32_SEEN] = True


def progress_line() -> str | None:
    """One Markdown line for the home page, None before the learner has broken a backward pass or tried float32."""
    caught = st.session_state.get(CAUGHT, [])
    float32 = st.session_state.get(FLOAT32_SEEN, False)
    if not caught and not float32:
        return None
    parts = []
    if caught:
        parts.append(f"caught {len(caught)} of 2 broken backward passes with the gradient check")
    if float32:
        parts.append("saw why gradient checks run in float64")
    return "🔁 **Gradient Flow**: " + "; ".join(parts) + "."
