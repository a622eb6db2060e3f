"""The Training Lab's question before Play (ui.training_lab.question): asked while nothing of the run has been
shown, committed with a confidence, and resolved from the run's History once the learner has watched it to the end."""

from __future__ import annotations

import streamlit as st

from bncore import TrainConfig
from ui.common.record import lab_predictions, storage
from ui.common.record.ask import AskKeys, ask
from ui.training_lab import run as lab_run
from ui.training_lab.keys import LabKeys
from ui.training_lab.question import answer, question_for


def watched_to_the_end(config: TrainConfig) -> bool:
    """The learner's run of ``config`` is over: every epoch (or everything up to a divergence) has been shown."""
    run = lab_run.current_run(config)
    if run is None or lab_run.is_playing():
        return False
    shown = lab_run.revealed(run)
    return shown >= config.epochs or (run.done and shown >= run.epochs_done())


def question_before_play(config: TrainConfig) -> None:
    """The question about the run about to be watched, or the committed prediction and, at the end, its result."""
    question = question_for(config)
    committed = lab_predictions.prediction(question.id)
    if committed is not None and not committed.is_resolved and watched_to_the_end(config):
        lab_predictions.resolve_choice(question.id, answer(question, lab_run.histories(config)))
        storage.save_now()  # resolved after the sidebar saved this run's record
    with st.container(border=True):
        if committed is None and lab_run.started(config):
            st.caption(
                "Predict first: press **↺ Reset**, and a question about these settings appears before you press Play."
            )
            return
        ask(question, AskKeys.of(LabKeys.prediction, question.id), intro="**Before you press Play:**")
