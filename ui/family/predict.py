"""The Normalization Family page's one committed prediction (ui.family.question): asked before the batch-size
experiment runs (not once its result is on screen), resolved by that result."""

from __future__ import annotations

import streamlit as st

from bncore.experiments.batch_size import BatchSizeResult
from ui.common.record import lab_predictions
from ui.common.record.ask import AskKeys, ask
from ui.family.keys import FamilyKeys
from ui.family.question import QUESTION, answer


def question_before_run(result: BatchSizeResult | None) -> None:
    """The question while the experiment has not run, or the committed prediction (with its result once known)."""
    committed = lab_predictions.prediction(QUESTION.id)
    if committed is None and result is not None:
        return  # asked only before the result is known
    with st.container(border=True):
        ask(QUESTION, AskKeys.of(FamilyKeys.prediction, QUESTION.id))


def resolve_with(result: BatchSizeResult | None) -> None:
    """Resolve the committed prediction with the experiment's result, once there is one."""
    committed = lab_predictions.prediction(QUESTION.id)
    if committed is None or committed.is_resolved or result is None:
        return
    lab_predictions.resolve_choice(QUESTION.id, answer(result))
    st.rerun()  # redraw the prediction above the button with its result, and the sidebar's copy of the record
