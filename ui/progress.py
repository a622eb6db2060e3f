"""The learner's progress across pages, summarised for the home page. Each page that records progress in session
state contributes one line here, read from its own state keys; a page with nothing recorded contributes nothing."""

from __future__ import annotations

from ui import family_state, gradflow_state, practice_state, quiz_state

PROGRESS_SOURCES = (
    gradflow_state.progress_line,
    family_state.progress_line,
    practice_state.progress_line,
    quiz_state.progress_line,
)


def progress_lines() -> list[str]:
    """One Markdown line per page with recorded progress this session."""
    return [line for line in (source() for source in PROGRESS_SOURCES) if line]
