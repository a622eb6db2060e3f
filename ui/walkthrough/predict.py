"""Predict first in the walkthrough's step panel: before steps 1-4 show their number, the learner types a guess and a
confidence; then the step shows how close it was (ui.walkthrough.guess). Each guess is a lab prediction of the
learner record, so it counts in the calibration summary. The panel is an st.fragment: ``keep_record`` writes the
record (and the step reached) from inside it."""

from __future__ import annotations

import streamlit as st

from quizzes.practice_calibration import CONFIDENCE
from ui.common.record import lab_predictions, storage
from ui.common.record.ask import confidence_picker
from ui.common.record.session import note_place
from ui.common.state import expertise_level, keep
from ui.walkthrough.compute import WalkthroughNumbers
from ui.walkthrough.guess import PAGE, QUANTITIES, guess_id, question, true_value, verdict
from ui.walkthrough.keys import WalkthroughKeys


def predict_first_on() -> bool:
    return st.toggle(
        "Predict first",
        **keep(WalkthroughKeys.PREDICT_FIRST, expertise_level() == "Beginner"),
        help="Before a step shows its number, guess it; the step then shows how close you were. On by default for "
        "beginners. Your guesses count in the calibration summary on the Practice page.",
    )


def _check(step: int, pid: str, truth: float, feature: int) -> None:
    guess = st.session_state.get(WalkthroughKeys.guess("value", pid))
    confidence = st.session_state.get(WalkthroughKeys.guess("confidence", pid))
    if guess is None or confidence not in CONFIDENCE:
        return
    held, _ = verdict(step, float(guess), truth)
    lab_predictions.commit(pid, PAGE, question(step, feature), f"{float(guess):.6g}", int(confidence))
    lab_predictions.resolve(pid, f"{truth:.6g}", held)


def _feedback(step: int, guess: str, truth: float) -> None:
    try:
        guessed = float(guess)
    except ValueError:  # a record from elsewhere: its text is never shown
        st.caption("You guessed this one before.")
        return
    held, sentence = verdict(step, guessed, truth)
    (st.success if held else st.warning)(sentence, icon="🎯")


def gate(step: int, numbers: WalkthroughNumbers, feature: int) -> bool:
    """Whether the step's result may be shown: yes unless predict-first is on and this step's guess is still open,
    in which case the guess form is drawn instead."""
    if not predict_first_on() or step not in QUANTITIES:
        return True
    pid, truth = guess_id(step, numbers, feature), true_value(step, numbers, feature)
    made = lab_predictions.prediction(pid)
    if made is not None:
        _feedback(step, made.guess, truth)
        return True
    with st.container(border=True):
        st.markdown(f"**Predict first.** {question(step, feature)} Work it out from the table on the left.")
        st.number_input(
            f"Your guess for {QUANTITIES[step].symbol}",
            value=None,
            step=0.01,
            format="%.3f",
            key=WalkthroughKeys.guess("value", pid),
        )
        confidence = confidence_picker(WalkthroughKeys.guess("confidence", pid))
        typed = st.session_state.get(WalkthroughKeys.guess("value", pid))
        st.button(
            "Check my guess",
            key=WalkthroughKeys.guess("check", pid),
            type="primary",
            disabled=typed is None or confidence is None,
            on_click=_check,
            args=(step, pid, truth, feature),
            help="Type a number and choose a confidence first." if typed is None or confidence is None else None,
        )
        st.caption("The tables further down give the answer away: guess before you scroll.")
    return False


def keep_record() -> None:
    """From inside the step panel's fragment: remember the step reached and write the record."""
    note_place(PAGE)
    storage.save_now()
