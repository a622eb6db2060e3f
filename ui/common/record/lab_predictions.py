"""The lab pages' committed predictions in this session (``app.record.predictions``, part of the learner record):
commit one before a result is shown, resolve it once the result is known, and read them for the calibration
summary. A prediction, once committed, is not changed by committing again; once resolved, it stays resolved."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from quizzes.practice_calibration import Prediction
from ui.common.keys import RecordKeys
from ui.common.record.entries import MAX_GUESS, MAX_QUESTION
from ui.common.record.fields import now_timestamp
from ui.common.record.model import LabPrediction


def all_predictions() -> dict[str, LabPrediction]:
    return dict(st.session_state.get(RecordKeys.PREDICTIONS, {}))


def prediction(prediction_id: str) -> LabPrediction | None:
    return all_predictions().get(prediction_id)


def commit(prediction_id: str, page: str, question: str, guess: str, confidence: int) -> LabPrediction:
    """Commit a prediction (the first commit for an id counts); returns the one on record."""
    existing = prediction(prediction_id)
    if existing is not None:
        return existing
    new = LabPrediction(prediction_id, page, question[:MAX_QUESTION], guess[:MAX_GUESS], confidence, now_timestamp())
    st.session_state[RecordKeys.PREDICTIONS] = {**all_predictions(), prediction_id: new}
    return new


def resolve(prediction_id: str, answer: str, held: bool) -> LabPrediction | None:
    """Record the actual result of a committed prediction (once); returns it, or None if none was committed."""
    existing = prediction(prediction_id)
    if existing is None or existing.is_resolved:
        return existing
    resolved = replace(existing, answer=answer[:MAX_GUESS] or "-", held=bool(held), resolved=now_timestamp())
    st.session_state[RecordKeys.PREDICTIONS] = {**all_predictions(), prediction_id: resolved}
    return resolved


def resolve_choice(prediction_id: str, answer: str) -> LabPrediction | None:
    """Resolve a choice question: it held when the choice committed is the right one."""
    existing = prediction(prediction_id)
    if existing is None:
        return None
    return resolve(prediction_id, answer, existing.guess == answer)


def calibration_attempts() -> list[Prediction]:
    """Every resolved lab prediction as a calibration attempt, oldest first."""
    resolved = sorted((p for p in all_predictions().values() if p.is_resolved), key=lambda p: (p.resolved, p.id))
    return [Prediction(p.confidence, bool(p.held)) for p in resolved]


def progress_line() -> str | None:
    """One Markdown line for the home page: predictions committed on the lab pages and how many held."""
    made = all_predictions().values()
    if not made:
        return None
    resolved = [p for p in made if p.is_resolved]
    held = sum(bool(p.held) for p in resolved)
    waiting = len(made) - len(resolved)
    pending = f", {waiting} waiting for their result" if waiting else ""
    return f"🔮 **Lab predictions**: {len(resolved)} resolved, {held} held{pending}."
