"""The learner's progress across pages, summarised for the home page. Each page that records progress in session
state contributes one line here, read from its own state keys; a page with nothing recorded contributes nothing."""

from __future__ import annotations


def progress_lines() -> list[str]:
    """One Markdown line per page with recorded progress this session."""
    return []
