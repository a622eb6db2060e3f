"""The Gradient Flow page's one committed prediction (ui.gradient_flow.question): asked before the learner breaks
the backward pass, resolved by the first float64 gradient check of the pass without its mean path."""

from __future__ import annotations

import streamlit as st

from bncore.experiments.gradient_flow import GradientCheck
from ui.common.record import lab_predictions
from ui.common.record.ask import AskKeys, ask
from ui.gradient_flow.keys import GradientFlowKeys
from ui.gradient_flow.question import BROKEN, QUESTION, answer


def question_before_breaking() -> None:
    with st.container(border=True):
        ask(QUESTION, AskKeys.of(GradientFlowKeys.prediction, QUESTION.id))


def resolve_with(check: GradientCheck) -> None:
    """Resolve the prediction with this check if it is the one the question is about (float64, mean path dropped)."""
    committed = lab_predictions.prediction(QUESTION.id)
    if committed is None or committed.is_resolved or check.drop != BROKEN or check.dtype != "float64":
        return
    lab_predictions.resolve_choice(QUESTION.id, answer(check))
