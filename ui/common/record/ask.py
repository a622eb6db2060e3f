"""Asking for a committed prediction on a lab page: a question with choices and a confidence 1-5, a Commit button,
then the prediction as committed and, once resolved, whether it held. Used by the Training Lab, Gradient Flow and
Normalization Family pages (the walkthrough asks for numbers: ui.walkthrough.predict)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from quizzes.practice_calibration import CONFIDENCE
from ui.common.record import lab_predictions
from ui.common.record.model import ChoiceQuestion, LabPrediction
from ui.practice.loop import confidence_label


@dataclass(frozen=True)
class AskKeys:
    """The widget keys of one page's question (declared in that page's keys module)."""

    choice: str
    confidence: str
    commit: str

    @staticmethod
    def of(key, question_id: str) -> AskKeys:
        """The keys of one question from a page's key function ``key(name, question_id) -> str``."""
        return AskKeys(key("choice", question_id), key("confidence", question_id), key("commit", question_id))


def _commit(question: ChoiceQuestion, keys: AskKeys) -> None:
    choice, confidence = st.session_state.get(keys.choice), st.session_state.get(keys.confidence)
    if choice in question.choices and confidence in CONFIDENCE:
        lab_predictions.commit(question.id, question.page, question.text, choice, int(confidence))


def confidence_picker(key: str) -> int | None:
    return st.radio(
        "How confident are you?", list(CONFIDENCE), index=None, horizontal=True, format_func=confidence_label, key=key
    )


def ask(question: ChoiceQuestion, keys: AskKeys, *, intro: str = "**Predict first.**") -> LabPrediction | None:
    """The committed prediction for ``question``, after drawing it; or the form to commit one (then None)."""
    committed = lab_predictions.prediction(question.id)
    if committed is not None:
        show(committed, question)
        return committed
    st.markdown(f"{intro} {question.text}")
    choice = st.radio("Your prediction", question.choices, index=None, key=keys.choice)
    confidence = confidence_picker(keys.confidence)
    missing = [name for name, value in (("a prediction", choice), ("a confidence", confidence)) if value is None]
    st.button(
        "Commit prediction",
        key=keys.commit,
        disabled=bool(missing),
        on_click=_commit,
        args=(question, keys),
        help=f"Choose {' and '.join(missing)} first." if missing else None,
    )
    return None


def _known(text: str, question: ChoiceQuestion) -> str:
    """A choice of the question as the page words it; a record's text (which may come from an imported file) is never
    put into Markdown."""
    return f"“{text}”" if text in question.choices else "an answer this page no longer offers"


def show(prediction: LabPrediction, question: ChoiceQuestion) -> None:
    """A committed prediction: what it was, and whether it held once the result is known."""
    said = f"You predicted {_known(prediction.guess, question)} ({confidence_label(prediction.confidence)})."
    if not prediction.is_resolved:
        st.info(f"{said} The result will tell.", icon="🔮")
    elif prediction.held:
        st.success(f"{said} It held: the result is {_known(prediction.answer, question)}.", icon="🔮")
    else:
        st.warning(f"{said} It did not hold: the result is {_known(prediction.answer, question)}.", icon="🔮")
