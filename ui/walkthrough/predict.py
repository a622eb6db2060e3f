"""Predict first in the walkthrough's step panel: before steps 1-4 show their number, the learner types a guess and a
confidence (or skips it); then the step shows how close it was (ui.walkthrough.guess). Each guess is a lab
prediction of the learner record, so it counts in the calibration summary.

While a guess is open, the rest of the page hides that step's number and every later one (``first_hidden``). The
step panel is an st.fragment, whose reruns do not redraw the page around it: ``hide_on_page`` remembers what the page
was drawn hiding, and ``redraw_page_if_changed`` reruns the whole page when the panel changed that (a guess checked
or skipped, a step moved, predict-first switched). ``keep_record`` writes the record (and the step reached) from
inside the fragment."""

from __future__ import annotations

import streamlit as st

from quizzes.practice_calibration import CONFIDENCE
from ui.common.record import lab_predictions, storage
from ui.common.record.ask import confidence_picker
from ui.common.record.session import note_place
from ui.common.state import expertise_level, keep, kept_value
from ui.walkthrough.compute import WalkthroughNumbers
from ui.walkthrough.guess import PAGE, QUANTITIES, guess_id, hidden_from, question, true_value, verdict
from ui.walkthrough.keys import WalkthroughKeys

HIDDEN_NOTE = (
    "🔒 **?** hides a number you have not guessed yet (this step's, or a coming step's that would give it away): "
    "each appears once you check or skip its guess in the step panel above."
)


def _on_by_default() -> bool:
    return expertise_level() == "Beginner"


def predict_first_on() -> bool:
    return st.toggle(
        "Predict first",
        **keep(WalkthroughKeys.PREDICT_FIRST, _on_by_default()),
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


def _skip(pid: str) -> None:
    st.session_state[WalkthroughKeys.SKIPPED] = {*st.session_state.get(WalkthroughKeys.SKIPPED, ()), pid}


def _is_open(step: int, numbers: WalkthroughNumbers, feature: int) -> bool:
    pid = guess_id(step, numbers, feature)
    return lab_predictions.prediction(pid) is None and pid not in st.session_state.get(WalkthroughKeys.SKIPPED, ())


def first_hidden(numbers: WalkthroughNumbers, feature: int, mode: str) -> int | None:
    """The first step whose number the page hides now (ui.walkthrough.guess.hidden_from), None when nothing is: in
    inference mode (the guesses are of the training-mode numbers) and with predict-first off."""
    if mode == "Inference" or not kept_value(WalkthroughKeys.PREDICT_FIRST, _on_by_default()):
        return None
    step = st.session_state.get(WalkthroughKeys.STEP, 0)
    return hidden_from(step, [s for s in QUANTITIES if _is_open(s, numbers, feature)])


def hide_on_page(numbers: WalkthroughNumbers, feature: int, mode: str) -> int | None:
    """``first_hidden``, remembered as what the page is drawn hiding (call it before the step panel)."""
    st.session_state[WalkthroughKeys.HIDDEN_FROM] = first_hidden(numbers, feature, mode)
    return st.session_state[WalkthroughKeys.HIDDEN_FROM]


def redraw_page_if_changed(numbers: WalkthroughNumbers, feature: int, mode: str) -> int | None:
    """From the step panel's fragment: rerun the whole page when it hides other numbers than it now should; else
    return ``first_hidden`` for the panel itself."""
    first = first_hidden(numbers, feature, mode)
    if first != st.session_state.get(WalkthroughKeys.HIDDEN_FROM):
        st.rerun()
    return first


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
    if pid in st.session_state.get(WalkthroughKeys.SKIPPED, ()):
        st.caption("You skipped the guess for this step.")
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
        check, skip = st.columns(2)
        check.button(
            "Check my guess",
            key=WalkthroughKeys.guess("check", pid),
            type="primary",
            disabled=typed is None or confidence is None,
            on_click=_check,
            args=(step, pid, truth, feature),
            help="Type a number and choose a confidence first." if typed is None or confidence is None else None,
            width="stretch",
        )
        skip.button(
            "Skip: show me",
            key=WalkthroughKeys.guess("skip", pid),
            on_click=_skip,
            args=(pid,),
            help="Show this step without a guess (nothing is recorded).",
            width="stretch",
        )
        st.caption("Until then, the numbers further down that would give it away are hidden (**?**).")
    return False


def keep_record() -> None:
    """From inside the step panel's fragment: remember the step reached and write the record."""
    note_place(PAGE)
    storage.save_now()
