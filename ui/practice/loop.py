"""The parts of one predict-then-reveal loop on the Practice page, and the calibration summary.

Order on screen: prompt -> prediction (choice, optional reasoning, confidence 1-5, committed with a button) and the
three tiered hints -> Reveal (unavailable until a prediction is committed) -> chart, whether the prediction held,
explanation, self-check rubric -> "try another setting". The learner's reasoning is shown with st.text: it is data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from quizzes.practice import HINT_TIERS, PracticeLoop
from quizzes.practice_calibration import CONFIDENCE, calibrate, describe
from ui.common.record import lab_predictions, storage
from ui.practice import state
from ui.practice.figures import reveal_view
from ui.practice.keys import PracticeKeys
from ui.practice.runs import loop_result


def loops_done(loop_ids: list[str]) -> str:
    """Which loops are done (their answer shown), by number, in words (the picker's labels stay the same: a label that
    changed at a reveal made Streamlit lose the selection and jump back to loop 1)."""
    done = [str(number) for number, loop_id in enumerate(loop_ids, start=1) if answer_shown(loop_id)]
    if not done:
        return f"Done: none of the {len(loop_ids)} loops yet."
    return f"Done: {len(done)} of {len(loop_ids)} loops (loop{'s' if len(done) > 1 else ''} {', '.join(done)})."


def confidence_label(level: int) -> str:
    return f"{level} · {CONFIDENCE[level][0]}"


def reveal_requested(loop_id: str, keys: type = PracticeKeys) -> bool:
    """Whether this run is the one a click on the loop's Reveal button started, with a prediction committed and no
    reveal recorded yet. A button reads True in session state during the run its click starts, before the page draws
    it again, so what stands above it (the prediction, the hints) is drawn as revealed in that same run."""
    return (
        bool(st.session_state.get(keys.widget("reveal", loop_id)))
        and loop_id in state.table(keys.PREDICTIONS)
        and loop_id not in state.table(keys.REVEALED)
    )


def answer_shown(loop_id: str, keys: type = PracticeKeys) -> bool:
    """The loop is revealed, or is being revealed in this run: no more changing the prediction or asking for hints."""
    return loop_id in state.table(keys.REVEALED) or reveal_requested(loop_id, keys)


def prediction_step(loop: PracticeLoop, keys: type = PracticeKeys) -> None:
    """The prediction form, or the committed prediction with a way to change it before the reveal.

    ``loop`` is anything with a practice loop's ``id``, ``choices`` and ``choice_text``; ``keys`` names the records
    (another page passes its own keys class, see ui.practice.state)."""
    key = partial(keys.widget, loop_id=loop.id)
    prediction = state.table(keys.PREDICTIONS).get(loop.id)
    if prediction is not None:
        st.markdown(f"**Your prediction:** {loop.choice_text(prediction['choice'])}")
        st.caption(f"Confidence {confidence_label(prediction['confidence'])}")
        if prediction["reasoning"]:
            st.caption("Your reasoning")
            st.text(prediction["reasoning"])
        if not answer_shown(loop.id, keys):
            st.button(
                "Change my prediction", key=key("withdraw"), on_click=state.withdraw_prediction, args=(loop.id, keys)
            )
        return
    ids = [choice.id for choice in loop.choices]
    choice = st.radio("Your prediction", ids, index=None, format_func=loop.choice_text, key=key("choice"))
    st.text_area(
        "Your reasoning (optional)",
        key=key("reasoning"),
        max_chars=2000,
        height=90,
        placeholder="Why do you expect that? One or two sentences are enough.",
    )
    confidence = st.radio(
        "How confident are you?",
        list(CONFIDENCE),
        index=None,
        horizontal=True,
        format_func=confidence_label,
        key=key("confidence"),
    )
    missing = [name for name, value in (("a prediction", choice), ("a confidence", confidence)) if value is None]
    st.button(
        "Commit prediction",
        key=key("commit"),
        disabled=bool(missing),
        on_click=state.commit_prediction,
        args=(loop.id, keys),
        help=f"Choose {' and '.join(missing)} first." if missing else None,
    )


def hints(loop: PracticeLoop, keys: type = PracticeKeys) -> None:
    """The hints shown so far, in order, and a button for the next tier, none once the answer is revealed (``loop``:
    anything with ``id`` and ``hints``)."""
    shown = state.table(keys.HINTS).get(loop.id, 0)
    for tier, hint in zip(HINT_TIERS[:shown], loop.hints):
        st.info(f"**Hint · {tier}:** {hint}")
    if answer_shown(loop.id, keys):
        st.caption("The answer is revealed below, so no more hints are needed.")
    elif shown < len(HINT_TIERS):
        st.button(
            f"Show {HINT_TIERS[shown]}",
            key=keys.widget("hint", loop.id),
            on_click=state.show_next_hint,
            args=(loop.id, keys),
        )
    else:
        st.caption("That was the last hint.")


def reveal_button(loop_id: str, measure: Callable[[], str], keys: type = PracticeKeys) -> bool:
    """The Reveal button, disabled until a prediction is committed. True once the loop has been revealed, which its
    click does in the run it starts: ``measure`` (running the experiment, returning its outcome) runs in place of the
    button, and the reveal is recorded and saved."""
    if loop_id in state.table(keys.REVEALED):
        return True
    if reveal_requested(loop_id, keys):
        state.record_reveal(loop_id, measure(), keys)
        storage.save_now()  # recorded after the sidebar saved this run's record
        return True
    committed = loop_id in state.table(keys.PREDICTIONS)
    st.button(
        "Reveal: run the experiment",
        key=keys.widget("reveal", loop_id),
        type="primary",
        disabled=not committed,
        help=None if committed else "Commit a prediction (a choice and a confidence) to unlock this.",
    )
    if not committed:
        st.caption("Reveal unlocks once you commit a prediction.")
    return False


def show_result(result, key: str) -> None:
    """What an experiment measured in one sentence, its chart with a caption, and the measured numbers (``key`` tells
    two results on one page apart)."""
    view = reveal_view(result)
    st.markdown(f"**Measured.** {view.finding}")
    st.plotly_chart(view.figure, width="stretch", key=f"{key}.chart")
    st.caption(view.caption)
    st.dataframe(
        pd.DataFrame(view.measurements, columns=["Measured", "Value"]),
        hide_index=True,
        width="stretch",
        key=f"{key}.table",
    )


def revealed(loop: PracticeLoop) -> None:
    """The result of the loop's question, whether the prediction held, the explanation and the self-check."""
    record = state.table(PracticeKeys.REVEALED)[loop.id]
    shown = loop.choice_text(record["outcome"])
    if record["held"]:
        st.success(f"Your prediction held. The experiment shows: “{shown}”")
    else:
        st.warning(
            f"Your prediction did not hold. You predicted “{loop.choice_text(record['choice'])}”; "
            f"the experiment shows “{shown}”."
        )
    show_result(loop_result(loop.id), PracticeKeys.widget("result", loop.id))
    st.markdown(f"**Why.** {loop.explanation}")
    rubric(loop)


