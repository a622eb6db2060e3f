"""Session state of the normalization-family page (``FamilyKeys``): the group count with its last valid value
and the learner's progress for the home page."""

from __future__ import annotations

import streamlit as st

from bncore.norm.checks import check_groups
from ui.family.keys import FamilyKeys


def fallback_groups(channels: int, requested: int, last_valid: int | None) -> int:
    """The group count to use when ``requested`` does not divide ``channels``: the last valid one if it still divides
    them, else the largest divisor of ``channels`` below ``requested``."""
    if last_valid is not None and channels % last_valid == 0:
        return last_valid
    return max(g for g in range(1, min(requested, channels) + 1) if channels % g == 0)


def resolve_groups(channels: int, requested: int) -> tuple[int, str | None]:
    """(groups to use, the problem in one sentence or None); remembers the last valid count."""
    try:
        st.session_state[FamilyKeys.LAST_GROUPS] = check_groups(channels, requested)
        return requested, None
    except ValueError as error:
        groups = fallback_groups(channels, requested, st.session_state.get(FamilyKeys.LAST_GROUPS))
        return groups, f"{error}, so GroupNorm keeps G = {groups}. Pick a divisor of {channels}."


def record_seen(normalization: str) -> None:
    st.session_state[FamilyKeys.SEEN] = sorted(set(st.session_state.get(FamilyKeys.SEEN, [])) | {normalization})


def progress_line() -> str | None:
    """One Markdown line for the home page, None before the learner has explored anything here."""
    seen = st.session_state.get(FamilyKeys.SEEN, [])
    ran = FamilyKeys.EXPERIMENT in st.session_state
    if len(seen) <= 1 and not ran:  # the page opens on BatchNorm: that alone is not progress
        return None
    parts = [f"explored {len(seen)} of 5 normalizations"]
    if ran:
        parts.append("ran the batch-size experiment")
    return "🧊 **Normalization Family**: " + "; ".join(parts) + "."
