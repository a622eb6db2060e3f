"""Session state of the normalization-family page (keys ``family.``): the group count with its last valid value
and the learner's progress for the home page."""

from __future__ import annotations

import streamlit as st

LAST_GROUPS_KEY = "family.last_groups"  # non-widget: the last group count that divided the channels
SEEN_KEY = "family.seen"  # non-widget: the normalizations the learner has looked at
EXPERIMENT_KEY = "family.experiment"  # non-widget: the last SensitivityResult


def fallback_groups(channels: int, requested: int, last_valid: int | None) -> int:
    """The group count to use when ``requested`` does not divide ``channels``: the last valid one if it still divides
    them, else the largest divisor of ``channels`` below ``requested``."""
    if last_valid is not None and channels % last_valid == 0:
        return last_valid
    return max(g for g in range(1, min(requested, channels) + 1) if channels % g == 0)


def resolve_groups(channels: int, requested: int) -> tuple[int, str | None]:
    """(groups to use, the problem in one sentence or None); remembers the last valid count."""
    if channels % requested == 0:
        st.session_state[LAST_GROUPS_KEY] = requested
        return requested, None
    groups = fallback_groups(channels, requested, st.session_state.get(LAST_GROUPS_KEY))
    return groups, (
        f"{requested} groups cannot split {channels} channels into equal groups ({channels} / {requested} "
        f"is not a whole number), so GroupNorm keeps G = {groups}. Pick a divisor of {channels}."
    )


def record_seen(normalization: str) -> None:
    st.session_state[SEEN_KEY] = sorted(set(st.session_state.get(SEEN_KEY, [])) | {normalization})


def progress_line() -> str | None:
    """One Markdown line for the home page, None before the learner has explored anything here."""
    seen = st.session_state.get(SEEN_KEY, [])
    ran = EXPERIMENT_KEY in st.session_state
    if len(seen) <= 1 and not ran:  # the page opens on BatchNorm: that alone is not progress
        return None
    parts = [f"explored {len(seen)} of 5 normalizations"]
    if ran:
        parts.append("ran the batch-size experiment")
    return "🧊 **Normalization Family**: " + "; ".join(parts) + "."
