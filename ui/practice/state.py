"""The learner's practice progress in st.session_state (non-widget keys, prefix ``practice.``), and the home page's
progress line.

    practice.predictions  {loop id: {"choice", "reasoning", "confidence"}}  committed, not yet revealed or revealed
    practice.hints        {loop id: number of hints shown}
    practice.revealed     {loop id: {"choice", "confidence", "outcome", "held", "hints", "revealed_at"}}  the first
                          reveal counts; with the committed prediction it is part of the learner record
    practice.rubric       {loop id: [bool, bool, bool]}  the self-check boxes ticked
    practice.tried        {loop id: value}  the last "try another setting" value run
    practice.current      the loop on screen

The mechanics (commit, withdraw, hints, reveal) take a keys class, ``PracticeKeys`` by default; the "Why does it
work?" page runs them on its own records (``WhyKeys``), which the calibration counts too (``OTHER_PREDICTIONS``).

Values are replaced, never mutated in place, so Streamlit always sees the change.
"""

from __future__ import annotations

import streamlit as st

from quizzes.practice_calibration import Prediction, calibrate
from ui.common.record.fields import now_timestamp
from ui.practice.keys import PracticeKeys
from ui.practice.runs import practice_loops
from ui.why.keys import WhyKeys

# The revealed predictions of other pages, counted in the calibration with the practice loops': the "Why does it
# work?" page's sections (same record shape; the loop mechanics below take the page's keys class).
OTHER_PREDICTIONS = (WhyKeys.REVEALED,)


def table(key: str) -> dict:
    """A per-loop record table (a copy; write it back with ``set_entry``)."""
    return dict(st.session_state.get(key, {}))


def set_entry(key: str, loop_id: str, value) -> None:
    st.session_state[key] = {**table(key), loop_id: value}


def drop_entry(key: str, loop_id: str) -> None:
    st.session_state[key] = {k: v for k, v in table(key).items() if k != loop_id}


def commit_prediction(loop_id: str, keys: type = PracticeKeys) -> None:
    """Button callback: store the prediction widgets' values as the committed prediction."""
    choice = st.session_state.get(keys.widget("choice", loop_id))
    confidence = st.session_state.get(keys.widget("confidence", loop_id))
    if choice is None or confidence is None:
        return
    reasoning = st.session_state.get(keys.widget("reasoning", loop_id)) or ""
    set_entry(keys.PREDICTIONS, loop_id, {"choice": choice, "reasoning": reasoning, "confidence": int(confidence)})


def withdraw_prediction(loop_id: str, keys: type = PracticeKeys) -> None:
    """Button callback: unlock a committed (not yet revealed) prediction, keeping its values in the widgets."""
    prediction = table(keys.PREDICTIONS).get(loop_id)
    if prediction is None or loop_id in table(keys.REVEALED):
        return
    for name in ("choice", "reasoning", "confidence"):
        st.session_state[keys.widget(name, loop_id)] = prediction[name]
    drop_entry(keys.PREDICTIONS, loop_id)


def show_next_hint(loop_id: str, keys: type = PracticeKeys) -> None:
    """Button callback: one more hint, up to three."""
    set_entry(keys.HINTS, loop_id, min(table(keys.HINTS).get(loop_id, 0) + 1, 3))


def record_reveal(loop_id: str, outcome: str, keys: type = PracticeKeys) -> dict:
    """Record the first reveal of a loop (later reveals keep the first record) and return the record."""
    revealed = table(keys.REVEALED)
    if loop_id not in revealed:
        prediction = table(keys.PREDICTIONS)[loop_id]
        set_entry(
            keys.REVEALED,
            loop_id,
            {
                "choice": prediction["choice"],
                "confidence": prediction["confidence"],
                "outcome": outcome,
                "held": prediction["choice"] == outcome,
                "hints": table(keys.HINTS).get(loop_id, 0),
                "revealed_at": now_timestamp(),
            },
        )
    return table(keys.REVEALED)[loop_id]


def keep_rubric(loop_id: str, index: int) -> None:
    """Checkbox callback: copy one self-check box into the non-widget rubric record."""
    ticks = list(table(PracticeKeys.RUBRIC).get(loop_id, [False, False, False]))
    ticks[index] = bool(st.session_state[PracticeKeys.widget(f"rubric{index}", loop_id)])
    set_entry(PracticeKeys.RUBRIC, loop_id, ticks)


def attempts() -> list[Prediction]:
    """Every revealed prediction as a calibration attempt: the practice loops', then those of the other pages, each
    in the order revealed."""
    return [as_attempt(record) for key in (PracticeKeys.REVEALED, *OTHER_PREDICTIONS) for record in table(key).values()]


def as_attempt(record: dict) -> Prediction:
    return Prediction(record["confidence"], record["held"])


def other_predictions() -> tuple[dict, ...]:
    """The revealed-prediction records of the other pages (``OTHER_PREDICTIONS``)."""
    return tuple(table(key) for key in OTHER_PREDICTIONS)


def summary_line(revealed: dict, total: int, others: tuple[dict, ...] = ()) -> str | None:
    """The home page's Markdown line for a revealed-loops table and the revealed predictions of other pages (None
    when nothing was revealed)."""
    records = [*revealed.values(), *(record for other in others for record in other.values())]
    if not records:
        return None
    calibration = calibrate([as_attempt(r) for r in records])
    verdict = {
        "too_few": "calibration after 3 loops",
        "overconfident": "overconfident",
        "underconfident": "underconfident",
        "calibrated": "well calibrated",
    }[calibration.verdict]
    held = f"{calibration.held} prediction{'s' if calibration.held != 1 else ''} held"
    extra = len(records) - len(revealed)
    elsewhere = f" and {extra} prediction{'s' if extra != 1 else ''} on other pages" if extra else ""
    return (
        f"**Practice**: {len(revealed)} of {total} loops done{elsewhere}, {held}; "
        f"confidence {calibration.stated:.0%} vs {calibration.hit_rate:.0%} held ({verdict})."
    )


def progress_line() -> str | None:
    """One Markdown line for the home page: loops done and calibration (None before the first reveal)."""
    return summary_line(table(PracticeKeys.REVEALED), len(practice_loops()), other_predictions())
