"""Learner text quoted back in a message: as inline code, so Markdown never renders it (no links, no emphasis)."""

from __future__ import annotations

MAX_QUOTED = 24  # characters of a rejected value quoted back in a message


def inline_code(raw: str, limit: int = MAX_QUOTED) -> str:
    """``raw`` cut to ``limit`` characters (with …) as a Markdown code span; backticks and line breaks cannot end it."""
    text = raw[:limit] + ("…" if len(raw) > limit else "")
    return "`" + text.replace("`", "'").replace("\n", " ").replace("\r", " ") + "`"
