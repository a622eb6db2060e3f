"""The learner's progress across pages, summarised for the home page. Each page that records progress in session
state contributes one line here, read from its own state keys; a page with nothing recorded contributes nothing."""

from __future__ import annotations

from ui.common.record import lab_predictions
from ui.exercises import state as exercise_state
from ui.family import state as family_state
from ui.gradient_flow import state as gradflow_state
from ui.practice import state as practice_state
from ui.quiz import state as quiz_state

PROGRESS_SOURCES = (
    gradflow_state.progress_line,
    family_state.progress_line,
    practice_state.progress_line,
    quiz_state.progress_line,
    exercise_state.progress_line,
    lab_predictions.progress_line,
)


def progress_lines() -> list[str]:
    """One Markdown line per page with recorded progress this session."""
    return [line for line in (source() for source in PROGRESS_SOURCES) if line]
