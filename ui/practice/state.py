"""The learner's practice progress in st.session_state (non-widget keys, prefix ``practice.``), and the home page's
progress line.

    practice.predictions  {loop id: {"choice", "reasoning", "confidence"}}  committed, not yet revealed or revealed
    practice.hints        {loop id: number of hints shown}
    practice.revealed     {loop id: {"choice", "confidence", "outcome", "held", "hints", "revealed_at"}}  the first
                          reveal counts; with the committed prediction it is part of the learner record
    practice.rubric       {loop id: [bool, bool, bool]}  the self-check boxes ticked
    practice.tried        {loop id: value}  the last "try another setting" value run
    practice.current      the loop on screen

Values are replaced, never mutated in place, so Streamlit always sees the change.
"""

from __future__ import annotations

import streamlit as st

from quizzes.practice_calibration import Prediction, calibrate
from ui.common.record.fields import now_timestamp
from ui.practice.keys import PracticeKeys
from ui.practice.runs import practice_loops


def table(key: str) -> dict:
    """A per-loop record table (a copy; write it back with ``set_entry``)."""
    return dict(st.session_state.get(key, {}))


def set_entry(key: str, loop_id: str, value) -> None:
    st.session_state[key] = {**table(key), loop_id: value}


def drop_entry(key: str, loop_id: str) -> None:
    st.session_state[key] = {k: v for k, v in table(key).items() if k != loop_id}


def commit_prediction(loop_id: str) -> None:
    """Button callback: store the prediction widgets' values as the committed prediction."""
    choice = st.session_state.get(PracticeKeys.widget("choice", loop_id))
    confidence = st.session_state.get(PracticeKeys.widget("confidence", loop_id))
    if choice is None or confidence is None:
        return
    reasoning = st.session_state.get(PracticeKeys.widget("reasoning", loop_id)) or ""
    set_entry(
        PracticeKeys.PREDICTIONS, loop_id, {"choice": choice, "reasoning": reasoning, "confidence": int(confidence)}
    )


def withdraw_prediction(loop_id: str) -> None:
    """Button callback: unlock a committed (not yet revealed) prediction, keeping its values in the widgets."""
    prediction = table(PracticeKeys.PREDICTIONS).get(loop_id)
    if prediction is None or loop_id in table(PracticeKeys.REVEALED):
        return
    for name in ("choice", "reasoning", "confidence"):
        st.session_state[PracticeKeys.widget(name, loop_id)] = prediction[name]
    drop_entry(PracticeKeys.PREDICTIONS, loop_id)


def show_next_hint(loop_id: str) -> None:
    """Button callback: one more hint, up to three."""
    set_entry(PracticeKeys.HINTS, loop_id, min(table(PracticeKeys.HINTS).get(loop_id, 0) + 1, 3))


def record_reveal(loop_id: str, outcome: str) -> dict:
    """Record the first reveal of a loop (later reveals keep the first record) and return the record."""
    revealed = table(PracticeKeys.REVEALED)
    if loop_id not in revealed:
        prediction = table(PracticeKeys.PREDICTIONS)[loop_id]
        set_entry(
            PracticeKeys.REVEALED,
            loop_id,
            {
                "choice": prediction["choice"],
                "confidence": prediction["confidence"],
                "outcome": outcome,
                "held": prediction["choice"] == outcome,
                "hints": table(PracticeKeys.HINTS).get(loop_id, 0),
                "revealed_at": now_timestamp(),
            },
        )
    return table(PracticeKeys.REVEALED)[loop_id]


def keep_rubric(loop_id: str, index: int) -> None:
    """Checkbox callback: copy one self-check box into the non-widget rubric record."""
    ticks = list(table(PracticeKeys.RUBRIC).get(loop_id, [False, False, False]))
    ticks[index] = bool(st.session_state[PracticeKeys.widget(f"rubric{index}", loop_id)])
    set_entry(PracticeKeys.RUBRIC, loop_id, ticks)


def attempts() -> list[Prediction]:
    """Every revealed loop as a calibration attempt, in the order revealed."""
    return [Prediction(record["confidence"], record["held"]) for record in table(PracticeKeys.REVEALED).values()]


def summary_line(revealed: dict, total: int) -> str | None:
    """The home page's Markdown line for a revealed-loops table (None when no loop was revealed)."""
    if not revealed:
        return None
    calibration = calibrate([Prediction(r["confidence"], r["held"]) for r in revealed.values()])
    verdict = {
        "too_few": "calibration after 3 loops",
        "overconfident": "overconfident",
        "underconfident": "underconfident",
        "calibrated": "well calibrated",
    }[calibration.verdict]
    held = f"{calibration.held} prediction{'s' if calibration.held != 1 else ''} held"
    return (
        f"**Practice**: {len(revealed)} of {total} loops done, {held}; "
        f"confidence {calibration.stated:.0%} vs {calibration.hit_rate:.0%} held ({verdict})."
    )


def progress_line() -> str | None:
    """One Markdown line for the home page: loops done and calibration (None before the first reveal)."""
    return summary_line(table(PracticeKeys.REVEALED), len(practice_loops()))