def rubric(loop: PracticeLoop) -> None:
    """Three self-check boxes against the learner's own reasoning."""
    st.markdown("**Check your reasoning.** Tick what your answer did:")
    reasoning = state.table(PracticeKeys.PREDICTIONS)[loop.id]["reasoning"]
    if not reasoning:
        st.caption("You wrote no reasoning; check the answer you would give now.")
    ticks = state.table(PracticeKeys.RUBRIC).get(loop.id, [False, False, False])
    for index, item in enumerate(loop.rubric):
        st.checkbox(
            item,
            value=ticks[index],
            key=PracticeKeys.widget(f"rubric{index}", loop.id),
            on_change=state.keep_rubric,
            args=(loop.id, index),
        )
    st.caption(rubric_feedback(loop.rubric, ticks))


def rubric_feedback(items: tuple[str, ...] | list[str], ticks: list[bool]) -> str:
    """One sentence answering the self-check: how many parts the answer had and the names of the missing ones."""
    missing = [f"“{item.split(':', 1)[0]}”" for item, ticked in zip(items, ticks) if not ticked]
    if not missing:
        return f"All {len(items)} ticked: a complete answer."
    if len(missing) == len(items):
        return "Nothing ticked yet: each box is one part of a complete answer. Read the explanation, then tick."
    return (
        f"{len(items) - len(missing)} of {len(items)} ticked. Still missing: {' and '.join(missing)}; "
        "the explanation above has it."
    )


def try_another(loop: PracticeLoop) -> None:
    """Perturb the loop's one parameter and re-run; the learner's record is not changed by this."""
    vary = loop.vary
    st.subheader("Try another setting")
    tried = state.table(PracticeKeys.TRIED).get(loop.id)
    default = loop.default_value()
    column, _ = st.columns([1, 2])
    value = column.selectbox(
        vary.label,
        vary.values,
        index=vary.values.index(tried if tried is not None else default),
        format_func=lambda v: vary.label_of(v) + (" (the question's setting)" if v == default else ""),
        key=PracticeKeys.widget("vary", loop.id),
    )
    if column.button("Run with this setting", key=PracticeKeys.widget("vary_run", loop.id)):
        state.set_entry(PracticeKeys.TRIED, loop.id, value)
        tried = value
    if tried is None:
        st.caption("Pick a value and run the experiment again to see whether the effect survives.")
        return
    result = loop_result(loop.id, tried)
    st.markdown(
        f"With **{vary.label.lower()} = {vary.label_of(tried)}**, the experiment shows: "
        f"“{loop.choice_text(result.outcome)}”"
    )
    show_result(result, PracticeKeys.widget("tried_result", loop.id))


def calibration_summary(total: int) -> None:
    """Loops done and calibration (confidence vs correctness) over every revealed loop and every resolved prediction
    of the lab pages."""
    loops = len(state.table(PracticeKeys.REVEALED))
    lab = lab_predictions.calibration_attempts()
    calibration = calibrate(state.attempts() + lab)
    if calibration is None:
        st.caption(
            "Reveal your first loop (or commit a prediction on a lab page) to start this summary: loops done, and "
            "how well your confidence matches how often your predictions hold."
        )
        return
    done, held, confident = st.columns(3)
    done.metric("Loops done", f"{loops} of {total}")
    held.metric(
        "Predictions that held", f"{calibration.held} of {calibration.predictions} ({calibration.hit_rate:.0%})"
    )
    confident.metric(
        "Mean confidence",
        f"{calibration.stated:.0%}",
        help="Confidence 1-5 stands for 25%, 40%, 60%, 80% and 95% chance of being right.",
    )
    st.markdown(describe(calibration))
    why = sum(len(record) for record in state.other_predictions())
    st.caption(
        f"Counted: {loops} practice loop{'s' if loops != 1 else ''}, {why} section{'s' if why != 1 else ''} of the "
        f"Why It Works page and {len(lab)} prediction{'s' if len(lab) != 1 else ''} from the lab pages (walkthrough "
        "guesses, the Training Lab, Gradient Flow and Normalization Family): every prediction you commit to, on any "
        "page, tests your calibration."
    )
    rows = [
        (f"{row.level} · {row.label}", f"{row.stated:.0%}", row.predictions, f"{row.held / row.predictions:.0%}")
        for row in calibration.levels
    ]
    st.dataframe(pd.DataFrame(rows, columns=["Confidence", "Stands for", "Predictions", "Held"]), hide_index=True)
    st.caption(
        f"Brier score {calibration.brier:.2f} (0 is perfect; always answering 'guessing' on four choices "
        "scores about 0.19)."
    )
